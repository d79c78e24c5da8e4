// What the benchmarks ran on, so that figures from two machines are never compared blindly.
import { readFileSync } from 'node:fs';
import { cpus, release, totalmem } from 'node:os';

import { run } from './measure.mjs';

/** Cores, memory, CPU model, OS, Node version and the versions of the outside tools. */
export async function describeMachine() {
  const tool = async (command, args) => {
    const { code, stdout, stderr } = await run(command, args);

    return code === 0 ? `${stdout}${stderr}`.trim().split('\n')[0] : 'not installed';
  };

  return {
    cores: cpus().length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    cpu: cpus()[0]?.model ?? 'unknown',
    os: `${osName()} (Linux ${release()})`,
    node: process.version,
    hyperfine: await tool('hyperfine', ['--version']),
    awsCli: await tool('aws', ['--version']),
  };
}

function osName() {
  try {
    const line = readFileSync('/etc/os-release', 'utf8')
      .split('\n')
      .find((entry) => entry.startsWith('PRETTY_NAME='));

    return line ? line.slice('PRETTY_NAME='.length).replace(/"/g, '') : 'unknown OS';
  } catch {
    return 'unknown OS';
  }
}
