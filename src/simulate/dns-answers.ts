// What the simulated resolvers answer for a name. The VPC resolver works it out from the account
// the way Route 53 Resolver would, in this order:
//
// 1. a name listed in `dns.records` gets that answer;
// 2. with `enableDnsSupport` off, the VPC resolver does not answer at all (a timeout);
// 3. the most specific Resolver rule for the name decides: FORWARD sends it to a server this
//    simulator does not play, which knows nothing of it (NXDOMAIN);
// 4. a customer private hosted zone that covers the name answers from its records, or NXDOMAIN.
//    This follows the specification's account of shadowing: the zone wins over the endpoint's
//    private DNS name, whether it is the name itself or a parent of it;
// 5. with `enableDnsHostnames` on, an available endpoint in the VPC with private DNS enabled
//    answers the service's private DNS name with its network interfaces' addresses;
// 6. the endpoints' regional and zonal names are public, so they resolve however the VPC is set;
// 7. anything else does not exist (NXDOMAIN): the simulated internet holds no other names.
//
// The system resolver answers the same, except for the names listed in `dns.system`.

import type { DnsAnswerSpec, Scenario } from './scenario.js';
import { endpointAddresses, endpointDnsNames, zonalAddress } from './endpoint-names.js';

/** A resolver's reply to one A query, or the lack of one. */
export type DnsOutcome =
  | {
      rcode: 'NOERROR' | 'NXDOMAIN' | 'SERVFAIL';
      addresses: string[];
      ttl: number;
      truncate: boolean;
    }
  | { rcode: 'TIMEOUT' };

/** Which simulated resolver is asked. */
export type ResolverView = 'vpc' | 'system';

/** The reply of one resolver to an A query for `name`. */
export function answerFor(s: Scenario, view: ResolverView, name: string): DnsOutcome {
  const wanted = normalize(name);
  const listed = view === 'system' ? lookupSpec(s.dns.system, wanted) : undefined;

  return toOutcome(s, listed ?? lookupSpec(s.dns.records, wanted) ?? vpcAnswer(s, wanted));
}

function vpcAnswer(s: Scenario, name: string): DnsAnswerSpec {
  const subnet = s.subnets[s.instances[s.clientInstanceId]?.subnetId ?? ''];
  const vpcId = subnet?.vpcId ?? '';
  const vpc = s.vpcs[vpcId];
  if (!vpc?.enableDnsSupport) return 'TIMEOUT';

  const rules = Object.values(s.resolverRules).filter((rule) => rule.vpcIds.includes(vpcId));
  const rule = mostSpecific(rules, (r) => r.domainName, name);
  if (rule?.ruleType === 'FORWARD') return 'NXDOMAIN';

  const zones = Object.values(s.hostedZones).filter((zone) => zone.vpcIds.includes(vpcId));
  const zone = mostSpecific(zones, (z) => z.name, name);
  if (zone) {
    const record = Object.entries(zone.records ?? {}).find(([key]) => normalize(key) === name);
    return record ? record[1] : 'NXDOMAIN';
  }

  for (const [id, endpoint] of Object.entries(s.vpcEndpoints)) {
    const names = endpointDnsNames(s, id, endpoint);
    const privateName = names.find((n) => n.kind === 'private' && normalize(n.dnsName) === name);
    const inVpc = endpoint.vpcId === vpcId && endpoint.state === 'available';
    if (privateName && inVpc && vpc.enableDnsHostnames) return endpointAddresses(s, endpoint);

    const own = names.find((n) => n.kind !== 'private' && normalize(n.dnsName) === name);
    if (!own) continue;
    if (!own.availabilityZone) return endpointAddresses(s, endpoint);

    const address = zonalAddress(s, endpoint, own.availabilityZone);
    return address ? [address] : 'NXDOMAIN';
  }

  return 'NXDOMAIN';
}

function toOutcome(s: Scenario, spec: DnsAnswerSpec): DnsOutcome {
  if (spec === 'TIMEOUT') return { rcode: 'TIMEOUT' };
  if (spec === 'NXDOMAIN' || spec === 'SERVFAIL') {
    return { rcode: spec, addresses: [], ttl: s.dns.ttl, truncate: false };
  }
  if (Array.isArray(spec))
    return { rcode: 'NOERROR', addresses: spec, ttl: s.dns.ttl, truncate: false };

  return {
    rcode: 'NOERROR',
    addresses: spec.answers,
    ttl: spec.ttl ?? s.dns.ttl,
    truncate: spec.truncate ?? false,
  };
}

function lookupSpec(map: Record<string, DnsAnswerSpec>, name: string): DnsAnswerSpec | undefined {
  return Object.entries(map).find(([key]) => normalize(key) === name)?.[1];
}

// The item whose domain is the name or its nearest parent; `.` covers every name.
function mostSpecific<T>(list: T[], domainOf: (item: T) => string, name: string): T | undefined {
  const covering = list.filter((item) => {
    const domain = normalize(domainOf(item));
    return domain === '' || name === domain || name.endsWith(`.${domain}`);
  });

  return covering.sort((a, b) => normalize(domainOf(b)).length - normalize(domainOf(a)).length)[0];
}

function normalize(name: string): string {
  return name.toLowerCase().replace(/\.+$/, '');
}
