// Who am I, from instance metadata: read through IMDSv2 on EC2, and given up quickly off EC2.

import http from 'node:http';

import { afterEach, describe, expect, it, vi } from 'vitest';

import type { AddressInfo } from 'node:net';

import type { ImdsServer } from './imds-server.js';
import { collectIdentity, metadataEndpoint } from '../../src/collect/imds.js';
import { healthyFactValues } from '../helpers/evidence.js';
import { HEALTHY_METADATA, startImdsServer, startSilentServer } from './imds-server.js';

let server: ImdsServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
  vi.unstubAllEnvs();
});

describe('collectIdentity', () => {
  it('reads the instance, its zone and its network through an IMDSv2 token', async () => {
    server = await startImdsServer();
    vi.stubEnv('AWS_EC2_METADATA_SERVICE_ENDPOINT', `${server.url}/`);

    const fact = await collectIdentity();

    expect(fact).toEqual({
      status: 'ok',
      source: 'imds',
      value: { ...healthyFactValues().identity, mac: '02:dd:2c:5e:01:69' },
    });
    expect(server.requests[0]).toBe('PUT /latest/api/token');
    // A trailing slash on the endpoint must not turn paths into `//latest/...`.
    expect(server.requests.every((request) => / \/latest\//.test(request))).toBe(true);
  });

  it('keeps the path of an endpoint that has one, without doubling slashes', async () => {
    server = await startImdsServer();
    vi.stubEnv('AWS_EC2_METADATA_SERVICE_ENDPOINT', `${server.url}/imds//`);

    await collectIdentity();

    expect(server.requests[0]).toBe('PUT /imds/latest/api/token');
  });

  it('leaves out what this instance does not have, and derives the region from the zone', async () => {
    server = await startImdsServer({
      'instance-id': 'i-0123456789abcdef0',
      'placement/availability-zone': 'eu-central-1b',
    });

    const fact = await collectIdentity({ endpoint: server.url });

    expect(fact).toEqual({
      status: 'ok',
      source: 'imds',
      value: {
        instanceId: 'i-0123456789abcdef0',
        region: 'eu-central-1',
        availabilityZone: 'eu-central-1b',
        securityGroupIds: [],
        vpcCidrBlocks: [],
      },
    });
  });

  it('puts the primary VPC block first, whatever order the list of blocks has', async () => {
    const nic = 'network/interfaces/macs/02:dd:2c:5e:01:69';
    server = await startImdsServer({
      ...HEALTHY_METADATA,
      [`${nic}/vpc-ipv4-cidr-block`]: '10.0.0.0/16',
      [`${nic}/vpc-ipv4-cidr-blocks`]: '100.64.0.0/16\n10.0.0.0/16\n',
    });

    const fact = await collectIdentity({ endpoint: server.url });

    expect(fact).toMatchObject({ value: { vpcCidrBlocks: ['10.0.0.0/16', '100.64.0.0/16'] } });
  });

  it('makes do without the zone when metadata gives the region', async () => {
    server = await startImdsServer({
      'instance-id': 'i-0123456789abcdef0',
      'placement/region': 'ap-northeast-1',
    });

    const fact = await collectIdentity({ endpoint: server.url });

    expect(fact).toEqual({
      status: 'ok',
      source: 'imds',
      value: {
        instanceId: 'i-0123456789abcdef0',
        region: 'ap-northeast-1',
        securityGroupIds: [],
        vpcCidrBlocks: [],
      },
    });
  });

  it.each([
    ['us-west-2-lax-1a', 'us-west-2'],
    ['us-east-1-wl1-bos-wlz-1', 'us-east-1'],
    ['us-gov-west-1a', 'us-gov-west-1'],
  ])('derives region %s from a zone without placement/region', async (zone, region) => {
    server = await startImdsServer({
      'instance-id': 'i-0123456789abcdef0',
      'placement/availability-zone': zone,
    });

    const fact = await collectIdentity({ endpoint: server.url });

    expect(fact).toMatchObject({ value: { region, availabilityZone: zone } });
  });

  it('gives up within about a second when metadata accepts but never answers', async () => {
    const silent = await startSilentServer();
    vi.stubEnv('AWS_EC2_METADATA_SERVICE_ENDPOINT', silent.url);

    const started = performance.now();
    const fact = await collectIdentity();
    const elapsed = performance.now() - started;
    await silent.close();

    expect(elapsed).toBeGreaterThanOrEqual(900);
    expect(elapsed).toBeLessThan(1_500);
    expect(fact).toMatchObject({
      status: 'skipped',
      reason: expect.stringMatching(
        /^not running on EC2 \(instance metadata at '.+' did not answer within 1 s; /,
      ),
    });
  });

  it('says it is not on EC2 when the metadata address refuses connections', async () => {
    const silent = await startSilentServer();
    const { url } = silent;
    await silent.close();

    const fact = await collectIdentity({ endpoint: url });

    expect(fact).toMatchObject({
      status: 'skipped',
      reason: expect.stringContaining('ECONNREFUSED'),
    });
  });

  it('is skipped without a request when AWS_EC2_METADATA_DISABLED is set', async () => {
    server = await startImdsServer();
    vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true');

    const fact = await collectIdentity({ endpoint: server.url });

    expect(fact).toEqual({
      status: 'skipped',
      source: 'imds',
      reason: 'instance metadata is turned off (AWS_EC2_METADATA_DISABLED is set)',
    });
    expect(server.requests).toEqual([]);
  });

  it('is skipped when the instance has metadata turned off (HTTP 403 on the token)', async () => {
    server = await startImdsServer({}, 403);

    const fact = await collectIdentity({ endpoint: server.url });

    expect(fact).toMatchObject({ status: 'skipped', reason: expect.stringContaining('HTTP 403') });
  });

  it('is skipped when another cloud answers at the metadata address without IMDSv2', async () => {
    server = await startImdsServer({}, 405);

    const fact = await collectIdentity({ endpoint: server.url });

    expect(fact).toMatchObject({
      status: 'skipped',
      reason: expect.stringMatching(/^not running on EC2 \(.*HTTP 405\)$/),
    });
  });

  it('says so when the token request is answered without a token', async () => {
    const empty = http.createServer((_req, res) => res.end(''));
    await new Promise<void>((resolve) => empty.listen(0, '127.0.0.1', resolve));
    const { port } = empty.address() as AddressInfo;

    const fact = await collectIdentity({ endpoint: `http://127.0.0.1:${port}` });
    await new Promise((resolve) => empty.close(resolve));

    expect(fact).toMatchObject({
      status: 'skipped',
      reason: expect.stringMatching(/answered the token request with an empty token\)$/),
    });
  });

  it('stops when the run is aborted', async () => {
    const silent = await startSilentServer();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);

    const fact = await collectIdentity({ endpoint: silent.url, signal: controller.signal });
    await silent.close();

    expect(fact).toMatchObject({ status: 'error', error: { code: 'DeadlineExceeded' } });
  });
});

describe('metadataEndpoint', () => {
  it('uses the IPv6 address in IPv6 mode and drops trailing slashes', () => {
    vi.stubEnv('AWS_EC2_METADATA_SERVICE_ENDPOINT', undefined);
    vi.stubEnv('AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE', 'IPv6');

    expect(metadataEndpoint()).toBe('http://[fd00:ec2::254]');
    expect(metadataEndpoint('http://127.0.0.1:1338//')).toBe('http://127.0.0.1:1338');
  });
});
