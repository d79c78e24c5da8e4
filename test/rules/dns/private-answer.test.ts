import { describe, expect, it } from 'vitest';

import type { FactValues, ProbeValues } from '../../../src/engine/facts.js';
import rule from '../../../rules/dns/private-answer.js';
import { evaluateRules } from '../../../src/engine/evaluate.js';
import {
  asFacts,
  asProbes,
  healthyFactValues,
  healthyProbeValues,
  healthyTarget,
} from '../../helpers/evidence.js';
import { runRule, type Situation } from '../../helpers/run-rule.js';

const answers =
  (...addresses: string[]) =>
  (p: ProbeValues) =>
    void (p.dnsSystem.answers = addresses.map((data) => ({
      type: data.includes(':') ? 'AAAA' : 'A',
      data,
    })));

const cases: Array<[string, Situation, string, RegExp]> = [
  [
    "passes when every answer is one of the endpoint's addresses",
    {},
    'pass',
    /resolves to 10\.0\.1\.25, 10\.0\.2\.25, addresses of endpoint 'vpce-0a1b2c3d4e5f67890'/,
  ],
  [
    'passes when AWS returns only some of the addresses',
    { probes: answers('10.0.2.25') },
    'pass',
    /resolves to 10\.0\.2\.25, addresses of endpoint/,
  ],
  [
    'fails when there are no answers',
    { probes: (p) => Object.assign(p.dnsSystem, { rcode: 'NXDOMAIN', answers: [] }) },
    'fail',
    /gives no addresses \(NXDOMAIN\)/,
  ],
  [
    'fails when the answer is a public address',
    { probes: answers('10.0.1.25', '52.10.20.30') },
    'fail',
    /resolves to addresses that are not private: 52\.10\.20\.30: private DNS is not in effect/,
  ],
  [
    'fails when a private answer is not an endpoint address',
    { probes: answers('10.0.1.25', '10.0.9.9') },
    'fail',
    /resolves to 10\.0\.9\.9, which are not addresses of endpoint 'vpce-0a1b2c3d4e5f67890' \(10\.0\.1\.25, 10\.0\.2\.25\)/,
  ],
  [
    'informs when the name points at loopback',
    { probes: answers('127.0.0.1', '::1') },
    'info',
    /resolves to loopback 127\.0\.0\.1, ::1: a tunnel, a local proxy or a hosts-file entry/,
  ],
];

describe('dns.private-answer', () => {
  it.each(cases)('%s', (_name, situation, status, message) => {
    const result = runRule(rule, situation);

    expect(result.status).toBe(status);
    expect(result.message).toMatch(message);
  });

  it('passes on private answers alone, saying so, when the endpoint addresses are unknown', () => {
    const facts: Partial<FactValues> = healthyFactValues();
    delete facts.networkInterfaces;
    const [result] = evaluateRules(
      [rule],
      asFacts(facts),
      asProbes(healthyProbeValues()),
      healthyTarget(),
      'en',
    );

    expect(result?.status).toBe('pass');
    expect(result?.message).toMatch(
      /private addresses 10\.0\.1\.25, 10\.0\.2\.25; the endpoint's own addresses are not known/,
    );
  });
});
