// A small server that speaks enough of the MySQL protocol, the way TiDB does, for the probes and
// the simulator: TiDB's greeting (version string and capability flags, CLIENT_SSL only when it
// has a certificate), the SSLRequest upgrade to TLS, a mysql_native_password login, `SELECT 1`,
// ping and quit. Anything else gets a MySQL error packet.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:net';
import { TLSSocket } from 'node:tls';

import type { AddressInfo, Socket } from 'node:net';
import { Capability, framePacket } from '../probe/mysql-protocol.js';

/** How the server presents itself and whom it lets in. */
export interface TidbServerOptions {
  host?: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  version?: string;
  /** With a certificate the server offers TLS; without one it does not. */
  tls?: { key: string | Buffer; cert: string | Buffer };
  /** Passwords by user name. */
  users?: Record<string, string>;
  /** How long each connection waits for its greeting, as on a cluster too busy to accept. */
  greetingDelayMs?: number;
}

/** A running server. */
export interface TidbServer {
  host: string;
  port: number;
  close(): Promise<void>;
}

/** The version string TiDB v7.5.1 sends (`mysql.ServerVersion` in TiDB). */
export const TIDB_VERSION = '8.0.11-TiDB-v7.5.1';

/** TiDB's default capability flags (`defaultCapability` in TiDB's server package). */
export const TIDB_CAPABILITIES =
  Capability.LONG_PASSWORD |
  Capability.FOUND_ROWS |
  Capability.LONG_FLAG |
  Capability.CONNECT_WITH_DB |
  Capability.LOCAL_FILES |
  Capability.PROTOCOL_41 |
  Capability.INTERACTIVE |
  Capability.TRANSACTIONS |
  Capability.SECURE_CONNECTION |
  Capability.MULTI_STATEMENTS |
  Capability.MULTI_RESULTS |
  Capability.PLUGIN_AUTH |
  Capability.CONNECT_ATTRS;

const NATIVE_PASSWORD = 'mysql_native_password';
const UTF8MB4_BIN = 46;
const BINARY = 63;
const STATUS_AUTOCOMMIT = 0x0002;
const COM_QUIT = 0x01;
const COM_QUERY = 0x03;
const COM_PING = 0x0e;

/** Starts the server on loopback (by default) and resolves once it listens. */
export async function startTidbServer(options: TidbServerOptions = {}): Promise<TidbServer> {
  const host = options.host ?? '127.0.0.1';
  const sockets = new Set<Socket>();
  let nextConnectionId = 1;

  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    serveConnection(socket, options, nextConnectionId++);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });

  return {
    host,
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function serveConnection(socket: Socket, options: TidbServerOptions, connectionId: number): void {
  // Scrambles avoid NUL bytes, as MySQL's do, because the greeting NUL-terminates part of it.
  const salt = Buffer.from(randomBytes(20).map((byte) => (byte % 127) + 1));
  let stream: Socket = socket;
  let loggedIn = false;
  const send = (sequenceId: number, payload: Buffer) =>
    stream.write(framePacket(sequenceId, payload));

  const onPacket = (sequenceId: number, payload: Buffer) => {
    if (loggedIn) return answerCommand(payload, send, () => stream.end());

    const clientFlags = payload.length >= 4 ? payload.readUInt32LE(0) : 0;
    if (payload.length === 32 && clientFlags & Capability.SSL && options.tls) {
      // The TLS handshake follows on the same socket, and its first bytes may have come in the
      // same chunk as the SSLRequest: they go back to the socket for the TLS layer to read.
      const rest = reader.takeRest();
      socket.off('data', reader.push);
      socket.pause();
      if (rest.length > 0) socket.unshift(rest);
      stream = new TLSSocket(socket, { isServer: true, ...options.tls });
      stream.on('error', () => socket.destroy());
      stream.on('data', packetReader(onPacket).push);
      return;
    }

    const login = parseHandshakeResponse(payload);
    const users = options.users ?? {};
    const password = login && Object.hasOwn(users, login.user) ? users[login.user] : undefined;
    if (login && password !== undefined && isNativeToken(login.token, password, salt)) {
      loggedIn = true;
      return send(sequenceId + 1, okPacket());
    }

    const user = login?.user ?? '';
    const message = `Access denied for user '${user}'@'${socket.remoteAddress}' (using password: ${login?.token.length ? 'YES' : 'NO'})`;
    send(sequenceId + 1, errorPacket(1045, '28000', message));
    stream.end();
  };
  const reader = packetReader(onPacket);

  socket.on('data', reader.push);
  const greet = () => {
    if (socket.writable) send(0, greetingPayload(options, connectionId, salt));
  };
  if (!options.greetingDelayMs) return greet();

  // The wait is the server's own, timed here, so a slow test machine does not make it.
  const timer = setTimeout(greet, options.greetingDelayMs);
  socket.on('close', () => clearTimeout(timer));
}

function answerCommand(
  payload: Buffer,
  send: (id: number, payload: Buffer) => void,
  end: () => void,
) {
  const command = payload[0];
  if (command === COM_QUIT) return end();
  if (command === COM_PING) return send(1, okPacket());

  const sql = payload.toString('utf8', 1).trim();
  if (command === COM_QUERY && /^select\s+1\s*;?$/i.test(sql)) {
    const packets = [
      Buffer.from([1]),
      columnDefinition('1'),
      eofPacket(),
      lengthEncoded('1'),
      eofPacket(),
    ];
    packets.forEach((packet, index) => send(index + 1, packet));
    return;
  }

  send(1, errorPacket(1105, 'HY000', 'This test server answers only SELECT 1'));
}

function greetingPayload(options: TidbServerOptions, connectionId: number, salt: Buffer): Buffer {
  const flags = TIDB_CAPABILITIES | (options.tls ? Capability.SSL : 0);
  const fixed = Buffer.alloc(4 + 8 + 1 + 2 + 1 + 2 + 2 + 1 + 10);
  let pos = fixed.writeUInt32LE(connectionId, 0);
  pos += salt.copy(fixed, pos, 0, 8) + 1;
  pos = fixed.writeUInt16LE(flags & 0xffff, pos);
  pos = fixed.writeUInt8(UTF8MB4_BIN, pos);
  pos = fixed.writeUInt16LE(STATUS_AUTOCOMMIT, pos);
  pos = fixed.writeUInt16LE(flags >>> 16, pos);
  fixed.writeUInt8(salt.length + 1, pos);

  return Buffer.concat([
    Buffer.from([10]),
    nulTerminated(options.version ?? TIDB_VERSION),
    fixed,
    salt.subarray(8),
    Buffer.from([0]),
    nulTerminated(NATIVE_PASSWORD),
  ]);
}

function parseHandshakeResponse(payload: Buffer): { user: string; token: Buffer } | undefined {
  if (payload.length < 33) return undefined;

  const flags = payload.readUInt32LE(0);
  const userEnd = payload.indexOf(0, 32);
  if (userEnd < 0) return undefined;

  const user = payload.toString('utf8', 32, userEnd);
  let pos = userEnd + 1;
  // Tokens are at most 32 bytes here, so a length-encoded length is a single byte.
  if (flags & (Capability.PLUGIN_AUTH_LENENC_CLIENT_DATA | Capability.SECURE_CONNECTION)) {
    const length = payload[pos] ?? 0;
    return { user, token: payload.subarray(pos + 1, pos + 1 + length) };
  }

  const tokenEnd = payload.indexOf(0, pos);
  pos = tokenEnd < 0 ? payload.length : tokenEnd;

  return { user, token: payload.subarray(userEnd + 1, pos) };
}

// mysql_native_password: SHA1(password) XOR SHA1(salt + SHA1(SHA1(password))).
function isNativeToken(token: Buffer, password: string, salt: Buffer): boolean {
  if (password === '') return token.length === 0;

  const sha1 = (data: Buffer) => createHash('sha1').update(data).digest();
  const stage1 = sha1(Buffer.from(password, 'utf8'));
  const mix = sha1(Buffer.concat([salt, sha1(stage1)]));
  const expected = Buffer.from(stage1.map((byte, index) => byte ^ (mix[index] ?? 0)));

  return token.length === expected.length && timingSafeEqual(token, expected);
}

/** Splits a byte stream into packets; `takeRest` hands back what is not yet a packet. */
function packetReader(onPacket: (sequenceId: number, payload: Buffer) => void) {
  let pending = Buffer.alloc(0);

  return {
    push(chunk: Buffer) {
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= 4 && pending.length >= 4 + pending.readUIntLE(0, 3)) {
        const length = pending.readUIntLE(0, 3);
        const sequenceId = pending[3] ?? 0;
        const payload = pending.subarray(4, 4 + length);
        pending = pending.subarray(4 + length);
        onPacket(sequenceId, payload);
      }
    },
    takeRest() {
      const rest = pending;
      pending = Buffer.alloc(0);
      return rest;
    },
  };
}

function okPacket(): Buffer {
  const payload = Buffer.alloc(7);
  payload.writeUInt16LE(STATUS_AUTOCOMMIT, 3);

  return payload;
}

function eofPacket(): Buffer {
  return Buffer.from([0xfe, 0, 0, STATUS_AUTOCOMMIT, 0]);
}

function errorPacket(code: number, sqlState: string, message: string): Buffer {
  const head = Buffer.from([0xff, code & 0xff, code >> 8]);

  return Buffer.concat([head, Buffer.from(`#${sqlState}${message}`, 'utf8')]);
}

function columnDefinition(name: string): Buffer {
  const fixed = Buffer.alloc(13);
  fixed.writeUInt8(0x0c, 0);
  fixed.writeUInt16LE(BINARY, 1);
  fixed.writeUInt32LE(1, 3);
  // LONGLONG, NOT NULL | BINARY
  fixed.writeUInt8(0x08, 7);
  fixed.writeUInt16LE(0x0081, 8);

  const texts = ['def', '', '', '', name, ''].map(lengthEncoded);

  return Buffer.concat([...texts, fixed]);
}

function lengthEncoded(text: string): Buffer {
  const bytes = Buffer.from(text, 'utf8');

  return Buffer.concat([Buffer.from([bytes.length]), bytes]);
}

function nulTerminated(text: string): Buffer {
  return Buffer.from(`${text}\0`, 'latin1');
}
