import { describe, expect, it } from 'vitest';

import rule from '../../../rules/tidbcloud/service.js';
import { evaluateRules } from '../../../src/engine/evaluate.js';
import { failed, skipped } from '../../../src/engine/facts.js';
import {
  asFacts,
  asProbes,
  healthyFactValues,
  healthyTarget,
  IDS,
} from '../../helpers/evidence.js';
import { runRule, type Situation } from '../../helpers/run-rule.js';

const CLUSTER = '1379661944646413143';
const withCluster = (situation: Situation = {}): Situation => ({
  ...situation,
  target: { tidbClusterId: CLUSTER, ...situation.target },
});
const state = (value: string) =>
  withCluster({ facts: (f) => void (f.tidbCloudService.state = value) });

const cases: Array<[string, Situation, string, RegExp]> = [
  [
    'passes when the service is ACTIVE and serves the endpoint zones',
    withCluster(),
    'pass',
    /'1379661944646413143' is ACTIVE and serves zones 'usw2-az1', 'usw2-az2' of endpoint/,
  ],
  [
    'passes on state alone when there is no endpoint',
    withCluster({ facts: (f) => void (f.endpoint = null) }),
    'pass',
    /there is no endpoint to compare it with/,
  ],
  [
    'fails while the service is being created',
    state('CREATING'),
    'fail',
    /still creating .* 3 to 5 minutes/,
  ],
  [
    'fails while the service is being deleted',
    state('DELETING'),
    'fail',
    /being deleted \(DELETING\)/,
  ],
  ['cannot decide on a state it does not know', state('PAUSED'), 'unknown', /state 'PAUSED'/],
  [
    'fails when the endpoint uses another service',
    withCluster({
      facts: (f) =>
        void (f.tidbCloudService.serviceName =
          'com.amazonaws.vpce.us-west-2.vpce-svc-0999999999999999a'),
    }),
    'fail',
    /uses service 'com.amazonaws.vpce.us-west-2.vpce-svc-0c1d2e3f4a5b6c7d8', .* the endpoint leads to another cluster/,
  ],
  [
    'fails when an endpoint subnet is in a zone the service does not serve',
    withCluster({
      facts: (f) => void (f.tidbCloudService.availableZones = ['usw2-az1', 'usw2-az3']),
    }),
    'fail',
    /subnet 'subnet-0bbbbbbbbbbbbbbb2' is in zone 'usw2-az2', .* \(it serves 'usw2-az1', 'usw2-az3'\)/,
  ],
  [
    'cannot decide when a subnet zone id is unknown',
    withCluster({ facts: (f) => void delete f.subnets[1]!.availabilityZoneId }),
    'unknown',
    /zone ids of endpoint subnets 'subnet-0bbbbbbbbbbbbbbb2' are not known/,
  ],
  [
    "compares zones by id, whatever this account's zone names are",
    withCluster({
      facts: (f) => {
        f.subnets[0]!.availabilityZoneId = 'usw2-az3';
        f.tidbCloudService.availableZones = ['usw2-az1', 'usw2-az2'];
      },
    }),
    'fail',
    /subnet 'subnet-0aaaaaaaaaaaaaaa1' is in zone 'usw2-az3'/,
  ],
  ['speaks Japanese', { ...state('CREATING'), lang: 'ja' }, 'fail', /まだ作成中です/],
];

describe('tidbcloud.service', () => {
  it.each(cases)('%s', (_name, situation, status, message) => {
    const result = runRule(rule, situation);

    expect(result.status).toBe(status);
    expect(result.message).toMatch(message);
  });

  it('skips without --tidb-cluster-id, and is unknown when the API refused the key', () => {
    const facts = asFacts(healthyFactValues());
    const evaluate = () => evaluateRules([rule], facts, asProbes({}), healthyTarget(), 'en')[0];

    facts.tidbCloudService = skipped('tidbcloud', 'no --tidb-cluster-id was given');
    expect(evaluate()).toMatchObject({
      status: 'skip',
      message: 'Not checked: no --tidb-cluster-id was given',
    });

    const error = { code: 'Unauthorized', message: 'TiDB Cloud rejected the API key' };
    facts.tidbCloudService = failed('tidbcloud', error);
    expect(evaluate()?.status).toBe('unknown');
  });

  it('moves the endpoint out of the zones the service does not serve', () => {
    const result = runRule(
      rule,
      withCluster({ facts: (f) => void (f.tidbCloudService.availableZones = ['usw2-az1']) }),
    );

    expect(result.remediation?.cli).toEqual([
      `aws ec2 modify-vpc-endpoint --vpc-endpoint-id ${IDS.endpoint} --remove-subnet-ids ${IDS.subnetB}`,
    ]);
  });
});
