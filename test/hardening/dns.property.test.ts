import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';

import dnsPacket from 'dns-packet';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { Socket as UdpSocket } from 'node:dgram';
import type { AddressInfo, Server } from 'node:net';
import type { Answer, DecodedPacket } from 'dns-packet';
import { ok } from '../../src/engine/facts.js';
import { queryResolver } from '../../src/probe/dns-direct.js';
import { asFacts, asProbes, healthyFactValues, healthyProbeValues } from '../helpers/evidence.js';
import { judge } from './judge.js';

/** How the fake resolver answers one query, over UDP and (after truncation) over TCP. */
type Reply =
  | { kind: 'packet'; flags: number; answers: Answer[]; truncated: boolean; tcp: TcpReply }
  | { kind: 'raw'; bytes: Uint8Array }
  | { kind: 'mutated'; flips: Array<[number, number]>; cut: number };

/** What the TCP side sends after a truncated reply: a proper reply, random bytes, or nothing. */
type TcpReply = { kind: 'packet' } | { kind: 'raw'; bytes: Uint8Array } | { kind: 'hang-up' };

const HOST = 'privatelink-12345678.abcdefghij.clusters.tidb-cloud.com';
const label = fc.stringMatching(/^[a-z0-9-]{1,20}$/);
const anyName = fc.array(label, { minLength: 1, maxLength: 4 }).map((labels) => labels.join('.'));
// Owners are often the name asked, so that records reach the answer; the probe keeps only
// those that the name and its aliases lead to.
const name = fc.oneof(fc.constant(HOST), anyName);
const ttl = fc.integer({ min: 0, max: 2 ** 31 - 1 });

const answer: fc.Arbitrary<Answer> = fc.oneof(
  fc.record({ type: fc.constant('A'), name, ttl, data: fc.ipV4() }),
  fc.record({ type: fc.constant('AAAA'), name, ttl, data: fc.ipV6() }),
  fc.record({ type: fc.constant('CNAME'), name, ttl, data: name }),
  fc.record({ type: fc.constant('NS'), name, ttl, data: name }),
  fc.record({ type: fc.constant('TXT'), name, ttl, data: fc.string({ maxLength: 40 }) }),
  fc.record({
    type: fc.constant('MX'),
    name,
    ttl,
    data: fc.record({ preference: fc.nat(65535), exchange: name }),
  }),
) as fc.Arbitrary<Answer>;

const tcpReply: fc.Arbitrary<TcpReply> = fc.oneof(
  fc.constant({ kind: 'packet' as const }),
  fc.record({ kind: fc.constant('raw' as const), bytes: fc.uint8Array({ maxLength: 200 }) }),
  fc.constant({ kind: 'hang-up' as const }),
);

const reply: fc.Arbitrary<Reply> = fc.oneof(
  fc.record({
    kind: fc.constant('packet' as const),
    flags: fc.nat(0x7fff),
    answers: fc.array(answer, { maxLength: 6 }),
    truncated: fc.boolean(),
    tcp: tcpReply,
  }),
  fc.record({ kind: fc.constant('raw' as const), bytes: fc.uint8Array({ maxLength: 300 }) }),
  fc.record({
    kind: fc.constant('mutated' as const),
    flips: fc.array(fc.tuple(fc.nat(200), fc.nat(255)), { minLength: 1, maxLength: 6 }),
    cut: fc.nat(200),
  }),
);

describe('the direct DNS probe against a resolver that answers anything', () => {
  let udp: UdpSocket;
  let tcp: Server;
  let port: number;
  let current: Reply | undefined;

  // UDP and TCP share one port number, as a DNS server's do.
  beforeAll(async () => {
    tcp = createServer((socket) => {
      socket.on('error', () => undefined);
      socket.once('data', (data) => {
        const played = current;
        const over: TcpReply = played?.kind === 'packet' ? played.tcp : { kind: 'hang-up' };
        if (over.kind === 'raw') socket.end(over.bytes);
        else if (over.kind === 'hang-up' || played?.kind !== 'packet') socket.end();
        else
          socket.end(
            dnsPacket.streamEncode(replyTo(dnsPacket.decode(data.subarray(2)), played, false)),
          );
      });
    });
    await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
    port = (tcp.address() as AddressInfo).port;

    udp = createSocket('udp4');
    udp.on('message', (message, peer) => {
      const bytes = answerBytes(dnsPacket.decode(message), current);
      if (bytes) udp.send(bytes, peer.port, peer.address);
    });
    await new Promise<void>((resolve) => udp.bind(port, '127.0.0.1', resolve));
  });

  afterAll(async () => {
    udp.close();
    await new Promise<void>((resolve) => tcp.close(() => resolve()));
  });

  it('always returns a lookup, and the report stays valid', async () => {
    const seen = new Set<string>();

    await fc.assert(
      fc.asyncProperty(reply, async (played) => {
        current = played;
        const lookup = await queryResolver(HOST, `127.0.0.1:${port}`, {
          tryTimeoutMs: 100,
          retries: 0,
        });

        // A truncated reply sends the probe to TCP, whether TCP then answers or not.
        seen.add(lookup.overTcp || lookup.truncated ? 'tcp' : lookup.rcode);
        if (lookup.answers.length > 0) seen.add('answers');
        expect(typeof lookup.rcode).toBe('string');
        expect(Array.isArray(lookup.answers)).toBe(true);
        const probes = asProbes(healthyProbeValues());
        probes.dnsVpc = ok('dns', lookup);
        probes.dnsSystem = ok('dns', { ...lookup, resolver: 'system' });
        const { problems } = await judge(asFacts(healthyFactValues()), probes);

        expect(problems).toEqual([]);
      }),
      { numRuns: 50 },
    );

    // The replies must reach the reading of answers and the TCP retry, not only time out.
    expect([...seen]).toEqual(expect.arrayContaining(['answers', 'tcp', 'TIMEOUT']));
  });
});

function answerBytes(query: DecodedPacket, played: Reply | undefined): Buffer | undefined {
  if (!played) return undefined;
  if (played.kind === 'raw') return Buffer.from(played.bytes);
  if (played.kind === 'packet') return dnsPacket.encode(replyTo(query, played, played.truncated));

  const proper = dnsPacket.encode(
    replyTo(query, { flags: 0, answers: [{ type: 'A', name: HOST, data: '10.0.1.25' }] }, false),
  );
  for (const [at, value] of played.flips) proper[at % proper.length] = value;

  return proper.subarray(0, Math.max(1, played.cut % (proper.length + 1)));
}

// A reply that matches the query's id and question, so that the probe reads it instead of
// dropping it as a stray packet.
function replyTo(
  query: DecodedPacket,
  played: { flags: number; answers: Answer[] },
  truncated: boolean,
): dnsPacket.Packet {
  const tc = truncated ? dnsPacket.TRUNCATED_RESPONSE : 0;

  return {
    type: 'response',
    id: query.id,
    flags: (played.flags & ~dnsPacket.TRUNCATED_RESPONSE) | tc,
    questions: query.questions,
    answers: played.answers,
  };
}
