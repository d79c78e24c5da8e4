import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { Simulation } from '../../src/simulate/index.js';
import { reportProblems } from '../../src/report/validate.js';
import { startSimulation } from '../../src/simulate/index.js';

/** A doctor process under test, with what it printed so far. */
interface Doctor {
  stdout: () => string;
  stderr: () => string;
  closed: () => boolean;
  signal: (name: NodeJS.Signals) => void;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
}

const BIN = fileURLToPath(new URL('../../bin/tidb-pe', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'tidb-pe-interrupt-'));

// Debug lines of the `aws` namespace show that the run has begun, so the interrupt handler is in
// place; an interrupt before that would only test Node's default.
function startDoctor(args: string[], env: NodeJS.ProcessEnv = {}): Doctor {
  const child = spawn(process.execPath, [BIN, 'doctor', ...args], {
    env: { ...process.env, NO_COLOR: '1', TIDB_PE_DEBUG: 'aws', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let closed = false;
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const guard = setTimeout(() => child.kill('SIGKILL'), 30_000);

  return {
    stdout: () => stdout,
    stderr: () => stderr,
    closed: () => closed,
    signal: (name) => child.kill(name),
    exited: new Promise((resolve) => {
      child.on('close', (code, signal) => {
        closed = true;
        clearTimeout(guard);
        resolve({ code, signal, at: performance.now() });
      });
    }),
  };
}

async function untilRunning(doctor: Doctor, atLeastMs: number): Promise<void> {
  const started = performance.now();
  const begun = () => doctor.stderr().includes('tidb-pe:aws ');
  while (!doctor.closed() && (!begun() || performance.now() - started < atLeastMs)) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

// A partial run exits 3 (UNKNOWN), unless what it did gather already shows a failure: then 2.
function expectIncompleteReport(text: string, reason: RegExp, code: number | null) {
  const report = JSON.parse(text);

  expect(reportProblems(report)).toEqual([]);
  expect(report.complete).toBe(false);
  expect(report.incompleteReason).toMatch(reason);
  expect(report.summary.exitCode).toBe(report.summary.counts.fail > 0 ? 2 : 3);
  expect(code).toBe(report.summary.exitCode);

  return report;
}

describe.concurrent('an interrupted run', () => {
  // The silent server fails only after the greeting's 5-second wait, so its partial run is never
  // worse than UNKNOWN; the filtered port's security group fails as soon as AWS has answered.
  it.each([
    ['server-silent', [3]],
    ['tcp-filtered', [2, 3]],
  ])(
    'prints and writes what it gathered, marked incomplete, on Ctrl-C (%s)',
    async (scenario, codes) => {
      const output = join(dir, `${scenario}.json`);
      const doctor = startDoctor([
        ...['--simulate', scenario, '--format', 'json', '--output', output],
      ]);

      await untilRunning(doctor, 300);
      const interruptedAt = performance.now();
      doctor.signal('SIGINT');
      const exit = await doctor.exited;

      expect(codes).toContain(exit.code);
      expect(exit.at - interruptedAt).toBeLessThan(2000);
      expect(doctor.stderr()).toContain('tidb-pe: interrupted: finishing with what was gathered');
      const printed = expectIncompleteReport(
        doctor.stdout(),
        /^the run was interrupted$/,
        exit.code,
      );
      expect(JSON.parse(readFileSync(output, 'utf8'))).toEqual(printed);
      expect(statSync(output).mode & 0o777).toBe(0o600);
    },
  );

  it('stops at once on a second Ctrl-C', async () => {
    const doctor = startDoctor(['--simulate', 'server-silent', '--format', 'json']);

    await untilRunning(doctor, 300);
    doctor.signal('SIGINT');
    await new Promise((resolve) => setTimeout(resolve, 25));
    const secondAt = performance.now();
    doctor.signal('SIGINT');
    const exit = await doctor.exited;

    expect(exit.code).toBe(3);
    expect(exit.at - secondAt).toBeLessThan(500);
    expect(doctor.stderr()).toContain('tidb-pe: interrupted twice, stopping now');
  });
});

describe('a run that reaches its deadline', () => {
  it('ends at the --timeout deadline with an incomplete report and exit 3', async () => {
    const output = join(dir, 'deadline.json');
    const started = performance.now();
    const doctor = startDoctor([
      ...['--simulate', 'server-silent', '--timeout', '1', '--format', 'json', '--output', output],
    ]);
    const exit = await doctor.exited;

    expect(exit.code).toBe(3);
    // One second of deadline, 0.75 s of grace for a stage to hand back what it has, and start-up:
    // 1.4 s on an idle machine; the margin is for the rest of the suite sharing two cores.
    expect(exit.at - started).toBeLessThan(3000);
    const printed = expectIncompleteReport(doctor.stdout(), /deadline \(--timeout\)/, exit.code);
    expect(printed.durationMs).toBeLessThan(2250);
    expect(JSON.parse(readFileSync(output, 'utf8'))).toEqual(printed);
  });
});

describe('a run against an AWS API that never answers', () => {
  let simulation: Simulation;

  beforeAll(async () => {
    simulation = await startSimulation('healthy', { awsDelayMs: 20_000 });
  });

  afterAll(() => simulation.stop());

  it('is marked incomplete, names what the deadline cut off and exits 3 in time', async () => {
    const { target, env } = simulation;
    const started = performance.now();
    const doctor = startDoctor(
      [
        ...['--region', target.region, '--service-name', target.serviceName as string],
        ...['--host', target.host, '--no-live', '--timeout', '2', '--format', 'json'],
      ],
      { ...env, AWS_ENDPOINT_URL: env.AWS_ENDPOINT_URL_EC2 },
    );
    const exit = await doctor.exited;

    expect(exit.code).toBe(3);
    expect(exit.at - started).toBeLessThan(4000);
    const report = expectIncompleteReport(doctor.stdout(), /deadline \(--timeout\)/, exit.code);
    expect(report.incompleteReason).toContain('endpoint');
    expect(report.facts.endpoint.error.code).toBe('DeadlineExceeded');
  });
});
