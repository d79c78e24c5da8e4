import { describe, expect, it } from 'vitest';

import type { NaclEntry, NetworkAcl } from '../../src/engine/facts.js';
import {
  checkTcpPath,
  evaluateNacl,
  formatPorts,
  freeRuleNumberBelow,
} from '../../src/engine/network-acls.js';

const ANY = '0.0.0.0/0';

function acl(entries: NaclEntry[]): NetworkAcl {
  return { id: 'acl-test', vpcId: 'vpc-test', isDefault: false, subnetIds: ['subnet-a'], entries };
}

function entry(ruleNumber: number, action: 'allow' | 'deny', extra: Partial<NaclEntry> = {}) {
  return { ruleNumber, action, protocol: '-1', egress: false, cidrBlock: ANY, ...extra };
}

const CATCH_ALL = entry(32767, 'deny');
const inbound4000 = { egress: false, peer: '10.0.1.12', ports: { from: 4000, to: 4000 } };
const replies = { egress: true, peer: '10.0.1.12', ports: { from: 1024, to: 65535 } };

describe('evaluateNacl', () => {
  it('allows what the first matching entry allows', () => {
    const verdict = evaluateNacl(acl([entry(100, 'allow'), CATCH_ALL]), inbound4000);

    expect(verdict).toEqual({ allowed: true, allowedPorts: [{ from: 4000, to: 4000 }] });
  });

  it('reads entries in rule-number order, not in the order they are listed', () => {
    const deny = entry(90, 'deny', { protocol: '6', portRange: { from: 4000, to: 4000 } });
    const verdict = evaluateNacl(acl([entry(100, 'allow'), CATCH_ALL, deny]), inbound4000);

    expect(verdict.allowed).toBe(false);
    expect(verdict.deniedBy).toBe(90);
  });

  it('lets an earlier allow win over a later deny', () => {
    const allow = entry(50, 'allow', { protocol: '6', portRange: { from: 4000, to: 4000 } });
    const verdict = evaluateNacl(acl([entry(60, 'deny'), allow, CATCH_ALL]), inbound4000);

    expect(verdict.allowed).toBe(true);
  });

  it('ends in the catch-all deny when nothing matches', () => {
    const udp = entry(100, 'allow', { protocol: '17' });
    const otherNet = entry(110, 'allow', { cidrBlock: '192.168.0.0/16' });

    expect(evaluateNacl(acl([udp, otherNet]), inbound4000).deniedBy).toBe(32767);
  });

  it('passes over ICMP and UDP denies that come first', () => {
    const icmp = entry(10, 'deny', { protocol: '1' });
    const icmpV6 = entry(11, 'deny', {
      protocol: '58',
      cidrBlock: undefined,
      ipv6CidrBlock: '::/0',
    });
    const udp = entry(20, 'deny', { protocol: '17', portRange: { from: 4000, to: 4000 } });
    const verdict = evaluateNacl(
      acl([icmp, icmpV6, udp, entry(100, 'allow'), CATCH_ALL]),
      inbound4000,
    );

    expect(verdict).toEqual({ allowed: true, allowedPorts: [{ from: 4000, to: 4000 }] });
  });

  it('keeps egress and ingress entries apart', () => {
    const verdict = evaluateNacl(acl([entry(100, 'allow', { egress: true })]), inbound4000);

    expect(verdict.allowed).toBe(false);
  });

  it('splits the return ports between entries and reports what is left open', () => {
    const narrow = entry(100, 'allow', {
      egress: true,
      protocol: '6',
      portRange: { from: 32768, to: 65535 },
    });
    const verdict = evaluateNacl(acl([narrow, entry(32767, 'deny', { egress: true })]), replies);

    expect(verdict).toEqual({
      allowed: false,
      allowedPorts: [{ from: 32768, to: 65535 }],
      deniedBy: 32767,
    });
  });

  it('joins neighbouring allowed ranges into one', () => {
    const low = entry(100, 'allow', {
      egress: true,
      protocol: '6',
      portRange: { from: 1024, to: 30000 },
    });
    const high = entry(110, 'allow', {
      egress: true,
      protocol: '6',
      portRange: { from: 30001, to: 65535 },
    });

    expect(evaluateNacl(acl([high, low]), replies)).toEqual({
      allowed: true,
      allowedPorts: [{ from: 1024, to: 65535 }],
    });
  });

  it('names the lowest deny when a deny cuts a hole in the return ports', () => {
    const hole = entry(80, 'deny', {
      egress: true,
      protocol: '6',
      portRange: { from: 5000, to: 5100 },
    });
    const verdict = evaluateNacl(acl([hole, entry(100, 'allow', { egress: true })]), replies);

    expect(verdict.deniedBy).toBe(80);
    expect(formatPorts(verdict.allowedPorts)).toBe('1024-4999, 5101-65535');
  });

  it('matches IPv6 peers only against IPv6 entries', () => {
    const v6flow = { ...inbound4000, peer: '2600:1f14:aaaa::12' };
    const v4only = acl([entry(100, 'allow'), CATCH_ALL]);
    const v6allow = entry(101, 'allow', { cidrBlock: undefined, ipv6CidrBlock: '::/0' });

    expect(evaluateNacl(v4only, v6flow).deniedBy).toBe(32767);
    expect(evaluateNacl(acl([v6allow, CATCH_ALL]), v6flow).allowed).toBe(true);
    expect(evaluateNacl(acl([v6allow, CATCH_ALL]), inbound4000).allowed).toBe(false);
  });

  it('matches the peer against the entry CIDR', () => {
    const inside = entry(100, 'allow', { cidrBlock: '10.0.1.0/24' });

    expect(evaluateNacl(acl([inside]), inbound4000).allowed).toBe(true);
    expect(evaluateNacl(acl([inside]), { ...inbound4000, peer: '10.0.2.12' }).allowed).toBe(false);
  });
});

describe('checkTcpPath', () => {
  const open = acl([entry(100, 'allow'), entry(100, 'allow', { egress: true })]);
  const path = {
    clientIp: '10.0.1.12',
    endpointIp: '10.0.2.25',
    port: 4000,
    client: { subnetId: 'subnet-a', acl: open },
  };

  it('finds nothing when both ACLs are open', () => {
    expect(checkTcpPath({ ...path, endpoint: { subnetId: 'subnet-b', acl: open } })).toEqual([]);
  });

  it('finds the stateless return path closed on the endpoint side', () => {
    const inboundOnly = acl([entry(100, 'allow')]);
    const findings = checkTcpPath({
      ...path,
      endpoint: { subnetId: 'subnet-b', acl: inboundOnly },
    });

    expect(findings.map((finding) => finding.leg)).toEqual(['endpointEgress']);
    expect(findings[0]?.flow).toEqual({
      egress: true,
      peer: '10.0.1.12',
      ports: { from: 1024, to: 65535 },
    });
  });

  it('checks each of the four legs with the right peer and ports', () => {
    const closed = acl([]);
    const findings = checkTcpPath({
      ...path,
      client: { subnetId: 'subnet-a', acl: closed },
      endpoint: { subnetId: 'subnet-b', acl: closed },
    });

    expect(findings.map(({ leg, flow }) => [leg, flow.peer, formatPorts([flow.ports])])).toEqual([
      ['clientEgress', '10.0.2.25', '4000'],
      ['endpointIngress', '10.0.1.12', '4000'],
      ['endpointEgress', '10.0.1.12', '1024-65535'],
      ['clientIngress', '10.0.2.25', '1024-65535'],
    ]);
  });

  it('checks only the endpoint side when the client subnet is unknown', () => {
    const closed = acl([]);
    const findings = checkTcpPath({
      ...path,
      client: undefined,
      endpoint: { subnetId: 'subnet-b', acl: closed },
    });

    expect(findings.map((finding) => finding.leg)).toEqual(['endpointIngress', 'endpointEgress']);
  });
});

describe('freeRuleNumberBelow', () => {
  it('picks the highest unused number below the deny, per direction', () => {
    const rules = acl([
      entry(99, 'allow'),
      entry(100, 'deny'),
      entry(98, 'allow', { egress: true }),
    ]);

    expect(freeRuleNumberBelow(rules, false, 100)).toBe(98);
    expect(freeRuleNumberBelow(rules, true, 100)).toBe(99);
    expect(freeRuleNumberBelow(acl([entry(1, 'deny')]), false, 1)).toBeUndefined();
  });
});
