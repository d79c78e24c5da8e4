import yargs from 'yargs';

import type { Argv } from 'yargs';
import type { RawDoctorArgs } from './options.js';
import { EXIT } from '../engine/exit-code.js';
import { TOOL } from '../version.js';
import { TidbPeError, UsageError } from './errors.js';
import { FORMATS } from './options.js';

/** Where a command writes, and what it may read of its environment. */
export interface Io {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
}

/** Runs the command line and returns the exit code; only bin/ turns it into the process's. */
export async function main(argv: string[], io: Io): Promise<number> {
  const verbose = argv.includes('-v') || argv.includes('--verbose');
  let exitCode: number = EXIT.ok;

  try {
    await buildParser(argv, io, (code) => (exitCode = code)).parseAsync();
    return exitCode;
  } catch (error) {
    return reportError(error, io, verbose);
  }
}

function buildParser(argv: string[], io: Io, setExit: (code: number) => void): Argv {
  return yargs(argv)
    .scriptName('tidb-pe')
    .usage(
      '$0 <command> [options]\n\nFind out why an application cannot reach a TiDB Cloud Dedicated cluster through an AWS PrivateLink endpoint.',
    )
    .command(
      'doctor',
      'Check the endpoint, the network path and the cluster, and say what to fix',
      (command) => doctorOptions(command),
      async (args) => {
        const { runDoctorCommand } = await import('./commands/doctor.js');
        setExit(await runDoctorCommand(args as RawDoctorArgs, io));
      },
    )
    .command(
      'rules [action] [id]',
      'List the rule catalogue, or explain one rule',
      (command) =>
        command
          .positional('action', { type: 'string', describe: 'list or explain', default: 'list' })
          .positional('id', { type: 'string', describe: 'rule id, for explain' })
          .option('lang', { type: 'string', describe: 'en or ja', default: 'en' })
          .option('json', { type: 'boolean', describe: 'print JSON' }),
      async (args) => {
        const { runRulesCommand } = await import('./commands/rules.js');
        setExit(await runRulesCommand(args, io));
      },
    )
    .command(
      'replay <report>',
      "Re-run today's rules on the facts of a saved JSON report",
      (command) =>
        command
          .positional('report', { type: 'string', demandOption: true })
          .option('format', { type: 'string', describe: FORMATS.join(', '), default: 'text' })
          .option('json', { type: 'boolean', describe: 'same as --format json' })
          .option('output', { type: 'string', describe: 'also write the JSON report to this file' })
          .option('lang', { type: 'string', default: 'en' })
          .option('strict', { type: 'boolean', describe: 'warnings also fail the run' }),
      async (args) => {
        const { runReplayCommand } = await import('./commands/replay.js');
        setExit(await runReplayCommand(args, io));
      },
    )
    .command(
      'iam-policy',
      'Print the read-only IAM policy tidb-pe needs',
      () => undefined,
      async () => {
        const { runIamPolicyCommand } = await import('./commands/iam-policy.js');
        setExit(await runIamPolicyCommand(io));
      },
    )
    .option('verbose', { alias: 'v', type: 'boolean', describe: 'more detail on stderr' })
    .demandCommand(1, 'Name a command: doctor, rules, replay or iam-policy')
    .recommendCommands()
    .strict()
    .version(TOOL.version)
    .help()
    .alias('help', 'h')
    .wrap(Math.min(100, process.stdout.columns ?? 100))
    .exitProcess(false)
    .fail((message, error) => {
      if (error) throw error;
      throw new UsageError(message.replace(/\s*\n\s*/g, '; ').trim());
    });
}

function doctorOptions(command: Argv) {
  return command
    .option('vpc-endpoint-id', {
      type: 'string',
      describe: 'the interface endpoint to check (vpce-…)',
    })
    .option('service-name', {
      type: 'string',
      describe: 'the endpoint service name from the TiDB Cloud console',
    })
    .option('host', { type: 'string', describe: "the cluster's private endpoint host name" })
    .option('port', { type: 'string', describe: "the cluster's port (default 4000)" })
    .option('region', { type: 'string', describe: 'AWS region' })
    .option('profile', { type: 'string', describe: 'AWS profile' })
    .option('instance-id', { type: 'string', describe: 'the client host to judge (i-…)' })
    .option('resolver', { type: 'string', describe: 'a DNS server to ask directly (ip[:port])' })
    .option('user', {
      type: 'string',
      describe: 'also log in as this user (password from TIDB_PASSWORD)',
    })
    .option('tls', { type: 'string', describe: 'off, preferred or required', default: 'preferred' })
    .option('ca', { type: 'string', describe: 'CA file to verify the server certificate' })
    .option('format', { type: 'string', describe: FORMATS.join(', '), default: 'text' })
    .option('json', { type: 'boolean', describe: 'same as --format json' })
    .option('output', {
      type: 'string',
      describe: 'also write the JSON report to this file (mode 0600)',
    })
    .option('timeout', {
      type: 'string',
      describe: 'deadline for the whole run, in seconds (default 30)',
    })
    .option('live', {
      type: 'boolean',
      describe: 'run the live probes (--no-live skips them)',
      default: true,
    })
    .option('live-only', { type: 'boolean', describe: 'skip AWS, run only the live probes' })
    .option('simulate', {
      type: 'string',
      describe: "run against a built-in simulated account ('list' lists them)",
    })
    .option('lang', { type: 'string', describe: 'en or ja', default: 'en' })
    .option('strict', { type: 'boolean', describe: 'warnings also fail the run' })
    .option('tidb-cluster-id', {
      type: 'string',
      describe: 'also ask the TiDB Cloud API about the cluster',
    })
    .option('quiet', { type: 'boolean', describe: 'print only the result line' });
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
