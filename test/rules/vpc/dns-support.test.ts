import { describe, expect, it } from 'vitest';

import type { FactValues } from '../../../src/engine/facts.js';
import type { Status } from '../../../src/engine/rule.js';
import rule from '../../../rules/vpc/dns-support.js';
import { runRule, type Situation } from '../../helpers/run-rule.js';

const off: Situation = { facts: (f) => void (f.vpcDnsAttributes.enableDnsSupport = false) };

const cases: Array<[string, Situation, Status, string, RegExp]> = [
  [
    'passes when DNS resolution is enabled',
    {},
    'pass',
    'enabled',
    /VPC 'vpc-0123456789abcdef0' has DNS resolution \(enableDnsSupport\) enabled/,
  ],
  [
    'fails when DNS resolution is disabled',
    off,
    'fail',
    'disabled',
    /VPC 'vpc-0123456789abcdef0' has DNS resolution \(enableDnsSupport\) disabled/,
  ],
  [
    "names the endpoint's VPC when the VPC was not described",
    {
      facts: (f) => {
        f.vpcDnsAttributes.enableDnsSupport = false;
        delete (f as Partial<FactValues>).vpc;
      },
    },
    'fail',
    'disabled',
    /VPC 'vpc-0123456789abcdef0'/,
  ],
  [
    'is unknown when the attributes could not be read',
    { facts: (f) => void delete (f as Partial<FactValues>).vpcDnsAttributes },
    'unknown',
    'missing-fact',
    /'vpcDnsAttributes'/,
  ],
];

describe('vpc.dns-support', () => {
  it.each(cases)('%s', (_name, situation, status, messageId, message) => {
    const result = runRule(rule, situation);

    expect(result.status).toBe(status);
    expect(result.messageId).toBe(messageId);
    expect(result.message).toMatch(message);
  });

  it('gives the exact command to enable it', () => {
    expect(runRule(rule, off).remediation?.cli).toEqual([
      'aws ec2 modify-vpc-attribute --vpc-id vpc-0123456789abcdef0 --enable-dns-support "{\\"Value\\":true}"',
    ]);
  });

  it('speaks Japanese', () => {
    const result = runRule(rule, { ...off, lang: 'ja' });

    expect(result.message).toBe(
      "VPC 'vpc-0123456789abcdef0' では DNS 解決 (enableDnsSupport) が無効です",
    );
    expect(result.remediation?.console[2]).toBe('「DNS 解決を有効化」にチェックを入れて保存します');
  });
});
