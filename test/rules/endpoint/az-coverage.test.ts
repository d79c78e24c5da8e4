import { describe, expect, it } from 'vitest';

import type { FactValues } from '../../../src/engine/facts.js';
import type { Status } from '../../../src/engine/rule.js';
import rule from '../../../rules/endpoint/az-coverage.js';
import { IDS } from '../../helpers/evidence.js';
import { runRule, type Situation } from '../../helpers/run-rule.js';

function serviceZones(names: string[], ids: string[]): (f: FactValues) => void {
  return (f) =>
    Object.assign(f.endpointService!, { availabilityZones: names, availabilityZoneIds: ids });
}

const onlyZoneC = serviceZones(['us-west-2c'], ['usw2-az3']);

const cases: Array<[string, Situation, Status, string, RegExp]> = [
  [
    'passes when every subnet is in a zone the service supports',
    {},
    'pass',
    'covered',
    /'subnet-0aaaaaaaaaaaaaaa1' \(us-west-2a\/usw2-az1\), 'subnet-0bbbbbbbbbbbbbbb2' \(us-west-2b\/usw2-az2\)/,
  ],
  [
    'compares by zone id, not by name, when the service gives ids',
    { facts: serviceZones(['us-west-2c', 'us-west-2d'], ['usw2-az1', 'usw2-az2']) },
    'pass',
    'covered',
    /Every subnet/,
  ],
  [
    'compares by zone name when the service gives no ids',
    { facts: serviceZones(['us-west-2a', 'us-west-2b'], []) },
    'pass',
    'covered',
    /Every subnet/,
  ],
  [
    'compares by zone name when the subnets carry no ids',
    { facts: (f) => f.subnets.forEach((subnet) => delete subnet.availabilityZoneId) },
    'pass',
    'covered',
    /'subnet-0aaaaaaaaaaaaaaa1' \(us-west-2a\)/,
  ],
  [
    'fails when one subnet is in a zone the service does not support',
    { facts: serviceZones(['us-west-2a', 'us-west-2c'], ['usw2-az1', 'usw2-az3']) },
    'fail',
    'someUnsupported',
    /Subnets 'subnet-0bbbbbbbbbbbbbbb2' \(us-west-2b\/usw2-az2\) of endpoint 'vpce-0a1b2c3d4e5f67890' are in zones that service .* does not support; it supports 'usw2-az1', 'usw2-az3'/,
  ],
  [
    'fails when no subnet is in a zone the service supports',
    { facts: onlyZoneC },
    'fail',
    'noneSupported',
    /No subnet of endpoint 'vpce-0a1b2c3d4e5f67890' is in a zone .*: the subnets are 'subnet-0aaaaaaaaaaaaaaa1' \(us-west-2a\/usw2-az1\), 'subnet-0bbbbbbbbbbbbbbb2' \(us-west-2b\/usw2-az2\), the service supports 'usw2-az3'/,
  ],
  [
    'fails when the endpoint has no subnets',
    { facts: (f) => void (f.endpoint!.subnetIds = []) },
    'fail',
    'noSubnets',
    /'vpce-0a1b2c3d4e5f67890' has no subnets/,
  ],
  [
    'is unknown when a subnet was not described',
    { facts: (f) => void (f.subnets = f.subnets.slice(0, 1)) },
    'unknown',
    'undecided',
    /The zones of subnets 'subnet-0bbbbbbbbbbbbbbb2' of endpoint 'vpce-0a1b2c3d4e5f67890' are not known/,
  ],
  [
    'is unknown when the service gives only ids and a subnet has none',
    {
      facts: (f) => {
        serviceZones([], ['usw2-az1', 'usw2-az2'])(f);
        delete f.subnets[1]!.availabilityZoneId;
      },
    },
    'unknown',
    'undecided',
    /'subnet-0bbbbbbbbbbbbbbb2'/,
  ],
  [
    'still fails for an unsupported subnet when another is unknown',
    {
      facts: (f) => {
        onlyZoneC(f);
        f.subnets = f.subnets.slice(0, 1);
      },
    },
    'fail',
    'someUnsupported',
    /Subnets 'subnet-0aaaaaaaaaaaaaaa1'/,
  ],
  [
    'is unknown when the service lists no zones',
    { facts: serviceZones([], []) },
    'unknown',
    'noServiceZones',
    /lists no Availability Zones/,
  ],
  [
    'skips when the service is not visible',
    { facts: (f) => void (f.endpointService = null) },
    'skip',
    'noService',
    /is not visible/,
  ],
  [
    'skips when there is no endpoint',
    { facts: (f) => void (f.endpoint = null) },
    'skip',
    'noEndpoint',
    /no endpoint/,
  ],
];

describe('endpoint.az-coverage', () => {
  it.each(cases)('%s', (_name, situation, status, messageId, message) => {
    const result = runRule(rule, situation);

    expect(result.status).toBe(status);
    expect(result.messageId).toBe(messageId);
    expect(result.message).toMatch(message);
  });

  it('gives the commands that move the endpoint to supported zones', () => {
    const result = runRule(rule, {
      facts: serviceZones(['us-west-2a', 'us-west-2c'], ['usw2-az1', 'usw2-az3']),
    });

    expect(result.remediation?.cli).toEqual([
      `aws ec2 describe-subnets --filters Name=vpc-id,Values=${IDS.vpc} Name=availability-zone-id,Values=usw2-az1,usw2-az3 --query 'Subnets[].[SubnetId,AvailabilityZone,AvailabilityZoneId]' --output table`,
      `aws ec2 modify-vpc-endpoint --vpc-endpoint-id ${IDS.endpoint} --add-subnet-ids <subnet-id-in-a-supported-zone>`,
      `aws ec2 modify-vpc-endpoint --vpc-endpoint-id ${IDS.endpoint} --remove-subnet-ids ${IDS.subnetB}`,
    ]);
  });

  it('filters subnets by zone name when the service gives no ids', () => {
    const result = runRule(rule, { facts: serviceZones(['us-west-2c'], []) });

    expect(result.remediation?.cli[0]).toMatch(/Name=availability-zone,Values=us-west-2c /);
  });

  it('speaks Japanese', () => {
    const result = runRule(rule, { facts: onlyZoneC, lang: 'ja' });

    expect(result.message).toMatch(/^エンドポイント 'vpce-0a1b2c3d4e5f67890' のサブネットはどれも/);
    expect(result.remediation?.summary).toMatch(/PingCAP サポート/);
  });
});
