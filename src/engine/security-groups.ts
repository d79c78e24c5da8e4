// Security groups only allow, never deny, and they are stateful: traffic passes when any
// permission of any group on the interface covers both the port and the peer, and only the
// direction that opens the connection needs one.
import type { PrefixList, SecurityGroup, SgPermission } from './facts.js';
import { cidrContains } from './address.js';

/** The other end of a connection, as a permission's CIDRs, groups and prefix lists name it. */
export interface SgPeer {
  /** Addresses, or CIDR blocks when the peer is a whole network: any overlap then counts. */
  addresses: readonly string[];
  /** The security groups on the peer's interface; `'any'` when a reference to any group counts. */
  groupIds: readonly string[] | 'any';
}

/** One thing a permission names: a CIDR block, a security group or a prefix list. */
export interface SgSource {
  kind: 'cidr' | 'group' | 'prefix-list';
  value: string;
}

/** The result of matching one permission's sources against a peer. */
export type PermissionMatch =
  | { outcome: 'match'; source: SgSource }
  | { outcome: 'undecidable'; prefixListIds: string[] }
  | { outcome: 'no-match' };

/** A source that opens the port, and the group it belongs to. */
export interface SgOpening {
  groupId: string;
  source: SgSource;
}

/** Whether traffic on a port passes a set of groups, and the permission that decided it. */
export type SgVerdict =
  | { outcome: 'admitted'; groupId: string; permission: SgPermission; source: SgSource }
  | { outcome: 'undecidable'; prefixListIds: string[]; openTo: SgOpening[] }
  | { outcome: 'denied'; openTo: SgOpening[] };

/** Which list of permissions to read: inbound or outbound. */
export type SgDirection = 'ingress' | 'egress';

const ALL_PROTOCOLS = '-1';
const TCP = new Set(['tcp', '6']);

/** Whether the permission covers TCP traffic to `port`: protocol `-1`, or TCP with the port in range. */
export function permissionAllowsPort(permission: SgPermission, port: number): boolean {
  const protocol = permission.protocol.toLowerCase();
  if (protocol === ALL_PROTOCOLS) return true;
  if (!TCP.has(protocol)) return false;

  // EC2 always sends ports with a TCP permission; a missing or -1 bound is read as unbounded.
  const from = isPort(permission.fromPort) ? permission.fromPort : 0;
  const to = isPort(permission.toPort) ? permission.toPort : 65535;

  return from <= port && port <= to;
}

/** Whether two CIDR blocks (or single addresses) share at least one address. */
export function cidrsOverlap(a: string, b: string): boolean {
  // Prefix blocks are aligned, so two of them overlap exactly when one holds the other's base.
  return cidrContains(a, baseOf(b)) || cidrContains(b, baseOf(a));
}

/** Matches one permission's sources against the peer; an unknown prefix list is undecidable. */
export function matchPermissionPeer(
  permission: SgPermission,
  peer: SgPeer,
  prefixLists: readonly PrefixList[],
): PermissionMatch {
  const cidr = [...permission.ipv4Ranges, ...permission.ipv6Ranges].find((range) =>
    overlapsPeer(range, peer),
  );
  if (cidr) return { outcome: 'match', source: { kind: 'cidr', value: cidr } };

  const group = permission.groupIds.find(
    (id) => peer.groupIds === 'any' || peer.groupIds.includes(id),
  );
  if (group) return { outcome: 'match', source: { kind: 'group', value: group } };

  const entriesOf = (id: string) => prefixLists.find((list) => list.id === id)?.cidrs;
  const holding = permission.prefixListIds.find((id) =>
    entriesOf(id)?.some((entry) => overlapsPeer(entry, peer)),
  );
  if (holding) return { outcome: 'match', source: { kind: 'prefix-list', value: holding } };

  const unknown = permission.prefixListIds.filter((id) => !entriesOf(id));
  if (unknown.length > 0) return { outcome: 'undecidable', prefixListIds: unknown };

  return { outcome: 'no-match' };
}

/**
 * Finds a permission in `groups` that lets TCP traffic on `port` through to or from `peer`.
 * A definite match wins over a prefix list whose entries are not known.
 */
export function findAdmittingPermission(
  groups: readonly SecurityGroup[],
  direction: SgDirection,
  port: number,
  peer: SgPeer,
  prefixLists: readonly PrefixList[] = [],
): SgVerdict {
  const unknownLists = new Set<string>();
  const openTo: SgOpening[] = [];

  for (const group of groups) {
    for (const permission of group[direction]) {
      if (!permissionAllowsPort(permission, port)) continue;

      const match = matchPermissionPeer(permission, peer, prefixLists);
      if (match.outcome === 'match') {
        return { outcome: 'admitted', groupId: group.id, permission, source: match.source };
      }
      if (match.outcome === 'undecidable') {
        for (const id of match.prefixListIds) unknownLists.add(id);
      }
      openTo.push(...sourcesOf(permission).map((source) => ({ groupId: group.id, source })));
    }
  }

  if (unknownLists.size > 0) {
    return { outcome: 'undecidable', prefixListIds: [...unknownLists], openTo };
  }

  return { outcome: 'denied', openTo };
}

/** Every source a permission names, in the order EC2 lists them. */
export function sourcesOf(permission: SgPermission): SgSource[] {
  return [
    ...permission.ipv4Ranges.map((value) => ({ kind: 'cidr' as const, value })),
    ...permission.ipv6Ranges.map((value) => ({ kind: 'cidr' as const, value })),
    ...permission.groupIds.map((value) => ({ kind: 'group' as const, value })),
    ...permission.prefixListIds.map((value) => ({ kind: 'prefix-list' as const, value })),
  ];
}

/** The distinct sources of `openings`, each in single quotes, for a message. */
export function quoteSources(openings: readonly SgOpening[]): string {
  return quoteAll(openings.map((opening) => opening.source.value));
}

/** Distinct values in single quotes, joined by commas, as messages show lists. */
export function quoteAll(values: readonly string[]): string {
  return [...new Set(values)].map((value) => `'${value}'`).join(', ');
}

function overlapsPeer(range: string, peer: SgPeer): boolean {
  return peer.addresses.some((address) => cidrsOverlap(range, address));
}

function baseOf(cidr: string): string {
  return cidr.split('/')[0] ?? cidr;
}

function isPort(value: number | undefined): value is number {
  return value !== undefined && value >= 0;
}
