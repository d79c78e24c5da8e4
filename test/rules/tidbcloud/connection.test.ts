import { describe, expect, it } from 'vitest';

import rule from '../../../rules/tidbcloud/connection.js';
import { evaluateRules } from '../../../src/engine/evaluate.js';
import { skipped } from '../../../src/engine/facts.js';
import {
  asFacts,
  asProbes,
  healthyFactValues,
  healthyTarget,
  IDS,
} from '../../helpers/evidence.js';
import { runRule, type Situation } from '../../helpers/run-rule.js';

const CLUSTER = '1379661944646413143';
const situation = (change: Situation['facts'], extra: Partial<Situation> = {}): Situation => ({
  facts: change,
  target: { tidbClusterId: CLUSTER },
  ...extra,
});
const state = (endpointState: string, message?: string) =>
  situation((f) => {
    f.tidbCloudConnections = [
      {
        endpointId: IDS.endpoint,
        endpointState,
        tidbNodeGroupId: '2',
        ...(message && { message }),
      },
    ];
  });

const cases: Array<[string, Situation, string, RegExp]> = [
  [
    'passes when the connection is ACTIVE',
    state('ACTIVE'),
    'pass',
    /'vpce-0a1b2c3d4e5f67890' on cluster '1379661944646413143' is ACTIVE/,
  ],
  [
    'warns while TiDB Cloud is accepting it',
    state('PENDING'),
    'warn',
    /still accepting .* \(PENDING\)/,
  ],
  [
    "fails with TiDB Cloud's message when it FAILED",
    state('FAILED', 'the endpoint is not in the allowed principals'),
    'fail',
    /\(FAILED\): 'the endpoint is not in the allowed principals'/,
  ],
  [
    'fails when it was never registered (DISCOVERED)',
    state('DISCOVERED'),
    'fail',
    /never registered in TiDB Cloud \(DISCOVERED\)/,
  ],
  [
    'fails while it is being deleted',
    state('DELETING'),
    'fail',
    /deleting the connection .* \(DELETING\)/,
  ],
  ['cannot decide on a state it does not know', state('SUSPENDED'), 'unknown', /state 'SUSPENDED'/],
  [
    'fails when TiDB Cloud has no connection for the endpoint',
    situation((f) => {
      f.tidbCloudConnections = [{ endpointId: 'vpce-0999999999999999a', endpointState: 'ACTIVE' }];
    }),
    'fail',
    /has no private endpoint connection for endpoint 'vpce-0a1b2c3d4e5f67890'/,
  ],
  [
    'looks for the endpoint id given on the command line when EC2 did not find it',
    situation((f) => void (f.endpoint = null)),
    'pass',
    /is ACTIVE/,
  ],
  [
    'skips when no endpoint id is known',
    situation((f) => void (f.endpoint = null), {
      target: { tidbClusterId: CLUSTER, vpcEndpointId: undefined },
    }),
    'skip',
    /no endpoint to look for/,
  ],
  [
    'speaks Japanese',
    { ...state('DISCOVERED'), lang: 'ja' },
    'fail',
    /TiDB Cloud に登録されていません/,
  ],
];

describe('tidbcloud.connection', () => {
  it.each(cases)('%s', (_name, situation, status, message) => {
    const result = runRule(rule, situation);

    expect(result.status).toBe(status);
    expect(result.message).toMatch(message);
  });

  it('skips without --tidb-cluster-id', () => {
    const facts = asFacts(healthyFactValues());
    facts.tidbCloudConnections = skipped('tidbcloud', 'no --tidb-cluster-id was given');
    const [result] = evaluateRules([rule], facts, asProbes({}), healthyTarget(), 'en');

    expect(result?.status).toBe('skip');
  });

  it('gives the API call that registers the endpoint', () => {
    const result = runRule(rule, state('DELETING'));

    expect(result.remediation?.cli).toEqual([
      `curl --digest --user "$TIDB_CLOUD_PUBLIC_KEY:$TIDB_CLOUD_PRIVATE_KEY" --request POST --header 'content-type: application/json' --data '{"endpointId":"${IDS.endpoint}","tidbNodeGroupId":"2"}' https://dedicated.tidbapi.com/v1beta1/clusters/${CLUSTER}/tidbNodeGroups/2/privateEndpointConnections`,
    ]);
  });
});
