import { describe, expect, it } from 'vitest';

import rule from '../../../rules/endpoint/eni.js';
import { IDS } from '../../helpers/evidence.js';
import { runRule, type Situation } from '../../helpers/run-rule.js';

const cases: Array<[string, Situation, string, RegExp]> = [
  [
    'passes with one interface in use per subnet',
    {},
    'pass',
    /has 2 network interfaces in use, one in each/,
  ],
  [
    'fails when an interface does not exist',
    { facts: (f) => void f.networkInterfaces.pop() },
    'fail',
    /'eni-0eeeeeeeeeeeeeee5' of endpoint 'vpce-0a1b2c3d4e5f67890' was not found/,
  ],
  [
    'fails when an interface is not in use',
    { facts: (f) => void (f.networkInterfaces[1]!.status = 'available') },
    'fail',
    /'eni-0eeeeeeeeeeeeeee5' .* is 'available', not 'in-use'/,
  ],
  [
    'fails when a subnet has no interface',
    { facts: (f) => void f.endpoint!.subnetIds.push('subnet-0ccccccccccccccc3') },
    'fail',
    /Subnet 'subnet-0ccccccccccccccc3' .* has no endpoint network interface/,
  ],
  [
    'warns when a subnet has two interfaces',
    {
      facts: (f) => {
        f.endpoint!.networkInterfaceIds.push('eni-0fffffffffffffff7');
        f.networkInterfaces.push({ ...f.networkInterfaces[0]!, id: 'eni-0fffffffffffffff7' });
      },
    },
    'warn',
    /do not match its subnets one to one: 'eni-0fffffffffffffff7 in subnet-0aaaaaaaaaaaaaaa1'/,
  ],
  [
    'fails when an available endpoint has no interfaces',
    { facts: (f) => void (f.endpoint!.networkInterfaceIds = []) },
    'fail',
    /has no network interfaces/,
  ],
  [
    'skips an endpoint that is not available yet',
    {
      facts: (f) => {
        f.endpoint!.networkInterfaceIds = [];
        f.endpoint!.state = 'pendingAcceptance';
      },
    },
    'skip',
    /is 'pendingAcceptance'/,
  ],
  [
    'skips when there is no endpoint',
    { facts: (f) => void (f.endpoint = null) },
    'skip',
    /no endpoint/,
  ],
  [
    'speaks Japanese',
    { facts: (f) => void (f.networkInterfaces[1]!.status = 'available'), lang: 'ja' },
    'fail',
    /状態が 'in-use' ではなく 'available' です/,
  ],
];

describe('endpoint.eni', () => {
  it.each(cases)('%s', (_name, situation, status, message) => {
    const result = runRule(rule, situation);

    expect(result.status).toBe(status);
    expect(result.message).toMatch(message);
  });

  it('names the subnet to remove and add again', () => {
    const result = runRule(rule, {
      facts: (f) => void (f.networkInterfaces[1]!.status = 'available'),
    });

    expect(result.remediation?.cli).toContain(
      `aws ec2 modify-vpc-endpoint --vpc-endpoint-id ${IDS.endpoint} --remove-subnet-ids ${IDS.subnetB}`,
    );
  });
});
