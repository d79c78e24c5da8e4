// Runs the live probes along the path the application takes: DNS (the system resolver and the
// VPC resolver, side by side), and once the system resolver has answered, one connection for
// TCP, the MySQL greeting and TLS, then a login. The endpoint's own DNS names are looked up
// alongside. Every step has its own limit inside the run's deadline, and a step that cannot run
// says why instead of being left out.
import type { Probes } from '../engine/facts.js';
import { createBudget } from './budget.js';
import { probeDirectResolvers, probeEndpointNames, probeSystemResolver } from './dns-steps.js';
import { probePath } from './path.js';
import type { Run } from './run.js';

/** What to probe and how. */
export interface ProbeRequest {
  host: string;
  port: number;
  tls: 'off' | 'preferred' | 'required';
  caFile?: string;
  user?: string;
  /** Handed to the login only; it appears in no result, error or log line. */
  password?: string;
  /** DNS servers to ask directly (`ip` or `ip:port`); the first is the VPC resolver. */
  resolvers: string[];
  /** The endpoint's own regional and zonal DNS names. */
  endpointDnsNames: string[];
  /** When the whole run must end (epoch ms). */
  deadline: number;
  signal?: AbortSignal;
  debug?: (namespace: string, message: string) => void;
  /** Limits per step; the defaults suit the default 30-second run. */
  timeouts?: Partial<ProbeTimeouts>;
  /** Replaces the machine's network in a simulated run; absent in real runs. */
  network?: ProbeNetwork;
}

/**
 * The network of a simulated run, so that no packet leaves loopback: the simulated system
 * resolver, and where the addresses it hands out are really reached.
 */
export interface ProbeNetwork {
  /** `ip:port` asked in place of the system resolver. */
  systemResolver: string;
  /** The loopback listener that plays `address:port`. */
  dial(address: string, port: number): { host: string; port: number };
}

/** How long each step may take, in milliseconds, before it is judged on its own. */
export interface ProbeTimeouts {
  /** One UDP try to a resolver (one more try follows a timeout), and the TCP retry. */
  dnsTry: number;
  systemDns: number;
  tcp: number;
  greeting: number;
  tls: number;
  auth: number;
}

/** The limits used when the request gives none. */
const DEFAULT_TIMEOUTS: ProbeTimeouts = {
  dnsTry: 2000,
  systemDns: 5000,
  tcp: 5000,
  greeting: 5000,
  tls: 5000,
  auth: 10000,
};

/** Runs every live probe; resolves with a result or a reason for each, never rejects. */
export async function runProbes(request: ProbeRequest): Promise<Probes> {
  const run: Run = {
    request,
    budget: createBudget(request.deadline, request.signal),
    timeouts: { ...DEFAULT_TIMEOUTS, ...request.timeouts },
  };

  try {
    const names = probeEndpointNames(run);
    const direct = probeDirectResolvers(run);
    // The connection needs only the system resolver's answer, as the application does: a slow
    // or silent resolver asked directly must not use up the connection's share of the deadline.
    const dnsSystem = await probeSystemResolver(run);
    const path = await probePath(run, dnsSystem);

    return { dnsSystem, ...(await direct), dnsEndpointNames: await names, ...path };
  } finally {
    run.budget.dispose();
  }
}
