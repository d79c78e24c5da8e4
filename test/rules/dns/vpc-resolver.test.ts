import { describe, expect, it } from 'vitest';

import rule from '../../../rules/dns/vpc-resolver.js';
import { runRule, type Situation } from '../../helpers/run-rule.js';

const servers = (...list: string[]): Situation => ({
  facts: (f) => void (f.dhcpOptions!.domainNameServers = list),
});

const cases: Array<[string, Situation, string, RegExp]> = [
  ['passes with AmazonProvidedDNS', {}, 'pass', /'dopt-0aaaa1111bbbb2222' use AmazonProvidedDNS/],
  [
    'passes when the server listed is the VPC resolver itself',
    servers('10.0.0.2'),
    'pass',
    /use AmazonProvidedDNS/,
  ],
  [
    'passes with the link-local Amazon DNS address',
    servers('169.254.169.253'),
    'pass',
    /AmazonProvidedDNS/,
  ],
  [
    'notes AmazonProvidedDNS listed beside other servers',
    servers('AmazonProvidedDNS', '10.20.0.10'),
    'info',
    /together with '10.20.0.10': hosts may ask any of them/,
  ],
  [
    'warns when only custom DNS servers are used',
    servers('10.20.0.10', '10.20.1.10'),
    'warn',
    /to '10.20.0.10', '10.20.1.10', not to Amazon DNS: those servers must forward 'tidb-cloud.com' to the VPC resolver '10.0.0.2'/,
  ],
  [
    'asks to forward the host itself when it is not a TiDB Cloud name',
    { ...servers('10.20.0.10'), target: { host: 'db.internal.example' } },
    'warn',
    /must forward 'db.internal.example'/,
  ],
  [
    'warns when the VPC has no DHCP options set, naming what each kind of instance gets',
    { facts: (f) => void (f.dhcpOptions = null) },
    'warn',
    /VPC 'vpc-0123456789abcdef0' has no DHCP options set: instances built on Nitro use Amazon DNS at '169.254.169.253', but Xen instances get no DNS server at all/,
  ],
  [
    'passes with the IPv6 address of Amazon DNS',
    servers('fd00:ec2::253'),
    'pass',
    /use AmazonProvidedDNS/,
  ],
  [
    'warns when the DHCP options list no DNS server at all',
    servers(),
    'warn',
    /DHCP options 'dopt-0aaaa1111bbbb2222' list no DNS servers/,
  ],
  [
    'speaks Japanese',
    { ...servers('10.20.0.10'), lang: 'ja' },
    'warn',
    /'tidb-cloud.com' を VPC リゾルバー '10.0.0.2' に転送する必要があります/,
  ],
];

describe('dns.vpc-resolver', () => {
  it.each(cases)('%s', (_name, situation, status, message) => {
    const result = runRule(rule, situation);

    expect(result.status).toBe(status);
    expect(result.message).toMatch(message);
  });

  it('gives the commands to go back to Amazon DNS', () => {
    const result = runRule(rule, servers('10.20.0.10'));

    expect(result.remediation?.cli).toEqual([
      'aws ec2 create-dhcp-options --dhcp-configurations "Key=domain-name-servers,Values=AmazonProvidedDNS"',
      'aws ec2 associate-dhcp-options --dhcp-options-id <new-dhcp-options-id> --vpc-id vpc-0123456789abcdef0',
    ]);
  });
});
