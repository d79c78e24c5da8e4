// A tiny XML writer for the simulated AWS answers: elements are nested arrays of strings, and
// every text goes through one escaping function, so no value can break the document.

/** A value an element can hold: text, a number, a boolean, child elements, or nothing. */
export type XmlContent = string | number | boolean | undefined | XmlNode[];

/** One element, already written. */
export type XmlNode = string;

/** Escapes the five characters that are special in XML text and attribute values. */
function escapeXml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** `<name>content</name>`; an undefined content writes nothing, an empty list `<name/>`. */
export function el(name: string, content: XmlContent): XmlNode {
  if (content === undefined) return '';
  if (Array.isArray(content)) {
    const inner = content.join('');

    return inner === '' ? `<${name}/>` : `<${name}>${inner}</${name}>`;
  }

  return `<${name}>${escapeXml(String(content))}</${name}>`;
}

/** An EC2-style list: a wrapper whose children are all `<item>`. */
export function items<T>(name: string, values: readonly T[], item: (value: T) => XmlContent) {
  return el(
    name,
    values.map((value) => el('item', item(value))),
  );
}

/** A document with a root element in a namespace, preceded by the XML declaration. */
export function xmlDocument(root: string, namespace: string | undefined, children: XmlNode[]) {
  const open = namespace ? `<${root} xmlns="${escapeXml(namespace)}">` : `<${root}>`;

  return `<?xml version="1.0" encoding="UTF-8"?>\n${open}${children.join('')}</${root}>`;
}
