import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

import { PACKAGE_ROOT } from '../package-root.js';

/** Where the report's JSON Schema ships in the package. */
const SCHEMA_PATH = join(PACKAGE_ROOT, 'schema', 'report.schema.json');

let validator: (((data: unknown) => boolean) & { errors?: unknown }) | undefined;

/** Checks a value against the report schema; returns the problems, or none. */
export function reportProblems(data: unknown): string[] {
  validator ??= compileSchema();
  if (validator(data)) return [];

  const errors = (validator.errors ?? []) as Array<{ instancePath: string; message?: string }>;

  return errors.map((error) => `${error.instancePath || '/'} ${error.message ?? 'is invalid'}`);
}

function compileSchema() {
  const schema = JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as object;
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  (addFormats as unknown as (ajv: Ajv2020) => void)(ajv);

  return ajv.compile(schema);
}
