import type { ProbeNetwork } from '../../probe/index.js';
import type { Simulation } from '../../simulate/index.js';
import type { DoctorArgs } from '../options.js';
import type { Io } from '../main.js';
import { listScenarios, startSimulation } from '../../simulate/index.js';
import { UsageError } from '../errors.js';

/** A started simulated account, and the doctor's arguments pointed at it. */
export interface PreparedSimulation {
  args: DoctorArgs;
  network: ProbeNetwork;
  simulation: Simulation;
}

/** Prints the scenarios, one line each. */
export async function printScenarios(io: Io): Promise<void> {
  const scenarios = await listScenarios();
  const width = Math.max(...scenarios.map((scenario) => scenario.name.length));
  const lines = scenarios.map((scenario) => `${scenario.name.padEnd(width)}  ${scenario.summary}`);

  io.stdout.write(`${lines.join('\n')}\n`);
}

/**
 * Starts the scenario's servers on loopback and points the doctor at them: the AWS SDK through
 * the endpoint variables every AWS client honours, the probes through the simulated network.
 */
export async function prepareSimulation(args: DoctorArgs, io: Io): Promise<PreparedSimulation> {
  let simulation: Simulation;
  try {
    simulation = await startSimulation(args.simulate as string);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new UsageError(`Flag '--simulate': ${message}`, { cause: error });
  }

  // The SDK reads these from the process environment; a simulated run must not reach AWS.
  Object.assign(io.env, simulation.env, { AWS_EC2_METADATA_DISABLED: 'false' });
  delete io.env.AWS_PROFILE;

  const { target } = simulation;
  // The user's own password wins over the scenario's, so that a fix can be tried. It is read
  // back from the environment with every other secret, and so redacted like them.
  if (target.password !== undefined && io.env.TIDB_PASSWORD === undefined) {
    io.env.TIDB_PASSWORD = target.password;
  }
  const patched: DoctorArgs = {
    ...args,
    target: {
      ...args.target,
      host: target.host,
      port: target.port,
      region: target.region,
      resolver: target.resolver,
      ...(target.serviceName && { serviceName: target.serviceName }),
      ...(target.vpcEndpointId && { vpcEndpointId: target.vpcEndpointId }),
      ...(target.tidbClusterId && { tidbClusterId: target.tidbClusterId }),
      ...(args.target.user === undefined && target.user && { user: target.user }),
    },
    caFile: target.caFile,
  };
  delete patched.profile;
  const network: ProbeNetwork = {
    systemResolver: simulation.dnsServer,
    dial: (address, port) => simulation.dial(address, port),
  };

  return { args: patched, network, simulation };
}
