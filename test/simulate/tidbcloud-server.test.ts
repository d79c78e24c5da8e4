import { createHash } from 'node:crypto';

import DigestClient from 'digest-fetch';
import { afterEach, describe, expect, it } from 'vitest';

import type { LoopbackServer } from '../../src/simulate/http-server.js';
import { parseDigestFields } from '../../src/simulate/digest-auth.js';
import { loadScenario } from '../../src/simulate/load-scenario.js';
import { startTidbCloudServer } from '../../src/simulate/tidbcloud-server.js';
import { IDS } from '../helpers/evidence.js';

const servers: LoopbackServer[] = [];
const scenario = loadScenario('healthy');
const { clusterId, nodeGroupId, publicKey, privateKey } = scenario.tidbCloud;

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function api() {
  const server = await startTidbCloudServer(scenario);
  servers.push(server);

  return server;
}

const md5 = (text: string) => createHash('md5').update(text).digest('hex');

describe('the simulated TiDB Cloud Dedicated API', () => {
  it('challenges a request without credentials with a digest challenge', async () => {
    const server = await api();

    const response = await fetch(`${server.url}/clusters/${clusterId}`);
    const challenge = response.headers.get('www-authenticate') ?? '';

    expect(response.status).toBe(401);
    expect(challenge).toMatch(/^Digest /);
    expect(parseDigestFields(challenge.slice(7))).toMatchObject({
      realm: 'tidb.cloud',
      qop: 'auth',
    });
  });

  it('accepts the right key pair from a digest client and serves the service', async () => {
    const server = await api();
    const client = new DigestClient(publicKey, privateKey);
    const base = `${server.url}/clusters/${clusterId}/tidbNodeGroups`;

    const service = await client.fetch(`${base}/${nodeGroupId}/privateLinkService`);
    const connections = await client.fetch(`${base}/-/privateEndpointConnections?pageSize=100`);
    const groups = await client.fetch(base);

    expect(service.status).toBe(200);
    expect(await service.json()).toMatchObject({
      serviceName: IDS.service,
      serviceDnsName: IDS.host,
      availableZones: ['usw2-az1', 'usw2-az2', 'usw2-az3'],
      state: 'ACTIVE',
      tidbNodeGroupId: nodeGroupId,
    });
    expect(await connections.json()).toMatchObject({
      privateEndpointConnections: [
        { endpointId: IDS.endpoint, endpointState: 'ACTIVE', host: IDS.host, port: 4000 },
      ],
      totalSize: 1,
    });
    expect(await groups.json()).toMatchObject({
      tidbNodeGroups: [{ tidbNodeGroupId: nodeGroupId, isDefaultGroup: true }],
    });
  });

  it('verifies the digest: a wrong password is refused', async () => {
    const server = await api();
    const client = new DigestClient(publicKey, 'not-the-private-key');

    const response = await client.fetch(`${server.url}/clusters/${clusterId}`);

    expect(response.status).toBe(401);
  });

  it('checks the response hash as RFC 7616 computes it, including the request target', async () => {
    const server = await api();
    const path = `/v1beta1/clusters/${clusterId}`;
    const challenge =
      (await fetch(`${server.url}/clusters/${clusterId}`)).headers.get('www-authenticate') ?? '';
    const { realm, nonce, opaque } = parseDigestFields(challenge.slice(7));
    const answer = (uri: string) => {
      const ha1 = md5(`${publicKey}:${realm}:${privateKey}`);
      const response = md5(`${ha1}:${nonce}:00000001:abc123:auth:${md5(`GET:${uri}`)}`);

      const fields = [
        `username="${publicKey}"`,
        `realm="${realm}"`,
        `nonce="${nonce}"`,
        `uri="${uri}"`,
        'qop=auth',
        'nc=00000001',
        'cnonce="abc123"',
        `response="${response}"`,
        `opaque="${opaque}"`,
        'algorithm=MD5',
      ];

      return `Digest ${fields.join(', ')}`;
    };

    const right = await fetch(`${server.url}/clusters/${clusterId}`, {
      headers: { authorization: answer(path) },
    });
    const otherTarget = await fetch(`${server.url}/clusters/${clusterId}`, {
      headers: { authorization: answer(`${path}/tidbNodeGroups`) },
    });

    expect(right.status).toBe(200);
    expect(await right.json()).toMatchObject({ clusterId });
    expect(otherTarget.status).toBe(401);
  });

  it('answers 404 for another cluster and for a missing private link service', async () => {
    const withoutService = structuredClone(scenario);
    delete withoutService.tidbCloud.privateLinkService;
    const server = await startTidbCloudServer(withoutService);
    servers.push(server);
    const client = new DigestClient(publicKey, privateKey);

    const other = await client.fetch(`${server.url}/clusters/999`);
    const service = await client.fetch(
      `${server.url}/clusters/${clusterId}/tidbNodeGroups/${nodeGroupId}/privateLinkService`,
    );

    expect(other.status).toBe(404);
    expect(service.status).toBe(404);
    expect(await service.json()).toMatchObject({ code: 5 });
  });
});
