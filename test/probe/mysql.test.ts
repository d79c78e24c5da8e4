import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { TidbServer } from '../../src/simulate/tidb-server.js';
import { probeGreeting } from '../../src/probe/mysql.js';
import { probeTcp } from '../../src/probe/tcp.js';
import { startTidbServer, TIDB_CAPABILITIES } from '../../src/simulate/tidb-server.js';
import { framePacket } from '../../src/probe/mysql-protocol.js';
import {
  startBytesServer,
  startClosingServer,
  startErrorPacketServer,
  startGarbageServer,
  startHttpServer,
  startSilentServer,
  startSshServer,
  startTlsServer,
} from './fake-servers.js';
import { certificates, mariadb } from './services.js';
import type { FakeServer } from './fake-servers.js';

const certs = certificates();
const maria = mariadb();

/** Connects to a loopback port and waits for the greeting. */
async function greet(port: number, timeoutMs = 1000) {
  const { socket } = await probeTcp({ host: '127.0.0.1', port, timeoutMs: 1000 });
  if (!socket) throw new Error(`Could not connect to port ${port}`);

  try {
    return await probeGreeting(socket, { timeoutMs });
  } finally {
    socket.destroy();
  }
}

describe('probeGreeting against the TiDB-like server', () => {
  let plain: TidbServer;
  let secure: TidbServer;

  beforeAll(async () => {
    plain = await startTidbServer();
    secure = await startTidbServer({ tls: certs.server });
  });
  afterAll(async () => {
    await plain.close();
    await secure.close();
  });

  it("reads TiDB's version, flags, character set and auth plugin", async () => {
    const probe = await greet(secure.port);

    expect(probe.outcome).toBe('greeting');
    expect(probe.greeting).toMatchObject({
      protocolVersion: 10,
      serverVersion: '8.0.11-TiDB-v7.5.1',
      capabilityFlags: TIDB_CAPABILITIES | 0x800,
      characterSet: 46,
      statusFlags: 2,
      authPluginName: 'mysql_native_password',
      tlsOffered: true,
      flavour: 'tidb',
    });
    expect(probe.greeting?.connectionId).toBeGreaterThan(0);
  });

  it('sees no TLS offered when the server has no certificate', async () => {
    const probe = await greet(plain.port);

    expect(probe.greeting).toMatchObject({
      flavour: 'tidb',
      tlsOffered: false,
      capabilityFlags: TIDB_CAPABILITIES,
    });
  });

  it('greets only after its own delay when told to play a busy cluster', async () => {
    const busy = await startTidbServer({ greetingDelayMs: 600 });
    try {
      const probe = await greet(busy.port, 3000);

      expect(probe.outcome).toBe('greeting');
      // The server's timer starts on accept, a moment before the probe's clock does.
      expect(probe.durationMs).toBeGreaterThan(550);
    } finally {
      await busy.close();
    }
  });
});

describe('probeGreeting against MariaDB', () => {
  it('says it is MariaDB and that it offers TLS', async () => {
    const probe = await greet(maria.port);

    expect(probe.outcome).toBe('greeting');
    expect(probe.greeting?.serverVersion).toMatch(/MariaDB/);
    expect(probe.greeting).toMatchObject({
      flavour: 'mariadb',
      tlsOffered: true,
      protocolVersion: 10,
    });
  });
});

describe('probeGreeting against servers that do not greet as MySQL', () => {
  const servers: FakeServer[] = [];
  const start = async (server: Promise<FakeServer>) => {
    servers.push(await server);
    return servers.at(-1) as FakeServer;
  };
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.close()));
  });

  it('reports a silent server as silent, within its limit', async () => {
    const server = await start(startSilentServer());

    const probe = await greet(server.port, 600);

    expect(probe.outcome).toBe('silent');
    expect(probe.durationMs).toBeGreaterThanOrEqual(590);
    expect(probe.durationMs).toBeLessThan(900);
    // Near the end of the wait the probe spoke first, with a TLS ClientHello.
    expect(server.received()[0]).toBe(0x16);
  });

  it('reports garbage with its first bytes', async () => {
    const server = await start(startGarbageServer());

    const probe = await greet(server.port);

    expect(probe).toMatchObject({ outcome: 'garbage', firstBytesHex: '0123456789abcdef0123' });
    expect(probe.otherProtocol).toBeUndefined();
  });

  it('recognises an HTTP server', async () => {
    const server = await start(startHttpServer());

    const probe = await greet(server.port, 600);

    expect(probe).toMatchObject({ outcome: 'garbage', otherProtocol: 'http' });
    expect(Buffer.from(probe.firstBytesHex ?? '', 'hex').toString()).toMatch(/^HTTP\/1\.1 400/);
  });

  it('recognises a TLS server', async () => {
    const server = await start(startTlsServer(certs.server));

    const probe = await greet(server.port, 600);

    expect(probe).toMatchObject({ outcome: 'garbage', otherProtocol: 'tls' });
  });

  it('recognises an SSH server', async () => {
    const server = await start(startSshServer());

    const probe = await greet(server.port);

    expect(probe).toMatchObject({ outcome: 'garbage', otherProtocol: 'ssh' });
  });

  it('reads a MySQL error packet sent instead of a greeting', async () => {
    const server = await start(startErrorPacketServer());

    const probe = await greet(server.port);

    expect(probe).toMatchObject({
      outcome: 'error-packet',
      errorPacket: { code: 1040, message: 'Too many connections' },
    });
  });

  it('recognises a MySQL protocol 9 greeting', async () => {
    const payload = Buffer.from('\x093.20.32a\0\x07\0\0\0abcdefgh\0', 'latin1');
    const server = await start(startBytesServer(framePacket(0, payload)));

    const probe = await greet(server.port);

    expect(probe).toMatchObject({ outcome: 'garbage', otherProtocol: 'mysql-protocol-9' });
  });

  it('reads a greeting whose salt is cut short, without a wrong plugin name', async () => {
    const head = Buffer.from('\n8.0.36\0\x07\0\0\0abcdefgh\0', 'latin1');
    const flags = Buffer.from('ffff2e0200ffdf15', 'hex');
    const payload = Buffer.concat([
      head,
      flags,
      Buffer.alloc(10),
      Buffer.from('xyz'),
      Buffer.from('caching_sha2_password\0'),
    ]);
    const server = await start(startBytesServer(framePacket(0, payload)));

    const probe = await greet(server.port);

    expect(probe.greeting).toMatchObject({ serverVersion: '8.0.36', flavour: 'mysql' });
    expect(probe.greeting?.authPluginName).toBeUndefined();
  });

  it('reports a connection closed without a word', async () => {
    const server = await start(startClosingServer());

    const probe = await greet(server.port);

    expect(probe.outcome).toBe('closed');
  });
});
