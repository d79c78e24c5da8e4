// How the benchmarks time and weigh a command: hyperfine when it is installed (warm-up runs,
// many samples), else Node's own clock; peak memory as the process itself reports it at exit.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

/** The repository root, where `./bin/tidb-pe` lives. */
export const ROOT = new URL('../../', import.meta.url).pathname;

/** `./bin/tidb-pe` run with this Node, as a user would. */
export const TIDB_PE = `${process.execPath} ${join(ROOT, 'bin', 'tidb-pe')}`;

/** Whether a command is on the PATH. */
export async function hasCommand(name) {
  const { code } = await run('sh', ['-c', `command -v ${name}`]);

  return code === 0;
}

/**
 * Times shell commands; returns, per command, the median and spread of wall time in ms. Every
 * command must exit 0 unless `allowFailure` is set.
 */
export async function timeCommands(commands, { runs = 10, warmup = 2, allowFailure = false } = {}) {
  if (await hasCommand('hyperfine')) return hyperfine(commands, { runs, warmup, allowFailure });

  const results = [];
  for (const command of commands) {
    for (let i = 0; i < warmup; i += 1) await run('sh', ['-c', command]);
    const samples = [];
    for (let i = 0; i < runs; i += 1) {
      const started = performance.now();
      const { code } = await run('sh', ['-c', command]);
      samples.push(performance.now() - started);
      if (code !== 0 && !allowFailure) throw new Error(`'${command}' exited ${code}`);
    }
    results.push({ command, tool: 'node', ...summarise(samples) });
  }

  return results;
}

/** Runs a command once; resolves with its exit code, output and wall time. Never rejects. */
export function run(command, args, options = {}) {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', (error) => resolve({ code: -1, stdout, stderr: String(error), ms: 0 }));
    child.on('close', (code) => resolve({ code, stdout, stderr, ms: performance.now() - started }));
  });
}

/**
 * Runs `./bin/tidb-pe` with `args` and returns its peak resident set size in MB, as Node reads it
 * from the kernel (`process.resourceUsage().maxRSS`) when the process exits, with the run.
 */
export async function peakMemory(args, env = process.env) {
  const dir = mkdtempSync(join(tmpdir(), 'tidb-pe-bench-'));
  const file = join(dir, 'rss');
  const preload = join(ROOT, 'scripts', 'bench', 'report-rss.mjs');
  const result = await run(
    process.execPath,
    ['--import', preload, join(ROOT, 'bin', 'tidb-pe'), ...args],
    {
      env: { ...env, TIDB_PE_BENCH_RSS_FILE: file },
    },
  );

  return { mb: Number(readFileSync(file, 'utf8')) / 1024, result };
}

/** Median, minimum and maximum of samples, in the samples' unit. */
export function summarise(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median =
    sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;

  return { median, min: sorted[0], max: sorted.at(-1), runs: sorted.length };
}

async function hyperfine(commands, { runs, warmup, allowFailure }) {
  const dir = mkdtempSync(join(tmpdir(), 'tidb-pe-bench-'));
  const file = join(dir, 'hyperfine.json');
  const args = ['--style', 'none', '--runs', String(runs), '--warmup', String(warmup)];
  if (allowFailure) args.push('--ignore-failure');
  const { code, stderr } = await run('hyperfine', [...args, '--export-json', file, ...commands]);
  if (code !== 0) throw new Error(`hyperfine failed: ${stderr}`);

  const { results } = JSON.parse(readFileSync(file, 'utf8'));

  return results.map((result) => ({
    command: result.command,
    tool: 'hyperfine',
    ...summarise(result.times.map((seconds) => seconds * 1000)),
  }));
}
