import { describe, expect, it } from 'vitest';

import type { AuthProbe } from '../../../src/engine/facts.js';
import rule from '../../../rules/mysql/auth.js';
import { runRule, type Situation } from '../../helpers/run-rule.js';

const login = (auth: Partial<AuthProbe>): Situation => ({
  target: { user: 'app' },
  probes: (p) => void Object.assign(p.auth, auth),
});

const cases: Array<[string, Situation, string, RegExp]> = [
  [
    'passes when the login and SELECT 1 succeed',
    login({}),
    'pass',
    /'app' logged in and ran SELECT 1 in 5 ms/,
  ],
  [
    'fails when access is denied',
    login({ outcome: 'access-denied', errorCode: 'ER_ACCESS_DENIED_ERROR' }),
    'fail',
    /The server refused 'app': access denied \(ER_ACCESS_DENIED_ERROR\)/,
  ],
  [
    'fails, naming TIDB_PASSWORD, when access is denied and no password was sent',
    login({ outcome: 'access-denied', errorCode: 'ER_ACCESS_DENIED_ERROR', withoutPassword: true }),
    'fail',
    /access denied \(ER_ACCESS_DENIED_ERROR\), and no password was sent because TIDB_PASSWORD is not set or is empty/,
  ],
  [
    'fails, raising a TLS requirement, when access is denied on a login without TLS',
    {
      target: { user: 'app', tls: 'off' },
      probes: (p) => void Object.assign(p.auth, { outcome: 'access-denied', errorCode: 'E' }),
    },
    'fail',
    /on a login without TLS \(--tls off\).*or the user may log in over TLS only/,
  ],
  [
    'fails on a network fault',
    login({ outcome: 'network', errorCode: 'ECONNRESET', errorMessage: 'read ECONNRESET' }),
    'fail',
    /failed on the network \(ECONNRESET\): read ECONNRESET/,
  ],
  [
    'fails on a TLS fault',
    login({
      outcome: 'tls',
      errorCode: 'HANDSHAKE_SSL_ERROR',
      errorMessage: 'self-signed certificate',
    }),
    'fail',
    /failed in TLS \(HANDSHAKE_SSL_ERROR\): self-signed certificate/,
  ],
  [
    'fails on another error',
    login({ outcome: 'error', errorCode: 'ER_DBACCESS_DENIED_ERROR', errorMessage: 'no database' }),
    'fail',
    /The login as 'app' failed: ER_DBACCESS_DENIED_ERROR: no database/,
  ],
  ['skips without --user', {}, 'skip', /No --user given: login not tried/],
];

describe('mysql.auth', () => {
  it.each(cases)('%s', (_name, situation, status, message) => {
    const result = runRule(rule, situation);

    expect(result.status).toBe(status);
    expect(result.message).toMatch(message);
  });

  it('points a network fault at the connection rules', () => {
    const result = runRule(rule, login({ outcome: 'network', errorCode: 'ETIMEDOUT' }));

    expect(result.remediation?.summary).toMatch(/tcp\.connect and mysql\.handshake/);
  });
});
