import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { TidbServer } from '../../src/simulate/tidb-server.js';
import { startTidbServer } from '../../src/simulate/tidb-server.js';
import { runCli } from '../helpers/cli.js';
import { certificates, dnsmasq, mariadb, serviceEnv } from '../probe/services.js';

// `doctor --live-only` needs no AWS at all: these runs point it at real servers on loopback,
// found through the real dnsmasq, as a user checking a host and port by hand would.
let tidb: TidbServer;
const BIN = fileURLToPath(new URL('../../bin/tidb-pe', import.meta.url));

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

// The system resolver reads /etc/hosts, which a test cannot change for the machine. As root, a
// private mount namespace lays other files over /etc/hosts and /etc/resolv.conf for one run;
// the resolver there is 127.0.0.1, so no query leaves the machine.
const canOverlayHosts =
  process.getuid?.() === 0 && spawnSync('unshare', ['-m', 'true']).status === 0;

describe.skipIf(!canOverlayHosts)(
  'doctor --live-only with a hosts-file entry (needs root; skipped otherwise)',
  () => {
    it('warns that the system resolver and the VPC resolver disagree', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'tidb-pe-hosts-'));
      const name = `private.${dnsmasq().zone}`;
      writeFileSync(join(dir, 'hosts'), `127.0.0.1 localhost\n127.0.0.1 ${name}\n`);
      writeFileSync(join(dir, 'resolv.conf'), 'nameserver 127.0.0.1\n');
      const doctor = [
        BIN,
        'doctor',
        '--live-only',
        ...['--host', name, '--port', String(tidb.port), '--resolver', dnsmasq().resolver],
        '--json',
      ];
      const script = [
        `mount --bind '${join(dir, 'hosts')}' /etc/hosts`,
        `mount --bind '${join(dir, 'resolv.conf')}' /etc/resolv.conf`,
        `exec "$0" "$@"`,
      ].join(' && ');

      // Not spawnSync: the TiDB-like server runs in this process and must keep answering.
      const run = await promisify(execFile)(
        'unshare',
        ['-m', 'sh', '-c', script, process.execPath, ...doctor],
        { env: { ...process.env, NO_COLOR: '1' }, timeout: 30_000 },
      ).catch((error: { stdout: string }) => error);
      const report = JSON.parse(run.stdout);
      const consistent = report.results.find((r: { id: string }) => r.id === 'dns.consistent');

      expect(report.probes.dnsSystem.value.answers).toContainEqual({
        type: 'A',
        data: '127.0.0.1',
      });
      expect(consistent).toMatchObject({ status: 'warn' });
      expect(consistent.message).toMatch(
        /system resolver answers 127\.0\.0\.1 but the VPC resolver/,
      );
      expect(statusesOf(run.stdout)).toMatchObject({
        'tcp.connect': 'pass',
        'mysql.handshake': 'pass',
      });
    });
  },
);
