import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { RULE_ORDER } from '../../src/engine/catalogue.js';
import { runCli } from '../helpers/cli.js';

const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
const SPEC_FLAGS = [
  'vpc-endpoint-id',
  'service-name',
  'host',
  'port',
  'region',
  'profile',
  'instance-id',
  'resolver',
  'user',
  'tls',
  'ca',
  'format',
  'json',
  'output',
  'timeout',
  'no-live',
  'live-only',
  'simulate',
  'lang',
  'strict',
  'tidb-cluster-id',
  'verbose',
  'quiet',
];

describe('the command line', () => {
  it('prints the package version with --version', async () => {
    const run = await runCli(['--version']);

    expect(run).toMatchObject({ code: 0, stdout: `${manifest.version}\n`, stderr: '' });
  });

  it('documents every doctor option of the spec in doctor --help', async () => {
    const run = await runCli(['doctor', '--help']);

    expect(run.code).toBe(0);
    for (const flag of SPEC_FLAGS) expect(run.stdout).toContain(`--${flag}`);
  });

  it.each([
    [['replay', '--help']],
    [['help', 'replay']],
    [['replay', 'a.json', 'b.json', '--help']],
  ])('shows the help of replay for %j, whatever the arguments', async (args) => {
    const run = await runCli(args);

    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(/^Usage: tidb-pe replay <report.json>/);
  });

  it('prints only the summary line of a replay with --quiet', async () => {
    const report = new URL('../../fixtures/reports/sg-missing-port.json', import.meta.url);
    const run = await runCli(['replay', report.pathname, '--quiet']);

    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/^CRITICAL: \d+ failed.*\(exit 2\)\n$/);
  });

  it('lists every rule of the catalogue with its severity and title', async () => {
    const run = await runCli(['rules', 'list']);
    const ids = run.stdout
      .trim()
      .split('\n')
      .map((line) => line.split(/\s+/)[0]);

    expect(run.code).toBe(0);
    expect(ids).toEqual([...RULE_ORDER]);
    expect(run.stdout).toMatch(
      /^endpoint\.private-dns\s+critical\s+Private DNS is enabled on the endpoint$/m,
    );
  });

  it('explains a rule in Japanese', async () => {
    const run = await runCli(['rules', 'explain', 'endpoint.state', '--lang', 'ja']);

    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^endpoint\.state: .*available/m);
    expect(run.stdout).toContain('対処:');
  });

  it('lists the simulated scenarios, one line each', async () => {
    const run = await runCli(['doctor', '--simulate', 'list']);

    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^healthy +\S/m);
    expect(run.stdout).toMatch(/^sg-missing-port +\S/m);
    expect(run.stdout).toMatch(/^auth-stale-password +.*TIDB_PASSWORD/m);
  });
});

describe('a simulated account that logs in', () => {
  const SCENARIO = ['doctor', '--simulate', 'auth-stale-password', '--format', 'json', '-v'];
  const STALE = 'sim-stale-pw-7Qx2';
  const CURRENT = 'sim-current-pw-K9m4';
  const authOf = (stdout: string) =>
    (
      JSON.parse(stdout) as { results: Array<{ id: string; status: string; message: string }> }
    ).results.find((result) => result.id === 'mysql.auth');

  it("sends the scenario's stale password as its user, and never prints it", async () => {
    const run = await runCli(SCENARIO, { TIDB_PASSWORD: undefined });

    expect(authOf(run.stdout)).toMatchObject({ status: 'fail', message: /refused 'app_rw'/ });
    expect(run.code).toBe(2);
    expect(`${run.stdout}${run.stderr}`).not.toContain(STALE);
  });

  it("lets the user's TIDB_PASSWORD take the scenario's place, so the fix can be tried", async () => {
    const run = await runCli(SCENARIO, { TIDB_PASSWORD: CURRENT });

    expect(authOf(run.stdout)).toMatchObject({ status: 'pass' });
    expect(run.code).toBe(0);
    expect(`${run.stdout}${run.stderr}`).not.toContain(CURRENT);
  });

  it("lets --user take the scenario's user's place", async () => {
    const run = await runCli([...SCENARIO, '--user', 'root'], { TIDB_PASSWORD: CURRENT });

    expect(authOf(run.stdout)).toMatchObject({ status: 'fail', message: /refused 'root'/ });
  });
});
