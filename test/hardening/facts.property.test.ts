import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import type { Fact, Facts, Probes } from '../../src/engine/facts.js';
import { failed, ok, skipped } from '../../src/engine/facts.js';
import { healthyFactValues, healthyProbeValues } from '../helpers/evidence.js';
import { judge } from './judge.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

// Elements for the arrays that are empty in the healthy account, so that their shape is known.
const EXTRA_ELEMENTS: Record<string, Json> = {
  ipv6CidrBlocks: '2600:1f14:abc:de00::/56',
  ipv6Ranges: '::/0',
  ipv6Addresses: '2600:1f14:abc:de01::25',
  prefixListIds: 'pl-02cd2c6b',
  prefixLists: { id: 'pl-02cd2c6b', cidrs: ['10.0.1.0/24'] },
  hostedZones: { id: 'Z0123456789ABC', name: 'tidb-cloud.com.', owningService: 'x' },
  resolverRules: {
    id: 'rslvr-rr-0123456789abcdef0',
    name: 'to-corp',
    domainName: 'tidb-cloud.com',
    ruleType: 'FORWARD',
    targetIps: ['10.9.0.2'],
  },
  dnsEndpointNames: {
    name: 'vpce-0a1b2c3d4e5f67890-abcd1234.vpce-svc-0c1d2e3f4a5b6c7d8.us-west-2.vpce.amazonaws.com',
    resolver: '10.0.0.2:53',
    rcode: 'NOERROR',
    answers: [{ type: 'A', data: '10.0.1.25', ttl: 60 }],
    durationMs: 1,
  },
};

// Values rules compare against: states, protocols, addresses and names seen in real accounts.
const WORDS = [
  ...['', 'available', 'pendingAcceptance', 'pending', 'rejected', 'failed', 'deleting'],
  ...['deleted', 'expired', 'Gateway', 'Interface', 'GatewayLoadBalancer', 'in-use'],
  ...['available', 'tcp', 'udp', 'icmp', '-1', '6', '17', 'allow', 'deny', 'AmazonProvidedDNS'],
  ...['10.0.0.2', '0.0.0.0/0', '10.0.0.0/8', '10.0.1.0/24', '192.168.0.0/16', '::/0', '/33'],
  ...['203.0.113.7', '10.0.1.25', '10.0.2.25', '999.1.1.1', 'not-an-ip', 'NXDOMAIN'],
  ...['SERVFAIL', 'TIMEOUT', 'UNREACHABLE', 'NOERROR', 'ACTIVE', 'PENDING', 'FAILED'],
  ...['DISCOVERED', 'FORWARD', 'SYSTEM', 'RECURSIVE', 'us-west-2', 'us-east-1', 'usw2-az3'],
  ...['us-west-2c', 'vpc_endpoint', 'interface', '8.0.11-TiDB-v7.5.1', '5.5.5-10.11.6-MariaDB'],
  ...['ECONNREFUSED', 'ETIMEDOUT', 'tidb.'],
];

// Fields whose type is a set of literals, by the name of the fact or object that holds them.
const LITERALS: Record<string, readonly string[]> = {
  'endpointDiscovery.method': ['id', 'service-name', 'private-dns-name', 'none'],
  'entries.action': ['allow', 'deny'],
  'tcp.outcome': ['connected', 'refused', 'reset', 'timeout', 'unreachable', 'error'],
  'mysql.outcome': ['greeting', 'error-packet', 'silent', 'garbage', 'closed', 'not-run'],
  'mysql.otherProtocol': ['http', 'tls', 'ssh'],
  'greeting.flavour': ['tidb', 'mysql', 'mariadb', 'unknown'],
  'tls.outcome': ['verified', 'not-offered', 'failed', 'disabled', 'not-run'],
  'auth.outcome': ['ok', 'access-denied', 'network', 'tls', 'error'],
};

/** Values of the same type as `example` (at `path`), drawn so that rules meet real-looking data. */
function like(example: Json, path: string[]): fc.Arbitrary<Json> {
  const key = path.at(-1) ?? '';
  const literals = LITERALS[path.slice(-2).join('.')];
  if (literals) return fc.constantFrom(...literals);
  if (example === null) return fc.constant(null);
  if (typeof example === 'boolean') return fc.boolean();
  if (typeof example === 'number') {
    return fc.oneof(fc.constant(example), fc.integer({ min: -1, max: 70_000 }), fc.nat(100));
  }
  if (typeof example === 'string') {
    return fc.oneof(
      { weight: 2, arbitrary: fc.constant(example) },
      { weight: 3, arbitrary: fc.constantFrom(...WORDS) },
      { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
    );
  }
  if (Array.isArray(example)) {
    const element = example[0] ?? EXTRA_ELEMENTS[key];
    if (element === undefined) return fc.constant([]);

    return fc.array(like(element, path), { maxLength: 4 });
  }

  return fc.record(
    Object.fromEntries(
      Object.entries(example).map(([name, value]) => [name, like(value, [...path, name])]),
    ),
    // Optional fields come and go; required ones never do, so the value stays type-correct.
    { requiredKeys: Object.keys(example).filter((name) => !OPTIONAL.has(name)) },
  );
}

// Fields that the fact interfaces mark optional wherever they appear (a name that is optional in
// one interface and required in another is left out, so that values stay type-correct).
const OPTIONAL = new Set([
  ...['availabilityZoneId', 'mac', 'localIpv4', 'hostedZoneId', 'serviceId', 'serviceRegion'],
  ...['privateDnsName', 'privateDnsNameVerificationState', 'acceptanceRequired', 'owner'],
  ...['dhcpOptionsId', 'cidrBlock', 'interfaceType', 'fromPort', 'toPort', 'portRange', 'ttl'],
  ...['serviceDnsName', 'regionId', 'tidbNodeGroupId', 'message', 'address', 'errorCode'],
  ...['overTcp', 'characterSet', 'statusFlags', 'authPluginName', 'greeting', 'errorPacket'],
  ...['firstBytesHex', 'otherProtocol', 'issuer', 'subjectNames', 'validTo', 'errorMessage'],
  ...['checkedAt', 'ipAddressType', 'failureReason', 'lastError', 'ownerId', 'creationTimestamp'],
  ...['ipv6CidrBlock', 'owningService'],
]);

const factError = fc.record(
  {
    code: fc.constantFrom('UnauthorizedOperation', 'DeadlineExceeded', 'Throttling', 'ImdsError'),
    message: fc.string(),
    iamAction: fc.constantFrom('ec2:DescribeVpcs', 'ec2:DescribeSecurityGroups'),
  },
  { requiredKeys: ['code', 'message'] },
);

/** A fact wrapper around `value`: mostly gathered, sometimes failed, skipped or absent. */
function wrapped(value: fc.Arbitrary<unknown>): fc.Arbitrary<Fact<unknown> | undefined> {
  return fc.oneof(
    { weight: 8, arbitrary: value.map((v) => ok('fuzz', v)) },
    { weight: 1, arbitrary: factError.map((error) => failed('fuzz', error)) },
    { weight: 1, arbitrary: fc.string().map((reason) => skipped('fuzz', reason || 'off')) },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
}

function evidence<T extends object>(healthy: T, typeCorrect: boolean) {
  return fc.record(
    Object.fromEntries(
      Object.entries(healthy).map(([name, value]) => {
        const correct = like(value as Json, [name]);
        // A fact's value may hold anything JSON can, as a saved report handed to replay can.
        const wrong = fc.oneof(fc.jsonValue(), fc.anything()).filter((v) => v !== undefined);
        const anyValue = typeCorrect ? correct : fc.oneof(correct, wrong);

        return [name, wrapped(anyValue)];
      }),
    ),
    { requiredKeys: [] },
  );
}

const facts = (typeCorrect: boolean) =>
  evidence(healthyFactValues(), typeCorrect) as fc.Arbitrary<Facts>;
const probes = (typeCorrect: boolean) =>
  evidence(healthyProbeValues(), typeCorrect) as fc.Arbitrary<Probes>;

describe('evaluating every rule over random EC2 facts and probe results', () => {
  it('yields a valid report, and no rule breaks, when the facts are type-correct', async () => {
    await fc.assert(
      fc.asyncProperty(facts(true), probes(true), async (someFacts, someProbes) => {
        const { report, problems } = await judge(someFacts, someProbes);

        expect(problems, JSON.stringify(report.results)).toEqual([]);
        const broken = report.results.filter((result) => result.messageId === 'rule-error');
        expect(broken.map((result) => `${result.id}: ${result.message}`)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('yields a valid report even when facts have the wrong types', async () => {
    await fc.assert(
      fc.asyncProperty(facts(false), probes(false), async (someFacts, someProbes) => {
        const { report, problems } = await judge(someFacts, someProbes);

        expect(problems).toEqual([]);
        expect(report.results.length).toBeGreaterThan(0);
      }),
      { numRuns: 200 },
    );
  });
});
