// A loopback port that drops connection attempts, as a firewall or a security group does, without
// iptables or root. A listener whose accept queue is full makes Linux drop every new SYN, so the
// client hears nothing and its connect times out. To keep the queue full, the listener lives in a
// worker thread whose event loop is held in Atomics.wait: nothing ever accepts, and a few
// connections made at start-up fill the queue. It is bounded: the caller's own connect timeout
// ends each attempt, and `close` wakes the worker and ends it.

import { connect } from 'node:net';
import { Worker } from 'node:worker_threads';

import type { Socket } from 'node:net';

/** A port on 127.0.0.1 that answers no connection attempt. */
export interface FilteredPort {
  port: number;
  close(): Promise<void>;
}

// Connections that complete within this time are still queued by the kernel: they plug the queue.
const PLUG_TIMEOUT_MS = 25;
const MAX_PLUGS = 16;

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const server = require('node:net').createServer();
server.listen({ port: 0, host: '127.0.0.1', backlog: 1 }, () => {
  parentPort.postMessage(server.address().port);
  Atomics.wait(new Int32Array(workerData.wake), 0, 0);
  server.close();
});
`;

/** Opens a filtered port; resolves once new connection attempts go unanswered. */
export async function openFilteredPort(): Promise<FilteredPort> {
  const wake = new SharedArrayBuffer(4);
  // No inherited flags: `--input-type=module` in the parent would make this CommonJS code fail.
  const worker = new Worker(WORKER_SOURCE, { eval: true, execArgv: [], workerData: { wake } });
  const port = await new Promise<number>((resolve, reject) => {
    worker.once('message', (value: number) => resolve(value));
    worker.once('error', reject);
  });

  const plugs: Socket[] = [];
  while (plugs.length < MAX_PLUGS) {
    const plug = await tryConnect(port);
    if (!plug) break;
    plugs.push(plug);
  }

  return {
    port,
    close: async () => {
      plugs.forEach((plug) => plug.destroy());
      Atomics.store(new Int32Array(wake), 0, 1);
      Atomics.notify(new Int32Array(wake), 0);
      await worker.terminate();
    },
  };
}

function tryConnect(port: number): Promise<Socket | undefined> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(undefined);
    }, PLUG_TIMEOUT_MS);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once('error', () => {
      clearTimeout(timer);
      resolve(undefined);
    });
  });
}
