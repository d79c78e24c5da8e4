// Turns the collected facts into a probe request: which resolvers to ask directly, and the
// endpoint's own names. The probes themselves load on first use, so a run without them pays
// nothing for them.
import type { Debug } from '../debug.js';
import type { Facts, ProbeName, Probes, Target } from '../engine/facts.js';
import type { ProbeNetwork } from './index.js';
import { vpcResolverAddress } from '../engine/address.js';
import { skipAll } from '../engine/facts.js';
import { reasonText } from '../engine/reasons.js';

/** What the probes need from the run's options. */
export interface ProbeOptions {
  live: boolean;
  caFile?: string;
  /** Handed to the login probe only. */
  password?: string;
  network?: ProbeNetwork;
  signal?: AbortSignal;
  debug: Debug;
}

const PROBES: readonly ProbeName[] = [
  'dnsSystem',
  'dnsVpc',
  'dnsEndpointNames',
  'tcp',
  'mysql',
  'tls',
  'auth',
];
const AMAZON_DNS_LINK_LOCAL = '169.254.169.253';

/** Probes the target along the path the collected facts describe, or says why not. */
export async function probeTarget(
  options: ProbeOptions,
  facts: Facts,
  target: Target,
  deadline: number,
): Promise<Probes> {
  if (!options.live) return skipAll(PROBES, 'tidb-pe', reasonText('liveOff'));
  if (!target.host) {
    return skipAll(PROBES, 'tidb-pe', reasonText('noHost'));
  }

  const { runProbes } = await import('./index.js');
  const endpoint = facts.endpoint?.status === 'ok' ? facts.endpoint.value : null;
  const endpointDnsNames = (endpoint?.dnsEntries ?? [])
    .map((entry) => entry.dnsName)
    .filter((name) => name.endsWith('.vpce.amazonaws.com'));

  return runProbes({
    host: target.host,
    port: target.port,
    tls: target.tls,
    ...(options.caFile && { caFile: options.caFile }),
    ...(target.user && { user: target.user }),
    ...(options.password !== undefined && { password: options.password }),
    resolvers: resolversFor(target, facts),
    endpointDnsNames,
    ...(options.network && { network: options.network }),
    deadline,
    ...(options.signal && { signal: options.signal }),
    debug: options.debug,
  });
}

// The VPC resolver is asked directly beside the system resolver: --resolver when given, else
// Amazon DNS at the VPC's base + 2 and its link-local address, when running inside a VPC.
function resolversFor(target: Target, facts: Facts): string[] {
  if (target.resolver) return [target.resolver];

  const identity = facts.identity?.status === 'ok' ? facts.identity.value : null;
  const vpc = facts.vpc?.status === 'ok' ? facts.vpc.value : null;
  if (!identity) return [];

  const cidr = identity.vpcCidrBlocks[0] ?? vpc?.cidrBlocks[0];
  const base = cidr ? vpcResolverAddress(cidr) : undefined;

  return base ? [base, AMAZON_DNS_LINK_LOCAL] : [AMAZON_DNS_LINK_LOCAL];
}
