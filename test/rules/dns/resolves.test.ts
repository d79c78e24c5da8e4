import { describe, expect, it } from 'vitest';

import type { DnsLookup, ProbeValues } from '../../../src/engine/facts.js';
import rule from '../../../rules/dns/resolves.js';
import { runRule, type Situation } from '../../helpers/run-rule.js';

const HOST = 'privatelink-12345678.abcdefghij.clusters.tidb-cloud.com';

/** The system resolver gives `system`; the VPC resolver finds nothing either. */
function systemGives(system: Partial<DnsLookup>): Situation {
  return {
    probes: (p: ProbeValues) => {
      Object.assign(p.dnsSystem, { answers: [] }, system);
      Object.assign(p.dnsVpc, { rcode: 'NXDOMAIN', answers: [] });
    },
  };
}

const cases: Array<[string, Situation, string, RegExp]> = [
  ['passes when the host name resolves', {}, 'pass', /resolves to 10\.0\.1\.25, 10\.0\.2\.25$/],
  [
    'fails when the name does not exist',
    systemGives({ rcode: 'NXDOMAIN' }),
    'fail',
    new RegExp(`'${HOST}' does not exist for the system resolver \\(NXDOMAIN\\)`),
  ],
  [
    'fails when the name has no address records',
    systemGives({ rcode: 'NOERROR' }),
    'fail',
    /has no address records for the system resolver \(NOERROR\)/,
  ],
  [
    'fails when the system resolver fails',
    systemGives({ rcode: 'SERVFAIL', errorCode: 'EAI_AGAIN' }),
    'fail',
    /failed to resolve .*: SERVFAIL \(EAI_AGAIN\)/,
  ],
  [
    'fails when the system resolver does not answer in time',
    systemGives({ rcode: 'TIMEOUT', durationMs: 5000 }),
    'fail',
    /gave no answer for .* within 5000 ms/,
  ],
  [
    'fails, pointing at the resolver setup, when only the VPC resolver answers',
    { probes: (p) => Object.assign(p.dnsSystem, { rcode: 'NXDOMAIN', answers: [] }) },
    'fail',
    /\(NXDOMAIN\), yet the VPC resolver '10\.0\.0\.2:53' answers 10\.0\.1\.25, 10\.0\.2\.25: this host does not ask the VPC resolver/,
  ],
  [
    'does not take an alias without an address from the VPC resolver for an answer',
    {
      probes: (p) => {
        Object.assign(p.dnsSystem, { rcode: 'NXDOMAIN', answers: [] });
        p.dnsVpc.answers = [{ type: 'CNAME', data: 'vpce-elsewhere.example', ttl: 60 }];
      },
    },
    'fail',
    /does not exist for the system resolver \(NXDOMAIN\)$/,
  ],
];

describe('dns.resolves', () => {
  it.each(cases)('%s', (_name, situation, status, message) => {
    const result = runRule(rule, situation);

    expect(result.status).toBe(status);
    expect(result.message).toMatch(message);
  });

  it('fills the commands with the endpoint and VPC ids', () => {
    const result = runRule(rule, systemGives({ rcode: 'NXDOMAIN' }));

    expect(result.remediation?.cli).toContain(
      'aws ec2 describe-vpc-attribute --vpc-id vpc-0123456789abcdef0 --attribute enableDnsHostnames',
    );
  });

  it('tells how to point the host at the VPC resolver when only that one answers', () => {
    const result = runRule(rule, {
      probes: (p) => Object.assign(p.dnsSystem, { rcode: 'NXDOMAIN', answers: [] }),
    });

    expect(result.remediation?.cli).toContain('cat /etc/resolv.conf');
  });

  it('speaks Japanese', () => {
    const result = runRule(rule, { lang: 'ja' });

    expect(result.message).toBe(`'${HOST}' は 10.0.1.25, 10.0.2.25 に解決されます`);
  });
});
