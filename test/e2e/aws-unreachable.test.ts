// With AWS out of reach, every AWS fact carries one sentence that says so, and the live probes
// still run against the host and port: the user learns both what works and what could not be
// looked at.

import net from 'node:net';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { TidbServer } from '../../src/simulate/tidb-server.js';
import { startTidbServer } from '../../src/simulate/tidb-server.js';
import { runCli } from '../helpers/cli.js';

interface Report {
  facts: Record<string, { status: string; error?: { code: string; message: string } }>;
  results: Array<{ id: string; status: string; message: string }>;
  summary: { exitCode: number };
}

let tidb: TidbServer;

beforeAll(async () => {
  tidb = await startTidbServer();
});

afterAll(async () => {
  await tidb?.close();
});

describe('doctor with AWS unreachable', () => {
  it('explains the AWS facts in one sentence and still probes the cluster', async () => {
    const closed = await closedPort();
    const endpoint = `http://127.0.0.1:${closed}`;
    const started = performance.now();

    const run = await runCli(
      [
        'doctor',
        '--region',
        'us-west-2',
        '--vpc-endpoint-id',
        'vpce-0a1b2c3d4e5f67890',
        '--host',
        'localhost',
        '--port',
        String(tidb.port),
        '--tls',
        'off',
        '--json',
      ],
      {
        AWS_ACCESS_KEY_ID: 'test',
        AWS_SECRET_ACCESS_KEY: 'test',
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_ENDPOINT_URL: endpoint,
        AWS_ENDPOINT_URL_EC2: endpoint,
      },
    );
    const report = JSON.parse(run.stdout) as Report;
    const statusOf = (id: string) => report.results.find((result) => result.id === id)?.status;

    expect(performance.now() - started).toBeLessThan(20_000);
    expect(report.facts.endpoint).toMatchObject({
      status: 'error',
      error: {
        code: 'AwsUnreachable',
        message: `AWS could not be reached at '127.0.0.1:${closed}': ECONNREFUSED: check the network path to the EC2 API (proxy, firewall, AWS_ENDPOINT_URL)`,
      },
    });
    expect(statusOf('endpoint.exists')).toBe('unknown');
    // The endpoint was not described, which is not the same as not found.
    expect(report.results.find((result) => result.id === 'dns.shadowing')?.message).toBe(
      'Not checked: the endpoint is not known (not found, or not described), so there is no VPC to look at',
    );
    expect(statusOf('tcp.connect')).toBe('pass');
    expect(statusOf('mysql.handshake')).toBe('pass');
    expect(report.summary.exitCode).toBe(3);
    expect(run.code).toBe(3);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));

  return port;
}
