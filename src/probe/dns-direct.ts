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
import { isSameDnsName, normalizeDnsName } from '../engine/dns-names.js';
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
  const result = (fields: Omit<DnsLookup, 'name' | 'resolver' | 'durationMs'>) => ({
    name,
    resolver: server.label,
    ...fields,
    durationMs: elapsedSince(started),
  });

  let udp: DecodedPacket;
  try {
    options.debug?.(`asking ${server.label} for ${question.type} ${name} over UDP`);
    udp = await askWithRetries(server, question, tryTimeoutMs, options);
  } catch (error) {
    return result(failureOf(error));
  }
  if (!udp.flag_tc) return result(readReply(udp, name));

  options.debug?.(`reply from ${server.label} was truncated: asking again over TCP`);
  try {
    const tcp = await askOverTcp(server, question, tryTimeoutMs, options.signal);

    return result({ ...readReply(tcp, name), overTcp: true });
  } catch (error) {
    const errorCode = failureOf(error).errorCode ?? 'ETIMEDOUT';
    // The truncated reply holds true records, only not all of them: a part says more than none.
    options.debug?.(`TCP to ${server.label} failed (${errorCode}): keeping the truncated reply`);

    return result({ ...readReply(udp, name), truncated: true, errorCode });
  }
}

// A timeout and a socket error (a code like `ECONNREFUSED`) are outcomes to report; anything
// else, such as the run's abort, goes on up.
function failureOf(error: unknown): Pick<DnsLookup, 'rcode' | 'answers' | 'errorCode'> {
  if (error instanceof NoReply) return { rcode: 'TIMEOUT', answers: [] };

  const code: unknown = (error as { code?: unknown }).code;
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) {
    return { rcode: 'UNREACHABLE', answers: [], errorCode: code };
  }

  throw error;
}

function askWithRetries(
  server: ResolverAddress,
  question: Question,
  tryTimeoutMs: number,
  options: QueryOptions,
): Promise<DecodedPacket> {
  return pRetry(() => askOverUdp(server, question, tryTimeoutMs, options.signal), {
    retries: options.retries ?? 1,
    minTimeout: 100,
    factor: 1,
    signal: options.signal,
    shouldRetry: ({ error }) => error instanceof NoReply,
    onFailedAttempt: ({ error, attemptNumber }) =>
      options.debug?.(`try ${attemptNumber} to ${server.label} failed: ${error.message}`),
  });
}

function readReply(reply: DecodedPacket, name: string): Pick<DnsLookup, 'rcode' | 'answers'> {
  const rcode = rcodeOf(reply);
  // Only address and alias records are kept, so every `data` left is a string.
  const records = (reply.answers ?? [])
    .filter((answer) => ANSWER_TYPES.has(answer.type))
    .map((answer) => answer as { type: string; name: string; data: string; ttl?: number });
  const chain = aliasChain(records, name);
  const answers: DnsAnswer[] = records
    .filter((record) => chain.has(normalizeDnsName(record.name)))
    .map(({ type, data, ttl }) => ({ type, data, ...(ttl !== undefined && { ttl }) }));

  return { rcode, answers };
}

// The answer is what belongs to the name asked and to the aliases it leads to (private DNS names
// often come as a CNAME to the endpoint's name). A record for any other name is no answer to us.
function aliasChain(records: Array<{ type: string; name: string; data: string }>, name: string) {
  const chain = new Set([normalizeDnsName(name)]);
  let grown = true;
  while (grown) {
    grown = false;
    for (const record of records) {
      if (record.type !== 'CNAME' || !chain.has(normalizeDnsName(record.name))) continue;
      const size = chain.size;
      chain.add(normalizeDnsName(record.data));
      grown ||= chain.size > size;
    }
  }

  return chain;
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
// (a late reply to an earlier try, a spoofed packet) is ignored. Some servers leave the question
// out of an error reply (REFUSED, FORMERR); such a reply carries no record, so the id suffices.
function isReplyTo(reply: DecodedPacket, id: number, question: Question): boolean {
  if (reply.type !== 'response' || reply.id !== id) return false;

  const asked = reply.questions?.[0];
  if (!asked) return rcodeOf(reply) !== 'NOERROR';

  return asked.type === question.type && isSameDnsName(asked.name, question.name);
}

function rcodeOf(reply: DecodedPacket): string {
  // dns-packet decodes the rcode but its type definitions leave it out.
  return (reply as DecodedPacket & { rcode?: string }).rcode ?? 'NOERROR';
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
