import { describe, expect, it } from 'vitest';

import type { Status } from '../../../src/engine/rule.js';
import rule from '../../../rules/endpoint/type.js';
import { IDS } from '../../helpers/evidence.js';
import { runRule, type Situation } from '../../helpers/run-rule.js';

function ofType(type: string): Situation {
  return { facts: (f) => void (f.endpoint!.type = type) };
}

const cases: Array<[string, Situation, Status, string, RegExp]> = [
  [
    'passes when the endpoint is an Interface endpoint',
    {},
    'pass',
    'interface',
    /is of type 'Interface'/,
  ],
  [
    'passes when the type comes in another case',
    ofType('interface'),
    'pass',
    'interface',
    /is of type 'Interface'/,
  ],
  [
    'is unknown when EC2 sent no type',
    ofType(''),
    'unknown',
    'typeMissing',
    /EC2 did not say which type endpoint 'vpce-0a1b2c3d4e5f67890' is/,
  ],
  [
    'fails when the endpoint is a Gateway endpoint',
    ofType('Gateway'),
    'fail',
    'gateway',
    /type 'Gateway': gateway endpoints only route to Amazon S3 and DynamoDB/,
  ],
  [
    'fails when the endpoint is a GatewayLoadBalancer endpoint',
    ofType('GatewayLoadBalancer'),
    'fail',
    'gatewayLoadBalancer',
    /type 'GatewayLoadBalancer': it sends traffic to network appliances/,
  ],
  [
    'fails when the endpoint is a Resource endpoint',
    ofType('Resource'),
    'fail',
    'resource',
    /type 'Resource': it reaches a VPC Lattice resource/,
  ],
  [
    'fails when the endpoint is a ServiceNetwork endpoint',
    ofType('ServiceNetwork'),
    'fail',
    'serviceNetwork',
    /type 'ServiceNetwork': it reaches a VPC Lattice service network/,
  ],
  [
    'fails when the endpoint type is one this tool does not know',
    ofType('Quantum'),
    'fail',
    'other',
    /type 'Quantum', not 'Interface'/,
  ],
  [
    'skips when there is no endpoint',
    { facts: (f) => void (f.endpoint = null) },
    'skip',
    'noEndpoint',
    /no endpoint/,
  ],
];

describe('endpoint.type', () => {
  it.each(cases)('%s', (_name, situation, status, messageId, message) => {
    const result = runRule(rule, situation);

    expect(result.status).toBe(status);
    expect(result.messageId).toBe(messageId);
    expect(result.message).toMatch(message);
  });

  it('gives the command that creates an Interface endpoint instead', () => {
    const result = runRule(rule, ofType('Gateway'));

    expect(result.remediation?.cli).toEqual([
      `aws ec2 create-vpc-endpoint --vpc-id ${IDS.vpc} --service-name ${IDS.service} --vpc-endpoint-type Interface --subnet-ids ${IDS.subnetA} ${IDS.subnetB}`,
    ]);
  });

  it('speaks Japanese', () => {
    const result = runRule(rule, { ...ofType('Gateway'), lang: 'ja' });

    expect(result.message).toMatch(
      /^エンドポイント 'vpce-0a1b2c3d4e5f67890' のタイプは 'Gateway' です/,
    );
  });
});
