import { parseArgs } from 'node:util';

import type { CommandSpec } from './commands.js';
import { EXIT } from '../engine/exit-code.js';
import { TOOL } from '../version.js';
import { COMMANDS } from './commands.js';
import { TidbPeError, UsageError } from './errors.js';
import { renderCommandHelp, renderToolHelp } from './help.js';

/** Where a command writes, and what it may read of its environment. */
export interface Io {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
}

/** Runs the command line and returns the exit code; only bin/ turns it into the process's. */
export async function main(argv: string[], io: Io): Promise<number> {
  const verbose = argv.includes('-v') || argv.includes('--verbose');

  try {
    return await dispatch(argv, io);
  } catch (error) {
    return reportError(error, io, verbose);
  }
}

async function dispatch(argv: string[], io: Io): Promise<number> {
  const [first, ...rest] = argv;
  if (first === '--version' || first === '-V') {
    io.stdout.write(`${TOOL.version}\n`);
    return EXIT.ok;
  }
  if (first === '--help' || first === '-h') {
    io.stdout.write(renderToolHelp(TOOL.version));
    return EXIT.ok;
  }

  if (first === 'help') return showHelp(rest, io);

  const command = findCommand(first);
  const { values, positionals } = parseCommandLine(command, rest);
  if (values.help) {
    io.stdout.write(renderCommandHelp(command));
    return EXIT.ok;
  }

  checkPositionals(command, positionals);

  return command.run(values, positionals, io);
}

// `tidb-pe help` and `tidb-pe help <command>`, as git and npm have them.
function showHelp(args: string[], io: Io): number {
  if (args.length > 1) throw new UsageError("Usage is 'tidb-pe help [command]'");

  const [name] = args;
  io.stdout.write(
    name === undefined ? renderToolHelp(TOOL.version) : renderCommandHelp(findCommand(name)),
  );

  return EXIT.ok;
}

function findCommand(name: string | undefined): CommandSpec {
  const names = COMMANDS.map((command) => `'${command.name}'`).join(', ');
  if (name === undefined) throw new UsageError(`Name a command: ${names} (see 'tidb-pe --help')`);

  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (command) return command;
  if (name.startsWith('-')) {
    throw new UsageError(
      `Option '${name}' needs a command before it: ${names} (see 'tidb-pe --help')`,
    );
  }

  const near = COMMANDS.find((candidate) => candidate.name.startsWith(name.slice(0, 3)));
  const hint = near ? `did you mean '${near.name}'?` : `use one of ${names}`;

  throw new UsageError(`Unknown command '${name}': ${hint}`);
}

// parseArgs' own messages run over several lines and talk about positionals; a user gets one
// line naming the flag and where to look.
function parseCommandLine(command: CommandSpec, args: string[]) {
  const options = Object.fromEntries(
    command.options.map((option) => [
      option.name,
      { type: option.type, ...(option.short && { short: option.short }) },
    ]),
  );
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args, options, strict: true, allowPositionals: true });
  } catch (error) {
    throw new UsageError(describeParseError(command, error), { cause: error });
  }

  return parsed as { values: Record<string, string | boolean | undefined>; positionals: string[] };
}

function checkPositionals(command: CommandSpec, positionals: string[]): void {
  const { min, max } = command.positionals;
  const count = positionals.length;
  if (count >= min && count <= max) return;

  const extra =
    count > max ? `Unexpected argument '${positionals[max]}'` : 'An argument is missing';

  throw new UsageError(`${extra}: usage is '${command.usage}'`);
}

function describeParseError(command: CommandSpec, error: unknown): string {
  const { code, message } = error as { code?: string; message: string };
  const flag = /'(-[^' ]+)/.exec(message)?.[1] ?? '';
  const help = `see 'tidb-pe ${command.name} --help'`;
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && flag === '--password')
    return `There is no '--password' flag: put the password in the TIDB_PASSWORD environment variable, so that it stays out of the process list and the shell history`;
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION')
    return `Unknown option '${flag}' for '${command.name}': ${help}`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const spec = command.options.find(
      (option) => `--${option.name}` === flag || `-${option.short}` === flag,
    );
    return spec?.type === 'boolean'
      ? `Flag '--${spec.name}' takes no value: ${help}`
      : `Flag '${flag}' needs a value (for one that starts with '-', write '${flag}=<value>'): ${help}`;
  }

  return `${message.split('\n')[0]}: ${help}`;
}

// Known errors get one kind line; anything else is a bug, shown with its stack under -v.
function reportError(error: unknown, io: Io, verbose: boolean): number {
  if (error instanceof TidbPeError) {
    const hint = error.hint ? `: ${error.hint}` : '';
    io.stderr.write(`tidb-pe: ${error.message}${hint}\n`);
    if (verbose && error.cause instanceof Error) io.stderr.write(`${error.cause.stack}\n`);

    return error instanceof UsageError ? EXIT.usage : EXIT.unknown;
  }

  const message = error instanceof Error ? error.message : String(error);
  io.stderr.write(`tidb-pe: unexpected error: ${message}\n`);
  if (verbose && error instanceof Error) io.stderr.write(`${error.stack}\n`);
  else io.stderr.write('tidb-pe: run again with -v for details, and report it as a bug\n');

  return EXIT.unknown;
}
