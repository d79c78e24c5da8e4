import { setMaxListeners } from 'node:events';

import type { DoctorStep } from '../../doctor.js';
import type { Io } from '../main.js';
import type { DoctorArgs, RawDoctorArgs } from '../options.js';
import type { PreparedSimulation } from './simulate.js';
import { createDebug, redactor } from '../../debug.js';
import { runDoctor } from '../../doctor.js';
import { EXIT } from '../../engine/exit-code.js';
import { validateDoctorArgs } from '../options.js';
import { emitReport } from './output.js';

const SECRET_VARIABLES = [
  'TIDB_PASSWORD',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_ACCESS_KEY_ID',
  'TIDB_CLOUD_PRIVATE_KEY',
  'TIDB_CLOUD_PUBLIC_KEY',
];

const STEP_TEXT: Record<DoctorStep, string> = {
  aws: 'Reading the endpoint, VPC and security groups from AWS',
  probes: 'Probing DNS, TCP, the MySQL greeting and TLS',
  rules: 'Evaluating the rules',
};

/** Runs `tidb-pe doctor`: validates, diagnoses, prints; returns the monitoring exit code. */
export async function runDoctorCommand(raw: RawDoctorArgs, io: Io): Promise<number> {
  const validated = validateDoctorArgs(raw);
  // Listening starts before anything slow (loading the simulator, starting its servers), so that
  // an early Ctrl-C still ends in a report, an empty one marked incomplete.
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  const stopInterrupts = handleInterrupts(controller, io);
  let prepared: PreparedSimulation | undefined;
  try {
    const simulate = validated.simulate && (await import('./simulate.js'));
    if (simulate && validated.simulate === 'list') {
      await simulate.printScenarios(io);
      return EXIT.ok;
    }

    prepared = simulate ? await simulate.prepareSimulation(validated, io) : undefined;
    return await diagnose(prepared?.args ?? validated, io, controller.signal, prepared);
  } finally {
    await prepared?.simulation.stop();
    stopInterrupts();
  }
}

async function diagnose(
  args: DoctorArgs,
  io: Io,
  signal: AbortSignal,
  simulated?: PreparedSimulation,
): Promise<number> {
  const secrets = SECRET_VARIABLES.map((name) => io.env[name]).filter((value): value is string =>
    Boolean(value),
  );
  const redact = redactor(secrets);
  const namespaces = args.verbose ? ['*'] : (io.env.TIDB_PE_DEBUG ?? '').split(',').filter(Boolean);
  const showProgress = Boolean(io.stderr.isTTY) && !args.quiet;

  const report = await runDoctor({
    target: args.target,
    ...(args.profile && { profile: args.profile }),
    ...(args.caFile && { caFile: args.caFile }),
    ...(io.env.TIDB_PASSWORD !== undefined && { password: io.env.TIDB_PASSWORD }),
    timeoutMs: args.timeoutMs,
    aws: args.aws,
    live: args.live,
    lang: args.lang,
    strict: args.strict,
    tidbCloud: {
      ...(io.env.TIDB_CLOUD_PUBLIC_KEY && { publicKey: io.env.TIDB_CLOUD_PUBLIC_KEY }),
      ...(io.env.TIDB_CLOUD_PRIVATE_KEY && { privateKey: io.env.TIDB_CLOUD_PRIVATE_KEY }),
      ...(io.env.TIDB_CLOUD_API_URL && { baseUrl: io.env.TIDB_CLOUD_API_URL }),
    },
    ...(simulated && {
      network: simulated.network,
      simulated: simulated.simulation.scenario.name,
    }),
    signal,
    debug: createDebug(io.stderr, namespaces, secrets),
    ...(showProgress && {
      progress: (step: DoctorStep) => io.stderr.write(`\u001b[2K\r${STEP_TEXT[step]}…`),
    }),
  });
  if (showProgress) io.stderr.write('\u001b[2K\r');

  return emitReport(report, { ...args, redact }, io);
}

// The first Ctrl-C stops the run and still prints what it has, marked incomplete; a second one
// means the user does not want to wait for that.
function handleInterrupts(controller: AbortController, io: Io): () => void {
  const onSignal = () => {
    if (controller.signal.aborted) {
      io.stderr.write('\ntidb-pe: interrupted twice, stopping now\n');
      process.exit(EXIT.unknown);
    }
    io.stderr.write(
      '\ntidb-pe: interrupted: finishing with what was gathered (Ctrl-C again to stop now)\n',
    );
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  return () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
}
