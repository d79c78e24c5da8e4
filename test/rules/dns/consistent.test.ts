import { describe, expect, it } from 'vitest';

import type { DnsAnswer, ProbeValues } from '../../../src/engine/facts.js';
import rule from '../../../rules/dns/consistent.js';
import { runRule, type Situation } from '../../helpers/run-rule.js';

const a = (...addresses: string[]): DnsAnswer[] => addresses.map((data) => ({ type: 'A', data }));

const cases: Array<[string, Situation, string, RegExp]> = [
  [
    'passes when both resolvers give the same answers',
    {},
    'pass',
    /agree on '.*': 10\.0\.1\.25, 10\.0\.2\.25/,
  ],
  [
    'passes when each gives a different subset of the endpoint addresses',
    {
      probes: (p) => {
        p.dnsSystem.answers = a('10.0.1.25');
        p.dnsVpc.answers = a('10.0.2.25');
      },
    },
    'pass',
    /agree/,
  ],
  [
    'passes when both say the name has no address',
    {
      probes: (p) => {
        Object.assign(p.dnsSystem, { rcode: 'NXDOMAIN', answers: [] });
        Object.assign(p.dnsVpc, { rcode: 'NXDOMAIN', answers: [] });
      },
    },
    'pass',
    /agree that '.*' has no address \(NXDOMAIN\)/,
  ],
  [
    'warns when a hosts-file entry pins another address',
    { probes: (p) => void (p.dnsSystem.answers = a('10.0.7.7')) },
    'warn',
    /system resolver answers 10\.0\.7\.7 but the VPC resolver '10\.0\.0\.2:53' answers 10\.0\.1\.25, 10\.0\.2\.25/,
  ],
  [
    'warns when only the system resolver knows the name',
    { probes: (p) => Object.assign(p.dnsVpc, { rcode: 'NXDOMAIN', answers: [] }) },
    'warn',
    /Only the system resolver resolves .* the VPC resolver '10\.0\.0\.2:53' says NXDOMAIN/,
  ],
  [
    'warns when only the VPC resolver knows the name',
    { probes: (p) => Object.assign(p.dnsSystem, { rcode: 'NXDOMAIN', answers: [] }) },
    'warn',
    /the system resolver says NXDOMAIN: this host does not ask the VPC resolver/,
  ],
  [
    'warns when a further resolver answers differently',
    {
      probes: (p: ProbeValues) =>
        void (p.dnsOtherResolvers = [
          { ...p.dnsVpc, resolver: '169.254.169.253:53', answers: a('203.0.113.9') },
        ]),
    },
    'warn',
    /Resolver '169\.254\.169\.253:53' answers 203\.0\.113\.9/,
  ],
  [
    'cannot decide when the VPC resolver does not answer',
    { probes: (p) => Object.assign(p.dnsVpc, { rcode: 'TIMEOUT', answers: [] }) },
    'unknown',
    /The VPC resolver '10\.0\.0\.2:53' gave no answer \(TIMEOUT\)/,
  ],
  [
    'cannot decide when the VPC resolver refuses to answer',
    { probes: (p) => Object.assign(p.dnsVpc, { rcode: 'REFUSED', answers: [] }) },
    'unknown',
    /gave no answer \(REFUSED\), so the answers cannot be compared/,
  ],
];

describe('dns.consistent', () => {
  it.each(cases)('%s', (_name, situation, status, message) => {
    const result = runRule(rule, situation);

    expect(result.status).toBe(status);
    expect(result.message).toMatch(message);
  });

  it('names the resolver to ask in its commands', () => {
    const result = runRule(rule, { probes: (p) => void (p.dnsSystem.answers = a('10.0.7.7')) });

    expect(result.remediation?.cli).toContain(
      'dig +short privatelink-12345678.abcdefghij.clusters.tidb-cloud.com @10.0.0.2',
    );
  });

  it('gives dig the port of a resolver on another port', () => {
    const result = runRule(rule, {
      probes: (p) => {
        p.dnsSystem.answers = a('10.0.7.7');
        p.dnsVpc.resolver = '[::1]:5353';
      },
    });

    expect(result.remediation?.cli).toContain(
      'dig +short privatelink-12345678.abcdefghij.clusters.tidb-cloud.com @::1 -p 5353',
    );
  });
});
