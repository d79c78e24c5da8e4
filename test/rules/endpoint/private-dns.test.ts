import { describe, expect, it } from 'vitest';

import rule from '../../../rules/endpoint/private-dns.js';
import { runRule, type Situation } from '../../helpers/run-rule.js';

const cases: Array<[string, Situation, string, RegExp]> = [
  ['passes when private DNS is enabled', {}, 'pass', /has private DNS enabled/],
  [
    'fails when private DNS is disabled',
    { facts: (f) => void (f.endpoint!.privateDnsEnabled = false) },
    'fail',
    /'vpce-0a1b2c3d4e5f67890' has private DNS disabled/,
  ],
  ['skips when there is no endpoint', { facts: (f) => void (f.endpoint = null) }, 'skip', /no endpoint/],
];

describe('endpoint.private-dns', () => {
  it.each(cases)('%s', (_name, situation, status, message) => {
    const result = runRule(rule, situation);

    expect(result.status).toBe(status);
    expect(result.message).toMatch(message);
  });

  it('gives the exact command to enable it', () => {
    const result = runRule(rule, { facts: (f) => void (f.endpoint!.privateDnsEnabled = false) });

    expect(result.remediation?.cli).toEqual([
      'aws ec2 modify-vpc-endpoint --vpc-endpoint-id vpce-0a1b2c3d4e5f67890 --private-dns-enabled',
    ]);
  });
});
