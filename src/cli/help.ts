import type { CommandSpec } from './commands.js';
import { COMMANDS } from './commands.js';

const FLAG_COLUMN = 26;

/** The help of the whole tool: what it is for and its commands. */
export function renderToolHelp(version: string): string {
  const width = Math.max(...COMMANDS.map((command) => command.name.length));
  const lines = [
    `tidb-pe ${version}`,
    '',
    'Find out why an application cannot reach a TiDB Cloud Dedicated cluster through an AWS PrivateLink endpoint, and what to fix.',
    '',
    'Usage: tidb-pe <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`),
    '',
    "Run 'tidb-pe <command> --help' for a command's options, and 'tidb-pe --version' for the version.",
  ];

  return `${lines.join('\n')}\n`;
}

/** The help of one command: its usage and every option with its description. */
export function renderCommandHelp(command: CommandSpec): string {
  const flags = command.options.map((option) => {
    const short = option.short ? `-${option.short}, ` : '';
    const value = option.value ? ` <${option.value}>` : '';

    return { flag: `${short}--${option.name}${value}`, describe: option.describe };
  });
  const lines = [`Usage: ${command.usage}`, '', command.summary, '', 'Options:'];
  for (const { flag, describe } of flags) {
    // A flag too long for the column gets a line of its own, with its description below.
    lines.push(
      flag.length <= FLAG_COLUMN ? `  ${flag.padEnd(FLAG_COLUMN)}  ${describe}` : `  ${flag}`,
    );
    if (flag.length > FLAG_COLUMN) lines.push(`  ${' '.repeat(FLAG_COLUMN)}  ${describe}`);
  }

  return `${lines.join('\n')}\n`;
}
