// Fills `{name}` placeholders. Only names present in the data are replaced, so literal braces in
// shell commands and JSON survive.

/** Replaces each `{key}` in `template` with `data[key]`. */
export function fillTemplate(template: string, data: Record<string, string | number>): string {
  return template.replace(/\{([A-Za-z][A-Za-z0-9]*)\}/g, (whole, key: string) =>
    Object.hasOwn(data, key) ? String(data[key]) : whole,
  );
}

/** The placeholder names a template uses. */
export function placeholdersOf(template: string): string[] {
  return [...template.matchAll(/\{([A-Za-z][A-Za-z0-9]*)\}/g)].map((match) => match[1] as string);
}
