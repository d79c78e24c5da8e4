import { describe, expect, it } from 'vitest';

import type { FactValues } from '../../../src/engine/facts.js';
import type { Status } from '../../../src/engine/rule.js';
import rule from '../../../rules/endpoint/service.js';
import { IDS } from '../../helpers/evidence.js';
import { runRule, type Situation } from '../../helpers/run-rule.js';

const OTHER_SERVICE = 'com.amazonaws.vpce.us-west-2.vpce-svc-0999999999999999a';

const cases: Array<[string, Situation, Status, string, RegExp]> = [
  [
    'passes when the endpoint uses the service name given',
    {},
    'pass',
    'matches',
    /uses the cluster's service 'com\.amazonaws\.vpce\.us-west-2\.vpce-svc-0c1d2e3f4a5b6c7d8'/,
  ],
  [
    'passes when the given name differs only in case and spaces',
    { target: { serviceName: ` ${IDS.service.toUpperCase()} ` } },
    'pass',
    'matches',
    /uses the cluster's service/,
  ],
  [
    'fails when the endpoint uses another service than the one given',
    { target: { serviceName: OTHER_SERVICE } },
    'fail',
    'mismatch',
    /uses service 'com\.amazonaws\.vpce\.us-west-2\.vpce-svc-0c1d2e3f4a5b6c7d8', but the cluster's service is 'com\.amazonaws\.vpce\.us-west-2\.vpce-svc-0999999999999999a'/,
  ],
  [
    'passes when the TiDB Cloud API names the same service and none was given',
    { target: { serviceName: undefined } },
    'pass',
    'matches',
    /uses the cluster's service/,
  ],
  [
    'fails when the TiDB Cloud API names another service and none was given',
    {
      target: { serviceName: undefined },
      facts: (f) => void (f.tidbCloudService.serviceName = OTHER_SERVICE),
    },
    'fail',
    'mismatch',
    /but the cluster's service is 'com\.amazonaws\.vpce\.us-west-2\.vpce-svc-0999999999999999a'/,
  ],
  [
    'reports information when there is no service name to compare with',
    {
      target: { serviceName: undefined },
      facts: (f) => void delete (f as Partial<FactValues>).tidbCloudService,
    },
    'info',
    'notCompared',
    /uses service 'com\.amazonaws\.vpce\.us-west-2\.vpce-svc-0c1d2e3f4a5b6c7d8'; no service name was given/,
  ],
  [
    'skips when there is no endpoint',
    { facts: (f) => void (f.endpoint = null) },
    'skip',
    'noEndpoint',
    /no endpoint/,
  ],
];

describe('endpoint.service', () => {
  it.each(cases)('%s', (_name, situation, status, messageId, message) => {
    const result = runRule(rule, situation);

    expect(result.status).toBe(status);
    expect(result.messageId).toBe(messageId);
    expect(result.message).toMatch(message);
  });

  it('tells how to find or create an endpoint for the right service', () => {
    const result = runRule(rule, { target: { serviceName: OTHER_SERVICE } });

    expect(result.remediation?.cli).toEqual([
      `aws ec2 describe-vpc-endpoints --filters Name=vpc-id,Values=${IDS.vpc} Name=service-name,Values=${OTHER_SERVICE} --query 'VpcEndpoints[].[VpcEndpointId,State,PrivateDnsEnabled]' --output table`,
      `aws ec2 create-vpc-endpoint --vpc-id ${IDS.vpc} --service-name ${OTHER_SERVICE} --vpc-endpoint-type Interface --subnet-ids ${IDS.subnetA} ${IDS.subnetB}`,
    ]);
  });

  it('suggests --service-name when there is nothing to compare with', () => {
    const result = runRule(rule, {
      target: { serviceName: undefined },
      facts: (f) => void delete (f as Partial<FactValues>).tidbCloudService,
    });

    expect(result.remediation?.summary).toMatch(/--service-name/);
  });

  it('speaks Japanese', () => {
    const result = runRule(rule, { target: { serviceName: OTHER_SERVICE }, lang: 'ja' });

    expect(result.message).toMatch(
      /クラスタのサービスは 'com\.amazonaws\.vpce\.us-west-2\.vpce-svc-0999999999999999a' です$/,
    );
  });
});
