// A TCP connect tells the network's answer apart: a SYN that is dropped (security group, NACL)
// times out, a closed port answers with a reset (refused), and a router may say there is no way.
import { connect, isIP } from 'node:net';

import type { LookupFunction, Socket } from 'node:net';
import type { TcpResult } from '../engine/facts.js';
import { elapsedSince, waitFor } from './settle.js';

/** Where to connect, how long to wait, and how to stop early. */
export interface TcpOptions {
  host: string;
  port: number;
  /**
   * The addresses the system resolver gave for `host`. Connecting to them instead of the name
   * keeps a second lookup out of the connect time, and reaches the addresses that were judged.
   */
  addresses?: string[];
  timeoutMs: number;
  signal?: AbortSignal;
}

/** The attempt's result, and the open socket when it connected (the caller must destroy it). */
export interface TcpConnection {
  result: TcpResult;
  socket?: Socket;
}

const OUTCOME_OF_ERROR: Record<string, TcpResult['outcome']> = {
  ECONNREFUSED: 'refused',
  ECONNRESET: 'reset',
  ETIMEDOUT: 'timeout',
  EHOSTUNREACH: 'unreachable',
  ENETUNREACH: 'unreachable',
  EHOSTDOWN: 'unreachable',
  ENETDOWN: 'unreachable',
};

/** Opens a TCP connection to host:port, as the application would, and classifies the outcome. */
export async function probeTcp(options: TcpOptions): Promise<TcpConnection> {
  const { host, port } = options;
  const started = performance.now();
  const onTimeout = (): TcpConnection => ({
    result: { host, port, outcome: 'timeout', durationMs: elapsedSince(started) },
  });

  return waitFor({ timeoutMs: options.timeoutMs, onTimeout, signal: options.signal }, (settle) => {
    const { addresses = [] } = options;
    const socket = connect({
      host,
      port,
      ...(addresses.length > 0 && { lookup: fixedLookup(addresses) }),
    });
    let connected = false;

    socket.once('connect', () => {
      connected = true;
      const address = socket.remoteAddress;
      const failedAddresses = passedOver(socket);
      const result: TcpResult = {
        host,
        port,
        outcome: 'connected',
        ...(address && { address }),
        ...(failedAddresses.length > 0 && { failedAddresses }),
        durationMs: elapsedSince(started),
      };
      settle({ result, socket });
    });
    // The listener stays after connecting: later steps listen for what they need, and a stray
    // error on the socket must not crash the process. Once settled, it changes nothing.
    socket.on('error', (error: NodeJS.ErrnoException) => {
      const errorCode = errorCodeOf(error);
      const outcome = tcpOutcomeOf(errorCode);
      settle({ result: { host, port, outcome, errorCode, durationMs: elapsedSince(started) } });
    });

    return () => {
      if (!connected) socket.destroy();
    };
  });
}

/** A lookup for `net.connect` that answers with `addresses`, in the form Node asks for. */
export function fixedLookup(addresses: string[]): LookupFunction {
  const entries = addresses.map((address) => ({ address, family: isIP(address) }));

  return (_host, options, callback) => {
    const [first] = entries;
    if (options.all || !first) callback(null, entries);
    else callback(null, first.address, first.family);
  };
}

// With several addresses Node tries each in turn, moving on when one has not connected within
// 250 ms; the ones tried before the last did not take the connection.
function passedOver(socket: Socket): string[] {
  const attempted = socket.autoSelectFamilyAttemptedAddresses ?? [];

  return attempted.slice(0, -1).map((entry) => entry.slice(0, entry.lastIndexOf(':')));
}

// With several addresses Node tries each in turn and reports an AggregateError without a code
// of its own; the last attempt's error is the one that decided.
function errorCodeOf(error: NodeJS.ErrnoException): string {
  if (error.code) return error.code;

  const inner = error instanceof AggregateError ? error.errors.at(-1) : undefined;

  return (inner as NodeJS.ErrnoException | undefined)?.code ?? 'UNKNOWN';
}

/** The outcome a socket error code stands for. */
export function tcpOutcomeOf(code: string): TcpResult['outcome'] {
  return OUTCOME_OF_ERROR[code] ?? 'error';
}
