import { describe, expect, it } from 'vitest';

import type { FactValues, VpcEndpoint } from '../../../src/engine/facts.js';
import rule from '../../../rules/endpoint/private-dns-conflict.js';
import { IDS } from '../../helpers/evidence.js';
import { runRule, type Situation } from '../../helpers/run-rule.js';

const OTHER = 'vpce-0ffffffffffffffff';

/** Adds a second endpoint, a copy of the first with changes. */
function other(change: Partial<VpcEndpoint>): Situation {
  return {
    facts: (f: FactValues) => {
      f.vpcEndpointsInVpc = [f.endpoint!, { ...f.endpoint!, id: OTHER, ...change }];
    },
  };
}

const cases: Array<[string, Situation, string, RegExp]> = [
  ['passes when the endpoint is alone', {}, 'pass', /is the only endpoint for/],
  [
    'passes when the list holds only the endpoint itself',
    other({ id: IDS.endpoint }),
    'pass',
    /only endpoint/,
  ],
  [
    'fails when a second endpoint for the service has private DNS',
    other({}),
    'fail',
    /'vpce-0ffffffffffffffff' .* also serves .* with private DNS enabled: the cluster's name resolves to its addresses/,
  ],
  [
    'fails when an endpoint for another service carries the name',
    other({ serviceName: 'com.amazonaws.vpce.us-west-2.vpce-svc-0999999999999999a' }),
    'fail',
    /'vpce-0ffffffffffffffff'/,
  ],
  [
    'notes a second endpoint for the service without private DNS',
    other({ privateDnsEnabled: false }),
    'info',
    /without private DNS: it does not take the name/,
  ],
  ['ignores a deleted endpoint', other({ state: 'deleted' }), 'pass', /only endpoint/],
  [
    'ignores endpoints for other services and names',
    other({
      serviceName: 'com.amazonaws.us-west-2.s3',
      dnsEntries: [{ dnsName: 's3.us-west-2.amazonaws.com' }],
    }),
    'pass',
    /only endpoint/,
  ],
  [
    'skips when there is no endpoint',
    { facts: (f) => void (f.endpoint = null) },
    'skip',
    /no endpoint/,
  ],
  ['speaks Japanese', { ...other({}), lang: 'ja' }, 'fail', /そちらのアドレスに解決されます/],
];

describe('endpoint.private-dns-conflict', () => {
  it.each(cases)('%s', (_name, situation, status, message) => {
    const result = runRule(rule, situation);

    expect(result.status).toBe(status);
    expect(result.message).toMatch(message);
  });

  it('turns private DNS off on the other endpoint and on for this one', () => {
    const result = runRule(rule, other({}));

    expect(result.remediation?.cli?.slice(0, 2)).toEqual([
      `aws ec2 modify-vpc-endpoint --vpc-endpoint-id ${OTHER} --no-private-dns-enabled`,
      `aws ec2 modify-vpc-endpoint --vpc-endpoint-id ${IDS.endpoint} --private-dns-enabled`,
    ]);
  });
});
