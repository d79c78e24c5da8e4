import { connect, createServer } from 'node:net';

import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { AddressInfo, Server, Socket } from 'node:net';
import type { MysqlProbe } from '../../src/engine/facts.js';
import { ok } from '../../src/engine/facts.js';
import { parseHandshakeV10, readFirstBytes } from '../../src/probe/mysql-greeting.js';
import { probeGreeting } from '../../src/probe/mysql.js';
import { framePacket } from '../../src/probe/mysql-protocol.js';
import { asFacts, asProbes, healthyFactValues, healthyProbeValues } from '../helpers/evidence.js';
import { judge } from './judge.js';

/** What the fake server does on one connection: the chunks it writes, then whether it hangs up. */
interface Script {
  chunks: Uint8Array[];
  hangUp: boolean;
}

const OUTCOMES = ['greeting', 'error-packet', 'silent', 'garbage', 'closed', 'not-run'];

// A real greeting to start mutations from, so that random changes reach the parser's depths
// instead of failing at the first byte.
const GREETING = framePacket(
  0,
  Buffer.concat([
    Buffer.from([10]),
    Buffer.from('8.0.11-TiDB-v7.5.1\0'),
    Buffer.from('2a000000616161616161616100afff2e0200ff8115', 'hex'),
    Buffer.alloc(10),
    Buffer.alloc(12, 0x62),
    Buffer.from([0]),
    Buffer.from('mysql_native_password\0'),
  ]),
);

const mutatedGreeting = fc
  .tuple(
    fc.array(fc.tuple(fc.nat(GREETING.length - 1), fc.integer({ min: 0, max: 255 })), {
      maxLength: 6,
    }),
    fc.nat(GREETING.length),
  )
  .map(([flips, cut]) => {
    const bytes = Buffer.from(GREETING);
    for (const [at, value] of flips) bytes[at] = value;

    return bytes.subarray(0, Math.max(cut, 1));
  });

const serverBytes = fc.oneof(fc.uint8Array({ maxLength: 300 }), mutatedGreeting);

describe('the MySQL greeting parser', () => {
  it('reads the unmutated seed as a TiDB greeting', () => {
    expect(readFirstBytes(GREETING)).toMatchObject({
      kind: 'greeting',
      greeting: { serverVersion: '8.0.11-TiDB-v7.5.1', flavour: 'tidb', tlsOffered: true },
    });
  });

  it('never throws on any bytes, finished or not', () => {
    fc.assert(
      fc.property(serverBytes, fc.boolean(), (bytes, ended) => {
        const first = readFirstBytes(Buffer.from(bytes), ended);

        expect(['incomplete', 'greeting', 'error-packet', 'garbage']).toContain(first.kind);
        if (ended) expect(first.kind).not.toBe('incomplete');
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws on any handshake payload', () => {
    fc.assert(
      fc.property(serverBytes, (bytes) => {
        const greeting = parseHandshakeV10(Buffer.from(bytes).subarray(4));

        if (greeting) expect(typeof greeting.serverVersion).toBe('string');
      }),
      { numRuns: 2000 },
    );
  });
});

describe('the greeting probe against a server that sends random bytes', () => {
  let server: Server;
  let port: number;
  const scripts: Script[] = [];

  beforeAll(async () => {
    server = createServer((socket) => play(socket, scripts.shift()));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('always classifies what it got, and the report stays valid', async () => {
    const script = fc.record({
      chunks: fc.oneof(
        fc.array(fc.uint8Array({ minLength: 1, maxLength: 120 }), { maxLength: 4 }),
        mutatedGreeting.map((bytes) => [new Uint8Array(bytes)]),
      ),
      hangUp: fc.boolean(),
    });

    await fc.assert(
      fc.asyncProperty(script, async (played) => {
        scripts.push(played);
        const probe = await greet(port);

        expect(OUTCOMES).toContain(probe.outcome);
        const probes = asProbes(healthyProbeValues());
        probes.mysql = ok('tcp', probe);
        const { report, problems } = await judge(asFacts(healthyFactValues()), probes);

        expect(problems).toEqual([]);
        const handshake = report.results.find((result) => result.id === 'mysql.handshake');
        if (probe.outcome !== 'greeting') expect(handshake?.status).not.toBe('pass');
      }),
      { numRuns: 30 },
    );
  });
});

function play(socket: Socket, script: Script | undefined): void {
  socket.on('error', () => undefined);
  for (const chunk of script?.chunks ?? []) socket.write(chunk);
  if (script?.hangUp !== false) socket.end();
  else setTimeout(() => socket.destroy(), 1000);
}

async function greet(port: number): Promise<MysqlProbe> {
  const socket = connect(port, '127.0.0.1');
  socket.on('error', () => undefined);
  await new Promise((resolve) => socket.once('connect', resolve));

  try {
    return await probeGreeting(socket, { timeoutMs: 250 });
  } finally {
    socket.destroy();
  }
}
