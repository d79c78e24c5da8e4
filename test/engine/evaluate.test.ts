import { describe, expect, it } from 'vitest';

import type { Rule } from '../../src/engine/rule.js';
import { evaluateRules } from '../../src/engine/evaluate.js';
import { failed, ok, skipped } from '../../src/engine/facts.js';
import { docsUrl } from '../../src/engine/rule.js';
import { healthyTarget } from '../helpers/evidence.js';

function fakeRule(id: string, evaluate: Rule['evaluate']): Rule {
  return {
    id,
    docs: docsUrl(id),
    title: { en: 'Something holds', ja: '何かが成り立つ' },
    severity: 'critical',
    needs: ['vpc'],
    description: { en: 'd', ja: '説明' },
    messages: {
      good: { en: "VPC '{vpcId}' is fine", ja: "VPC '{vpcId}' は正常です" },
      bad: { en: "VPC '{vpcId}' is broken", ja: "VPC '{vpcId}' は壊れています" },
    },
    remediation: {
      summary: { en: "Mend '{vpcId}'", ja: "'{vpcId}' を直す" },
      cli: ['aws ec2 describe-vpcs --vpc-ids {vpcId}'],
    },
    evaluate,
  };
}

const vpc = { id: 'vpc-1', cidrBlocks: ['10.0.0.0/16'], ipv6CidrBlocks: [] };
const broken = fakeRule('test.broken', ({ vpc }) => ({
  status: 'fail',
  message: 'bad',
  data: { vpcId: (vpc as { id: string }).id },
}));

describe('evaluateRules', () => {
  it('fills the message and the remediation from the finding', () => {
    const [result] = evaluateRules(
      [broken],
      { vpc: ok('ec2:DescribeVpcs', vpc) },
      {},
      healthyTarget(),
      'en',
    );

    expect(result).toMatchObject({
      status: 'fail',
      message: "VPC 'vpc-1' is broken",
      messageId: 'bad',
      remediation: {
        summary: "Mend 'vpc-1'",
        cli: ['aws ec2 describe-vpcs --vpc-ids vpc-1'],
        console: [],
      },
    });
  });

  it('fills what the user gave from the target and marks the rest for the user to fill', () => {
    const rule = fakeRule('test.partial', () => ({ status: 'fail', message: 'bad' }));
    rule.remediation = {
      summary: { en: "Look at '{endpointId}' in '{vpcId}'", ja: "'{endpointId}' と '{vpcId}'" },
      cli: ['aws ec2 describe-vpc-endpoints --vpc-endpoint-ids {endpointId} --region {region}'],
    };
    const target = { ...healthyTarget(), vpcEndpointId: 'vpce-0123456789abcdef0' };
    const [result] = evaluateRules([rule], { vpc: ok('ec2:DescribeVpcs', vpc) }, {}, target, 'en');

    expect(result?.message).toBe("VPC '<vpc-id>' is broken");
    expect(result?.remediation).toMatchObject({
      summary: "Look at 'vpce-0123456789abcdef0' in '<vpc-id>'",
      cli: [
        `aws ec2 describe-vpc-endpoints --vpc-endpoint-ids vpce-0123456789abcdef0 --region ${target.region}`,
      ],
    });
  });

  it('writes Japanese when asked', () => {
    const [result] = evaluateRules(
      [broken],
      { vpc: ok('ec2:DescribeVpcs', vpc) },
      {},
      healthyTarget(),
      'ja',
    );

    expect(result?.title).toBe('何かが成り立つ');
    expect(result?.message).toBe("VPC 'vpc-1' は壊れています");
  });

  it('reports unknown naming the fact when it was never collected', () => {
    const [result] = evaluateRules([broken], {}, {}, healthyTarget(), 'en');

    expect(result).toMatchObject({
      status: 'unknown',
      missing: { name: 'vpc', reason: 'not collected' },
    });
    expect(result?.message).toMatch(/'vpc' was not collected/);
  });

  it('reports unknown naming the IAM action when the call was denied', () => {
    const denied = failed<never>('ec2:DescribeVpcs', {
      code: 'UnauthorizedOperation',
      message: 'You are not authorized to perform this operation',
      iamAction: 'ec2:DescribeVpcs',
    });
    const [result] = evaluateRules([broken], { vpc: denied }, {}, healthyTarget(), 'en');

    expect(result?.status).toBe('unknown');
    expect(result?.missing?.iamAction).toBe('ec2:DescribeVpcs');
    expect(result?.message).toMatch(/'ec2:DescribeVpcs' was denied/);
  });

  it('skips when a needed fact was skipped on purpose', () => {
    const [result] = evaluateRules(
      [broken],
      { vpc: skipped<never>('tidb-pe', 'AWS checks were turned off') },
      {},
      healthyTarget(),
      'en',
    );

    expect(result).toMatchObject({
      status: 'skip',
      message: 'Not checked: AWS checks were turned off',
    });
  });

  it('turns a rule that throws into unknown and goes on with the others', () => {
    const throwing = fakeRule('test.throws', () => {
      throw new Error('boom');
    });
    const results = evaluateRules(
      [throwing, broken],
      { vpc: ok('x', vpc) },
      {},
      healthyTarget(),
      'en',
    );

    expect(results.map((r) => r.status)).toEqual(['unknown', 'fail']);
    expect(results[0]?.message).toMatch(/boom/);
  });

  it('does not attach a fix to a passing result', () => {
    const fine = fakeRule('test.fine', () => ({
      status: 'pass',
      message: 'good',
      data: { vpcId: 'vpc-1' },
    }));
    const [result] = evaluateRules([fine], { vpc: ok('x', vpc) }, {}, healthyTarget(), 'en');

    expect(result?.remediation).toBeUndefined();
  });
});
