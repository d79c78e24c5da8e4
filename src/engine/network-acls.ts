// Network ACLs are stateless and ordered: entries are read in ascending rule number and the
// first entry that matches a packet decides it. A range of ports can therefore be split, some
// ports allowed by one entry and the rest denied by a later one, so whole ranges are tracked.
import type { NaclEntry, NetworkAcl } from './facts.js';
import { cidrContains, familyOf } from './address.js';

/** An inclusive range of TCP ports. */
export interface PortRange {
  from: number;
  to: number;
}

/** TCP traffic crossing one network ACL in one direction. */
export interface NaclFlow {
  /** True for traffic leaving the subnet, false for traffic entering it. */
  egress: boolean;
  /** The far side: the destination of egress traffic, the source of ingress traffic. */
  peer: string;
  /** The destination ports the traffic may use. */
  ports: PortRange;
}

/** What a network ACL does with a flow. */
export interface NaclVerdict {
  /** True when every port of the flow is allowed. */
  allowed: boolean;
  /** The allowed parts of the flow's port range, merged and in order. */
  allowedPorts: PortRange[];
  /** The lowest-numbered entry that denies part of the flow; 32767 when nothing matched. */
  deniedBy?: number;
}

/** The return ports a client may use; AWS advises opening all of them in network ACLs. */
const EPHEMERAL_PORTS: PortRange = { from: 1024, to: 65535 };

/** The number AWS shows as `*`: the catch-all deny every network ACL ends with. */
export const CATCH_ALL_RULE = 32767;

const ALL_PORTS: PortRange = { from: 0, to: 65535 };

/** Evaluates a TCP flow against a network ACL, first match wins, per port. */
export function evaluateNacl(acl: NetworkAcl, flow: NaclFlow): NaclVerdict {
  const entries = acl.entries
    .filter((entry) => entry.egress === flow.egress && matchesTcpPeer(entry, flow.peer))
    .sort((a, b) => a.ruleNumber - b.ruleNumber);

  let undecided: PortRange[] = [flow.ports];
  const allowed: PortRange[] = [];
  let deniedBy: number | undefined;

  for (const entry of entries) {
    if (undecided.length === 0) break;

    const covered = entry.protocol === '-1' ? ALL_PORTS : (entry.portRange ?? ALL_PORTS);
    const hit = undecided.flatMap((range) => intersect(range, covered));
    undecided = undecided.flatMap((range) => subtract(range, covered));
    if (hit.length === 0) continue;

    if (entry.action === 'allow') allowed.push(...hit);
    else deniedBy ??= entry.ruleNumber;
  }

  if (undecided.length > 0) deniedBy ??= CATCH_ALL_RULE;

  return {
    allowed: deniedBy === undefined,
    allowedPorts: merge(allowed),
    ...(deniedBy !== undefined && { deniedBy }),
  };
}

/** The four crossings of a client-to-endpoint TCP connection, in the order packets make them. */
export type NaclLeg = 'clientEgress' | 'endpointIngress' | 'endpointEgress' | 'clientIngress';

/** A subnet on the path and the network ACL associated with it. */
export interface NaclHop {
  subnetId: string;
  acl: NetworkAcl;
}

/** One crossing that does not let the whole flow through. */
export interface NaclFinding {
  leg: NaclLeg;
  hop: NaclHop;
  flow: NaclFlow;
  verdict: NaclVerdict;
}

/**
 * Checks a TCP connection from a client to one endpoint address through both subnets' network
 * ACLs: the request on `port` each way in, the replies on the ephemeral ports each way back.
 * The client's hop is absent when its subnet is outside the VPC; only the endpoint side is
 * checked then.
 */
export function checkTcpPath(path: {
  client?: NaclHop;
  clientIp: string;
  endpoint: NaclHop;
  endpointIp: string;
  port: number;
}): NaclFinding[] {
  const { client, clientIp, endpoint, endpointIp } = path;
  const service = { from: path.port, to: path.port };
  const legs: Array<[NaclLeg, NaclHop | undefined, NaclFlow]> = [
    ['clientEgress', client, { egress: true, peer: endpointIp, ports: service }],
    ['endpointIngress', endpoint, { egress: false, peer: clientIp, ports: service }],
    ['endpointEgress', endpoint, { egress: true, peer: clientIp, ports: EPHEMERAL_PORTS }],
    ['clientIngress', client, { egress: false, peer: endpointIp, ports: EPHEMERAL_PORTS }],
  ];

  return legs.flatMap(([leg, hop, flow]) => {
    if (!hop) return [];

    const verdict = evaluateNacl(hop.acl, flow);

    return verdict.allowed ? [] : [{ leg, hop, flow, verdict }];
  });
}

/** The highest rule number below `below` that the ACL does not use in that direction. */
export function freeRuleNumberBelow(
  acl: NetworkAcl,
  egress: boolean,
  below: number,
): number | undefined {
  const used = new Set(acl.entries.filter((e) => e.egress === egress).map((e) => e.ruleNumber));
  for (let number = below - 1; number >= 1; number -= 1) {
    if (!used.has(number)) return number;
  }

  return undefined;
}

/** Formats port ranges for a message: `4000`, `1024-65535`, `1024-2000, 3000-65535`. */
export function formatPorts(ranges: readonly PortRange[]): string {
  return ranges.map(({ from, to }) => (from === to ? `${from}` : `${from}-${to}`)).join(', ');
}

// Protocol '6' is TCP, '-1' is every protocol; the console's 'tcp' spelling is accepted too.
function matchesTcpPeer(entry: NaclEntry, peer: string): boolean {
  if (!['6', '-1', 'tcp'].includes(entry.protocol.toLowerCase())) return false;

  const cidr = familyOf(peer) === 'ipv6' ? entry.ipv6CidrBlock : entry.cidrBlock;

  return cidr !== undefined && cidrContains(cidr, peer);
}

function intersect(a: PortRange, b: PortRange): PortRange[] {
  const from = Math.max(a.from, b.from);
  const to = Math.min(a.to, b.to);

  return from <= to ? [{ from, to }] : [];
}

function subtract(a: PortRange, b: PortRange): PortRange[] {
  const left = { from: a.from, to: Math.min(a.to, b.from - 1) };
  const right = { from: Math.max(a.from, b.to + 1), to: a.to };

  return [left, right].filter((range) => range.from <= range.to);
}

function merge(ranges: PortRange[]): PortRange[] {
  const sorted = [...ranges].sort((a, b) => a.from - b.from);
  const merged: PortRange[] = [];
  for (const range of sorted) {
    const last = merged.at(-1);
    if (last && range.from <= last.to + 1) last.to = Math.max(last.to, range.to);
    else merged.push({ ...range });
  }

  return merged;
}
