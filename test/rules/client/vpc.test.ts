import { describe, expect, it } from 'vitest';

import rule from '../../../rules/client/vpc.js';
import { IDS } from '../../helpers/evidence.js';
import {
  runRule,
  type Situation,
  UNDESCRIBED_CLIENT,
  UNDESCRIBED_CLIENT_MESSAGE,
} from '../../helpers/run-rule.js';

const PEER_VPC = 'vpc-0fedcba9876543210';

const peered: Situation = {
  facts: (f) => {
    f.clientInstance!.vpcId = PEER_VPC;
    f.clientInstance!.subnetId = 'subnet-0ccccccccccccccc9';
  },
};

const cases: Array<[string, Situation, string, RegExp]> = [
  [
    'passes when the client is in the endpoint VPC',
    {},
    'pass',
    /is in VPC 'vpc-0123456789abcdef0', the same VPC/,
  ],
  [
    'warns when the client is in a peered VPC',
    peered,
    'warn',
    /'vpc-0fedcba9876543210' but endpoint/,
  ],
  [
    'falls back to instance metadata when EC2 did not describe the client',
    {
      facts: (f) => {
        f.clientInstance = null;
        f.identity!.vpcId = PEER_VPC;
      },
    },
    'warn',
    /does not resolve to the endpoint from there/,
  ],
  [
    'skips when no client host is known',
    {
      facts: (f) => {
        f.clientInstance = null;
        f.identity = null;
      },
      target: { instanceId: undefined },
    },
    'skip',
    /give --instance-id/,
  ],
  [
    'is unknown when the host named with --instance-id was not described',
    UNDESCRIBED_CLIENT,
    'unknown',
    UNDESCRIBED_CLIENT_MESSAGE,
  ],
  [
    'skips when there is no endpoint',
    { facts: (f) => void (f.endpoint = null) },
    'skip',
    /no endpoint/,
  ],
  [
    'speaks Japanese',
    { ...peered, lang: 'ja' },
    'warn',
    /プライベート DNS 名がエンドポイントのアドレスに解決されません/,
  ],
];

describe('client.vpc', () => {
  it.each(cases)('%s', (_name, situation, status, message) => {
    const result = runRule(rule, situation);

    expect(result.status).toBe(status);
    expect(result.message).toMatch(message);
  });

  it('gives commands for the client VPC, with what is known filled in', () => {
    const result = runRule(rule, peered);

    expect(result.remediation?.cli).toContain(
      `aws route53 create-hosted-zone --name ${IDS.host} --caller-reference tidb-pe-${PEER_VPC} --vpc VPCRegion=us-west-2,VPCId=${PEER_VPC}`,
    );
    expect(result.remediation?.cli?.[0]).toContain('--subnet-ids subnet-0ccccccccccccccc9');
    expect(result.remediation?.cli?.[0]).toContain('--security-group-ids <security-group-id>');
  });
});
