// What a private hosted zone answers for a name, read from the records the Route 53 collector
// found for it, and whether that answer leads to the endpoint.
import type { HostedZone, NetworkInterface, VpcEndpoint, ZoneRecord } from './facts.js';
import { isSameDnsName, normalizeDnsName } from './dns-names.js';

/** What a zone answers for a name, and whether that answer is the endpoint's. */
export interface ZoneAnswer {
  verdict: 'unread' | 'none' | 'endpoint' | 'elsewhere' | 'unverified';
  answer: string;
}

// Record types that give a client something to connect to; an alias counts as what it names.
const ADDRESS_TYPES = new Set(['A', 'AAAA', 'CNAME']);

/**
 * What the zone answers for the host: the endpoint (its names or ENI addresses), something else,
 * nothing, or not known because the records were not read for this very name.
 */
export function readZoneAnswer(
  zone: HostedZone,
  host: string,
  endpoint: VpcEndpoint | null | undefined,
  interfaces: readonly NetworkInterface[] | undefined,
): ZoneAnswer {
  const lookup = zone.hostRecords;
  if (!lookup?.records || !isSameDnsName(lookup.name, host))
    return { verdict: 'unread', answer: '' };

  const answers = lookup.records.filter((record) => ADDRESS_TYPES.has(record.type.toUpperCase()));
  const answer = answers.map(describeRecord).join("', '");
  if (answers.length === 0) return { verdict: 'none', answer };

  const names = new Set(
    (endpoint?.dnsEntries ?? []).map((entry) => normalizeDnsName(entry.dnsName)),
  );
  names.delete(normalizeDnsName(host));
  const addresses =
    interfaces &&
    new Set(interfaces.flatMap((eni) => [...eni.privateIpAddresses, ...eni.ipv6Addresses]));
  const verdicts = answers.map((record) => {
    const target =
      record.aliasTarget ?? (record.type.toUpperCase() === 'CNAME' ? record.values[0] : undefined);
    if (target !== undefined) return names.has(normalizeDnsName(target)) ? 'endpoint' : 'elsewhere';
    if (!addresses) return 'unverified';

    const ours = record.values.length > 0 && record.values.every((value) => addresses.has(value));
    return ours ? 'endpoint' : 'elsewhere';
  });
  const verdict = (['elsewhere', 'unverified'] as const).find((worst) => verdicts.includes(worst));

  return { verdict: verdict ?? 'endpoint', answer };
}

function describeRecord(record: ZoneRecord): string {
  if (record.aliasTarget) return `${record.type} alias ${normalizeDnsName(record.aliasTarget)}`;

  return [record.type, ...record.values].join(' ');
}
