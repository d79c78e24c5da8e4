import { describe, expect, it } from 'vitest';

import type { Status } from '../../../src/engine/rule.js';
import rule from '../../../rules/vpc/dns-hostnames.js';
import { runRule, type Situation } from '../../helpers/run-rule.js';

const SUPPORT =
  'aws ec2 modify-vpc-attribute --vpc-id vpc-0123456789abcdef0 --enable-dns-support "{\\"Value\\":true}"';
const HOSTNAMES =
  'aws ec2 modify-vpc-attribute --vpc-id vpc-0123456789abcdef0 --enable-dns-hostnames "{\\"Value\\":true}"';

const off: Situation = { facts: (f) => void (f.vpcDnsAttributes.enableDnsHostnames = false) };
const bothOff: Situation = {
  facts: (f) => void (f.vpcDnsAttributes = { enableDnsSupport: false, enableDnsHostnames: false }),
};

const cases: Array<[string, Situation, Status, string, RegExp, string[]]> = [
  [
    'passes when DNS hostnames are enabled',
    {},
    'pass',
    'enabled',
    /VPC 'vpc-0123456789abcdef0' has DNS hostnames \(enableDnsHostnames\) enabled/,
    [],
  ],
  [
    'fails when DNS hostnames are disabled',
    off,
    'fail',
    'disabled',
    /VPC 'vpc-0123456789abcdef0' has DNS hostnames \(enableDnsHostnames\) disabled$/,
    [HOSTNAMES],
  ],
  [
    'fails, enabling DNS resolution first, when both attributes are disabled',
    bothOff,
    'fail',
    'bothDisabled',
    /disabled, and DNS resolution \(enableDnsSupport\) too/,
    [SUPPORT, HOSTNAMES],
  ],
];

describe('vpc.dns-hostnames', () => {
  it.each(cases)('%s', (_name, situation, status, messageId, message, cli) => {
    const result = runRule(rule, situation);

    expect(result.status).toBe(status);
    expect(result.messageId).toBe(messageId);
    expect(result.message).toMatch(message);
    expect(result.remediation?.cli ?? []).toEqual(cli);
  });

  it('speaks Japanese', () => {
    const result = runRule(rule, { ...bothOff, lang: 'ja' });

    expect(result.message).toBe(
      "VPC 'vpc-0123456789abcdef0' では DNS ホスト名 (enableDnsHostnames) が無効で、DNS 解決 (enableDnsSupport) も無効です",
    );
    expect(result.remediation?.summary).toMatch(/まず DNS 解決を/);
  });
});
