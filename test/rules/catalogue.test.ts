import { readFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';

import { describe, expect, it } from 'vitest';

import type { Rule } from '../../src/engine/rule.js';
import { RULE_ORDER } from '../../src/engine/catalogue.js';
import { listRuleFiles, loadRules } from '../../src/engine/load-rules.js';
import { docsUrl } from '../../src/engine/rule.js';
import { placeholdersOf } from '../../src/engine/template.js';
import { renderCatalogue } from '../../src/report/render-catalogue.js';

const files = listRuleFiles();
const rules = await loadRules();
const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;

function sourceOf(rule: Rule): string {
  const file = files.find((path) => path.endsWith(`/${rule.id.replace('.', '/')}.ts`));
  return readFileSync(file as string, 'utf8');
}

describe('the rule catalogue', () => {
  it('has one rule per file, with the id its path gives', () => {
    const fromPaths = files.map((file) => `${basename(dirname(file))}.${basename(file, '.ts')}`);

    expect(rules.map((rule) => rule.id).sort()).toEqual(fromPaths.sort());
  });

  it('lists every rule file in the report order, and nothing more', () => {
    expect(rules.map((rule) => rule.id)).toEqual(
      RULE_ORDER.filter((id) => rules.some((r) => r.id === id)),
    );
    expect(rules.every((rule) => RULE_ORDER.includes(rule.id))).toBe(true);
  });

  it('keeps docs/rules.md in step with the rules (run `npm run docs` when this fails)', () => {
    const onDisk = readFileSync(new URL('../../docs/rules.md', import.meta.url), 'utf8');

    expect(onDisk).toBe(renderCatalogue(rules));
  });
});

describe.each(rules.map((rule) => [rule.id, rule] as const))('rule %s', (_id, rule) => {
  it('links to its own entry in the docs', () => {
    expect(rule.docs).toBe(docsUrl(rule.id));
  });

  it('states the healthy condition in its title', () => {
    expect(rule.title.en).not.toMatch(/^(Check|Verify|Ensure|Validate|Test)\b/);
    expect(rule.title.en).not.toMatch(/[.?!]$/);
    expect(rule.title.en[0]).toBe(rule.title.en[0]?.toUpperCase());
  });

  // Message keys are camelCase and unquoted where declared, so a quoted key is a use.
  it('uses every message it declares', () => {
    const source = sourceOf(rule);
    const unused = Object.keys(rule.messages).filter(
      (key) => !new RegExp(`['"\`]${key}['"\`]`).test(source),
    );

    expect(unused).toEqual([]);
  });

  it('has Japanese text beside every English text', () => {
    const pairs = [
      rule.title,
      rule.description,
      rule.remediation.summary,
      ...Object.values(rule.messages),
    ];
    for (const pair of pairs) expect(pair.ja).toMatch(JAPANESE);

    const steps = rule.remediation.console;
    expect(steps?.ja.length ?? 0).toBe(steps?.en.length ?? 0);
  });

  it('uses the same placeholders in both languages', () => {
    for (const message of Object.values(rule.messages)) {
      expect(placeholdersOf(message.ja).sort()).toEqual(placeholdersOf(message.en).sort());
    }
  });
});
