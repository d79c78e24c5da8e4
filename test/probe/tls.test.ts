import { rootCertificates } from 'node:tls';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { TidbServer } from '../../src/simulate/tidb-server.js';
import type { TlsProbe } from '../../src/engine/facts.js';
import { probeGreeting } from '../../src/probe/mysql.js';
import { probeTcp } from '../../src/probe/tcp.js';
import { framePacket } from '../../src/probe/mysql-protocol.js';
import { probeTls, readableTlsMessage } from '../../src/probe/tls.js';
import { startTidbServer } from '../../src/simulate/tidb-server.js';
import { startFakeServer } from './fake-servers.js';
import { certificates, mariadb } from './services.js';

const certs = certificates();
const maria = mariadb();
const DAY = 24 * 60 * 60 * 1000;

/** Connects, reads the greeting and upgrades to TLS, verifying as `host` against `ca`. */
async function upgrade(port: number, host: string, ca: string[]): Promise<TlsProbe> {
  const { socket } = await probeTcp({ host, port, timeoutMs: 1000 });
  if (!socket) throw new Error(`Could not connect to ${host}:${port}`);

  try {
    const mysql = await probeGreeting(socket, { timeoutMs: 1000 });
    if (!mysql.greeting) throw new Error(`No greeting from ${host}:${port}`);

    return await probeTls(socket, mysql.greeting, { host, ca, timeoutMs: 2000 });
  } finally {
    socket.destroy();
  }
}

describe('probeTls against the TiDB-like server', () => {
  let secure: TidbServer;
  let expiring: TidbServer;
  let plain: TidbServer;

  beforeAll(async () => {
    secure = await startTidbServer({ tls: certs.localhost });
    expiring = await startTidbServer({ tls: certs.short });
    plain = await startTidbServer();
  });
  afterAll(async () => {
    await Promise.all([secure.close(), expiring.close(), plain.close()]);
  });

  it('verifies the chain and the host name, and records the certificate', async () => {
    const probe = await upgrade(secure.port, 'localhost', [certs.ca]);

    expect(probe).toMatchObject({
      outcome: 'verified',
      protocol: 'TLSv1.3',
      issuer: 'CN=tidb-pe test CA',
      subjectNames: [certs.serverName, 'localhost', '127.0.0.1'],
    });
    expect(Date.parse(probe.validTo ?? '') - Date.now()).toBeGreaterThan(29 * DAY);
    expect(Date.parse(probe.checkedAt ?? '')).toBeLessThanOrEqual(Date.now());
  });

  it('records a certificate that expires within days', async () => {
    const probe = await upgrade(expiring.port, '127.0.0.1', [certs.ca]);

    expect(probe.outcome).toBe('verified');
    expect(Date.parse(probe.validTo ?? '') - Date.now()).toBeLessThan(8 * DAY);
  });

  it('fails with an unknown-CA code when the CA is not trusted', async () => {
    const probe = await upgrade(secure.port, 'localhost', [...rootCertificates]);

    expect(probe).toMatchObject({
      outcome: 'failed',
      errorCode: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
    });
    expect(probe.issuer).toBe('CN=tidb-pe test CA');
  });

  it('reports that TLS is not offered without touching the connection', async () => {
    const probe = await upgrade(plain.port, '127.0.0.1', [certs.ca]);

    expect(probe).toEqual({ outcome: 'not-offered', durationMs: 0 });
  });
});

describe('probeTls against MariaDB', () => {
  it('verifies with the generated CA', async () => {
    const probe = await upgrade(maria.port, '127.0.0.1', [certs.ca]);

    expect(probe).toMatchObject({ outcome: 'verified', issuer: 'CN=tidb-pe test CA' });
    expect(probe.subjectNames).toContain(certs.serverName);
  });

  it('fails without the CA', async () => {
    const probe = await upgrade(maria.port, '127.0.0.1', [...rootCertificates]);

    // MariaDB sends its CA along with its certificate, so the chain ends in an untrusted root.
    expect(probe).toMatchObject({ outcome: 'failed', errorCode: 'SELF_SIGNED_CERT_IN_CHAIN' });
  });

  it('fails with a host-name code when the name is not in the certificate', async () => {
    const probe = await upgrade(maria.port, 'localhost', [certs.ca]);

    expect(probe).toMatchObject({ outcome: 'failed', errorCode: 'ERR_TLS_CERT_ALTNAME_INVALID' });
    expect(probe.errorMessage).toMatch(/localhost/);
  });
});

describe('probeTls against a server that offers TLS but does not switch', () => {
  it('says in plain words that the reply was not TLS', async () => {
    // A greeting with CLIENT_SSL, then a MySQL error packet in answer to the SSLRequest.
    const greeting = framePacket(
      0,
      Buffer.concat([
        Buffer.from('\n8.0.11-TiDB-v7.5.1\0'),
        Buffer.from('2a000000616161616161616100afff2e0200ff8115', 'hex'),
        Buffer.alloc(10),
        Buffer.alloc(12, 0x62),
        Buffer.from('\0mysql_native_password\0'),
      ]),
    );
    const refusal = framePacket(2, Buffer.from('\xff\x4f\x04no TLS here', 'latin1'));
    const server = await startFakeServer((socket) => {
      socket.write(greeting);
      socket.once('data', () => socket.write(refusal));
    });

    try {
      const probe = await upgrade(server.port, '127.0.0.1', [certs.ca]);

      expect(probe).toMatchObject({
        outcome: 'failed',
        errorCode: 'ERR_SSL_WRONG_VERSION_NUMBER',
        errorMessage: 'wrong version number',
      });
    } finally {
      await server.close();
    }
  });
});

describe('readableTlsMessage', () => {
  it.each([
    [
      '80FC65FF967F0000:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:../deps/openssl/openssl/ssl/record/ssl3_record.c:350:\n',
      'wrong version number',
    ],
    ['socket hang up', 'socket hang up'],
  ])('reads %j', (message, readable) => {
    expect(readableTlsMessage(message)).toBe(readable);
  });
});
