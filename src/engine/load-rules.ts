import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import type { Rule } from './rule.js';
import { compareRuleIds } from './catalogue.js';

// Rules are found on disk rather than listed by hand, so that adding a rule file is enough and
// the id always matches the path. From src/engine (or dist/src/engine) the rules are ../../rules.
const RULES_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'rules');

/** Every rule file under `rules/<area>/`, as paths. */
export function listRuleFiles(dir = RULES_DIR): string[] {
  const areas = readdirSync(dir, { withFileTypes: true }).filter((entry) => entry.isDirectory());

  return areas.flatMap((area) =>
    readdirSync(join(dir, area.name))
      .filter((file) => /^[a-z0-9-]+\.(js|ts)$/.test(file) && !file.endsWith('.d.ts'))
      .map((file) => join(dir, area.name, file)),
  );
}

/** Loads every rule, in report order. */
export async function loadRules(dir = RULES_DIR): Promise<Rule[]> {
  const modules = await Promise.all(
    listRuleFiles(dir).map(
      (file) => import(pathToFileURL(file).href) as Promise<{ default: Rule }>,
    ),
  );

  return modules.map((module) => module.default).sort((a, b) => compareRuleIds(a.id, b.id));
}
