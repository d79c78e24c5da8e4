import { execFile, spawnSync } from 'node:child_process';
import { createSocket } from 'node:dgram';
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

// The system resolver reads /etc/hosts and /etc/resolv.conf, which a test cannot change for the
// machine. As root, a private mount namespace lays other files over them for one run; the
// resolvers named there are on loopback, so no query leaves the machine.
const canOverlay = process.getuid?.() === 0 && spawnSync('unshare', ['-m', 'true']).status === 0;

/** Runs the doctor with `hosts` and `resolvConf` in place of the machine's files. */
async function doctorWithFiles(hosts: string, resolvConf: string, args: string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'tidb-pe-etc-'));
  writeFileSync(join(dir, 'hosts'), hosts);
  writeFileSync(join(dir, 'resolv.conf'), resolvConf);
  const script = [
    `mount --bind '${join(dir, 'hosts')}' /etc/hosts`,
    `mount --bind '${join(dir, 'resolv.conf')}' /etc/resolv.conf`,
    `exec "$0" "$@"`,
  ].join(' && ');
  const started = Date.now();

  // Not spawnSync: the TiDB-like server runs in this process and must keep answering.
  const run = await promisify(execFile)(
    'unshare',
    ['-m', 'sh', '-c', script, process.execPath, BIN, 'doctor', '--live-only', ...args],
    { env: { ...process.env, NO_COLOR: '1' }, timeout: 60_000 },
  ).then(
    ({ stdout }) => ({ stdout, code: 0 }),
    (error: { stdout: string; code: number }) => ({ stdout: error.stdout, code: error.code }),
  );

  return { ...run, elapsedMs: Date.now() - started };
}

describe.skipIf(!canOverlay)(
  'doctor --live-only with its own hosts file and resolver (needs root; skipped otherwise)',
  () => {
    it('warns that the system resolver and the VPC resolver disagree', async () => {
      const name = `private.${dnsmasq().zone}`;
      const run = await doctorWithFiles(
        `127.0.0.1 localhost\n127.0.0.1 ${name}\n`,
        'nameserver 127.0.0.1\n',
        ['--host', name, '--port', String(tidb.port), '--resolver', dnsmasq().resolver, '--json'],
      );
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

    it('ends by --timeout although the system resolver is still waiting', async () => {
      // A resolver on port 53 of a loopback address of its own that never answers; glibc would
      // wait 2 x 10 s for it.
      const deaf = createSocket('udp4');
      const address = `127.0.${(process.pid % 250) + 1}.53`;
      await new Promise<void>((resolve) => deaf.bind(53, address, resolve));
      try {
        const run = await doctorWithFiles(
          '127.0.0.1 localhost\n',
          `nameserver ${address}\noptions timeout:10 attempts:2\n`,
          ['--host', `db.${dnsmasq().zone}`, '--timeout', '2', '--json'],
        );
        const report = JSON.parse(run.stdout);

        expect(run.elapsedMs).toBeLessThan(4500);
        expect(report.probes.dnsSystem).toMatchObject({ error: { code: 'DeadlineExceeded' } });
        expect(run.code).toBe(3);
      } finally {
        deaf.close();
      }
    });
  },
);
