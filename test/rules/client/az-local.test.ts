import { describe, expect, it } from 'vitest';

import rule from '../../../rules/client/az-local.js';
import { IDS } from '../../helpers/evidence.js';
import {
  runRule,
  type Situation,
  UNDESCRIBED_CLIENT,
  UNDESCRIBED_CLIENT_MESSAGE,
} from '../../helpers/run-rule.js';

const SUBNET_C = 'subnet-0ccccccccccccccc3';

const clientInZoneC: Situation = {
  facts: (f) => {
    f.subnets.push({
      id: SUBNET_C,
      vpcId: IDS.vpc,
      cidrBlock: '10.0.3.0/24',
      ipv6CidrBlocks: [],
      availabilityZone: 'us-west-2c',
      availabilityZoneId: 'usw2-az3',
    });
    f.clientInstance!.subnetId = SUBNET_C;
  },
};

const cases: Array<[string, Situation, string, RegExp]> = [
  [
    'notes that the client zone has an endpoint interface',
    {},
    'info',
    /is in zone 'usw2-az1', where endpoint 'vpce-0a1b2c3d4e5f67890' has a network interface/,
  ],
  [
    'warns when the client zone has no endpoint interface',
    clientInZoneC,
    'warn',
    /is in zone 'usw2-az3', but endpoint .* has interfaces only in 'usw2-az1', 'usw2-az2': every connection crosses zones/,
  ],
  [
    'compares by zone id from instance metadata for a client in another account',
    {
      facts: (f) => {
        f.clientInstance = null;
        f.identity!.vpcId = 'vpc-0fedcba9876543210';
        f.identity!.subnetId = 'subnet-0999999999999999e';
        f.identity!.availabilityZone = 'us-west-2a';
        f.identity!.availabilityZoneId = 'usw2-az4';
      },
    },
    'warn',
    /zone 'usw2-az4'/,
  ],
  [
    'falls back to zone names inside the same VPC',
    { facts: (f) => f.subnets.forEach((subnet) => delete subnet.availabilityZoneId) },
    'info',
    /zone 'us-west-2a'/,
  ],
  [
    'skips when the zones cannot be compared',
    {
      facts: (f) => {
        f.identity = null;
        f.clientInstance!.vpcId = 'vpc-0fedcba9876543210';
        f.clientInstance!.subnetId = 'subnet-0999999999999999e';
      },
    },
    'skip',
    /Availability Zone of client 'i-0123456789abcdef0' or of the endpoint's subnets is not known/,
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
  ['speaks Japanese', { ...clientInZoneC, lang: 'ja' }, 'warn', /ゾーン間のデータ転送料金/],
];

describe('client.az-local', () => {
  it.each(cases)('%s', (_name, situation, status, message) => {
    const result = runRule(rule, situation);

    expect(result.status).toBe(status);
    expect(result.message).toMatch(message);
  });

  it('finds a subnet in the client zone by zone id', () => {
    const result = runRule(rule, clientInZoneC);

    expect(result.remediation?.cli?.[0]).toBe(
      `aws ec2 describe-subnets --filters Name=vpc-id,Values=${IDS.vpc} Name=availability-zone-id,Values=usw2-az3`,
    );
  });
});
