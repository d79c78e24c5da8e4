import { getServers } from 'node:dns';
import { createSocket } from 'node:dgram';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { TidbServer } from '../../src/simulate/tidb-server.js';
import type { ProbeRequest } from '../../src/probe/index.js';
import { failed, ok } from '../../src/engine/facts.js';
import { runProbes } from '../../src/probe/index.js';
import { unresolvedReason } from '../../src/probe/path.js';
import { startTidbServer } from '../../src/simulate/tidb-server.js';
import { closedPort, startLateServer, startSilentServer } from './fake-servers.js';
import { certificates, dnsmasq, mariadb } from './services.js';
import type { FakeServer } from './fake-servers.js';

const certs = certificates();
const dns = dnsmasq();
const maria = mariadb();
const PASSWORD = 'app-Secret-5d8e';

let tidb: TidbServer;
let silent: FakeServer;

beforeAll(async () => {
  tidb = await startTidbServer({ users: { app: PASSWORD }, tls: certs.localhost });
  silent = await startSilentServer();
});
afterAll(async () => {
  await Promise.all([tidb.close(), silent.close()]);
});

/** A request against loopback only: `localhost` is answered by the hosts file and by dnsmasq. */
function request(changes: Partial<ProbeRequest>): ProbeRequest {
  return {
    host: 'localhost',
    port: tidb.port,
    tls: 'preferred',
    caFile: certs.caFile,
    resolvers: [dns.resolver],
    endpointDnsNames: [],
    deadline: Date.now() + 10_000,
    ...changes,
  };
}

describe('runProbes', () => {
  it('walks the whole path of a healthy TiDB-like server', async () => {
    const debugLines: string[] = [];
    const probes = await runProbes(
      request({
        user: 'app',
        password: PASSWORD,
        endpointDnsNames: [`vpce-regional.${dns.zone}`, `vpce-zonal-a.${dns.zone}`],
        debug: (namespace, message) => debugLines.push(`${namespace} ${message}`),
      }),
    );

    expect(probes.dnsSystem).toMatchObject({
      status: 'ok',
      value: { rcode: 'NOERROR', resolver: 'system', servers: getServers() },
    });
    expect(probes.dnsVpc).toMatchObject({
      status: 'ok',
      value: {
        rcode: 'NOERROR',
        resolver: dns.resolver,
        answers: [{ type: 'A', data: '127.0.0.1', ttl: 60 }],
      },
    });
    expect(probes.dnsEndpointNames).toMatchObject({ status: 'ok' });
    const names = probes.dnsEndpointNames?.status === 'ok' ? probes.dnsEndpointNames.value : [];
    expect(names.map((lookup) => lookup.answers.length)).toEqual([2, 1]);
    expect(probes.tcp).toMatchObject({
      status: 'ok',
      value: { outcome: 'connected', address: '127.0.0.1' },
    });
    expect(probes.mysql).toMatchObject({
      status: 'ok',
      value: { outcome: 'greeting', greeting: { flavour: 'tidb' } },
    });
    expect(probes.tls).toMatchObject({ status: 'ok', value: { outcome: 'verified' } });
    expect(probes.auth).toMatchObject({ status: 'ok', value: { outcome: 'ok' } });
    expect(debugLines.some((line) => line.startsWith('dns '))).toBe(true);
    expect(JSON.stringify(probes) + debugLines.join('\n')).not.toContain(PASSWORD);
  });

  it('tells MariaDB apart and reports a refused login without the password', async () => {
    const wrong = 'not-the-Password-1e0b';
    const probes = await runProbes(
      request({ host: '127.0.0.1', port: maria.port, user: maria.user, password: wrong }),
    );

    expect(probes.mysql).toMatchObject({
      status: 'ok',
      value: { greeting: { flavour: 'mariadb' } },
    });
    expect(probes.tls).toMatchObject({ status: 'ok', value: { outcome: 'verified' } });
    expect(probes.auth).toMatchObject({ status: 'ok', value: { outcome: 'access-denied' } });
    expect(JSON.stringify(probes)).not.toContain(wrong);
  });

  it('skips DNS for an address and the login without --user', async () => {
    const probes = await runProbes(request({ host: '127.0.0.1' }));

    expect(probes.dnsSystem).toMatchObject({
      status: 'skipped',
      reason: "'127.0.0.1' is an IP address: there is no name to resolve",
    });
    expect(probes.dnsVpc?.status).toBe('skipped');
    expect(probes.dnsEndpointNames).toMatchObject({ status: 'skipped' });
    expect(probes.auth).toMatchObject({
      status: 'skipped',
      reason: 'no --user was given, so no login was tried',
    });
  });

  it('records TLS as disabled with --tls off', async () => {
    const probes = await runProbes(request({ tls: 'off' }));

    expect(probes.tls).toMatchObject({ status: 'ok', value: { outcome: 'disabled' } });
  });

  it('skips what follows a refused connection, saying why', async () => {
    const port = await closedPort();
    const probes = await runProbes(
      request({ host: '127.0.0.1', port, user: 'app', password: PASSWORD }),
    );

    expect(probes.tcp).toMatchObject({ status: 'ok', value: { outcome: 'refused' } });
    for (const name of ['mysql', 'tls', 'auth'] as const) {
      expect(probes[name]).toMatchObject({
        status: 'skipped',
        reason: `no TCP connection to 127.0.0.1:${port}`,
      });
    }
  });

  it('says so when there is no resolver to ask directly', async () => {
    const probes = await runProbes(request({ resolvers: [] }));

    expect(probes.dnsVpc).toMatchObject({
      status: 'skipped',
      reason: expect.stringMatching(/^no resolver to ask directly/),
    });
  });

  it('asks every resolver given, the first as the VPC resolver', async () => {
    const probes = await runProbes(request({ resolvers: [dns.resolver, dns.resolver] }));

    expect(probes.dnsOtherResolvers).toMatchObject({ status: 'ok', value: [{ rcode: 'NOERROR' }] });
  });

  it('connects without waiting for a resolver asked directly that never answers', async () => {
    const deaf = createSocket('udp4');
    await new Promise<void>((resolve) => deaf.bind(0, '127.0.0.1', resolve));
    const started = Date.now();
    try {
      const probes = await runProbes(
        request({
          resolvers: [`127.0.0.1:${deaf.address().port}`],
          deadline: Date.now() + 1500,
        }),
      );

      expect(Date.now() - started).toBeLessThan(2500);
      expect(probes.dnsVpc).toMatchObject({ status: 'error', error: { code: 'DeadlineExceeded' } });
      expect(probes.tcp).toMatchObject({ status: 'ok', value: { outcome: 'connected' } });
      expect(probes.mysql).toMatchObject({ status: 'ok', value: { outcome: 'greeting' } });
      expect(probes.tls).toMatchObject({ status: 'ok', value: { outcome: 'verified' } });
    } finally {
      deaf.close();
    }
  });

  it('turns a deadline hit into DeadlineExceeded and still returns every probe', async () => {
    const started = Date.now();
    const probes = await runProbes(
      request({ host: '127.0.0.1', port: silent.port, user: 'app', deadline: Date.now() + 500 }),
    );

    expect(Date.now() - started).toBeLessThan(1500);
    expect(probes.tcp).toMatchObject({ status: 'ok', value: { outcome: 'connected' } });
    expect(probes.mysql).toMatchObject({ status: 'error', error: { code: 'DeadlineExceeded' } });
    expect(probes.tls).toMatchObject({ status: 'skipped' });
    expect(probes.auth).toMatchObject({ status: 'skipped' });
  });

  it('does not blame TLS on a server that greeted only after the probe spoke first', async () => {
    // The probe speaks at 600 ms of its 1000; MariaDB greets at 800 ms and reads those bytes.
    const late = await startLateServer(maria.port, 800);
    try {
      const probes = await runProbes(
        request({ host: '127.0.0.1', port: late.port, timeouts: { greeting: 1000 } }),
      );

      expect(probes.mysql).toMatchObject({ status: 'ok', value: { outcome: 'greeting' } });
      expect(probes.tls).toMatchObject({
        status: 'skipped',
        reason: expect.stringMatching(
          /greeted only after \d+ ms, when the probe had already spoken/,
        ),
      });
    } finally {
      await late.close();
    }
  });

  it('reports a silent server as silent when its own limit comes first', async () => {
    const probes = await runProbes(
      request({ host: '127.0.0.1', port: silent.port, timeouts: { greeting: 400 } }),
    );

    expect(probes.mysql).toMatchObject({ status: 'ok', value: { outcome: 'silent' } });
  });

  it('stops when the caller aborts', async () => {
    const probes = await runProbes(
      request({ host: '127.0.0.1', port: silent.port, signal: AbortSignal.timeout(200) }),
    );

    expect(probes.mysql).toMatchObject({ status: 'error', error: { code: 'Aborted' } });
  });
});

// A name that does not resolve would send a query off this machine, so the decision is tested
// on its own.
describe('unresolvedReason', () => {
  const lookup = (rcode: string, answers: string[]) =>
    ok('test', {
      name: 'db.example',
      resolver: 'system',
      rcode,
      answers: answers.map((data) => ({ type: 'A', data })),
      durationMs: 1,
    });

  it.each([
    [
      'NXDOMAIN',
      lookup('NXDOMAIN', []),
      "'db.example' did not resolve (NXDOMAIN): nothing to connect to",
    ],
    [
      'an empty answer',
      lookup('NOERROR', []),
      "'db.example' did not resolve (NOERROR): nothing to connect to",
    ],
    [
      'a lookup cut off',
      failed('test', { code: 'DeadlineExceeded', message: 'late' }),
      "the run ended before 'db.example' was resolved: late",
    ],
    [
      'a lookup that failed',
      failed('test', { code: 'ProbeError', message: 'boom' }),
      "'db.example' could not be resolved: nothing to connect to",
    ],
    ['an answer', lookup('NOERROR', ['10.0.1.25']), undefined],
  ])('connects or not after %s', (_name, dnsSystem, reason) => {
    expect(unresolvedReason('db.example', dnsSystem as never)).toBe(reason);
  });

  it('connects to an address without asking', () => {
    expect(unresolvedReason('10.0.1.25', undefined)).toBeUndefined();
  });
});
