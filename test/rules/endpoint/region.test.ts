import { describe, expect, it } from 'vitest';

import type { Status } from '../../../src/engine/rule.js';
import rule from '../../../rules/endpoint/region.js';
import { runRule, type Situation } from '../../helpers/run-rule.js';

const TOKYO_SERVICE = 'com.amazonaws.vpce.ap-northeast-1.vpce-svc-0c1d2e3f4a5b6c7d8';

function serviceIn(serviceName: string, serviceRegion?: string): Situation {
  return {
    facts: (f) => {
      f.endpoint!.serviceName = serviceName;
      f.endpointService = null;
      if (serviceRegion) f.endpoint!.serviceRegion = serviceRegion;
    },
  };
}

const cases: Array<[string, Situation, Status, string, RegExp]> = [
  [
    'passes when the endpoint and the service are in the same region',
    {},
    'pass',
    'sameRegion',
    /both in region 'us-west-2'/,
  ],
  [
    'passes when the region is read from the service name alone',
    serviceIn('com.amazonaws.vpce.us-west-2.vpce-svc-0c1d2e3f4a5b6c7d8'),
    'pass',
    'sameRegion',
    /both in region 'us-west-2'/,
  ],
  [
    'fails when the service name is in another region',
    serviceIn(TOKYO_SERVICE),
    'fail',
    'crossRegion',
    /'vpce-0a1b2c3d4e5f67890' is in region 'us-west-2' but service 'com\.amazonaws\.vpce\.ap-northeast-1\.vpce-svc-0c1d2e3f4a5b6c7d8' is in region 'ap-northeast-1'/,
  ],
  [
    'fails when the endpoint service reports another region',
    { facts: (f) => void (f.endpointService!.serviceRegion = 'eu-central-1') },
    'fail',
    'crossRegion',
    /service .* is in region 'eu-central-1'/,
  ],
  [
    'fails when AWS reports a cross-region endpoint',
    serviceIn('com.amazonaws.vpce.us-west-2.vpce-svc-0c1d2e3f4a5b6c7d8', 'us-east-1'),
    'fail',
    'crossRegion',
    /is in region 'us-east-1'/,
  ],
  [
    'reads the region of an AWS service name too',
    serviceIn('com.amazonaws.us-gov-west-1.s3'),
    'fail',
    'crossRegion',
    /is in region 'us-gov-west-1'/,
  ],
  [
    'is unknown when the service region cannot be read',
    serviceIn('not-a-service-name'),
    'unknown',
    'undecided',
    /could not both be told/,
  ],
  [
    'is unknown when the endpoint region is not known',
    { target: { region: undefined } },
    'unknown',
    'undecided',
    /\('unknown'\)/,
  ],
  [
    'skips when there is no endpoint',
    { facts: (f) => void (f.endpoint = null) },
    'skip',
    'noEndpoint',
    /no endpoint/,
  ],
];

describe('endpoint.region', () => {
  it.each(cases)('%s', (_name, situation, status, messageId, message) => {
    const result = runRule(rule, situation);

    expect(result.status).toBe(status);
    expect(result.messageId).toBe(messageId);
    expect(result.message).toMatch(message);
  });

  it('tells to create the endpoint in the service region', () => {
    const result = runRule(rule, serviceIn(TOKYO_SERVICE));

    expect(result.remediation?.cli).toEqual([
      `aws ec2 create-vpc-endpoint --vpc-id <vpc-id-in-ap-northeast-1> --region ap-northeast-1 --service-name ${TOKYO_SERVICE} --vpc-endpoint-type Interface --subnet-ids <subnet-ids>`,
    ]);
  });

  it('speaks Japanese', () => {
    const result = runRule(rule, { ...serviceIn(TOKYO_SERVICE), lang: 'ja' });

    expect(result.message).toMatch(/サービス '.*' はリージョン 'ap-northeast-1' にあります$/);
  });
});
