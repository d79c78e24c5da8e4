import { describe, expect, it } from 'vitest';

import type { TlsProbe } from '../../../src/engine/facts.js';
import rule from '../../../rules/tls/handshake.js';
import { runRule, type Situation } from '../../helpers/run-rule.js';

const CHECKED = '2027-01-01T00:00:00.000Z';
const tls = (fields: Partial<TlsProbe>): Situation => ({
  probes: (p) => void Object.assign(p.tls, { checkedAt: CHECKED }, fields),
});
const failedWith = (errorCode: string, errorMessage = errorCode) =>
  tls({ outcome: 'failed', errorCode, errorMessage });

const cases: Array<[string, Situation, string, RegExp]> = [
  [
    'passes when the certificate verifies',
    {},
    'pass',
    /TLS TLSv1\.3 verified: certificate for .* from 'CN=TiDB Cloud test CA', valid until 2027-12-01/,
  ],
  [
    'warns when the certificate expires within 14 days',
    tls({ validTo: '2027-01-10T00:00:00.000Z' }),
    'warn',
    /expires in 9 days \(2027-01-10T00:00:00\.000Z\)/,
  ],
  [
    'fails when the certificate has expired',
    failedWith('CERT_HAS_EXPIRED'),
    'fail',
    /expired on 2027-12-01/,
  ],
  [
    'fails when the CA is unknown',
    failedWith('UNABLE_TO_VERIFY_LEAF_SIGNATURE'),
    'fail',
    /from 'CN=TiDB Cloud test CA' is not signed by a trusted CA \(UNABLE_TO_VERIFY_LEAF_SIGNATURE\): give the cluster's CA with --ca/,
  ],
  [
    'fails, naming the file, when the CA given with --ca does not sign the certificate',
    tls({ outcome: 'failed', errorCode: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', caFile: 'old-ca.pem' }),
    'fail',
    /is not signed by the CA in 'old-ca\.pem' \(UNABLE_TO_VERIFY_LEAF_SIGNATURE\): that file is not this cluster's CA/,
  ],
  [
    'fails when a self-signed root is in the chain',
    failedWith('SELF_SIGNED_CERT_IN_CHAIN'),
    'fail',
    /not signed by a trusted CA/,
  ],
  [
    'fails when the host name is not in the certificate',
    failedWith('ERR_TLS_CERT_ALTNAME_INVALID'),
    'fail',
    /names \(privatelink-.*\) do not include 'privatelink-12345678\.abcdefghij\.clusters\.tidb-cloud\.com'/,
  ],
  [
    'fails when the certificate is not valid yet',
    failedWith('CERT_NOT_YET_VALID', 'certificate is not yet valid'),
    'fail',
    /did not verify: CERT_NOT_YET_VALID: certificate is not yet valid/,
  ],
  [
    'fails when the handshake itself fails',
    tls({
      outcome: 'failed',
      errorCode: 'ECONNRESET',
      errorMessage: 'socket hang up',
      issuer: undefined,
      subjectNames: undefined,
    }),
    'fail',
    /The TLS handshake with .*:4000 failed: ECONNRESET: socket hang up/,
  ],
  [
    'fails when TLS is required but not offered',
    { ...tls({ outcome: 'not-offered' }), target: { tls: 'required' } },
    'fail',
    /does not offer TLS, and --tls required asks for it/,
  ],
  [
    'warns when TLS is not offered',
    tls({ outcome: 'not-offered' }),
    'warn',
    /does not offer TLS: passwords and data/,
  ],
  [
    'skips when TLS is turned off',
    tls({ outcome: 'disabled' }),
    'skip',
    /TLS is turned off \(--tls off\)/,
  ],
  ['skips when TLS was not tried', tls({ outcome: 'not-run' }), 'skip', /not tried/],
];

describe('tls.handshake', () => {
  it('gives openssl an IPv6 address in brackets', () => {
    const result = runRule(rule, {
      ...tls({ outcome: 'not-offered' }),
      target: { host: 'fd00:ec2::25' },
    });

    expect(result.remediation?.cli?.[0]).toMatch(/-connect \[fd00:ec2::25\]:4000 /);
  });

  it.each(cases)('%s', (_name, situation, status, message) => {
    const result = runRule(rule, situation);

    expect(result.status).toBe(status);
    expect(result.message).toMatch(message);
  });

  it('judges expiry as of the probe, not of today', () => {
    const result = runRule(rule, tls({ checkedAt: '2027-11-30T00:00:00.000Z' }));

    expect(result.status).toBe('warn');
    expect(result.message).toMatch(/expires in 1 days/);
  });

  it('tells how to get the CA when it is unknown', () => {
    const result = runRule(rule, failedWith('UNABLE_TO_GET_ISSUER_CERT_LOCALLY'));

    expect(result.remediation?.console[1]).toBe(
      'Run tidb-pe again with --ca pointing at the downloaded file',
    );
  });
});
