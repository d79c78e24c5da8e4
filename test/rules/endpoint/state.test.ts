import { describe, expect, it } from 'vitest';

import type { Status } from '../../../src/engine/rule.js';
import rule from '../../../rules/endpoint/state.js';
import { IDS } from '../../helpers/evidence.js';
import { runRule, type Situation } from '../../helpers/run-rule.js';

function inState(
  state: string,
  more: Partial<{ failureReason: string; lastError: { code: string; message: string } }> = {},
): Situation {
  return { facts: (f) => void Object.assign(f.endpoint!, { state, ...more }) };
}

const SHOW = `aws ec2 describe-vpc-endpoints --region us-west-2 --vpc-endpoint-ids ${IDS.endpoint} --query 'VpcEndpoints[0].[State,FailureReason,LastError.Message]' --output text`;
const DELETE = `aws ec2 delete-vpc-endpoints --region us-west-2 --vpc-endpoint-ids ${IDS.endpoint}`;
const CREATE = `aws ec2 create-vpc-endpoint --vpc-id ${IDS.vpc} --region us-west-2 --service-name ${IDS.service} --vpc-endpoint-type Interface --subnet-ids ${IDS.subnetA} ${IDS.subnetB}`;

const cases: Array<[string, Situation, Status, string, RegExp, string[]]> = [
  [
    'passes when the endpoint is available',
    {},
    'pass',
    'available',
    /'vpce-0a1b2c3d4e5f67890' is in state 'available'$/,
    [],
  ],
  [
    'passes when the state comes in the SDK enum case',
    inState('Available'),
    'pass',
    'available',
    /is in state 'Available'$/,
    [],
  ],
  [
    'fails when the endpoint is pendingAcceptance',
    inState('pendingAcceptance'),
    'fail',
    'pendingAcceptance',
    /state 'pendingAcceptance': TiDB Cloud has not accepted the connection yet/,
    [SHOW],
  ],
  [
    'fails when the endpoint is PendingAcceptance in the SDK enum case',
    inState('PendingAcceptance'),
    'fail',
    'pendingAcceptance',
    /state 'PendingAcceptance'/,
    [SHOW],
  ],
  [
    'warns when the endpoint is pending',
    inState('pending'),
    'warn',
    'pending',
    /state 'pending': AWS is still setting it up or applying a change/,
    [SHOW],
  ],
  [
    'fails when the endpoint is rejected',
    inState('rejected'),
    'fail',
    'rejected',
    /state 'rejected': the connection was refused by the service owner/,
    [DELETE, CREATE],
  ],
  [
    'fails when the endpoint failed, giving the failure reason',
    inState('failed', { failureReason: 'Subnet capacity exceeded' }),
    'fail',
    'failed',
    /state 'failed': Subnet capacity exceeded$/,
    [SHOW, DELETE, CREATE],
  ],
  [
    'fails when the endpoint failed, giving the last error',
    inState('Failed', { lastError: { code: 'InsufficientCapacity', message: 'No room left' } }),
    'fail',
    'failed',
    /state 'Failed': InsufficientCapacity: No room left$/,
    [SHOW, DELETE, CREATE],
  ],
  [
    'fails when the endpoint failed without a reason',
    inState('failed'),
    'fail',
    'failedWithoutReason',
    /state 'failed' and AWS gives no reason/,
    [DELETE, CREATE],
  ],
  [
    'fails when the endpoint is deleting',
    inState('deleting'),
    'fail',
    'deleting',
    /state 'deleting': it is being deleted/,
    [CREATE],
  ],
  [
    'fails when the endpoint is deleted',
    inState('deleted'),
    'fail',
    'deleted',
    /state 'deleted': it no longer exists/,
    [CREATE],
  ],
  [
    'fails when the endpoint is expired',
    inState('expired'),
    'fail',
    'expired',
    /state 'expired': the connection request was not accepted in time/,
    [DELETE, CREATE],
  ],
  [
    'warns when the endpoint is partial',
    inState('partial'),
    'warn',
    'partial',
    /state 'partial', which AWS does not document/,
    [SHOW],
  ],
  [
    'is unknown when the state is one this tool does not know',
    inState('hibernating'),
    'unknown',
    'unrecognized',
    /state 'hibernating', which this tool does not know/,
    [SHOW],
  ],
  [
    'skips when there is no endpoint',
    { facts: (f) => void (f.endpoint = null) },
    'skip',
    'noEndpoint',
    /no endpoint/,
    [],
  ],
];

describe('endpoint.state', () => {
  it.each(cases)('%s', (_name, situation, status, messageId, message, cli) => {
    const result = runRule(rule, situation);

    expect(result.status).toBe(status);
    expect(result.messageId).toBe(messageId);
    expect(result.message).toMatch(message);
    expect(result.remediation?.cli ?? []).toEqual(cli);
  });

  it('gives each state that is not available its own next step', () => {
    const states = [
      'pendingAcceptance',
      'pending',
      'rejected',
      'failed',
      'deleting',
      'deleted',
      'expired',
      'partial',
      'hibernating',
    ];
    const summaries = states.map((state) => runRule(rule, inState(state)).remediation?.summary);

    expect(new Set(summaries).size).toBe(states.length);
  });

  it('asks for the endpoint id to be given to TiDB Cloud while acceptance is pending', () => {
    const result = runRule(rule, inState('pendingAcceptance'));

    expect(result.remediation?.summary).toMatch(
      /Give the endpoint id 'vpce-0a1b2c3d4e5f67890' to TiDB Cloud/,
    );
    expect(result.remediation?.console).toEqual([
      'In the TiDB Cloud console, open Project Settings > Network Access > Private Endpoint',
      'Create an AWS private endpoint for the cluster and go on to the step that asks for the VPC endpoint id',
      "Enter 'vpce-0a1b2c3d4e5f67890', go on, and finish with Create; the status changes to Active within a few minutes",
    ]);
  });

  it('speaks Japanese', () => {
    const result = runRule(rule, { ...inState('pendingAcceptance'), lang: 'ja' });

    expect(result.title).toBe('エンドポイントが available 状態である');
    expect(result.message).toBe(
      "エンドポイント 'vpce-0a1b2c3d4e5f67890' の状態は 'pendingAcceptance' です: TiDB Cloud がまだ接続を承認していません",
    );
    expect(result.remediation?.console[0]).toMatch(/プロジェクト設定/);
  });
});
