import { randomInt } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { Format } from '../../src/cli/options.js';
import type { Report } from '../../src/report/report.js';
import type { Simulation } from '../../src/simulate/index.js';
import { FORMATS } from '../../src/cli/options.js';
import { renderReport } from '../../src/report/render.js';
import { startSimulation } from '../../src/simulate/index.js';
import { runCli } from '../helpers/cli.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** `length` random letters and digits: nothing a redactor could guess or an encoder change. */
function random(length: number): string {
  return Array.from({ length }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
}

// Shaped like the real thing, with a random body that no fixture or message can contain.
const SECRETS = {
  TIDB_PASSWORD: `pw${random(22)}`,
  AWS_ACCESS_KEY_ID: `AKIA${random(16).toUpperCase()}`,
  AWS_SECRET_ACCESS_KEY: random(40),
  AWS_SESSION_TOKEN: `IQoJb3JpZ2luX2Vj${random(160)}`,
  TIDB_CLOUD_PUBLIC_KEY: random(16).toUpperCase(),
  TIDB_CLOUD_PRIVATE_KEY: `${random(8)}-${random(4)}-${random(4)}-${random(12)}`,
};

// Scenarios that reach the places a secret could slip out: a login, AWS errors and retries, the
// TiDB Cloud API, odd servers, TLS failures. Every scenario at once takes minutes, which the
// scenario end-to-end suite already spends; each format here is met at least twice.
const SCENARIOS: Array<[string, Format]> = [
  ['healthy', 'json'],
  ['describe-denied', 'text'],
  ['throttled', 'markdown'],
  ['server-garbage', 'junit'],
  ['server-not-tidb', 'prometheus'],
  ['tls-expired', 'json'],
  ['tidbcloud-pending', 'text'],
  ['state-failed', 'markdown'],
  ['dns-nxdomain', 'junit'],
  ['endpoint-missing', 'prometheus'],
];

const dir = mkdtempSync(join(tmpdir(), 'tidb-pe-secrets-'));

/** Each secret whole, and stretches of it long enough to be unmistakable. */
function leaks(text: string): string[] {
  return Object.entries(SECRETS).flatMap(([name, secret]) => {
    const pieces = [secret, secret.slice(-12), secret.slice(-24, -12)];

    return pieces.filter((piece) => text.includes(piece)).map((piece) => `${name} (${piece})`);
  });
}

async function everyFormat(report: Report): Promise<string> {
  const rendered = await Promise.all(
    FORMATS.map((format) => renderReport(report, format, { color: false, verbose: true })),
  );

  return rendered.join('\n');
}

describe.concurrent('secrets in the environment of a simulated run', () => {
  it.each(SCENARIOS)('never reach any output of %s as %s, with -v', async (scenario, format) => {
    const output = join(dir, `${scenario}.json`);
    const run = await runCli(
      [
        ...['doctor', '--simulate', scenario, '--user', 'app', '--format', format],
        ...['--output', output, '-v'],
      ],
      SECRETS,
    );
    const saved = readFileSync(output, 'utf8');

    expect(run.code).not.toBe(64);
    expect(run.stderr).toContain('tidb-pe:');
    expect(leaks(run.stdout)).toEqual([]);
    expect(leaks(run.stderr)).toEqual([]);
    expect(leaks(saved)).toEqual([]);
    expect(leaks(await everyFormat(JSON.parse(saved) as Report))).toEqual([]);
  });
});

// A simulated run puts fake keys of its own in place of the user's, so here the doctor runs for
// real against the simulated servers, signing its AWS calls with the secrets and offering the
// TiDB Cloud keys to the API, which refuses them.
// Every format on the healthy account; the denials' messages, which quote the caller's ARN, in two.
const REAL_RUNS: Array<[string, readonly Format[]]> = [
  ['healthy', FORMATS],
  ['describe-denied', ['json', 'text']],
];

describe.each(REAL_RUNS)(
  'secrets used as real credentials against the %s account',
  (scenario, formats) => {
    let simulation: Simulation;

    beforeAll(async () => {
      simulation = await startSimulation(scenario);
    });

    afterAll(() => simulation.stop());

    it.concurrent.each(formats)('never reach any output as %s, with -v', async (format) => {
      const { env, target } = simulation;
      const output = join(dir, `real-${scenario}-${format}.json`);
      const run = await runCli(
        [
          ...['doctor', '--no-live', '--region', target.region, '--host', target.host],
          ...['--service-name', target.serviceName as string],
          ...['--tidb-cluster-id', target.tidbClusterId as string],
          ...['--format', format, '--output', output, '-v'],
        ],
        { ...env, AWS_ENDPOINT_URL: env.AWS_ENDPOINT_URL_EC2, ...SECRETS },
      );
      const saved = readFileSync(output, 'utf8');
      const report = JSON.parse(saved) as Report;

      // The calls were signed with the secrets and answered; the keys were offered and refused.
      expect(report.facts.endpoint?.status).toBe('ok');
      expect(report.facts.tidbCloudService).toMatchObject({ error: { code: 'Unauthorized' } });
      expect(leaks(run.stdout)).toEqual([]);
      expect(leaks(run.stderr)).toEqual([]);
      expect(leaks(saved)).toEqual([]);
    });
  },
);
