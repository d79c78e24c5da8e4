// Fills `{name}` placeholders. Only names in the data are replaced unless a fallback is given, so
// literal braces in shell commands and JSON survive.

/** Replaces each `{key}` with `data[key]`; keys missing from the data go to `fallback`, if any. */
export function fillTemplate(
  template: string,
  data: Record<string, string | number>,
  fallback?: (key: string) => string,
): string {
  return template.replace(/\{([A-Za-z][A-Za-z0-9]*)\}/g, (whole, key: string) => {
    if (Object.hasOwn(data, key)) return String(data[key]);

    return fallback ? fallback(key) : whole;
  });
}

/** `vpcId` as `<vpc-id>`: how a command shows a value the reader must fill in themselves. */
export function userPlaceholder(key: string): string {
  return `<${key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}>`;
}

/** The placeholder names a template uses. */
export function placeholdersOf(template: string): string[] {
  return [...template.matchAll(/\{([A-Za-z][A-Za-z0-9]*)\}/g)].map((match) => match[1] as string);
}
