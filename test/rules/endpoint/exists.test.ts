import { describe, expect, it } from 'vitest';

import type { FactValues } from '../../../src/engine/facts.js';
import type { Status } from '../../../src/engine/rule.js';
import rule from '../../../rules/endpoint/exists.js';
import { IDS } from '../../helpers/evidence.js';
import { runRule, type Situation } from '../../helpers/run-rule.js';

const OTHER = 'vpce-0999999999999999a';

function discovered(method: FactValues['endpointDiscovery']['method'], candidates: string[]) {
  return (facts: FactValues) => {
    facts.endpointDiscovery = { method, vpcId: IDS.vpc, candidates };
    if (candidates.length !== 1) facts.endpoint = null;
  };
}

const cases: Array<[string, Situation, Status, string, RegExp]> = [
  [
    'passes when the endpoint named by id exists',
    {},
    'pass',
    'foundById',
    /'vpce-0a1b2c3d4e5f67890' exists in VPC 'vpc-0123456789abcdef0'/,
  ],
  [
    'passes when one endpoint was discovered for the service',
    { facts: discovered('service-name', [IDS.endpoint]) },
    'pass',
    'discovered',
    /'vpce-0a1b2c3d4e5f67890' was found in VPC/,
  ],
  [
    'reports information when the endpoint was chosen by host name from several',
    {
      facts: (f) =>
        void (f.endpointDiscovery = {
          method: 'private-dns-name',
          vpcId: IDS.vpc,
          candidates: [IDS.endpoint, OTHER],
        }),
    },
    'info',
    'picked',
    /'vpce-0a1b2c3d4e5f67890' was chosen, by its host name, from 2 matching endpoints: 'vpce-0a1b2c3d4e5f67890', 'vpce-0999999999999999a'/,
  ],
  [
    'reports information when the endpoint was the only live one of several',
    {
      facts: (f) =>
        void (f.endpointDiscovery = {
          method: 'service-name',
          vpcId: IDS.vpc,
          candidates: [OTHER, IDS.endpoint],
          chosenBy: 'state',
        }),
    },
    'info',
    'pickedLive',
    /'vpce-0a1b2c3d4e5f67890' was chosen from 2 matching endpoints \('vpce-0999999999999999a', 'vpce-0a1b2c3d4e5f67890'\) as the only one not rejected, failed, expired or deleted/,
  ],
  [
    'reports information when the endpoint was the only one of several with private DNS',
    {
      facts: (f) =>
        void (f.endpointDiscovery = {
          method: 'service-name',
          vpcId: IDS.vpc,
          candidates: [IDS.endpoint, OTHER],
          chosenBy: 'private-dns',
        }),
    },
    'info',
    'pickedPrivateDns',
    /'vpce-0a1b2c3d4e5f67890' was chosen from 2 matching endpoints .* as the only one with private DNS enabled/,
  ],
  [
    'fails when the endpoint named by id does not exist',
    { facts: (f) => void (f.endpoint = null) },
    'fail',
    'notFoundById',
    /'vpce-0a1b2c3d4e5f67890' does not exist in region 'us-west-2'/,
  ],
  [
    'fails when the endpoint named by id does not exist and discovery was not collected',
    {
      facts: (f) => {
        f.endpoint = null;
        delete (f as Partial<FactValues>).endpointDiscovery;
      },
    },
    'fail',
    'notFoundById',
    /'vpce-0a1b2c3d4e5f67890' does not exist/,
  ],
  [
    'fails when several endpoints match and none can be chosen',
    {
      facts: discovered('service-name', [IDS.endpoint, OTHER]),
      target: { vpcEndpointId: undefined },
    },
    'fail',
    'ambiguous',
    /2 endpoints match and none can be chosen: 'vpce-0a1b2c3d4e5f67890', 'vpce-0999999999999999a'/,
  ],
  [
    'fails when no endpoint for the service is in the VPC',
    { facts: discovered('service-name', []), target: { vpcEndpointId: undefined } },
    'fail',
    'noneForService',
    /No endpoint for service 'com\.amazonaws\.vpce\.us-west-2\.vpce-svc-0c1d2e3f4a5b6c7d8' was found in 'vpc-0123456789abcdef0'/,
  ],
  [
    'fails when no endpoint in the VPC has a TiDB Cloud private DNS name',
    { facts: discovered('private-dns-name', []), target: { vpcEndpointId: undefined } },
    'fail',
    'noneWithTidbName',
    /No endpoint with a TiDB Cloud private DNS name was found in 'vpc-0123456789abcdef0'/,
  ],
  [
    'fails naming the region when the search was not limited to a VPC',
    {
      facts: (f) => {
        f.endpoint = null;
        f.endpointDiscovery = { method: 'service-name', candidates: [] };
      },
      target: { vpcEndpointId: undefined },
    },
    'fail',
    'noneForService',
    /was found in 'us-west-2'/,
  ],
  [
    'is unknown when no endpoint was named and none could be searched for',
    {
      facts: (f) => {
        f.endpoint = null;
        f.endpointDiscovery = { method: 'none', candidates: [] };
      },
      target: { vpcEndpointId: undefined },
    },
    'unknown',
    'notSearched',
    /No endpoint was named and none could be searched for in region 'us-west-2'/,
  ],
  [
    'is unknown when the endpoint could not be looked up',
    { facts: (f) => void delete (f as Partial<FactValues>).endpoint },
    'unknown',
    'missing-fact',
    /'endpoint' was not collected/,
  ],
];

describe('endpoint.exists', () => {
  it.each(cases)('%s', (_name, situation, status, messageId, message) => {
    const result = runRule(rule, situation);

    expect(result.status).toBe(status);
    expect(result.messageId).toBe(messageId);
    expect(result.message).toMatch(message);
  });

  it('gives the command that creates the endpoint in the client subnet', () => {
    const result = runRule(rule, {
      facts: discovered('service-name', []),
      target: { vpcEndpointId: undefined },
    });

    expect(result.remediation?.cli).toEqual([
      `aws ec2 create-vpc-endpoint --vpc-id ${IDS.vpc} --region us-west-2 --service-name ${IDS.service} --vpc-endpoint-type Interface --subnet-ids ${IDS.subnetA}`,
    ]);
    expect(result.remediation?.console.join('\n')).toMatch(/Network Access > Private Endpoint/);
  });

  it("suggests the client's VPC even when the search covered the region", () => {
    const result = runRule(rule, {
      facts: (f) => {
        f.endpoint = null;
        f.endpointDiscovery = { method: 'service-name', candidates: [] };
      },
      target: { vpcEndpointId: undefined },
    });

    expect(result.remediation?.cli[0]).toMatch(/--vpc-id vpc-0123456789abcdef0 /);
  });

  it('leaves plain markers in the command for what is not known', () => {
    const result = runRule(rule, {
      facts: (f) => {
        f.endpoint = null;
        f.endpointDiscovery = { method: 'private-dns-name', candidates: [] };
        f.clientInstance = null;
        f.identity = null;
      },
      target: { vpcEndpointId: undefined, serviceName: undefined },
    });

    expect(result.remediation?.cli[0]).toBe(
      'aws ec2 create-vpc-endpoint --vpc-id <vpc-id> --region us-west-2 --service-name <service-name> --vpc-endpoint-type Interface --subnet-ids <subnet-ids>',
    );
  });

  it('tells how to list the endpoints when the choice is ambiguous', () => {
    const result = runRule(rule, {
      facts: discovered('service-name', [IDS.endpoint, OTHER]),
      target: { vpcEndpointId: undefined },
    });

    expect(result.remediation?.summary).toMatch(/--vpc-endpoint-id .* --host/);
    expect(result.remediation?.cli[0]).toMatch(
      /^aws ec2 describe-vpc-endpoints --region us-west-2 /,
    );
  });

  it('speaks Japanese', () => {
    const result = runRule(rule, { facts: (f) => void (f.endpoint = null), lang: 'ja' });

    expect(result.title).toBe('インターフェイスエンドポイントが存在する');
    expect(result.message).toBe(
      "エンドポイント 'vpce-0a1b2c3d4e5f67890' はリージョン 'us-west-2' に存在しません",
    );
    expect(result.remediation?.summary).toMatch(/リージョン/);
  });
});
