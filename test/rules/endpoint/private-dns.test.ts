import { describe, expect, it } from 'vitest';

import type { Status } from '../../../src/engine/rule.js';
import rule from '../../../rules/endpoint/private-dns.js';
import { runRule, type Situation } from '../../helpers/run-rule.js';

const disabled: Situation = { facts: (f) => void (f.endpoint!.privateDnsEnabled = false) };

const cases: Array<[string, Situation, Status, string, RegExp]> = [
  ['passes when private DNS is enabled', {}, 'pass', 'enabled', /has private DNS enabled/],
  [
    'fails when private DNS is disabled',
    disabled,
    'fail',
    'disabled',
    /'vpce-0a1b2c3d4e5f67890' has private DNS disabled$/,
  ],
  [
    'fails, pointing at acceptance first, when the endpoint awaits acceptance',
    {
      facts: (f) =>
        void Object.assign(f.endpoint!, { privateDnsEnabled: false, state: 'PendingAcceptance' }),
    },
    'fail',
    'notYetAccepted',
    /only allows enabling it once TiDB Cloud has accepted the endpoint \(state 'PendingAcceptance'\)/,
  ],
  [
    'skips when there is no endpoint',
    { facts: (f) => void (f.endpoint = null) },
    'skip',
    'noEndpoint',
    /no endpoint/,
  ],
];

describe('endpoint.private-dns', () => {
  it.each(cases)('%s', (_name, situation, status, messageId, message) => {
    const result = runRule(rule, situation);

    expect(result.status).toBe(status);
    expect(result.messageId).toBe(messageId);
    expect(result.message).toMatch(message);
  });

  it('gives the exact command to enable it', () => {
    const result = runRule(rule, disabled);

    expect(result.remediation?.cli).toEqual([
      'aws ec2 modify-vpc-endpoint --vpc-endpoint-id vpce-0a1b2c3d4e5f67890 --private-dns-enabled',
    ]);
  });

  it('speaks Japanese', () => {
    const result = runRule(rule, { ...disabled, lang: 'ja' });

    expect(result.title).toBe('エンドポイントでプライベート DNS が有効になっている');
    expect(result.message).toBe(
      "エンドポイント 'vpce-0a1b2c3d4e5f67890' でプライベート DNS が無効です",
    );
    expect(result.remediation?.console[1]).toMatch(/プライベート DNS 名を変更/);
  });
});
