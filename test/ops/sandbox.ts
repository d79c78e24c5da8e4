// A place to run the operations guide's examples as written: a fake root for the paths they
// name, and a `tidb-pe` on the PATH that is the real one pointed at the simulated account.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A fenced code block of a Markdown page. */
export interface CodeBlock {
  lang: string;
  text: string;
}

/** What a command printed and how it ended. */
export interface ShellRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The fake root and the directory that holds the `tidb-pe` shim. */
export interface Sandbox {
  root: string;
  bin: string;
  /** Moves the absolute paths the guide uses under the fake root. */
  rebase(text: string): string;
  /** Runs a command line with `sh -c`, the shim first on the PATH, in the fake root. */
  sh(command: string, env?: NodeJS.ProcessEnv): Promise<ShellRun>;
}

const REPO = fileURLToPath(new URL('../../', import.meta.url));
// The guide's paths that a test may not touch on the real machine.
const REBASED = ['/var/lib/', '/usr/local/bin/tidb-pe-textfile', '/etc/tidb-pe/'];

/** The guide itself. */
export function readGuide(): string {
  return readFileSync(join(REPO, 'docs', 'operations.md'), 'utf8');
}

/** Every fenced code block of a Markdown text, in order. */
export function codeBlocks(markdown: string): CodeBlock[] {
  return [...markdown.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map((match) => ({
    lang: match[1] ?? '',
    text: match[2] ?? '',
  }));
}

/** Makes a fake root with the directories the guide writes to, and the shim. */
export function createSandbox(): Sandbox {
  const root = mkdtempSync(join(tmpdir(), 'tidb-pe-ops-'));
  const bin = join(root, 'shim');
  for (const dir of ['var/lib/tidb-pe', 'var/lib/node_exporter/textfile_collector', 'work']) {
    mkdirSync(join(root, dir), { recursive: true });
  }
  mkdirSync(bin);
  mkdirSync(join(root, 'usr/local/bin'), { recursive: true });
  writeExecutable(join(bin, 'tidb-pe'), shim());

  const rebase = (text: string) =>
    REBASED.reduce((out, path) => out.split(path).join(`${root}${path}`), text);

  return {
    root,
    bin,
    rebase,
    sh: (command, env = {}) =>
      run('sh', ['-c', command], join(root, 'work'), {
        ...process.env,
        NO_COLOR: '1',
        ...env,
        PATH: `${bin}:${env.PATH ?? process.env.PATH}`,
      }),
  };
}

/** Writes a file with the execute bits set. */
export function writeExecutable(path: string, text: string): void {
  writeFileSync(path, text);
  chmodSync(path, 0o755);
}

/** Parses YAML (all documents) with PyYAML, which the machine image ships with Python. */
export function parseYaml(text: string): unknown[] {
  const script = 'import json, sys, yaml; print(json.dumps(list(yaml.safe_load_all(sys.stdin))))';
  const result = spawnSync('python3', ['-c', script], { input: text, encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(
      `python3 with PyYAML could not parse the YAML: ${result.error ?? result.stderr}`,
    );
  }

  return JSON.parse(result.stdout) as unknown[];
}

// `doctor` without `--simulate` would need AWS: the shim adds the healthy simulated account.
function shim(): string {
  return [
    '#!/bin/sh',
    'if [ "$1" = doctor ]; then',
    '  case " $* " in *" --simulate "*) ;; *) set -- "$@" --simulate healthy ;; esac',
    'fi',
    `exec "${process.execPath}" "${join(REPO, 'bin', 'tidb-pe')}" "$@"`,
    '',
  ].join('\n');
}

function run(
  command: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<ShellRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);

    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
