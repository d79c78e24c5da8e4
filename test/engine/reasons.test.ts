import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import type { ReasonId } from '../../src/engine/reasons.js';
import { REASONS, localizeReason, reasonText } from '../../src/engine/reasons.js';
import { placeholdersOf } from '../../src/engine/template.js';

const ids = Object.keys(REASONS) as ReasonId[];
const SRC = new URL('../../src/', import.meta.url).pathname;
const sources = readdirSync(SRC, { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.ts'))
  .map((file) => ({ file, text: readFileSync(join(SRC, file), 'utf8') }));

// Values with the punctuation real ones carry, so that a placeholder cannot swallow the rest.
function sampleData(id: ReasonId): Record<string, string> {
  const names = placeholdersOf(REASONS[id].en);

  return Object.fromEntries(names.map((name) => [name, `v: ${name} (x) 'y'`]));
}

describe('the catalogue of reasons', () => {
  it.each(ids)('has the same placeholders in both languages for %s', (id) => {
    const { en, ja } = REASONS[id];

    expect(new Set(placeholdersOf(ja))).toEqual(new Set(placeholdersOf(en)));
  });

  it.each(ids)('finds %s again in a recorded sentence and writes it in Japanese', (id) => {
    const data = sampleData(id);
    const recorded = reasonText(id, data);
    let expected: string = REASONS[id].ja;
    for (const [name, value] of Object.entries(data))
      expected = expected.replaceAll(`{${name}}`, value);

    expect(localizeReason(recorded, 'ja')).toBe(expected);
    expect(localizeReason(recorded, 'en')).toBe(recorded);
  });

  it('writes a quoted reason in Japanese too', () => {
    const why = reasonText('imdsSilent', { base: 'http://169.254.169.254', seconds: 1 });
    const recorded = reasonText('noClientHost', { why });

    expect(localizeReason(recorded, 'ja')).toBe(
      REASONS.noClientHost.ja.replace('{why}', localizeReason(why, 'ja')),
    );
    expect(localizeReason(recorded, 'ja')).not.toMatch(/not running on EC2/);
  });

  it.each(ids)('has %s written by the code, so that no entry outlives its sentence', (id) => {
    const users = sources.filter(({ text }) => text.includes(`reasonText('${id}'`));

    expect(users.map(({ file }) => file)).not.toEqual([]);
  });

  it('is where every skip reason comes from, so that none is left in English only', () => {
    const literal = /skipped(<[^>]*>)?\([^,()]+,\s*['"`]/;
    const offenders = sources.filter(({ text }) => literal.test(text)).map(({ file }) => file);

    expect(offenders).toEqual([]);
  });

  it('leaves a sentence it does not know as it was recorded', () => {
    const recorded = "'ec2:DescribeVpcs' failed with 'InternalError': We encountered an error";

    expect(localizeReason(recorded, 'ja')).toBe(recorded);
  });

  it('does not take a sentence that only begins like a known one', () => {
    const recorded = `${REASONS.noUser.en}, and more`;

    expect(localizeReason(recorded, 'ja')).toBe(recorded);
  });
});
