import { describe, expect, it } from 'vitest';

import rule from '../../../rules/probe/latency.js';
import { runRule, type Situation } from '../../helpers/run-rule.js';

const cases: Array<[string, Situation, string, RegExp]> = [
  [
    'passes when every step is quick',
    {},
    'pass',
    /DNS 2 ms, connect 1 ms, greeting 3 ms: all within their limits/,
  ],
  [
    'warns when the lookup is slow',
    { probes: (p) => void (p.dnsSystem.durationMs = 2004) },
    'warn',
    /^Slow: DNS 2004 ms \(limits: DNS 100 ms/,
  ],
  [
    'warns when the connect and the greeting are slow',
    {
      probes: (p) => {
        p.tcp.durationMs = 180;
        p.mysql.durationMs = 900;
      },
    },
    'warn',
    /^Slow: TCP 180 ms, MySQL 900 ms/,
  ],
  [
    'skips when no connection was made',
    { probes: (p) => void (p.tcp.outcome = 'timeout') },
    'skip',
    /nothing to time/,
  ],
];

describe('probe.latency', () => {
  it.each(cases)('%s', (_name, situation, status, message) => {
    const result = runRule(rule, situation);

    expect(result.status).toBe(status);
    expect(result.message).toMatch(message);
  });
});
