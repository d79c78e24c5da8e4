// The simulated account behind `tidb-pe doctor --simulate <scenario>`: every server a scenario
// needs, started at once on 127.0.0.1 with OS-chosen ports, and the settings that point the
// doctor at them. Nothing here leaves loopback: even the addresses the simulated DNS hands out
// are dialled through `dial`, which maps them to local listeners.

import { join } from 'node:path';

import type { LoopbackServer } from './http-server.js';
import type { Listener } from './cluster-listeners.js';
import type { DnsServer } from './dns-server.js';
import type { ExpectedOutcome, Scenario, ServerBehaviour } from './scenario.js';
import { startListeners, TLS_DIR } from './cluster-listeners.js';
import { answerFor } from './dns-answers.js';
import { startDnsServer } from './dns-server.js';
import { startEc2Server } from './ec2-server.js';
import { FaultInjector } from './faults.js';
import { startImdsServer } from './imds-server.js';
import { loadScenario, scenarioNames } from './load-scenario.js';
import { startRoute53Server } from './route53-server.js';
import { startTidbCloudServer } from './tidbcloud-server.js';

/** What the doctor is pointed at: the command-line values a user of this account would pass. */
export interface SimulatedTarget {
  host: string;
  port: number;
  region: string;
  /** `127.0.0.1:<port>` of the DNS server playing the VPC resolver (pass as `--resolver`). */
  resolver: string;
  serviceName?: string;
  vpcEndpointId?: string;
  tidbClusterId?: string;
  /** The user to log in as (pass as `--user`). */
  user?: string;
  /** The password the account's engineer has set (put in TIDB_PASSWORD); never printed. */
  password?: string;
  /** The test-only CA that signed the simulated cluster's certificate (pass as `--ca`). */
  caFile: string;
}

/** A running simulated account. */
export interface Simulation {
  scenario: { name: string; summary: string; expected: ExpectedOutcome };
  /** Environment for the doctor: AWS endpoints, fake credentials, region, TiDB Cloud API. */
  env: Record<string, string>;
  target: SimulatedTarget;
  /** `127.0.0.1:<port>` of the DNS server playing the system resolver. */
  dnsServer: string;
  /** Maps an address the simulated DNS gave (e.g. `10.0.1.25`) to the listener that plays it. */
  dial(address: string, port: number): { host: string; port: number };
  /** How many requests each EC2 action received so far. */
  ec2RequestCounts(): Record<string, number>;
  /** Stops every server; the process can exit by itself afterwards. */
  stop(): Promise<void>;
}

/** Settings that change a scenario for one run. */
export interface SimulationOptions {
  /** Delays every EC2, Route 53 and Resolver answer, e.g. 100 ms for the benchmark. */
  awsDelayMs?: number;
}

/** Every scenario with its one-line summary, sorted by name. */
export async function listScenarios(): Promise<Array<{ name: string; summary: string }>> {
  return scenarioNames().map((name) => ({ name, summary: loadScenario(name).summary }));
}

/** Starts the simulated account `name`; an unknown name throws, listing the known ones. */
export async function startSimulation(
  name: string,
  options: SimulationOptions = {},
): Promise<Simulation> {
  const scenario = loadScenario(name);
  const delayMs = options.awsDelayMs ?? scenario.faults.delayMs;
  const faults = new FaultInjector({ ...scenario.faults, delayMs }, scenario.accountId);
  const ownSystemView = Object.keys(scenario.dns.system).length > 0;
  const stoppers: Array<() => Promise<void>> = [];
  const track = async <T extends { close(): Promise<void> }>(starting: Promise<T>) => {
    const started = await starting;
    stoppers.push(() => started.close());
    return started;
  };
  const stop = () => Promise.all(stoppers.splice(0).map((close) => close())).then(() => undefined);

  const servers = {
    ec2: track(startEc2Server(scenario, faults)),
    route53: track(startRoute53Server(scenario, faults)),
    imds: track(startImdsServer(scenario)),
    tidbCloud: track(startTidbCloudServer(scenario)),
    vpcDns: track(startDnsServer((query) => answerFor(scenario, 'vpc', query))),
    systemDns: ownSystemView
      ? track(startDnsServer((query) => answerFor(scenario, 'system', query)))
      : undefined,
    listeners: track(startListeners(scenario)),
  };
  // Whatever did start is stopped before a failure to start is passed on.
  const failure = (await Promise.allSettled(Object.values(servers))).find(
    (result) => result.status === 'rejected',
  );
  if (failure) {
    await stop();
    throw failure.reason;
  }

  const [ec2, route53, imds, tidbCloud, vpcDns, systemDns, listeners] = await Promise.all([
    servers.ec2,
    servers.route53,
    servers.imds,
    servers.tidbCloud,
    servers.vpcDns,
    servers.systemDns,
    servers.listeners,
  ]);

  return {
    scenario: { name: scenario.name, summary: scenario.summary, expected: scenario.expected },
    env: environment(scenario, { ec2, route53, imds, tidbCloud }),
    target: targetOf(scenario, vpcDns),
    dnsServer: (systemDns ?? vpcDns).address,
    dial: dialler(scenario, listeners.byBehaviour),
    ec2RequestCounts: () => ec2.requestCounts(),
    stop,
  };
}

function environment(
  scenario: Scenario,
  servers: Record<'ec2' | 'route53' | 'imds' | 'tidbCloud', LoopbackServer>,
): Record<string, string> {
  return {
    AWS_ENDPOINT_URL_EC2: servers.ec2.url,
    AWS_ENDPOINT_URL_ROUTE_53: servers.route53.url,
    AWS_ENDPOINT_URL_ROUTE53RESOLVER: servers.route53.url,
    AWS_EC2_METADATA_SERVICE_ENDPOINT: servers.imds.url,
    AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE: 'IPv4',
    AWS_EC2_METADATA_DISABLED: 'false',
    AWS_ACCESS_KEY_ID: 'SIMULATEDACCESSKEY',
    AWS_SECRET_ACCESS_KEY: 'simulated-secret-key-not-a-real-one',
    AWS_REGION: scenario.region,
    TIDB_CLOUD_API_URL: servers.tidbCloud.url,
    TIDB_CLOUD_PUBLIC_KEY: scenario.tidbCloud.publicKey,
    TIDB_CLOUD_PRIVATE_KEY: scenario.tidbCloud.privateKey,
  };
}

function targetOf(scenario: Scenario, vpcDns: DnsServer): SimulatedTarget {
  const { host, port, serviceName, vpcEndpointId, tidbClusterId, user, password } = scenario.target;

  return {
    host,
    port: port ?? scenario.server.port,
    region: scenario.region,
    resolver: vpcDns.address,
    ...(serviceName && { serviceName }),
    ...(vpcEndpointId && { vpcEndpointId }),
    ...(tidbClusterId && { tidbClusterId }),
    ...(user && { user }),
    ...(password !== undefined && { password }),
    caFile: join(TLS_DIR, 'ca.pem'),
  };
}

// The endpoints' interface addresses play the cluster on its port; `server.addresses` names
// exceptions; every other address and port is refused.
function dialler(scenario: Scenario, listeners: ReadonlyMap<ServerBehaviour, Listener>) {
  const endpointAddresses = new Set(
    Object.values(scenario.networkInterfaces)
      .filter((eni) => eni.interfaceType === 'vpc_endpoint' && eni.status === 'in-use')
      .map((eni) => eni.privateIp),
  );

  return (address: string, port: number) => {
    const listed = scenario.server.addresses[address];
    const cluster = endpointAddresses.has(address) ? scenario.server.behaviour : 'refused';
    const behaviour = port === scenario.server.port ? (listed ?? cluster) : 'refused';
    const listener = listeners.get(behaviour) ?? listeners.get('refused');

    return { host: '127.0.0.1', port: listener?.port ?? 0 };
  };
}
