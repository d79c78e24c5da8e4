import { createServer } from 'node:net';

import { describe, expect, it } from 'vitest';

import type { AddressInfo, Server } from 'node:net';
import { probeTcp, tcpOutcomeOf } from '../../src/probe/tcp.js';
import { closedPort, startSilentServer } from './fake-servers.js';

// Timeouts (a dropped SYN) and unreachable hosts need a filtered network: see netns.test.ts.
describe('probeTcp', () => {
  it('connects to a listening port and hands over the socket', async () => {
    const server = await startSilentServer();

    const { result, socket } = await probeTcp({
      host: '127.0.0.1',
      port: server.port,
      timeoutMs: 1000,
    });
    socket?.destroy();
    await server.close();

    expect(result).toMatchObject({
      host: '127.0.0.1',
      address: '127.0.0.1',
      port: server.port,
      outcome: 'connected',
    });
    expect(socket).toBeDefined();
  });

  it('connects by name through the system resolver', async () => {
    const server = await startSilentServer();

    const { result, socket } = await probeTcp({
      host: 'localhost',
      port: server.port,
      timeoutMs: 1000,
    });
    socket?.destroy();
    await server.close();

    expect(result).toMatchObject({ host: 'localhost', address: '127.0.0.1', outcome: 'connected' });
  });

  it('connects to the addresses the system resolver gave, not to the name again', async () => {
    // 'localhost' is 127.0.0.1 for the system; only the given address has a listener.
    const server = await listenOn('127.0.0.2');

    const { result, socket } = await probeTcp({
      host: 'localhost',
      port: (server.address() as AddressInfo).port,
      addresses: ['127.0.0.2'],
      timeoutMs: 1000,
    });
    socket?.destroy();
    server.close();

    expect(result).toMatchObject({ host: 'localhost', address: '127.0.0.2', outcome: 'connected' });
    expect(result.failedAddresses).toBeUndefined();
  });

  it('connects to an IPv6 address', async () => {
    const server = await listenOn('::1');

    const { result, socket } = await probeTcp({
      host: '::1',
      port: (server.address() as AddressInfo).port,
      timeoutMs: 1000,
    });
    socket?.destroy();
    server.close();

    expect(result).toMatchObject({ address: '::1', outcome: 'connected' });
  });

  it('reports refused when nothing listens on the port', async () => {
    const port = await closedPort();

    const { result, socket } = await probeTcp({ host: '127.0.0.1', port, timeoutMs: 1000 });

    expect(result).toMatchObject({ outcome: 'refused', errorCode: 'ECONNREFUSED' });
    expect(socket).toBeUndefined();
  });

  it('rejects with the reason when the signal has aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('stopped'));

    await expect(
      probeTcp({ host: '127.0.0.1', port: 9, timeoutMs: 1000, signal: controller.signal }),
    ).rejects.toThrow('stopped');
  });
});

async function listenOn(host: string): Promise<Server> {
  const server = createServer((socket) => socket.on('error', () => undefined));
  await new Promise<void>((resolve) => server.listen(0, host, resolve));

  return server;
}

describe('tcpOutcomeOf', () => {
  it.each([
    ['ECONNREFUSED', 'refused'],
    ['ECONNRESET', 'reset'],
    ['ETIMEDOUT', 'timeout'],
    ['EHOSTUNREACH', 'unreachable'],
    ['ENETUNREACH', 'unreachable'],
    ['ENOTFOUND', 'error'],
  ])('reads %s as %s', (code, outcome) => {
    expect(tcpOutcomeOf(code)).toBe(outcome);
  });
});
