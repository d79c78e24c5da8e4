import { describe, expect, it } from 'vitest';

import type { TcpResult } from '../../../src/engine/facts.js';
import rule from '../../../rules/tcp/connect.js';
import { runRule, type Situation } from '../../helpers/run-rule.js';

const HOST = 'privatelink-12345678.abcdefghij.clusters.tidb-cloud.com';
const outcome = (fields: Partial<TcpResult>): Situation => ({
  probes: (p) => void Object.assign(p.tcp, { address: undefined }, fields),
});

const cases: Array<[string, Situation, string, RegExp]> = [
  [
    'passes when the connection is made',
    {},
    'pass',
    new RegExp(`Connected to ${HOST}:4000 \\(10\\.0\\.1\\.25\\) in 1 ms`),
  ],
  [
    'writes an IPv6 address in brackets before the port',
    outcome({ host: 'fd00:ec2::25', address: 'fd00:ec2::25' }),
    'pass',
    /^Connected to \[fd00:ec2::25\]:4000 \(fd00:ec2::25\)/,
  ],
  [
    'warns when only some of the addresses take the connection',
    outcome({ address: '10.0.2.25', failedAddresses: ['10.0.1.25'] }),
    'warn',
    /through 10\.0\.2\.25 only: 10\.0\.1\.25 did not take the connection/,
  ],
  [
    'fails, pointing at filtering, when the connect times out',
    outcome({ outcome: 'timeout', durationMs: 5000 }),
    'fail',
    /timed out after 5000 ms: something on the way drops the packets, most often a security group or a network ACL/,
  ],
  [
    'fails when the connection is refused',
    outcome({ outcome: 'refused', errorCode: 'ECONNREFUSED' }),
    'fail',
    /refused the connection: the address answers, but nothing accepts connections on port 4000/,
  ],
  [
    'fails when the connection is reset',
    outcome({ outcome: 'reset', errorCode: 'ECONNRESET' }),
    'fail',
    /was reset: a firewall or proxy on the way, or the service behind the endpoint, turned it away/,
  ],
  [
    'fails when there is no route',
    outcome({ outcome: 'unreachable', errorCode: 'EHOSTUNREACH' }),
    'fail',
    /There is no route to .*:4000 \(EHOSTUNREACH\)/,
  ],
  [
    'fails on any other error',
    outcome({ outcome: 'error', errorCode: 'EADDRNOTAVAIL' }),
    'fail',
    /Could not connect to .*: EADDRNOTAVAIL/,
  ],
];

describe('tcp.connect', () => {
  it.each(cases)('%s', (_name, situation, status, message) => {
    const result = runRule(rule, situation);

    expect(result.status).toBe(status);
    expect(result.message).toMatch(message);
  });

  it('gives the command that opens the port after a timeout', () => {
    const result = runRule(rule, outcome({ outcome: 'timeout' }));

    expect(result.remediation?.cli).toContain(
      'aws ec2 authorize-security-group-ingress --group-id sg-0ccccccccccccccc3 --protocol tcp --port 4000 --source-group sg-0fffffffffffffff6',
    );
  });

  it('gives its own fix for a refusal', () => {
    const result = runRule(rule, outcome({ outcome: 'refused' }));

    expect(result.remediation?.summary).toMatch(
      /port shown in the TiDB Cloud console's Connect dialog/,
    );
  });
});
