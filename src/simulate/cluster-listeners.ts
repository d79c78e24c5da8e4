// The loopback listeners that play the cluster's addresses, one per behaviour the scenario uses:
// the TiDB-like server, a MariaDB greeting, a silent or babbling port, a refused one (a port
// nothing listens on) and a filtered one (see `filtered-port.ts`).

import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

import type { AddressInfo, Server, Socket } from 'node:net';
import type { Scenario, ServerBehaviour } from './scenario.js';
import { openFilteredPort } from './filtered-port.js';
import { SCENARIOS_DIR } from './load-scenario.js';
import { startTidbServer, TIDB_VERSION } from './tidb-server.js';

/** A started listener: where to dial it and how to stop it. */
export interface Listener {
  port: number;
  close(): Promise<void>;
}

/** The folder of the test-only certificates the simulated cluster presents. */
export const TLS_DIR = join(SCENARIOS_DIR, '_tls');

/** The version string a MariaDB 10.11 server on Debian 12 sends. */
const MARIADB_VERSION = '5.5.5-10.11.6-MariaDB-0+deb12u1';

// Bytes that are no protocol at all; the server sends them, then hangs up.
const GARBAGE = Buffer.from('\x7fgarbage from a port that is not a MySQL server\r\n', 'latin1');

/** The listeners of one scenario, by the behaviour each plays. */
export interface Listeners {
  byBehaviour: ReadonlyMap<ServerBehaviour, Listener>;
  close(): Promise<void>;
}

/** Starts one listener per behaviour the scenario needs, all at once. */
export async function startListeners(scenario: Scenario): Promise<Listeners> {
  // `refused` is always there: it is what any address the scenario does not know answers.
  const needed = new Set<ServerBehaviour>([
    scenario.server.behaviour,
    ...Object.values(scenario.server.addresses),
    'refused',
  ]);
  const started = await Promise.allSettled(
    [...needed].map(
      async (behaviour) => [behaviour, await startListener(behaviour, scenario)] as const,
    ),
  );
  const byBehaviour = new Map(
    started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : [])),
  );
  const close = () =>
    Promise.all([...byBehaviour.values()].map((listener) => listener.close())).then(
      () => undefined,
    );
  const failure = started.find((result) => result.status === 'rejected');
  if (failure) {
    await close();
    throw failure.reason;
  }

  return { byBehaviour, close };
}

function startListener(behaviour: ServerBehaviour, scenario: Scenario): Promise<Listener> {
  switch (behaviour) {
    case 'tidb':
      return startTidbServer({ ...serverOf(scenario), version: TIDB_VERSION });
    case 'mariadb-greeting':
      return startTidbServer({ ...serverOf(scenario), version: MARIADB_VERSION });
    case 'silent':
      return listenRaw(() => undefined);
    case 'garbage':
      return listenRaw((socket) => socket.end(GARBAGE));
    case 'refused':
      return closedPort();
    case 'filtered':
      return openFilteredPort();
  }
}

function serverOf(scenario: Scenario) {
  const { greetingDelayMs, users } = scenario.server;

  return {
    ...tlsOf(scenario),
    ...(users && { users }),
    ...(greetingDelayMs && { greetingDelayMs }),
  };
}

function tlsOf(scenario: Scenario) {
  if (scenario.server.tls === 'none') return {};

  const name = scenario.server.tls === 'expired' ? 'expired' : 'server';
  const read = (file: string) => readFileSync(join(TLS_DIR, file));

  return { tls: { key: read(`${name}.key`), cert: read(`${name}.pem`) } };
}

// A server that accepts and then does what `greet` says with each connection.
async function listenRaw(greet: (socket: Socket) => void): Promise<Listener> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    greet(socket);
  });
  const port = await listen(server);

  return {
    port,
    close: () => {
      sockets.forEach((socket) => socket.destroy());
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

// A port that was just free and is closed again, so that connecting to it is refused. Another
// process could take it in between; on loopback with an OS-chosen port that is very unlikely.
async function closedPort(): Promise<Listener> {
  const server = createServer();
  const port = await listen(server);
  await new Promise<void>((resolve) => server.close(() => resolve()));

  return { port, close: async () => undefined };
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}
