// The TiDB Cloud collector against nock replies shaped like the Dedicated API's: every request is
// first challenged for HTTP digest auth, and the answer is checked against the key pair.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

import nock from 'nock';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import type { TidbCloudFacts } from '../../src/collect/tidbcloud.js';
import { collectTidbCloud } from '../../src/collect/tidbcloud.js';

const BASE = 'https://dedicated.tidbapi.com';
const CLUSTER = '1379661944646413143';
const DEFAULT_GROUP = '1932820287493648384';
const OTHER_GROUP = '1932820287493648391';
const GROUPS = `/v1beta1/clusters/${CLUSTER}/tidbNodeGroups`;
const CONNECTIONS = `${GROUPS}/-/privateEndpointConnections`;
const service = (group: string) => `${GROUPS}/${group}/privateLinkService`;
const KEYS = { publicKey: 'PUB7c1d9e2f', privateKey: 'PRIV-3a5b7c9d-e1f3-4a6b-8c0d-2e4f6a8b0c1d' };
const JSON_TYPE = { 'content-type': 'application/json' };
const FIRST_PAGE = { pageSize: '100' };

function fixture(name: string): string {
  return readFileSync(new URL(`../../fixtures/tidbcloud/${name}`, import.meta.url), 'utf8');
}

function challenge(algorithm = 'MD5') {
  return {
    ...JSON_TYPE,
    'www-authenticate': `Digest realm="tidb.cloud", nonce="5d3f1a9b7c2e4f60", algorithm=${algorithm}, qop="auth"`,
  };
}

const hash = (algorithm: string, text: string) =>
  createHash(algorithm.startsWith('SHA-256') ? 'sha256' : 'md5')
    .update(text)
    .digest('hex');

/** Whether an Authorization header is a correct digest answer for the test key pair. */
function isValidDigest(header: string | undefined): boolean {
  if (!header?.startsWith('Digest ')) return false;

  const field = (name: string) => new RegExp(`${name}="?([^",]*)"?`).exec(header)?.[1] ?? '';
  const algorithm = field('algorithm');
  const ha1 = hash(algorithm, `${field('username')}:${field('realm')}:${KEYS.privateKey}`);
  const ha2 = hash(algorithm, `GET:${field('uri')}`);
  const parts = [ha1, field('nonce'), field('nc'), field('cnonce'), field('qop'), ha2];

  return (
    field('username') === KEYS.publicKey && field('response') === hash(algorithm, parts.join(':'))
  );
}

/** A GET that is challenged first, then answered once the digest is right. */
function expectGet(
  path: string,
  query: Record<string, string> | undefined,
  reply: { status?: number; body: string; headers?: Record<string, string> },
  algorithm = 'MD5',
): void {
  const open = nock(BASE, { badheaders: ['authorization'] }).get(path);
  (query ? open.query(query) : open).reply(401, fixture('error-401.json'), challenge(algorithm));

  const signed = nock(BASE, { reqheaders: { authorization: (value) => isValidDigest(value) } }).get(
    path,
  );
  const headers = { ...JSON_TYPE, ...reply.headers };
  (query ? signed.query(query) : signed).reply(reply.status ?? 200, reply.body, headers);
}

function expectHealthy(): void {
  expectGet(GROUPS, FIRST_PAGE, { body: fixture('node-groups.json') });
  expectGet(CONNECTIONS, FIRST_PAGE, { body: fixture('connections-page-1.json') });
  expectGet(
    CONNECTIONS,
    { ...FIRST_PAGE, pageToken: 'MTkzNDIzNTUxMjY5NjQ3NzcwMQ' },
    { body: fixture('connections-page-2.json') },
  );
}

function collect(overrides: Partial<Parameters<typeof collectTidbCloud>[0]> = {}) {
  return collectTidbCloud({
    clusterId: CLUSTER,
    endpointId: 'vpce-0a1b2c3d4e5f67890',
    ...KEYS,
    deadline: Date.now() + 10_000,
    ...overrides,
  });
}

function expectNoKeys(facts: TidbCloudFacts): void {
  const text = JSON.stringify(facts);
  expect(text).not.toContain(KEYS.publicKey);
  expect(text).not.toContain(KEYS.privateKey);
}

beforeEach(() => {
  nock.disableNetConnect();
  nock.enableNetConnect((host) => /^(127\.0\.0\.1|\[::1\]|::1)(:\d+)?$/.test(host));
  vi.stubEnv('TIDB_CLOUD_API_URL', undefined);
  vi.stubEnv('TIDB_CLOUD_PUBLIC_KEY', undefined);
  vi.stubEnv('TIDB_CLOUD_PRIVATE_KEY', undefined);
});

afterEach(() => {
  nock.cleanAll();
  vi.unstubAllEnvs();
});

afterAll(() => nock.enableNetConnect());

describe('collectTidbCloud', () => {
  it('reads the service of the default node group and every connection, across pages', async () => {
    expectHealthy();
    expectGet(service(DEFAULT_GROUP), undefined, { body: fixture('private-link-service.json') });

    const facts = await collect();

    expect(nock.isDone()).toBe(true);
    expect(facts.tidbCloudService).toEqual({
      status: 'ok',
      source: 'tidbcloud:privateLinkService',
      value: {
        serviceName: 'com.amazonaws.vpce.us-west-2.vpce-svc-0c1d2e3f4a5b6c7d8',
        serviceDnsName: 'privatelink-12345678.abcdefghij.clusters.tidb-cloud.com',
        availableZones: ['usw2-az1', 'usw2-az2', 'usw2-az3'],
        state: 'ACTIVE',
        regionId: 'aws-us-west-2',
        tidbNodeGroupId: DEFAULT_GROUP,
      },
    });
    expect(facts.tidbCloudConnections).toEqual({
      status: 'ok',
      source: 'tidbcloud:privateEndpointConnections',
      value: [
        {
          endpointId: 'vpce-0999999999999999a',
          endpointState: 'FAILED',
          message: "The VPC endpoint was rejected: it is in a region other than the cluster's",
          tidbNodeGroupId: OTHER_GROUP,
        },
        {
          endpointId: 'vpce-0a1b2c3d4e5f67890',
          endpointState: 'ACTIVE',
          host: 'privatelink-12345678.abcdefghij.clusters.tidb-cloud.com',
          port: 4000,
          tidbNodeGroupId: DEFAULT_GROUP,
        },
      ],
    });
    expectNoKeys(facts);
  });

  it("follows the endpoint's own connection to its node group", async () => {
    expectHealthy();
    expectGet(service(OTHER_GROUP), undefined, { body: fixture('private-link-service.json') });

    const facts = await collect({ endpointId: 'VPCE-0999999999999999A' });

    expect(nock.isDone()).toBe(true);
    expect(facts.tidbCloudService.status).toBe('ok');
  });

  it('finds the node group by service name when the endpoint is not registered yet', async () => {
    const analytics = JSON.stringify({
      ...JSON.parse(fixture('private-link-service.json')),
      name: `tidbNodeGroups/${OTHER_GROUP}/privateLinkService`,
      tidbNodeGroupId: OTHER_GROUP,
      serviceName: 'com.amazonaws.vpce.us-west-2.vpce-svc-0d2e3f4a5b6c7d8e9',
    });
    expectGet(GROUPS, FIRST_PAGE, { body: fixture('node-groups.json') });
    expectGet(CONNECTIONS, FIRST_PAGE, {
      body: JSON.stringify({ privateEndpointConnections: [] }),
    });
    expectGet(service(DEFAULT_GROUP), undefined, { body: fixture('private-link-service.json') });
    expectGet(service(OTHER_GROUP), undefined, { body: analytics });

    const facts = await collect({
      endpointId: 'vpce-0b2c3d4e5f6a78901',
      serviceName: 'com.amazonaws.vpce.us-west-2.vpce-svc-0d2e3f4a5b6c7d8e9',
    });

    expect(nock.isDone()).toBe(true);
    expect(facts.tidbCloudService).toMatchObject({
      status: 'ok',
      value: {
        serviceName: 'com.amazonaws.vpce.us-west-2.vpce-svc-0d2e3f4a5b6c7d8e9',
        tidbNodeGroupId: OTHER_GROUP,
      },
    });
  });

  it("keeps the default node group when no group has the endpoint's service", async () => {
    expectGet(GROUPS, FIRST_PAGE, { body: fixture('node-groups.json') });
    expectGet(CONNECTIONS, FIRST_PAGE, {
      body: JSON.stringify({ privateEndpointConnections: [] }),
    });
    expectGet(service(DEFAULT_GROUP), undefined, { body: fixture('private-link-service.json') });
    expectGet(service(OTHER_GROUP), undefined, { status: 404, body: fixture('error-404.json') });

    const facts = await collect({
      endpointId: 'vpce-0b2c3d4e5f6a78901',
      serviceName: 'com.amazonaws.vpce.us-west-2.vpce-svc-0ffffffffffffffff',
    });

    expect(nock.isDone()).toBe(true);
    expect(facts.tidbCloudService).toMatchObject({
      status: 'ok',
      value: { tidbNodeGroupId: DEFAULT_GROUP },
    });
  });

  it('answers a SHA-256 challenge with a SHA-256 digest, at the URL TIDB_CLOUD_API_URL names', async () => {
    vi.stubEnv('TIDB_CLOUD_API_URL', 'https://dedicated.tidbapi.com/v1beta1/');
    const body = JSON.stringify({ tidbNodeGroups: [] });
    expectGet(GROUPS, FIRST_PAGE, { body }, 'SHA-256');
    expectGet(CONNECTIONS, FIRST_PAGE, { body: '{}' }, 'SHA-256');

    const facts = await collect();

    expect(nock.isDone()).toBe(true);
    expect(facts.tidbCloudConnections).toMatchObject({ status: 'ok', value: [] });
    expect(facts.tidbCloudService).toMatchObject({
      status: 'error',
      error: { code: 'NoNodeGroup' },
    });
  });

  it('reports a rejected key without showing it', async () => {
    for (const path of [GROUPS, CONNECTIONS]) {
      nock(BASE)
        .get(path)
        .query(FIRST_PAGE)
        .times(3)
        .reply(401, fixture('error-401.json'), challenge());
    }

    const facts = await collect();

    expect(nock.isDone()).toBe(true);
    for (const fact of [facts.tidbCloudService, facts.tidbCloudConnections]) {
      expect(fact).toMatchObject({ status: 'error', error: { code: 'Unauthorized' } });
      expect(fact.status === 'error' && fact.error.message).toMatch(
        /^TiDB Cloud rejected the API key/,
      );
    }
    expectNoKeys(facts);
  });

  it('waits out a rate limit and tries again', async () => {
    const limited = {
      status: 429,
      body: fixture('error-429.json'),
      headers: { 'x-ratelimit-reset': '0' },
    };
    expectGet(GROUPS, FIRST_PAGE, limited);
    expectGet(GROUPS, FIRST_PAGE, { body: fixture('node-groups.json') });
    expectGet(CONNECTIONS, FIRST_PAGE, { body: fixture('connections-page-2.json') });
    expectGet(service(DEFAULT_GROUP), undefined, { body: fixture('private-link-service.json') });

    const started = Date.now();
    const facts = await collect();

    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
    expect(nock.isDone()).toBe(true);
    expect(facts.tidbCloudService.status).toBe('ok');
  });

  it('gives up on a rate limit that outlasts the deadline', async () => {
    const limited = {
      status: 429,
      body: fixture('error-429.json'),
      headers: { 'x-ratelimit-reset': '60' },
    };
    expectGet(GROUPS, FIRST_PAGE, limited);
    expectGet(CONNECTIONS, FIRST_PAGE, { body: fixture('connections-page-2.json') });

    const started = Date.now();
    const facts = await collect({ deadline: Date.now() + 5_000 });

    expect(Date.now() - started).toBeLessThan(2_000);
    expect(facts.tidbCloudService).toMatchObject({
      status: 'error',
      error: { code: 'RateLimited' },
    });
    expect(facts.tidbCloudConnections.status).toBe('ok');
  });

  it('says plainly when the cluster does not exist', async () => {
    for (const path of [GROUPS, CONNECTIONS]) {
      expectGet(path, FIRST_PAGE, { status: 404, body: fixture('error-404.json') });
    }

    const facts = await collect();

    expect(facts.tidbCloudService).toMatchObject({
      status: 'error',
      error: {
        code: 'NotFound',
        message: expect.stringContaining(
          `no Dedicated cluster '${CLUSTER}' that this API key can see`,
        ),
      },
    });
  });

  it('removes the keys from whatever a failing server says', async () => {
    const echo = JSON.stringify({
      code: 13,
      message: `internal error for ${KEYS.publicKey}:${KEYS.privateKey}`,
    });
    for (const path of [GROUPS, CONNECTIONS])
      expectGet(path, FIRST_PAGE, { status: 500, body: echo });

    const facts = await collect();

    expect(facts.tidbCloudService).toMatchObject({
      status: 'error',
      error: {
        code: 'TidbCloudUnavailable',
        message: expect.stringContaining('[redacted]:[redacted]'),
      },
    });
    expectNoKeys(facts);
  });

  it('never throws, and keeps the keys out when the API cannot be reached', async () => {
    const facts = await collect({ baseUrl: 'http://127.0.0.1:9/v1beta1' });

    expect(facts.tidbCloudService).toMatchObject({
      status: 'error',
      error: { code: 'TidbCloudUnreachable' },
    });
    expect(
      facts.tidbCloudService.status === 'error' && facts.tidbCloudService.error.message,
    ).toContain("'127.0.0.1:9' could not be reached");
    expectNoKeys(facts);
  });

  it('answers a realistic challenge with an opaque value and echoes it back', async () => {
    const opaque = '7f3a5c1e9b2d4f6a';
    const header = `Digest realm="TiDB Cloud API", nonce="MTcxNjM5NzYwMQ==", qop="auth,auth-int", opaque="${opaque}", algorithm="MD5"`;
    const groups = fixture('node-groups.json');
    nock(BASE).get(GROUPS).query(FIRST_PAGE).reply(401, '', { 'www-authenticate': header });
    nock(BASE, {
      reqheaders: {
        authorization: (value) => isValidDigest(value) && value.includes(`opaque="${opaque}"`),
      },
    })
      .get(GROUPS)
      .query(FIRST_PAGE)
      .reply(200, groups, JSON_TYPE);
    expectGet(CONNECTIONS, FIRST_PAGE, { body: fixture('connections-page-2.json') });
    expectGet(service(DEFAULT_GROUP), undefined, { body: fixture('private-link-service.json') });

    const facts = await collect();

    expect(nock.isDone()).toBe(true);
    expect(facts.tidbCloudService.status).toBe('ok');
  });

  it.each([
    ['an HTML page', '<html><body>Sign in to the proxy</body></html>', 'text/html'],
    ['JSON that is not an object', 'null', 'application/json'],
    ['a cut-off JSON body', '{"tidbNodeGroups": [{"tidbNodeGroupId": "19', 'application/json'],
  ])('explains a reply that is %s instead of crashing', async (_name, body, type) => {
    for (const path of [GROUPS, CONNECTIONS]) {
      expectGet(path, FIRST_PAGE, { body, headers: { 'content-type': type } });
    }

    const facts = await collect();

    for (const fact of [facts.tidbCloudService, facts.tidbCloudConnections]) {
      expect(fact).toMatchObject({
        status: 'error',
        error: {
          code: 'BadResponse',
          message: expect.stringMatching(
            /^TiDB Cloud answered '\/v1beta1\/clusters\/\d+\/tidbNodeGroups.*' with something that is not the API's JSON: check TIDB_CLOUD_API_URL/,
          ),
        },
      });
    }
  });

  it('uses a TIDB_CLOUD_API_URL without a path as it is, for a stand-in API at its root', async () => {
    vi.stubEnv('TIDB_CLOUD_API_URL', 'http://127.0.0.1:4580/');
    const local = 'http://127.0.0.1:4580';
    const paths = [GROUPS, CONNECTIONS].map((path) => path.replace('/v1beta1', ''));
    for (const path of paths) {
      nock(local).get(path).query(FIRST_PAGE).reply(401, '', challenge());
    }
    const signed = { reqheaders: { authorization: (value: string) => isValidDigest(value) } };
    nock(local, signed).get(paths[0]!).query(FIRST_PAGE).reply(200, fixture('node-groups.json'));
    nock(local, signed).get(paths[1]!).query(FIRST_PAGE).reply(200, '{}');
    nock(local).get(service(DEFAULT_GROUP).replace('/v1beta1', '')).reply(401, '', challenge());
    nock(local, signed)
      .get(service(DEFAULT_GROUP).replace('/v1beta1', ''))
      .reply(200, fixture('private-link-service.json'));

    const facts = await collect();

    expect(nock.isDone()).toBe(true);
    expect(facts.tidbCloudService.status).toBe('ok');
  });

  it('points at TIDB_CLOUD_API_URL when a 404 comes from an address without the API version', async () => {
    vi.stubEnv('TIDB_CLOUD_API_URL', 'https://tidb-proxy.example.internal/tidb');
    const proxy = 'https://tidb-proxy.example.internal';
    for (const path of ['tidbNodeGroups', 'tidbNodeGroups/-/privateEndpointConnections']) {
      nock(proxy)
        .get(`/tidb/clusters/${CLUSTER}/${path}`)
        .query(FIRST_PAGE)
        .reply(404, '404 page not found', { 'content-type': 'text/plain' });
    }

    const facts = await collect();

    expect(nock.isDone()).toBe(true);
    expect(facts.tidbCloudService).toMatchObject({
      status: 'error',
      error: {
        code: 'NotFound',
        message: expect.stringContaining(
          "TIDB_CLOUD_API_URL is 'https://tidb-proxy.example.internal/tidb', which does not end in /v1beta1",
        ),
      },
    });
  });

  it.each([
    ['no scheme', 'dedicated.tidbapi.com/v1beta1', /is not an http or https URL/],
    ['another scheme', 'ftp://dedicated.tidbapi.com/v1beta1', /is not an http or https URL/],
    [
      'the keys inside it',
      'https://PUB7c1d9e2f:secret@dedicated.tidbapi.com/v1beta1',
      /holds a user name or password/,
    ],
  ])('refuses a TIDB_CLOUD_API_URL with %s, without showing it whole', async (_name, url, why) => {
    vi.stubEnv('TIDB_CLOUD_API_URL', url);

    const facts = await collect();

    expect(facts.tidbCloudService).toMatchObject({
      status: 'error',
      error: { code: 'BadApiUrl', message: expect.stringMatching(why) },
    });
    expect(JSON.stringify(facts)).not.toContain('secret');
    expectNoKeys(facts);
  });

  it('tells which environment variables to set when the keys are missing', async () => {
    const facts = await collect({ publicKey: undefined, privateKey: undefined });

    expect(facts.tidbCloudService).toMatchObject({
      status: 'error',
      error: {
        code: 'MissingApiKey',
        message: expect.stringMatching(
          /^TIDB_CLOUD_PUBLIC_KEY and TIDB_CLOUD_PRIVATE_KEY are not set/,
        ),
      },
    });
  });

  it('takes the keys from the environment', async () => {
    vi.stubEnv('TIDB_CLOUD_PUBLIC_KEY', KEYS.publicKey);
    vi.stubEnv('TIDB_CLOUD_PRIVATE_KEY', KEYS.privateKey);
    expectHealthy();
    expectGet(service(DEFAULT_GROUP), undefined, { body: fixture('private-link-service.json') });

    const facts = await collect({ publicKey: undefined, privateKey: undefined });

    expect(nock.isDone()).toBe(true);
    expect(facts.tidbCloudService.status).toBe('ok');
  });

  it('skips both facts without a cluster id', async () => {
    const facts = await collect({ clusterId: '' });

    expect(facts.tidbCloudService).toEqual({
      status: 'skipped',
      source: 'tidbcloud:privateLinkService',
      reason: 'no --tidb-cluster-id was given',
    });
    expect(facts.tidbCloudConnections.status).toBe('skipped');
  });

  it('stops at the deadline without a request', async () => {
    const facts = await collect({ deadline: Date.now() - 1 });

    expect(facts.tidbCloudConnections).toMatchObject({
      status: 'error',
      error: { code: 'DeadlineExceeded' },
    });
  });
});
