import { createServer as createHttpServer } from 'node:http';
import { connect, createServer } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';

import type { AddressInfo, Server, Socket } from 'node:net';

/** A server on loopback, what it has been sent, and how to stop it. */
export interface FakeServer {
  port: number;
  received: () => Buffer;
  close: () => Promise<void>;
}

/** A loopback TCP server that treats every connection as `behave` says. */
export async function startFakeServer(behave: (socket: Socket) => void): Promise<FakeServer> {
  const chunks: Buffer[] = [];

  return listen(
    createServer((socket) => {
      socket.on('error', () => undefined);
      socket.on('data', (chunk: Buffer) => chunks.push(chunk));
      behave(socket);
    }),
    () => Buffer.concat(chunks),
  );
}

/** Accepts connections and never says a word. */
export const startSilentServer = () => startFakeServer(() => undefined);

/** Answers with bytes that are no protocol at all. */
export const startGarbageServer = () =>
  startFakeServer((socket) => socket.write(Buffer.from('0123456789abcdef0123', 'hex')));

/** Greets like an SSH server. */
export const startSshServer = () =>
  startFakeServer((socket) => socket.write('SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n'));

/** Writes `bytes` as soon as a client connects, then waits. */
export const startBytesServer = (bytes: Buffer) => startFakeServer((socket) => socket.write(bytes));

/**
 * Stands in front of `port` on loopback and opens the connection to it only after `delayMs`,
 * passing on what the client said meanwhile: a server that greets late.
 */
export const startLateServer = (port: number, delayMs: number) =>
  startFakeServer((client) => {
    const early: Buffer[] = [];
    const onEarly = (chunk: Buffer) => early.push(chunk);
    client.on('data', onEarly);
    const timer = setTimeout(() => {
      const server = connect(port, '127.0.0.1', () => {
        client.off('data', onEarly);
        for (const chunk of early) server.write(chunk);
        client.pipe(server).pipe(client);
      });
      server.on('error', () => client.destroy());
      client.on('close', () => server.destroy());
    }, delayMs);
    client.on('close', () => clearTimeout(timer));
  });

/** Hangs up at once. */
export const startClosingServer = () => startFakeServer((socket) => socket.end());

/** Turns every client away with a MySQL error packet, as a server with too many clients does. */
export const startErrorPacketServer = () =>
  startFakeServer((socket) => {
    const payload = Buffer.concat([
      Buffer.from([0xff, 0x10, 0x04]),
      Buffer.from('Too many connections'),
    ]);
    const header = Buffer.from([payload.length, 0, 0, 0]);
    socket.end(Buffer.concat([header, payload]));
  });

/** A plain HTTP server. */
export async function startHttpServer(): Promise<FakeServer> {
  const server = createHttpServer((_request, response) => response.end('not MySQL'));

  return listen(server as unknown as Server, () => Buffer.alloc(0));
}

/** A TLS server that speaks TLS from the first byte, as an HTTPS port does. */
export async function startTlsServer(tls: { key: string; cert: string }): Promise<FakeServer> {
  const server = createTlsServer(tls, (socket) => socket.end());
  server.on('tlsClientError', () => undefined);

  return listen(server, () => Buffer.alloc(0));
}

/** A loopback port on which nothing listens. */
export async function closedPort(): Promise<number> {
  const server = await startSilentServer();
  await server.close();

  return server.port;
}

async function listen(server: Server, received: () => Buffer): Promise<FakeServer> {
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

  return {
    port: (server.address() as AddressInfo).port,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
