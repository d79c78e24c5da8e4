// Logs in through mysql2, as an application would, and runs `SELECT 1`. The password is handed
// to mysql2 and to nothing else: no result field carries it, and every error text that comes
// back is scrubbed of it in case a library ever echoes it.
import { connect, isIP } from 'node:net';

import mysql from 'mysql2';

import type { Connection, ConnectionOptions, QueryError } from 'mysql2';
import type { AuthProbe } from '../engine/facts.js';
import { elapsedSince, waitFor } from './settle.js';
import { fixedLookup } from './tcp.js';
import { readableTlsMessage } from './tls.js';

/** Who logs in where, with which TLS, how long to wait, and how to stop early. */
export interface AuthOptions {
  host: string;
  port: number;
  /** The addresses the system resolver gave for `host`, connected to instead of the name. */
  addresses?: string[];
  user: string;
  password?: string;
  /** TLS for the login; absent for a clear-text connection. */
  tls?: { ca: string[]; verify: boolean };
  timeoutMs: number;
  signal?: AbortSignal;
}

const ACCESS_DENIED = new Set([1045, 1698]);
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'PROTOCOL_CONNECTION_LOST',
]);
const TLS_CODE =
  /^(HANDSHAKE_SSL|HANDSHAKE_NO_SSL|ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|SELF_SIGNED|DEPTH_ZERO)/;

/** Logs in and runs `SELECT 1`; access denied, network and TLS faults are told apart. */
export async function probeAuth(options: AuthOptions): Promise<AuthProbe> {
  const started = performance.now();
  const scrub = scrubber(options.password);
  // Said in the result, so that an access-denied is not blamed on a password nobody gave.
  const noPassword = options.password ? {} : { withoutPassword: true };
  let connection: Connection | undefined;

  const onTimeout = (): AuthProbe => ({
    outcome: 'network',
    errorCode: 'ETIMEDOUT',
    errorMessage: `Login did not finish within ${options.timeoutMs} ms`,
    ...noPassword,
    durationMs: elapsedSince(started),
  });

  return waitFor({ timeoutMs: options.timeoutMs, onTimeout, signal: options.signal }, (settle) => {
    const finish = (error: QueryError | null) => {
      if (!error)
        return settle({ outcome: 'ok', ...noPassword, durationMs: elapsedSince(started) });

      const errorCode = error.code ?? 'UNKNOWN';
      settle({
        outcome: classify(error),
        errorCode,
        errorMessage: scrub(readableTlsMessage(error.message)),
        ...noPassword,
        durationMs: elapsedSince(started),
      });
    };

    connection = mysql.createConnection(connectionOptions(options));
    // Errors after the result is known (the server hanging up) are of no interest.
    connection.on('error', () => undefined);
    connection.connect((error) => {
      if (error) return finish(error);
      connection?.query({ sql: 'SELECT 1', timeout: options.timeoutMs }, (queryError) =>
        finish(queryError),
      );
    });

    return () => connection?.destroy();
  });
}

function connectionOptions(options: AuthOptions): ConnectionOptions {
  const { host, port, addresses = [], user, password, tls, timeoutMs } = options;
  // mysql2 sends no server name for an address, and Node then checks the certificate against
  // 'localhost'. For an address the login verifies the chain only; the TLS probe checks the name.
  const ssl = tls && {
    ca: tls.ca,
    rejectUnauthorized: tls.verify,
    verifyIdentity: tls.verify && isIP(host) === 0,
  };

  // mysql2 still sees the name, for TLS; only the socket goes to the addresses already judged,
  // so that a second lookup of the name neither costs time nor hangs.
  const stream =
    addresses.length > 0 && (() => connect({ host, port, lookup: fixedLookup(addresses) }));

  return {
    host,
    port,
    user,
    password,
    connectTimeout: timeoutMs,
    ...(ssl && { ssl }),
    ...(stream && { stream }),
  };
}

function classify(error: QueryError): AuthProbe['outcome'] {
  if (ACCESS_DENIED.has(error.errno ?? 0)) return 'access-denied';
  if (NETWORK_CODES.has(error.code)) return 'network';
  if (TLS_CODE.test(error.code ?? '')) return 'tls';

  return 'error';
}

/** A function that removes `secret` from a text; any length is removed, however short. */
export function scrubber(secret: string | undefined): (text: string) => string {
  if (!secret) return (text) => text;

  return (text) => text.split(secret).join('***');
}
