import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { reportProblems } from '../../src/report/validate.js';
import { runCli } from '../helpers/cli.js';

interface Expected {
  exitCode: number;
  statuses: Record<string, string>;
}

const SCENARIOS = new URL('../../fixtures/scenarios/', import.meta.url).pathname;
const names = readdirSync(SCENARIOS).filter(
  (name) => !name.startsWith('_') && statSync(join(SCENARIOS, name)).isDirectory(),
);
const dir = mkdtempSync(join(tmpdir(), 'tidb-pe-e2e-'));

describe.concurrent('doctor --simulate, run as a user would', () => {
  it.each(names)('%s gives the expected statuses and exit code', async (name) => {
    const expected = JSON.parse(
      readFileSync(join(SCENARIOS, name, 'expected.json'), 'utf8'),
    ) as Expected;
    const saved = join(dir, `${name}.json`);

    const run = await runCli(['doctor', '--simulate', name, '--format', 'json', '--output', saved]);
    const report = JSON.parse(run.stdout);
    const statuses = Object.fromEntries(
      report.results.map((r: { id: string; status: string }) => [r.id, r.status]),
    );

    expect(run.stderr).toBe('');
    expect(reportProblems(report)).toEqual([]);
    expect(statuses).toMatchObject(expected.statuses);
    expect(run.code).toBe(expected.exitCode);

    const replay = await runCli(['replay', saved, '--json']);

    expect(JSON.parse(replay.stdout).results).toEqual(report.results);
    expect(replay.code).toBe(expected.exitCode);
  });
});
