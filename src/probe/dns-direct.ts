// Asks one DNS server directly, the way a stub resolver does: UDP first, TCP when the reply is
// truncated (RFC 1035 4.2.2, RFC 7766). Only timeouts are retried; an answer of any kind, or a
// port that is closed, is final.
import { randomInt } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { connect, isIP } from 'node:net';

import dnsPacket from 'dns-packet';
import pRetry from 'p-retry';

import type { DecodedPacket, Packet, Question } from 'dns-packet';
import type { DnsAnswer, DnsLookup } from '../engine/facts.js';
import { elapsedSince, waitFor } from './settle.js';

/** A DNS server to ask directly. */
export interface ResolverAddress {
  address: string;
  port: number;
  /** `ip:port`, or `[ip]:port` for IPv6, as reports show it. */
  label: string;
}

/** How to ask. */
export interface QueryOptions {
  type?: 'A' | 'AAAA';
  /** The limit for one try over UDP, and for the TCP retry. */
  tryTimeoutMs?: number;
  /** Further UDP tries after a timeout. */
  retries?: number;
  signal?: AbortSignal;
  debug?: (message: string) => void;
}

/** The resolver gave no reply in time. */
class NoReply extends Error {
  override readonly name = 'NoReply';
}

const ANSWER_TYPES = new Set(['A', 'AAAA', 'CNAME']);

/** Reads `ip`, `ip:port`, `[ipv6]:port` or a bare IPv6 address; throws on anything else. */
export function parseResolver(text: string): ResolverAddress {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  const plain = isIP(text) === 6 ? [text, text] : /^([^:]+)(?::(\d+))?$/.exec(text);
  const match = bracketed ?? plain;
  const address = match?.[1] ?? '';
  const port = Number(match?.[2] ?? 53);
  if (!isIP(address) || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`Resolver '${text}' is not an address: give 'ip' or 'ip:port'`);
  }

  const host = isIP(address) === 6 ? `[${address}]` : address;

  return { address, port, label: `${host}:${port}` };
}

/** Asks `resolver` (`ip[:port]`) for `name`; timeouts and closed ports are results, not errors. */
export async function queryResolver(
  name: string,
  resolver: string,
  options: QueryOptions = {},
): Promise<DnsLookup> {
  const server = parseResolver(resolver);
  const question: Question = { type: options.type ?? 'A', name };
  const tryTimeoutMs = options.tryTimeoutMs ?? 2000;
  const started = performance.now();
  let overTcp = false;

  const result = (fields: Pick<DnsLookup, 'rcode' | 'answers'> & Partial<DnsLookup>) => ({
    name,
    resolver: server.label,
    ...fields,
    ...(overTcp && { overTcp }),
    durationMs: elapsedSince(started),
  });

  try {
    options.debug?.(`asking ${server.label} for ${question.type} ${name} over UDP`);
    const udp = await pRetry(() => askOverUdp(server, question, tryTimeoutMs, options.signal), {
      retries: options.retries ?? 1,
      minTimeout: 100,
      factor: 1,
      signal: options.signal,
      shouldRetry: ({ error }) => error instanceof NoReply,
      onFailedAttempt: ({ error, attemptNumber }) =>
        options.debug?.(`try ${attemptNumber} to ${server.label} failed: ${error.message}`),
    });
    if (!udp.flag_tc) return result(readReply(udp));

    overTcp = true;
    options.debug?.(`reply from ${server.label} was truncated: asking again over TCP`);

    return result(readReply(await askOverTcp(server, question, tryTimeoutMs, options.signal)));
  } catch (error) {
    if (error instanceof NoReply) return result({ rcode: 'TIMEOUT', answers: [] });

    // Socket errors carry a code like `ECONNREFUSED`; an abort's reason does not.
    const code: unknown = (error as { code?: unknown }).code;
    if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) {
      return result({ rcode: 'UNREACHABLE', answers: [], errorCode: code });
    }

    throw error;
  }
}

function readReply(reply: DecodedPacket): Pick<DnsLookup, 'rcode' | 'answers'> {
  // dns-packet decodes the rcode but its type definitions leave it out.
  const rcode = (reply as DecodedPacket & { rcode?: string }).rcode ?? 'NOERROR';
  // Only address and alias records are kept, so every `data` left is a string.
  const answers: DnsAnswer[] = (reply.answers ?? [])
    .filter((answer) => ANSWER_TYPES.has(answer.type))
    .map((answer) => answer as { type: string; data: string; ttl?: number })
    .map(({ type, data, ttl }) => ({ type, data, ...(ttl !== undefined && { ttl }) }));

  return { rcode, answers };
}

function buildQuery(question: Question): { id: number; packet: Packet } {
  const id = randomInt(0, 65536);
  const packet: Packet = {
    type: 'query',
    id,
    flags: dnsPacket.RECURSION_DESIRED,
    questions: [question],
  };

  return { id, packet };
}

// A reply counts only when it answers our query: same id and the same question. Anything else
// (a late reply to an earlier try, a spoofed packet) is ignored.
function isReplyTo(reply: DecodedPacket, id: number, question: Question): boolean {
  const asked = reply.questions?.[0];

  return (
    reply.type === 'response' &&
    reply.id === id &&
    asked?.type === question.type &&
    asked.name.toLowerCase().replace(/\.$/, '') === question.name.toLowerCase().replace(/\.$/, '')
  );
}

function decodeOrUndefined(buffer: Buffer): DecodedPacket | undefined {
  try {
    return dnsPacket.decode(buffer);
  } catch {
    return undefined;
  }
}

function askOverUdp(
  server: ResolverAddress,
  question: Question,
  timeoutMs: number,
  signal: AbortSignal | undefined,
): Promise<DecodedPacket> {
  const onTimeout = () => {
    throw new NoReply(`No reply from '${server.label}' within ${timeoutMs} ms`);
  };

  return waitFor<DecodedPacket>({ timeoutMs, onTimeout, signal }, (settle, reject) => {
    const { id, packet } = buildQuery(question);
    const socket = createSocket(isIP(server.address) === 6 ? 'udp6' : 'udp4');

    // A connected socket only takes datagrams from the server, and hears ICMP port unreachable
    // as ECONNREFUSED instead of waiting for the timeout.
    socket.on('error', reject);
    socket.on('message', (message) => {
      const reply = decodeOrUndefined(message);
      if (reply && isReplyTo(reply, id, question)) settle(reply);
    });
    socket.connect(server.port, server.address, () => socket.send(dnsPacket.encode(packet)));

    return () => socket.close();
  });
}

function askOverTcp(
  server: ResolverAddress,
  question: Question,
  timeoutMs: number,
  signal: AbortSignal | undefined,
): Promise<DecodedPacket> {
  const onTimeout = () => {
    throw new NoReply(`No reply over TCP from '${server.label}' within ${timeoutMs} ms`);
  };

  return waitFor<DecodedPacket>({ timeoutMs, onTimeout, signal }, (settle, reject) => {
    const { id, packet } = buildQuery(question);
    const socket = connect(server.port, server.address);
    let received = Buffer.alloc(0);

    socket.on('error', reject);
    socket.on('connect', () => socket.write(dnsPacket.streamEncode(packet)));
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      // The two-byte length prefix is not part of the length it states.
      if (received.length < 2 || received.length < 2 + received.readUInt16BE(0)) return;

      const reply = decodeOrUndefined(received.subarray(2, 2 + received.readUInt16BE(0)));
      if (reply && isReplyTo(reply, id, question)) settle(reply);
      else
        reject(
          Object.assign(new Error('The TCP reply did not answer the query'), { code: 'EPROTO' }),
        );
    });
    socket.on('end', () =>
      reject(
        Object.assign(new Error('The server closed the TCP connection early'), { code: 'EPROTO' }),
      ),
    );

    return () => socket.destroy();
  });
}
