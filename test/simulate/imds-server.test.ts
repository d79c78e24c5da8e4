import { request } from 'node:http';

import { afterEach, describe, expect, it } from 'vitest';

import type { LoopbackServer } from '../../src/simulate/http-server.js';
import { startImdsServer } from '../../src/simulate/imds-server.js';
import { loadScenario } from '../../src/simulate/load-scenario.js';
import { IDS } from '../helpers/evidence.js';

const servers: LoopbackServer[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function imds() {
  const server = await startImdsServer(loadScenario('healthy'));
  servers.push(server);

  return server;
}

// The raw path is sent as given, so `//latest/...` reaches the server as the AWS SDK sends it.
function call(
  server: LoopbackServer,
  method: string,
  path: string,
  headers: Record<string, string> = {},
) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, method, path, headers }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the simulated instance metadata service (IMDSv2)', () => {
  it('gives a token for a PUT with a time to live, and answers GETs that carry it', async () => {
    const server = await imds();

    const token = await call(server, 'PUT', '/latest/api/token', {
      'x-aws-ec2-metadata-token-ttl-seconds': '300',
    });
    const get = (path: string) =>
      call(server, 'GET', path, { 'x-aws-ec2-metadata-token': token.body });

    expect(token.status).toBe(200);
    expect(await get('/latest/meta-data/instance-id')).toEqual({ status: 200, body: IDS.instance });
    expect((await get('//latest/meta-data/placement/region')).body).toBe('us-west-2');
    expect((await get('/latest/meta-data/placement/availability-zone-id')).body).toBe('usw2-az1');

    const mac = (await get('/latest/meta-data/mac')).body;
    const nic = `/latest/meta-data/network/interfaces/macs/${mac}`;

    expect((await get(`${nic}/vpc-id`)).body).toBe(IDS.vpc);
    expect((await get(`${nic}/subnet-id`)).body).toBe(IDS.subnetA);
    expect((await get(`${nic}/security-group-ids`)).body).toBe(IDS.clientSg);
    expect((await get(`${nic}/vpc-ipv4-cidr-blocks`)).body).toBe('10.0.0.0/16');
    expect((await get('/latest/meta-data/placement/')).body.split('\n')).toContain('region');
    expect((await get('/latest/meta-data/no-such-item')).status).toBe(404);
  });

  it('refuses GETs without a token, or with a wrong one, with 401', async () => {
    const server = await imds();

    expect((await call(server, 'GET', '/latest/meta-data/instance-id')).status).toBe(401);
    expect(
      (
        await call(server, 'GET', '/latest/meta-data/instance-id', {
          'x-aws-ec2-metadata-token': 'not-a-token',
        })
      ).status,
    ).toBe(401);
  });

  it('refuses a token request without a valid time to live with 400', async () => {
    const server = await imds();

    expect((await call(server, 'PUT', '/latest/api/token')).status).toBe(400);
    expect(
      (
        await call(server, 'PUT', '/latest/api/token', {
          'x-aws-ec2-metadata-token-ttl-seconds': '99999',
        })
      ).status,
    ).toBe(400);
  });
});
