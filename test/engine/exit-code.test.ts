import { describe, expect, it } from 'vitest';

import type { Status } from '../../src/engine/rule.js';
import { exitCodeFor, overallStatus } from '../../src/engine/exit-code.js';

const cases: Array<[string, Status[], boolean, number]> = [
  ['0 when everything passed', ['pass', 'pass'], false, 0],
  ['0 when only info and skip accompany passes', ['pass', 'info', 'skip'], false, 0],
  ['1 for a warning', ['pass', 'warn'], false, 1],
  ['2 for a warning with --strict', ['pass', 'warn'], true, 2],
  ['2 for a failure', ['warn', 'fail', 'unknown'], false, 2],
  ['3 when a check could not run and nothing failed', ['pass', 'warn', 'unknown'], false, 3],
  ['3 over a strict warning when a check could not run', ['warn', 'unknown'], true, 3],
  ['0 for no results', [], false, 0],
];

describe('the exit code', () => {
  it.each(cases)('is %s', (_name, statuses, strict, code) => {
    expect(exitCodeFor(overallStatus(statuses, strict))).toBe(code);
  });
});
