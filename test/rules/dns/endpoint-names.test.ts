import { describe, expect, it } from 'vitest';

import type { DnsLookup, FactValues, ProbeValues } from '../../../src/engine/facts.js';
import rule from '../../../rules/dns/endpoint-names.js';
import { evaluateRules } from '../../../src/engine/evaluate.js';
import {
  asFacts,
  asProbes,
  healthyFactValues,
  healthyProbeValues,
  healthyTarget,
} from '../../helpers/evidence.js';
import { runRule, type Situation } from '../../helpers/run-rule.js';

const REGIONAL =
  'vpce-0a1b2c3d4e5f67890-abcd1234.vpce-svc-0c1d2e3f4a5b6c7d8.us-west-2.vpce.amazonaws.com';
const ZONAL =
  'vpce-0a1b2c3d4e5f67890-abcd1234-us-west-2a.vpce-svc-0c1d2e3f4a5b6c7d8.us-west-2.vpce.amazonaws.com';

function lookup(name: string, rcode: string, ...addresses: string[]): DnsLookup {
  return {
    name,
    resolver: '10.0.0.2:53',
    rcode,
    answers: addresses.map((data) => ({ type: 'A', data, ttl: 60 })),
    durationMs: 1,
  };
}

const names =
  (...lookups: DnsLookup[]) =>
  (p: ProbeValues) =>
    void (p.dnsEndpointNames = lookups);

const cases: Array<[string, Situation, string, RegExp]> = [
  [
    "passes when the endpoint's names resolve to its addresses",
    {
      probes: names(
        lookup(REGIONAL, 'NOERROR', '10.0.1.25', '10.0.2.25'),
        lookup(ZONAL, 'NOERROR', '10.0.1.25'),
      ),
    },
    'pass',
    /The endpoint's 2 DNS names resolve to its addresses through '10\.0\.0\.2:53'/,
  ],
  [
    'fails when a name does not resolve',
    { probes: names(lookup(REGIONAL, 'SERVFAIL'), lookup(ZONAL, 'NOERROR', '10.0.1.25')) },
    'fail',
    /1 of the endpoint's 2 DNS names do not resolve through '10\.0\.0\.2:53': vpce-.*\.amazonaws\.com \(SERVFAIL\): the resolver path itself is broken/,
  ],
  [
    'fails when the names point at other addresses',
    { probes: names(lookup(REGIONAL, 'NOERROR', '10.0.5.5')) },
    'fail',
    /resolve through '10\.0\.0\.2:53' to 10\.0\.5\.5, which are not its addresses \(10\.0\.1\.25, 10\.0\.2\.25\)/,
  ],
  [
    'fails when a name gives only an alias and no address',
    {
      probes: names(
        {
          ...lookup(REGIONAL, 'NOERROR'),
          answers: [{ type: 'CNAME', data: 'vpce-elsewhere.example', ttl: 60 }],
        },
        lookup(ZONAL, 'NOERROR', '10.0.1.25'),
      ),
    },
    'fail',
    /1 of the endpoint's 2 DNS names do not resolve through '10\.0\.0\.2:53': vpce-.*\(NOERROR\)/,
  ],
  ['skips when no names are known', { probes: names() }, 'skip', /own DNS names are not known/],
];

describe('dns.endpoint-names', () => {
  it.each(cases)('%s', (_name, situation, status, message) => {
    const result = runRule(rule, situation);

    expect(result.status).toBe(status);
    expect(result.message).toMatch(message);
  });

  it('passes on the answers alone, saying so, when the endpoint addresses are unknown', () => {
    const facts: Partial<FactValues> = healthyFactValues();
    delete facts.networkInterfaces;
    const probes = healthyProbeValues();
    probes.dnsEndpointNames = [lookup(REGIONAL, 'NOERROR', '10.0.1.25')];
    const [result] = evaluateRules([rule], asFacts(facts), asProbes(probes), healthyTarget(), 'en');

    expect(result?.status).toBe('pass');
    expect(result?.message).toMatch(
      /resolve through '10\.0\.0\.2:53' to 10\.0\.1\.25; the endpoint's addresses are not known/,
    );
  });
});
