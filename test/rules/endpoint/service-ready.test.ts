import { describe, expect, it } from 'vitest';

import type { FactValues } from '../../../src/engine/facts.js';
import type { Status } from '../../../src/engine/rule.js';
import rule from '../../../rules/endpoint/service-ready.js';
import { IDS } from '../../helpers/evidence.js';
import { runRule, type Situation } from '../../helpers/run-rule.js';

function verification(state: string | undefined): Situation {
  return { facts: (f) => void (f.endpointService!.privateDnsNameVerificationState = state) };
}

function invisible(tidbState?: string): Situation {
  return {
    facts: (f) => {
      f.endpointService = null;
      if (tidbState) f.tidbCloudService.state = tidbState;
      else delete (f as Partial<FactValues>).tidbCloudService;
    },
  };
}

const cases: Array<[string, Situation, Status, string, RegExp]> = [
  [
    'passes when the service is visible and its private DNS name verified',
    {},
    'pass',
    'ready',
    /'com\.amazonaws\.vpce\.us-west-2\.vpce-svc-0c1d2e3f4a5b6c7d8' is visible and its private DNS name 'privatelink-12345678\.abcdefghij\.clusters\.tidb-cloud\.com' is verified/,
  ],
  [
    'passes when the verification state comes in another case',
    verification('Verified'),
    'pass',
    'ready',
    /is verified/,
  ],
  [
    'passes when AWS gives no verification state',
    verification(undefined),
    'pass',
    'ready',
    /is visible/,
  ],
  [
    'fails when the service is not visible to the account',
    invisible(),
    'fail',
    'notVisible',
    /'com\.amazonaws\.vpce\.us-west-2\.vpce-svc-0c1d2e3f4a5b6c7d8' is not visible to this account in region 'us-west-2'/,
  ],
  [
    'fails when the service is not visible while the ACTIVE cluster says it exists',
    invisible('ACTIVE'),
    'fail',
    'notVisible',
    /is not visible to this account/,
  ],
  [
    'fails when TiDB Cloud is still creating the service',
    invisible('CREATING'),
    'fail',
    'creating',
    /is not visible yet: TiDB Cloud reports it as 'CREATING'/,
  ],
  [
    'fails when TiDB Cloud is deleting the service',
    invisible('DELETING'),
    'fail',
    'deleting',
    /is not visible: TiDB Cloud reports it as 'DELETING'/,
  ],
  [
    'warns when the private DNS name is pending verification',
    verification('pendingVerification'),
    'warn',
    'pendingVerification',
    /is not verified yet \(state 'pendingVerification'\)/,
  ],
  [
    'warns when the verification state is one this tool does not know',
    verification('somethingNew'),
    'warn',
    'pendingVerification',
    /state 'somethingNew'/,
  ],
  [
    'fails when the private DNS name failed verification',
    verification('failed'),
    'fail',
    'verificationFailed',
    /failed verification \(state 'failed'\)/,
  ],
  [
    'warns when the service offers no private DNS name',
    { facts: (f) => void delete f.endpointService!.privateDnsName },
    'warn',
    'noPrivateDnsName',
    /offers no private DNS name/,
  ],
  [
    'skips when no service name is known at all',
    {
      facts: (f) => {
        f.endpointService = null;
        f.endpoint = null;
      },
      target: { serviceName: undefined },
    },
    'skip',
    'noServiceName',
    /No endpoint service name is known/,
  ],
];

describe('endpoint.service-ready', () => {
  it.each(cases)('%s', (_name, situation, status, messageId, message) => {
    const result = runRule(rule, situation);

    expect(result.status).toBe(status);
    expect(result.messageId).toBe(messageId);
    expect(result.message).toMatch(message);
  });

  it('explains the few minutes a new cluster needs and how to look for the service', () => {
    const result = runRule(rule, invisible());

    expect(result.remediation?.summary).toMatch(/three to five minutes/);
    expect(result.remediation?.summary).toMatch(/cross-region endpoints are not supported/);
    expect(result.remediation?.cli).toEqual([
      `aws ec2 describe-vpc-endpoint-services --region us-west-2 --service-names ${IDS.service} --query 'ServiceDetails[].[ServiceName,PrivateDnsName,PrivateDnsNameVerificationState]' --output table`,
    ]);
  });

  it('tells to wait while the service is being created', () => {
    expect(runRule(rule, invisible('CREATING')).remediation?.summary).toMatch(
      /Wait, then run the check again/,
    );
  });

  it('speaks Japanese', () => {
    const result = runRule(rule, { ...invisible(), lang: 'ja' });

    expect(result.message).toBe(
      `エンドポイントサービス '${IDS.service}' がリージョン 'us-west-2' でこのアカウントから見えません`,
    );
    expect(result.remediation?.summary).toMatch(/3〜5 分/);
  });
});
