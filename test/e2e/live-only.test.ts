import { readFileSync } from 'node:fs';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { TidbServer } from '../../src/simulate/tidb-server.js';
import { startTidbServer } from '../../src/simulate/tidb-server.js';
import { runCli } from '../helpers/cli.js';
import { certificates, dnsmasq, mariadb, serviceEnv } from '../probe/services.js';

// `doctor --live-only` needs no AWS at all: these runs point it at real servers on loopback,
// found through the real dnsmasq, as a user checking a host and port by hand would.
let tidb: TidbServer;

beforeAll(async () => {
  tidb = await startTidbServer({
    tls: {
      cert: readFileSync(serviceEnv('TIDB_PE_TEST_TLS_LOCALHOST_CERT'), 'utf8'),
      key: readFileSync(serviceEnv('TIDB_PE_TEST_TLS_LOCALHOST_KEY'), 'utf8'),
    },
    users: { app: 'app-secret-pass' },
  });
});

afterAll(async () => {
  await tidb?.close();
});

function statusesOf(stdout: string): Record<string, string> {
  const report = JSON.parse(stdout) as { results: Array<{ id: string; status: string }> };

  return Object.fromEntries(report.results.map((result) => [result.id, result.status]));
}

describe('doctor --live-only', () => {
  it('passes against the TiDB-like server, logging in over verified TLS', async () => {
    const args = ['doctor', '--live-only', '--host', 'localhost', '--port', String(tidb.port)];
    const run = await runCli(
      [
        ...args,
        '--resolver',
        dnsmasq().resolver,
        '--ca',
        certificates().caFile,
        '--user',
        'app',
        '--json',
      ],
      { TIDB_PASSWORD: 'app-secret-pass' },
    );
    const statuses = statusesOf(run.stdout);

    expect(statuses).toMatchObject({
      'endpoint.exists': 'skip',
      'dns.resolves': 'pass',
      'tcp.connect': 'pass',
      'mysql.handshake': 'pass',
      'tls.handshake': 'pass',
      'mysql.auth': 'pass',
    });
    expect(run.stdout).not.toContain('app-secret-pass');
    expect(run.code).toBe(0);
  });

  it('says MariaDB is MySQL-compatible but not TiDB', async () => {
    const { port } = mariadb();
    const run = await runCli([
      'doctor',
      '--live-only',
      '--host',
      'localhost',
      '--port',
      String(port),
      '--tls',
      'off',
    ]);

    expect(run.stdout).toMatch(/^WARN +The server greets as TiDB$/m);
    expect(run.stdout).toMatch(/MySQL-compatible but not TiDB/);
    expect(run.code).toBe(1);
  });

  it('tells a wrong password apart from a network fault', async () => {
    const args = ['doctor', '--live-only', '--host', 'localhost', '--port', String(tidb.port)];
    const run = await runCli([...args, '--ca', certificates().caFile, '--user', 'app', '--json'], {
      TIDB_PASSWORD: 'not-the-password',
    });
    const report = JSON.parse(run.stdout);
    const auth = report.results.find((result: { id: string }) => result.id === 'mysql.auth');

    expect(auth.status).toBe('fail');
    expect(report.probes.auth.value.outcome).toBe('access-denied');
    expect(run.stdout).not.toContain('not-the-password');
    expect(run.code).toBe(2);
  });
});
