// A few composable checks for JSON written by hand. Each reports every problem with its path, and
// objects refuse fields they do not know, so that a misspelt field is an error, not a default.

/** Checks one value at a path and adds what is wrong to `problems`. */
export type Check = (value: unknown, path: string, problems: string[]) => void;

/** A text. */
export const text: Check = (value, path, problems) => {
  if (typeof value !== 'string' || value === '') problems.push(`${path} must be a non-empty text`);
};

/** A whole number. */
export const integer: Check = (value, path, problems) => {
  if (!Number.isInteger(value)) problems.push(`${path} must be a whole number`);
};

/** `true` or `false`. */
export const flag: Check = (value, path, problems) => {
  if (typeof value !== 'boolean') problems.push(`${path} must be true or false`);
};

/** One of a few words. */
export function oneOf(words: readonly string[]): Check {
  return (value, path, problems) => {
    if (typeof value !== 'string' || !words.includes(value)) {
      problems.push(`${path} must be one of ${words.map((w) => `'${w}'`).join(', ')}`);
    }
  };
}

/** One of a few numbers. */
export function numberIn(values: readonly number[]): Check {
  return (value, path, problems) => {
    if (typeof value !== 'number' || !values.includes(value)) {
      problems.push(`${path} must be one of ${values.join(', ')}`);
    }
  };
}

/** A list whose every item passes `item`. */
export function listOf(item: Check): Check {
  return (value, path, problems) => {
    if (!Array.isArray(value)) {
      problems.push(`${path} must be a list`);
      return;
    }
    value.forEach((entry, index) => item(entry, `${path}[${index}]`, problems));
  };
}

/** An object used as a map: any keys, every value passes `item`. */
export function mapOf(item: Check): Check {
  return (value, path, problems) => {
    if (!isPlainObject(value)) {
      problems.push(`${path} must be an object`);
      return;
    }
    for (const [key, entry] of Object.entries(value)) item(entry, `${path}.${key}`, problems);
  };
}

/** Passes when any of `checks` passes; otherwise reports `what` was expected. */
export function anyOf(what: string, ...checks: Check[]): Check {
  return (value, path, problems) => {
    const passes = checks.some((check) => {
      const found: string[] = [];
      check(value, path, found);

      return found.length === 0;
    });
    if (!passes) problems.push(`${path} must be ${what}`);
  };
}

/** An object with these fields; names ending in `?` may be left out. */
export function objectOf(fields: Record<string, Check>): Check {
  const known = new Map(
    Object.entries(fields).map(([name, check]) => [name.replace(/\?$/, ''), check]),
  );
  const required = Object.keys(fields).filter((name) => !name.endsWith('?'));

  return (value, path, problems) => {
    if (!isPlainObject(value)) {
      problems.push(`${path} must be an object`);
      return;
    }
    for (const name of required) {
      if (!(name in value)) problems.push(`${path}.${name} is missing`);
    }
    for (const [name, entry] of Object.entries(value)) {
      const check = known.get(name);
      if (check) check(entry, `${path}.${name}`, problems);
      else problems.push(`${path}.${name} is not a known field`);
    }
  };
}

/** Whether a value is a JSON object (not an array, not null). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
