import { describe, expect, it } from 'vitest';

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
