import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { RULE_ORDER } from '../../src/engine/catalogue.js';
import { answerFor } from '../../src/simulate/dns-answers.js';
import {
  loadScenario,
  mergePatch,
  SCENARIOS_DIR,
  scenarioNames,
} from '../../src/simulate/load-scenario.js';
import { IDS } from '../helpers/evidence.js';

const names = scenarioNames();

function addressesOf(scenario: string, view: 'vpc' | 'system', name: string) {
  const outcome = answerFor(loadScenario(scenario), view, name);

  return outcome.rcode === 'NOERROR' ? outcome.addresses : outcome.rcode;
}

describe('the scenario catalogue', () => {
  it('holds healthy and one scenario for each failure the issues name', () => {
    expect(names).toEqual(
      expect.arrayContaining([
        'healthy',
        'endpoint-missing',
        'endpoint-not-interface',
        'wrong-service',
        'service-not-ready',
        'state-pending-acceptance',
        'state-pending',
        'state-rejected',
        'state-failed',
        'state-deleting',
        'state-deleted',
        'state-expired',
        'cross-region',
        'az-not-covered',
        'private-dns-off',
        'vpc-dns-support-off',
        'vpc-dns-hostnames-off',
        'sg-missing-port',
        'sg-wrong-source',
        'custom-port',
        'dns-nxdomain',
        'dns-public-answer',
        'dns-stale-answer',
        'tcp-refused',
        'tcp-filtered',
        'server-silent',
        'server-not-tidb',
        'tls-expired',
        'describe-denied',
        'throttled',
        'client-other-vpc',
        'nacl-blocks-return',
        'dns-custom-resolver',
        'dns-shadowed-by-zone',
        'private-dns-conflict',
        'eni-missing',
        'client-other-az',
        'tidbcloud-pending',
        'tidbcloud-discovered',
        'dns-vpce-names-shadowed',
        'server-slow-greeting',
        'auth-stale-password',
      ]),
    );
  });

  it.each(names)('%s loads, validates and explains itself', (name) => {
    const scenario = loadScenario(name);
    const readme = readFileSync(join(SCENARIOS_DIR, name, 'README.md'), 'utf8');

    expect(name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(scenario.summary.length).toBeLessThanOrEqual(100);
    expect(readme.split('\n\n')[1]?.trim().length).toBeGreaterThan(80);
    for (const id of Object.keys(scenario.expected.statuses)) expect(RULE_ORDER).toContain(id);
  });

  it('gives healthy an expected status for every rule but the login, which needs --user', () => {
    const { expected } = loadScenario('healthy');

    expect(Object.keys(expected.statuses).sort()).toEqual(
      RULE_ORDER.filter((id) => id !== 'mysql.auth').sort(),
    );
    expect(expected.exitCode).toBe(0);
  });

  it('makes every rule other than pass in some scenario', () => {
    const shown = new Set(
      names.flatMap((name) =>
        Object.entries(loadScenario(name).expected.statuses)
          .filter(([, status]) => status !== 'pass')
          .map(([id]) => id),
      ),
    );

    expect(RULE_ORDER.filter((id) => !shown.has(id))).toEqual([]);
  });

  it('refuses an unknown scenario, listing the known ones', () => {
    expect(() => loadScenario('no-such-scenario')).toThrow(
      /Unknown scenario 'no-such-scenario'.*healthy/,
    );
  });
});

describe('loading a scenario', () => {
  it('applies a JSON merge patch: objects merge, null removes, lists replace', () => {
    const base = { a: { b: 1, c: [1, 2] }, d: 'keep', e: 'drop' };

    expect(mergePatch(base, { a: { c: [3] }, e: null })).toEqual({
      a: { b: 1, c: [3] },
      d: 'keep',
    });
  });

  it('reports every problem of a scenario, with its path', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tidb-pe-scenarios-'));
    const healthy = readFileSync(join(SCENARIOS_DIR, 'healthy', 'account.json'), 'utf8');
    const write = (name: string, account: object) => {
      mkdirSync(join(dir, name));
      writeFileSync(join(dir, name, 'account.json'), JSON.stringify(account));
      writeFileSync(join(dir, name, 'expected.json'), '{ "exitCode": 2, "statuses": {} }');
    };
    mkdirSync(join(dir, 'healthy'));
    writeFileSync(join(dir, 'healthy', 'account.json'), healthy);
    write('typo', {
      extends: 'healthy',
      summary: 'A misspelt field',
      vpcs: { [IDS.vpc]: { enableDnsSupportt: false } },
    });
    write('dangling', {
      extends: 'healthy',
      summary: 'An id that points at nothing',
      vpcEndpoints: { [IDS.endpoint]: { subnetIds: ['subnet-0000000000000000f'] } },
    });
    write('loop', { extends: 'loop', summary: 'Extends itself' });
    write('too-slow', {
      extends: 'healthy',
      summary: 'A greeting later than the probe waits before it speaks first',
      server: { greetingDelayMs: 4500 },
    });

    expect(() => loadScenario('typo', dir)).toThrow(
      `scenario.vpcs.${IDS.vpc}.enableDnsSupportt is not a known field`,
    );
    expect(() => loadScenario('dangling', dir)).toThrow(
      "names subnet 'subnet-0000000000000000f', which is not defined",
    );
    expect(() => loadScenario('loop', dir)).toThrow(/extends itself/);
    expect(() => loadScenario('too-slow', dir)).toThrow(
      'server.greetingDelayMs must be from 0 to 3000: got 4500',
    );
  });
});

describe('the simulated VPC resolver', () => {
  it('answers the private DNS name with the endpoint interfaces when all is set up', () => {
    expect(addressesOf('healthy', 'vpc', IDS.host)).toEqual([IDS.eniIpA, IDS.eniIpB]);
    expect(addressesOf('healthy', 'vpc', `${IDS.host}.`)).toEqual([IDS.eniIpA, IDS.eniIpB]);
  });

  it('answers the zonal names with the interface in that zone', () => {
    const serviceId = 'vpce-svc-0c1d2e3f4a5b6c7d8';
    const zonal = `${IDS.endpoint}-abcd1234-us-west-2b.${serviceId}.us-west-2.vpce.amazonaws.com`;

    expect(addressesOf('healthy', 'vpc', zonal)).toEqual([IDS.eniIpB]);
    expect(addressesOf('vpc-dns-hostnames-off', 'vpc', zonal)).toEqual([IDS.eniIpB]);
  });

  it.each([
    ['private-dns-off', 'NXDOMAIN'],
    ['vpc-dns-hostnames-off', 'NXDOMAIN'],
    ['vpc-dns-support-off', 'TIMEOUT'],
    ['state-pending', 'NXDOMAIN'],
    ['dns-shadowed-by-zone', 'NXDOMAIN'],
    ['client-other-vpc', 'NXDOMAIN'],
    ['dns-stale-answer', ['10.0.1.77']],
    ['private-dns-conflict', ['10.0.1.50', '10.0.2.50']],
    ['eni-missing', [IDS.eniIpA]],
  ])('answers the cluster name in %s with %j', (scenario, answer) => {
    expect(addressesOf(scenario, 'vpc', IDS.host)).toEqual(answer);
  });

  it('lets a private zone for the vpce domain hide the endpoint names, not the cluster name', () => {
    const serviceId = 'vpce-svc-0c1d2e3f4a5b6c7d8';
    const zonal = `${IDS.endpoint}-abcd1234-us-west-2a.${serviceId}.us-west-2.vpce.amazonaws.com`;

    expect(addressesOf('dns-vpce-names-shadowed', 'vpc', zonal)).toBe('NXDOMAIN');
    expect(addressesOf('dns-vpce-names-shadowed', 'vpc', IDS.host)).toEqual([
      IDS.eniIpA,
      IDS.eniIpB,
    ]);
  });

  it('lets the system resolver differ where the scenario says so', () => {
    expect(addressesOf('dns-custom-resolver', 'system', IDS.host)).toBe('NXDOMAIN');
    expect(addressesOf('dns-custom-resolver', 'vpc', IDS.host)).toEqual([IDS.eniIpA, IDS.eniIpB]);
  });
});
