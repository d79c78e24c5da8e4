import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { EXAMPLE_SCENARIOS, runExample } from '../../scripts/generate-examples.mjs';

const read = (name: string) =>
  readFileSync(new URL(`../../docs/examples/${name}`, import.meta.url), 'utf8');

describe.concurrent('docs/examples (run `npm run examples` when this fails)', () => {
  it.each(EXAMPLE_SCENARIOS as string[])('holds the current output of %s', async (scenario) => {
    const [text, json] = await Promise.all([
      runExample(scenario, 'text'),
      runExample(scenario, 'json'),
    ]);

    expect(text).toBe(read(`${scenario}.txt`));
    expect(json).toBe(read(`${scenario}.json`));
  });
});
