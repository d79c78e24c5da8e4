// Regenerates docs/examples/ (text and JSON output of a few simulated scenarios) and the example
// reports in fixtures/reports/ that `replay` is shown with. Run `npm run build` first, or use
// `npm run examples`. Times and loopback ports change from run to run, so they are normalised;
// a test checks that the files are current.
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';

/** The scenarios shown in the documentation. */
export const EXAMPLE_SCENARIOS = [
  'healthy',
  'sg-missing-port',
  'state-pending-acceptance',
  'describe-denied',
];

const ROOT = new URL('../', import.meta.url);

/** Replaces what differs between two runs of the same scenario with fixed values. */
export function normalise(text) {
  return text
    .replace(/"startedAt": "[^"]+"/g, '"startedAt": "2026-01-01T00:00:00.000Z"')
    .replace(/"checkedAt": "[^"]+"/g, '"checkedAt": "2026-01-01T00:00:00.000Z"')
    .replace(/"(durationMs|connectionId)": [\d.]+/g, '"$1": 0')
    .replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:53000')
    .replace(/\d+(?:\.\d+)? ms\b/g, 'N ms');
}

/** Runs one scenario as a user would and returns its normalised output in a format. */
export function runExample(scenario, format) {
  const bin = new URL('bin/tidb-pe', ROOT).pathname;
  const args = [bin, 'doctor', '--simulate', scenario, '--format', format];
  const env = { ...process.env, NO_COLOR: '1' };

  // A failing scenario exits 1 to 3 by design; its output is the example all the same.
  return new Promise((resolve) => {
    execFile(process.execPath, args, { encoding: 'utf8', env }, (_error, stdout) => {
      resolve(normalise(stdout));
    });
  });
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop())) {
  mkdirSync(new URL('docs/examples/', ROOT), { recursive: true });
  mkdirSync(new URL('fixtures/reports/', ROOT), { recursive: true });
  for (const scenario of EXAMPLE_SCENARIOS) {
    const json = await runExample(scenario, 'json');
    writeFileSync(
      new URL(`docs/examples/${scenario}.txt`, ROOT),
      await runExample(scenario, 'text'),
    );
    writeFileSync(new URL(`docs/examples/${scenario}.json`, ROOT), json);
    writeFileSync(new URL(`fixtures/reports/${scenario}.json`, ROOT), json);
  }
}
