// Waits for the server's greeting on an open connection. A MySQL server greets at once; an HTTP
// or TLS service waits for the client. So when the server stays silent, the probe speaks near the
// end of its wait: a TLS ClientHello, which a TLS service answers with a TLS record and an HTTP
// service with a 400 response. A server that stays silent even then is reported as silent; one
// that greets only after it has taken the ClientHello for the client's reply, so the connection
// is not upgraded to TLS afterwards (see path.ts).
import { randomBytes } from 'node:crypto';

import type { Socket } from 'node:net';
import type { MysqlProbe } from '../engine/facts.js';
import { firstBytesHex, readFirstBytes } from './mysql-greeting.js';
import { elapsedSince, waitFor } from './settle.js';

/** How long to wait for the greeting, and how to stop early. */
export interface GreetingOptions {
  timeoutMs: number;
  signal?: AbortSignal;
}

const NUDGE_WINDOW_MS = 1000;
// ECDHE with AES-GCM for ECDSA and RSA keys, then plain RSA suites for old servers.
const CIPHER_SUITES = Buffer.from('c02bc02fc02cc030009c009d002f0035', 'hex');

/**
 * Reads the first packet on `socket` and classifies it. On a greeting the socket is left paused
 * with no listeners of ours, ready for the TLS upgrade.
 */
export async function probeGreeting(socket: Socket, options: GreetingOptions): Promise<MysqlProbe> {
  const started = performance.now();
  const nudgeAfterMs = options.timeoutMs - Math.min(NUDGE_WINDOW_MS, options.timeoutMs * 0.4);
  let received = Buffer.alloc(0);
  let nudged = false;

  const conclude = (ended: boolean): MysqlProbe | undefined => {
    const durationMs = elapsedSince(started);
    if (received.length === 0)
      return ended ? { outcome: nudged ? 'silent' : 'closed', durationMs } : undefined;

    const first = readFirstBytes(received, ended);
    switch (first.kind) {
      case 'incomplete':
        return undefined;
      case 'greeting':
        return { outcome: 'greeting', greeting: first.greeting, durationMs };
      case 'error-packet':
        return {
          outcome: 'error-packet',
          errorPacket: { code: first.code, message: first.message },
          durationMs,
        };
      case 'garbage':
        return {
          outcome: 'garbage',
          firstBytesHex: firstBytesHex(received),
          ...(first.otherProtocol && { otherProtocol: first.otherProtocol }),
          durationMs,
        };
    }
  };
  const onTimeout = (): MysqlProbe =>
    received.length > 0
      ? (conclude(true) as MysqlProbe)
      : { outcome: 'silent', durationMs: elapsedSince(started) };

  return waitFor({ timeoutMs: options.timeoutMs, onTimeout, signal: options.signal }, (settle) => {
    const nudge = setTimeout(() => {
      if (received.length > 0 || !socket.writable) return;
      nudged = true;
      socket.write(clientHello());
    }, nudgeAfterMs);
    const onData = (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      const probe = conclude(false);
      if (probe) settle(probe);
    };
    const onEnd = () => {
      const probe = conclude(true);
      if (probe) settle(probe);
    };

    socket.on('data', onData);
    socket.once('end', onEnd);
    socket.once('close', onEnd);

    return () => {
      clearTimeout(nudge);
      socket.off('data', onData);
      socket.off('end', onEnd);
      socket.off('close', onEnd);
      socket.pause();
    };
  });
}

/** A minimal TLS 1.2 ClientHello record: no session, no extensions. */
function clientHello(): Buffer {
  const u16 = (value: number) => Buffer.from([value >> 8, value & 0xff]);
  const body = Buffer.concat([
    Buffer.from([0x03, 0x03]),
    randomBytes(32),
    Buffer.from([0x00]),
    u16(CIPHER_SUITES.length),
    CIPHER_SUITES,
    Buffer.from([0x01, 0x00]),
    u16(0),
  ]);
  const handshake = Buffer.concat([Buffer.from([0x01, 0x00]), u16(body.length), body]);

  return Buffer.concat([Buffer.from([0x16, 0x03, 0x01]), u16(handshake.length), handshake]);
}
