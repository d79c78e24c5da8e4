import { describe, expect, it } from 'vitest';

import rule from '../../../rules/client/host-name.js';
import { runRule, type Situation } from '../../helpers/run-rule.js';

const HOST = 'privatelink-12345678.abcdefghij.clusters.tidb-cloud.com';
const REGIONAL =
  'vpce-0a1b2c3d4e5f67890-abcd1234.vpce-svc-0c1d2e3f4a5b6c7d8.us-west-2.vpce.amazonaws.com';
const withoutAws: Situation['facts'] = (f) => {
  f.endpoint = null;
  f.endpointService = null;
};

const cases: Array<[string, Situation, string, RegExp]> = [
  [
    'passes when the host is the private DNS name',
    {},
    'pass',
    new RegExp(`'${HOST}' is the private DNS name`),
  ],
  [
    'passes when the host is the private DNS name with a trailing dot',
    { target: { host: `${HOST}.` } },
    'pass',
    /is the private DNS name/,
  ],
  [
    'notes, without passing, that an unknown private name could not be compared',
    { target: { host: 'db.internal.example' }, facts: withoutAws },
    'info',
    /'db\.internal\.example' is not an endpoint-specific AWS name; the service's private DNS name is not known/,
  ],
  [
    "fails when the host is the endpoint's regional vpce name",
    { target: { host: REGIONAL } },
    'fail',
    /is the endpoint's own AWS name: it skips private DNS, and TLS host-name checks fail on it/,
  ],
  [
    'fails on a vpce name even without AWS facts',
    { target: { host: REGIONAL }, facts: withoutAws },
    'fail',
    /own AWS name/,
  ],
  [
    'warns when the host is an IP address',
    { target: { host: '10.0.1.25' } },
    'warn',
    /'10\.0\.1\.25' is an IP address/,
  ],
  [
    'warns when the host is another name',
    { target: { host: 'tidb.corp.example' } },
    'warn',
    new RegExp(`'tidb\\.corp\\.example' is not the endpoint service's private DNS name '${HOST}'`),
  ],
  [
    "warns when the host is the cluster's public endpoint",
    { target: { host: 'tidb.1a2b3c4d5e6f.clusters.tidb-cloud.com' }, facts: withoutAws },
    'warn',
    /looks like the cluster's public endpoint.*starts with 'privatelink-'/,
  ],
  [
    'passes when the host is covered by a wildcard private DNS name',
    {
      target: { host: `db.${HOST}` },
      facts: (f) => void (f.endpointService!.privateDnsName = `*.${HOST}`),
    },
    'pass',
    /is the private DNS name/,
  ],
  [
    'warns when a wildcard private DNS name does not cover the host',
    {
      target: { host: `a.b.${HOST}` },
      facts: (f) => void (f.endpointService!.privateDnsName = `*.${HOST}`),
    },
    'warn',
    /is not the endpoint service's private DNS name/,
  ],
  [
    'skips when no host was given',
    { target: { host: undefined } },
    'skip',
    /No host name was given/,
  ],
];

describe('client.host-name', () => {
  it.each(cases)('%s', (_name, situation, status, message) => {
    const result = runRule(rule, situation);

    expect(result.status).toBe(status);
    expect(result.message).toMatch(message);
  });

  it('gives the command that prints the private DNS name to use instead', () => {
    const result = runRule(rule, { target: { host: REGIONAL } });

    expect(result.remediation?.cli).toEqual([
      "aws ec2 describe-vpc-endpoint-services --service-names com.amazonaws.vpce.us-west-2.vpce-svc-0c1d2e3f4a5b6c7d8 --query 'ServiceDetails[0].PrivateDnsName' --output text",
    ]);
  });
});
