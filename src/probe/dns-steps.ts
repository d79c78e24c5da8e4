// The DNS part of a run: the host name through the system resolver and through each resolver
// asked directly, and the endpoint's own names; all of them alongside the rest of the run.
import { getServers } from 'node:dns';
import { isIP } from 'node:net';

import type { DnsLookup, Probes } from '../engine/facts.js';
import { skipped } from '../engine/facts.js';
import { reasonText } from '../engine/reasons.js';
import { queryResolver } from './dns-direct.js';
import { probeSystemDns } from './dns-system.js';
import { step } from './run.js';
import type { Run } from './run.js';

/** Looks up the host with the system resolver, as the application does. */
export async function probeSystemResolver(run: Run): Promise<Probes['dnsSystem']> {
  const { host } = run.request;
  if (isIP(host)) return skipped('probe:dns:system', addressReason(host));

  return step(run, 'probe:dns:system', () => lookUp(run, host, undefined));
}

/** Looks up the host with every resolver given, asked directly. */
export async function probeDirectResolvers(
  run: Run,
): Promise<Pick<Probes, 'dnsVpc' | 'dnsOtherResolvers'>> {
  const { host, resolvers } = run.request;
  if (isIP(host)) return { dnsVpc: skipped('probe:dns:vpc', addressReason(host)) };

  const [first, ...others] = resolvers;
  const [dnsVpc, dnsOtherResolvers] = await Promise.all([
    first
      ? step(run, `probe:dns:${first}`, () => lookUp(run, host, first))
      : skipped<DnsLookup>('probe:dns:vpc', reasonText('noResolver')),
    others.length > 0
      ? step(run, 'probe:dns:others', () =>
          Promise.all(others.map((other) => lookUp(run, host, other))),
        )
      : undefined,
  ]);

  return { dnsVpc, ...(dnsOtherResolvers && { dnsOtherResolvers }) };
}

/** Looks up the endpoint's regional and zonal names. */
export async function probeEndpointNames(
  run: Run,
): Promise<NonNullable<Probes['dnsEndpointNames']>> {
  const { endpointDnsNames, resolvers } = run.request;
  const source = 'probe:dns:endpoint-names';
  if (endpointDnsNames.length === 0) {
    return skipped(source, reasonText('noEndpointNames'));
  }

  // The endpoint's names are public records, so any resolver can answer them; the VPC resolver
  // is preferred because it is the one private DNS depends on.
  return step(run, source, () =>
    Promise.all(endpointDnsNames.map((name) => lookUp(run, name, resolvers[0]))),
  );
}

function addressReason(host: string): string {
  return reasonText('hostIsAddress', { host });
}

async function lookUp(run: Run, name: string, resolver: string | undefined): Promise<DnsLookup> {
  const { budget, timeouts, request } = run;
  const options = {
    tryTimeoutMs: timeouts.dnsTry,
    signal: budget.signal,
    debug: (message: string) => request.debug?.('dns', message),
  };
  if (resolver) return queryResolver(name, resolver, options);

  const simulated = request.network?.systemResolver;
  if (simulated) {
    const lookup = await queryResolver(name, simulated, options);

    return { ...lookup, resolver: 'system', servers: [simulated] };
  }

  // The servers the application's resolver would ask, as Node read them from the system's
  // configuration: a support engineer sees a custom DNS server without asking for resolv.conf.
  const lookup = await probeSystemDns(name, {
    timeoutMs: timeouts.systemDns,
    signal: budget.signal,
  });

  return { ...lookup, servers: getServers() };
}
