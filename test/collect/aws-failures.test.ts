// When AWS says no, or cannot be reached, or takes too long: the facts carry the reason (and the
// IAM action for a denied call), the rest of the collection goes on, and nothing throws.

import http from 'node:http';
import net from 'node:net';

import nock from 'nock';
import { ConfiguredRetryStrategy } from '@smithy/core/retry';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

import type { CollectRequest } from '../../src/collect/aws.js';
import type { Target } from '../../src/engine/facts.js';
import { collectAwsFacts } from '../../src/collect/aws.js';
import { evaluateRules } from '../../src/engine/evaluate.js';
import { loadRules } from '../../src/engine/load-rules.js';
import { readFixture } from '../helpers/ec2-fixture-server.js';
import { IDS } from '../helpers/evidence.js';
import { BY_ID, stubAwsEnv } from './aws-env.js';
import { EC2_URL, expectCall, expectHealthyById, onlyLoopback } from './nock-ec2.js';

function collect(target: Target, extra: Partial<CollectRequest> = {}) {
  return collectAwsFacts({
    target,
    deadline: Date.now() + 10_000,
    retryStrategy: new ConfiguredRetryStrategy(8, 1),
    ...extra,
  });
}

function errorsOf(facts: Awaited<ReturnType<typeof collect>>['facts']) {
  return Object.entries(facts).flatMap(([name, fact]) =>
    fact?.status === 'error' ? [{ name, ...fact.error }] : [],
  );
}

beforeAll(onlyLoopback);
beforeEach(() => stubAwsEnv());
afterEach(() => {
  nock.cleanAll();
  vi.unstubAllEnvs();
});
afterAll(() => nock.enableNetConnect());

describe('a denied call', () => {
  it('makes only the facts it would have given carry the error and the IAM action', async () => {
    const scope = expectHealthyById(nock(EC2_URL), ['DescribeSecurityGroups']);
    expectCall(scope, 'DescribeSecurityGroups', 'unauthorized');

    const { facts } = await collect(BY_ID);

    scope.done();
    expect(errorsOf(facts).map(({ name, code, iamAction }) => ({ name, code, iamAction }))).toEqual(
      [
        {
          name: 'securityGroups',
          code: 'UnauthorizedOperation',
          iamAction: 'ec2:DescribeSecurityGroups',
        },
        {
          name: 'prefixLists',
          code: 'UnauthorizedOperation',
          iamAction: 'ec2:DescribeSecurityGroups',
        },
      ],
    );
    expect(facts.securityGroups).toMatchObject({
      error: {
        message:
          "AWS denied 'ec2:DescribeSecurityGroups' to 'arn:aws:sts::111122223333:assumed-role/tidb-pe-readonly/session': an explicit deny (IAM policy, permissions boundary or SCP) blocks it",
      },
    });
    expect(facts.subnets).toMatchObject({ status: 'ok' });
  });

  it('on the client host named by --instance-id leaves the client rules unknown', async () => {
    const scope = expectHealthyById(nock(EC2_URL), ['DescribeInstances', 'DescribeSecurityGroups']);
    expectCall(scope, 'DescribeInstances', 'unauthorized');
    expectCall(scope, 'DescribeSecurityGroups', 'healthy', (p) => p['GroupId.2'] === undefined);

    const { facts, target } = await collect(BY_ID);
    const rules = await loadRules();
    const results = evaluateRules(rules, facts, {}, target, 'en');
    const statusOf = (id: string) => results.find((result) => result.id === id)?.messageId;

    scope.done();
    expect(facts.clientInstance).toMatchObject({
      status: 'error',
      error: { iamAction: 'ec2:DescribeInstances' },
    });
    const clientRules = [
      'sg.endpoint-ingress',
      'sg.client-egress',
      'nacl.path',
      'client.vpc',
      'client.az-local',
    ];
    for (const id of clientRules) {
      expect({ id, message: statusOf(id) }).toEqual({ id, message: 'clientUndescribed' });
    }
  });

  it('on the endpoint itself leaves every fact about it unknown, naming the action', async () => {
    const scope = nock(EC2_URL);
    expectCall(scope, 'DescribeVpcEndpoints', 'unauthorized');
    expectCall(scope, 'DescribeInstances', 'healthy');

    const { facts } = await collect(BY_ID);

    scope.done();
    expect(facts.endpoint).toMatchObject({
      status: 'error',
      error: { code: 'UnauthorizedOperation', iamAction: 'ec2:DescribeVpcEndpoints' },
    });
    expect(facts.vpcDnsAttributes).toMatchObject({
      status: 'error',
      source: 'ec2:DescribeVpcAttribute',
      error: { iamAction: 'ec2:DescribeVpcEndpoints' },
    });
    expect(facts.clientInstance).toMatchObject({ status: 'ok' });
  });
});

describe('throttling, with the production retry settings', () => {
  // The standard strategy's jittered backoff multiplies by Math.random(); zero makes it instant.
  beforeEach(() => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  function expectThrottled(scope: nock.Scope, times: number) {
    for (let i = 0; i < times; i += 1) {
      expectCall(scope, 'DescribeVpcEndpoints', 'request-limit-exceeded');
    }
  }

  it('retries RequestLimitExceeded (HTTP 503) five times in a row, then succeeds', async () => {
    const scope = nock(EC2_URL);
    expectThrottled(scope, 5);
    expectHealthyById(scope);

    const { facts } = await collect(BY_ID, { retryStrategy: undefined });

    scope.done();
    expect(facts.endpoint).toMatchObject({ status: 'ok', value: { id: IDS.endpoint } });
    expect(errorsOf(facts)).toEqual([]);
  });

  it('gives up after eight attempts and says AWS kept throttling', async () => {
    const scope = nock(EC2_URL);
    expectThrottled(scope, 8);
    expectCall(scope, 'DescribeInstances', 'healthy');

    const { facts } = await collect(BY_ID, { retryStrategy: undefined });

    scope.done();
    expect(facts.endpoint).toMatchObject({
      status: 'error',
      error: { code: 'RequestLimitExceeded', message: expect.stringContaining('after 8 attempts') },
    });
  });
});

describe('a server error that passes', () => {
  const errorXml = (code: string) =>
    `<Response><Errors><Error><Code>${code}</Code><Message>We encountered an internal error. Please try again.</Message></Error></Errors><RequestID>7e0f-example</RequestID></Response>`;

  it.each([
    ['InternalError (HTTP 500)', 500, errorXml('InternalError'), 'text/xml'],
    ['Unavailable (HTTP 503)', 503, errorXml('Unavailable'), 'text/xml'],
    ['a proxy page (HTTP 502)', 502, '<html><body>Bad Gateway</body></html>', 'text/html'],
  ])('is retried after %s, and the fact comes through', async (_name, status, body, type) => {
    const scope = nock(EC2_URL);
    scope
      .post('/', (params: Record<string, string>) => params.Action === 'DescribeSubnets')
      .times(2)
      .reply(status, body, { 'content-type': type });
    expectHealthyById(scope);

    const { facts } = await collect(BY_ID);

    scope.done();
    expect(facts.subnets).toMatchObject({ status: 'ok', value: [{}, {}] });
    expect(errorsOf(facts)).toEqual([]);
  });
});

describe('AWS errors that are findings or a sentence', () => {
  it('explains rejected credentials on every fact they kept away, and nothing throws', async () => {
    const scope = nock(EC2_URL);
    const authFailure =
      '<Response><Errors><Error><Code>AuthFailure</Code><Message>AWS was not able to validate the provided access credentials</Message></Error></Errors><RequestID>1a2b-example</RequestID></Response>';
    scope.post('/').times(2).reply(401, authFailure, { 'content-type': 'text/xml' });

    const { facts } = await collect(BY_ID);

    scope.done();
    expect(facts.endpoint).toMatchObject({
      status: 'error',
      error: {
        code: 'AuthFailure',
        message:
          "AWS rejected the credentials in use ('AuthFailure'): check the access key and secret, or sign in again",
      },
    });
    expect(facts.clientInstance).toMatchObject({ status: 'error', error: { code: 'AuthFailure' } });
    expect(facts.subnets).toMatchObject({ status: 'error', error: { code: 'AuthFailure' } });
  });

  it('reads errors sent with HTTP 200 as the errors they are', async () => {
    const scope = nock(EC2_URL);
    expectCall(scope, 'DescribeInstances', 'healthy');
    scope
      .post('/', (p: Record<string, string>) => p.Action === 'DescribeVpcEndpoints')
      .reply(200, readFixture('DescribeVpcEndpoints', 'not-found'), { 'content-type': 'text/xml' });

    const { facts } = await collect(BY_ID);

    scope.done();
    expect(facts.endpoint).toMatchObject({ status: 'ok', value: null });
    expect(errorsOf(facts)).toEqual([]);
  });

  it('reads a service name EC2 does not know as a service not visible yet', async () => {
    const scope = expectHealthyById(nock(EC2_URL), ['DescribeVpcEndpointServices']);
    expectCall(scope, 'DescribeVpcEndpointServices', 'invalid-service-name');

    const { facts } = await collect(BY_ID);

    scope.done();
    expect(facts.endpointService).toEqual({
      status: 'ok',
      source: 'ec2:DescribeVpcEndpointServices',
      value: null,
    });
    expect(errorsOf(facts)).toEqual([]);
  });
});

describe('no way to AWS', () => {
  it('says so in one sentence when there are no credentials', async () => {
    stubAwsEnv({ AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined });

    const { facts } = await collect(BY_ID);

    const errors = errorsOf(facts);
    expect(errors).toHaveLength(13);
    expect(new Set(errors.map((error) => error.code))).toEqual(new Set(['NoCredentials']));
    expect(errors[0]?.message).toMatch(/^No AWS credentials were found: /);
    expect(facts.identity).toMatchObject({ status: 'skipped' });
  });

  it('says so when no region is set anywhere', async () => {
    stubAwsEnv({ AWS_REGION: undefined });

    const { facts, target } = await collect({ ...BY_ID, region: undefined });

    expect(facts.endpoint).toMatchObject({
      status: 'error',
      error: { code: 'NoRegion', message: 'No AWS region is set: pass --region or set AWS_REGION' },
    });
    expect(target.region).toBeUndefined();
  });

  it('says so when the EC2 endpoint does not answer', async () => {
    const closed = await closedPort();

    const { facts } = await collect(BY_ID, { endpoint: `http://127.0.0.1:${closed}` });

    expect(facts.endpoint).toMatchObject({
      status: 'error',
      error: {
        code: 'AwsUnreachable',
        message: expect.stringContaining(
          `AWS could not be reached at '127.0.0.1:${closed}': ECONNREFUSED`,
        ),
      },
    });
    expect(facts.clientInstance).toMatchObject({
      status: 'error',
      error: { code: 'AwsUnreachable' },
    });
  });
});

describe('instance metadata that fails', () => {
  it('gives its reason as the reason no client host is judged, and the rest goes on', async () => {
    // The token is handed out, then refused on every read, as after a token mix-up.
    const imds = http.createServer((req, res) => {
      res.writeHead(req.method === 'PUT' ? 200 : 401, { 'content-type': 'text/plain' });
      res.end(req.method === 'PUT' ? 'token' : '');
    });
    await new Promise<void>((resolve) => imds.listen(0, '127.0.0.1', resolve));
    const { port } = imds.address() as net.AddressInfo;
    stubAwsEnv({ AWS_EC2_METADATA_DISABLED: undefined });
    expectHealthyById(nock(EC2_URL), ['DescribeInstances']);

    const { facts } = await collect(
      { ...BY_ID, instanceId: undefined },
      { imdsEndpoint: `http://127.0.0.1:${port}` },
    );
    await new Promise((resolve) => imds.close(resolve));

    expect(facts.identity).toMatchObject({ status: 'error', error: { code: 'ImdsError' } });
    expect(facts.clientInstance).toEqual({
      status: 'skipped',
      source: 'ec2:DescribeInstances',
      reason: `no client host to judge (give --instance-id): Instance metadata at 'http://127.0.0.1:${port}' gave no usable answer: 'instance-id' answered HTTP 401`,
    });
    expect(facts.vpc).toMatchObject({ status: 'ok' });
    expect(facts.subnets).toMatchObject({ status: 'ok' });
  });
});

describe('the deadline', () => {
  it('turns facts still pending into DeadlineExceeded errors and returns on time', async () => {
    const scope = nock(EC2_URL);
    expectCall(scope, 'DescribeVpcEndpoints', 'healthy');
    scope
      .post('/', (body: Record<string, string>) => body.Action === 'DescribeInstances')
      .delay(5_000)
      .reply(200, '');
    nock(EC2_URL).post('/').delay(5_000).reply(200, '').persist();

    const started = performance.now();
    const { facts } = await collect(BY_ID, { deadline: Date.now() + 300 });

    expect(performance.now() - started).toBeLessThan(1_000);
    expect(facts.endpoint).toMatchObject({ status: 'ok' });
    expect(facts.clientInstance).toMatchObject({
      status: 'error',
      error: { code: 'DeadlineExceeded', message: expect.stringContaining('--timeout') },
    });
    expect(facts.vpc).toMatchObject({ status: 'error', error: { code: 'DeadlineExceeded' } });
  });

  it('stops as soon as the caller aborts', async () => {
    nock(EC2_URL).post('/').delay(5_000).reply(200, '').persist();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);

    const started = performance.now();
    const { facts } = await collect(BY_ID, { signal: controller.signal });

    expect(performance.now() - started).toBeLessThan(1_000);
    expect(facts.endpoint).toMatchObject({
      status: 'error',
      error: { code: 'DeadlineExceeded', message: expect.stringContaining('interrupted') },
    });
  });
});

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));

  return port;
}
