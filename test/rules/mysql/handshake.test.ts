import { describe, expect, it } from 'vitest';

import type { MysqlProbe } from '../../../src/engine/facts.js';
import rule from '../../../rules/mysql/handshake.js';
import { runRule, type Situation } from '../../helpers/run-rule.js';

const probe = (fields: Partial<MysqlProbe>): Situation => ({
  probes: (p) => void (p.mysql = { outcome: 'greeting', durationMs: 3, ...fields }),
});
const greetingOf = (
  serverVersion: string,
  flavour: 'mysql' | 'mariadb' | 'unknown',
): Situation => ({
  probes: (p) => Object.assign(p.mysql.greeting!, { serverVersion, flavour }),
});

const cases: Array<[string, Situation, string, RegExp]> = [
  ['passes when TiDB greets', {}, 'pass', /TiDB '8\.0\.11-TiDB-v7\.5\.1' greeted in 3 ms/],
  [
    'warns when the server is MariaDB',
    greetingOf('5.5.5-10.11.19-MariaDB-0+deb12u1', 'mariadb'),
    'warn',
    /is MySQL-compatible but not TiDB: '5\.5\.5-10\.11\.19-MariaDB-0\+deb12u1' \(MariaDB\)/,
  ],
  [
    'warns when the server is MySQL',
    greetingOf('8.0.36', 'mysql'),
    'warn',
    /MySQL-compatible but not TiDB: '8\.0\.36' \(MySQL\)/,
  ],
  [
    'fails when an error packet comes instead of a greeting',
    probe({
      outcome: 'error-packet',
      errorPacket: { code: 1045, message: 'Access denied' },
    }),
    'fail',
    /turned the connection away with MySQL error 1045: Access denied/,
  ],
  [
    'fails, saying the server is full, on error 1040',
    probe({
      outcome: 'error-packet',
      errorPacket: { code: 1040, message: 'Too many connections' },
    }),
    'fail',
    /is full: MySQL error 1040: Too many connections$/,
  ],
  [
    "fails, saying the client's address is refused, on error 1130",
    probe({
      outcome: 'error-packet',
      errorPacket: { code: 1130, message: "Host '10.0.1.12' is not allowed to connect" },
    }),
    'fail',
    /refused this client's address before any login: MySQL error 1130: Host '10\.0\.1\.12'/,
  ],
  [
    'fails, naming the old protocol, when the server speaks MySQL protocol 9',
    probe({ outcome: 'garbage', otherProtocol: 'mysql-protocol-9', firstBytesHex: '1600000009' }),
    'fail',
    /greets with MySQL protocol 9, from MySQL before 3\.21/,
  ],
  [
    'fails when the server stays silent',
    probe({ outcome: 'silent', durationMs: 5000 }),
    'fail',
    /accepted the connection but sent no greeting within 5000 ms/,
  ],
  [
    'fails when the server speaks HTTP',
    probe({ outcome: 'garbage', otherProtocol: 'http', firstBytesHex: '485454502f312e31' }),
    'fail',
    /speaks HTTP, not MySQL \(first bytes 485454502f312e31\)/,
  ],
  [
    'fails when the server sends garbage',
    probe({ outcome: 'garbage', firstBytesHex: '0123456789' }),
    'fail',
    /sent bytes that are not a MySQL greeting: 0123456789/,
  ],
  [
    'fails when the server hangs up',
    probe({ outcome: 'closed' }),
    'fail',
    /closed the connection without a greeting/,
  ],
  ['skips when the greeting was not read', probe({ outcome: 'not-run' }), 'skip', /not read/],
];

describe('mysql.handshake', () => {
  it.each(cases)('%s', (_name, situation, status, message) => {
    const result = runRule(rule, situation);

    expect(result.status).toBe(status);
    expect(result.message).toMatch(message);
  });

  it.each([
    [1040, /connection pool sizes/],
    [1129, /FLUSH HOSTS/],
    [1130, /most likely another MySQL server/],
  ])('gives error %d its own fix', (code, fix) => {
    const result = runRule(
      rule,
      probe({ outcome: 'error-packet', errorPacket: { code, message: '' } }),
    );

    expect(result.remediation?.summary).toMatch(fix);
  });

  it('says so in Japanese for a non-TiDB server', () => {
    const result = runRule(rule, { ...greetingOf('8.0.36', 'mysql'), lang: 'ja' });

    expect(result.message).toMatch(/MySQL 互換ですが TiDB ではありません/);
  });
});
