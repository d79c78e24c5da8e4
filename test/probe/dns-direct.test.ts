import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';

import dnsPacket from 'dns-packet';
import { afterEach, describe, expect, it } from 'vitest';

import type { Socket as UdpSocket } from 'node:dgram';
import type { AddressInfo, Server } from 'node:net';
import { parseResolver, queryResolver } from '../../src/probe/dns-direct.js';
import { dnsmasq } from './services.js';

const { resolver, zone } = dnsmasq();
const cleanups: Array<() => void> = [];

afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** A UDP server on loopback that answers each query as `reply` says (or not at all). */
async function startUdpServer(
  reply: (query: dnsPacket.DecodedPacket, send: (packet: dnsPacket.Packet) => void) => void,
) {
  const socket: UdpSocket = createSocket('udp4');
  let queries = 0;
  socket.on('message', (message, remote) => {
    queries += 1;
    const send = (packet: dnsPacket.Packet) =>
      socket.send(dnsPacket.encode(packet), remote.port, remote.address);
    reply(dnsPacket.decode(message), send);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  cleanups.push(() => socket.close());

  return { port: socket.address().port, queries: () => queries };
}

function answerTo(
  query: dnsPacket.DecodedPacket,
  fields: Partial<dnsPacket.Packet>,
): dnsPacket.Packet {
  return {
    type: 'response',
    id: query.id,
    flags: dnsPacket.RECURSION_DESIRED,
    questions: query.questions,
    ...fields,
  };
}

describe('queryResolver against dnsmasq', () => {
  it('gets private answers with their TTLs', async () => {
    const lookup = await queryResolver(`private.${zone}`, resolver);

    expect(lookup).toMatchObject({ name: `private.${zone}`, resolver, rcode: 'NOERROR' });
    expect(lookup.answers.map((answer) => answer.data).sort()).toEqual(['10.0.1.25', '10.0.2.25']);
    expect(lookup.answers.every((answer) => answer.type === 'A' && answer.ttl === 60)).toBe(true);
    expect(lookup.overTcp).toBeUndefined();
    expect(lookup.durationMs).toBeGreaterThan(0);
  });

  it('gets a public answer', async () => {
    const lookup = await queryResolver(`public.${zone}`, resolver);

    expect(lookup.rcode).toBe('NOERROR');
    expect(lookup.answers).toEqual([{ type: 'A', data: '203.0.113.10', ttl: 60 }]);
  });

  it('reports NXDOMAIN for a name the zone does not have', async () => {
    const lookup = await queryResolver(`missing.${zone}`, resolver);

    expect(lookup.rcode).toBe('NXDOMAIN');
    expect(lookup.answers).toEqual([]);
  });

  it('follows an alias to the addresses it leads to', async () => {
    const lookup = await queryResolver(`alias.${zone}`, resolver);

    expect(lookup.rcode).toBe('NOERROR');
    expect(lookup.answers).toEqual([
      { type: 'CNAME', data: `private.${zone}`, ttl: 60 },
      { type: 'A', data: expect.stringMatching(/^10\.0\.[12]\.25$/), ttl: 60 },
      { type: 'A', data: expect.stringMatching(/^10\.0\.[12]\.25$/), ttl: 60 },
    ]);
  });

  it('asks again over TCP when the UDP reply is truncated', async () => {
    const lookup = await queryResolver(`truncated.${zone}`, resolver);

    expect(lookup.rcode).toBe('NOERROR');
    expect(lookup.overTcp).toBe(true);
    expect(lookup.answers).toHaveLength(60);
  });
});

describe('queryResolver against misbehaving servers', () => {
  it('retries a timeout once, then reports TIMEOUT', async () => {
    const server = await startUdpServer(() => undefined);

    const lookup = await queryResolver('db.example', `127.0.0.1:${server.port}`, {
      tryTimeoutMs: 150,
    });

    expect(lookup.rcode).toBe('TIMEOUT');
    expect(server.queries()).toBe(2);
    expect(lookup.durationMs).toBeLessThan(1000);
  });

  it('ignores replies with another id or question and takes the one that matches', async () => {
    const server = await startUdpServer((query, send) => {
      const answers = [{ type: 'A' as const, name: 'db.example', data: '10.0.1.25', ttl: 5 }];
      send({
        ...answerTo(query, { answers: [{ ...answers[0]!, data: '192.0.2.66' }] }),
        id: (query.id! + 1) % 65536,
      });
      send(answerTo(query, { questions: [{ type: 'A', name: 'other.example' }], answers }));
      send(answerTo(query, { answers }));
    });

    const lookup = await queryResolver('db.example', `127.0.0.1:${server.port}`);

    expect(lookup.answers).toEqual([{ type: 'A', data: '10.0.1.25', ttl: 5 }]);
  });

  it('leaves out records for names that the aliases do not lead to', async () => {
    const server = await startUdpServer((query, send) => {
      // Out of order, and with a record for a name nobody asked about.
      const answers: dnsPacket.Answer[] = [
        { type: 'A', name: 'vpce-1.example', ttl: 5, data: '10.0.1.25' },
        { type: 'A', name: 'other.example', ttl: 5, data: '192.0.2.66' },
        { type: 'CNAME', name: 'alias.example', ttl: 5, data: 'vpce-1.example' },
        { type: 'CNAME', name: 'DB.example.', ttl: 5, data: 'alias.example' },
      ];
      send(answerTo(query, { answers }));
    });

    const lookup = await queryResolver('db.example', `127.0.0.1:${server.port}`);

    expect(lookup.answers.map((answer) => answer.data)).toEqual([
      '10.0.1.25',
      'vpce-1.example',
      'alias.example',
    ]);
  });

  it('takes an error reply that leaves the question out', async () => {
    const server = await startUdpServer((query, send) =>
      send(answerTo(query, { flags: 5, questions: [] })),
    );

    const lookup = await queryResolver('db.example', `127.0.0.1:${server.port}`, {
      tryTimeoutMs: 300,
    });

    expect(lookup).toMatchObject({ rcode: 'REFUSED', answers: [] });
    expect(server.queries()).toBe(1);
  });

  it('keeps the truncated reply when the server takes no TCP', async () => {
    const server = await startUdpServer((query, send) => {
      const answers = [{ type: 'A' as const, name: 'db.example', ttl: 5, data: '10.0.1.25' }];
      send(answerTo(query, { flags: dnsPacket.TRUNCATED_RESPONSE, answers }));
    });

    const lookup = await queryResolver('db.example', `127.0.0.1:${server.port}`);

    expect(lookup).toMatchObject({
      rcode: 'NOERROR',
      answers: [{ type: 'A', data: '10.0.1.25', ttl: 5 }],
      truncated: true,
      errorCode: 'ECONNREFUSED',
    });
    expect(lookup.overTcp).toBeUndefined();
  });

  it('waits for the two length bytes on top of the stated length of a TCP reply', async () => {
    const answers = Array.from({ length: 40 }, (_, index) => ({
      type: 'A' as const,
      name: 'db.example',
      data: `10.0.9.${index + 1}`,
    }));
    const tcp: Server = createServer((socket) => {
      socket.once('data', (data: Buffer) => {
        const query = dnsPacket.decode(data.subarray(2));
        const reply = dnsPacket.streamEncode(answerTo(query, { answers }));
        // Everything but the last two bytes first: a reader that forgets the prefix stops here.
        socket.write(reply.subarray(0, reply.length - 2));
        setTimeout(() => socket.end(reply.subarray(reply.length - 2)), 50);
      });
    });
    await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => tcp.close());
    const { port } = tcp.address() as AddressInfo;
    const udp = createSocket('udp4');
    udp.on('message', (message, remote) => {
      const truncated = answerTo(dnsPacket.decode(message), {
        flags: dnsPacket.TRUNCATED_RESPONSE,
      });
      udp.send(dnsPacket.encode(truncated), remote.port, remote.address);
    });
    await new Promise<void>((resolve) => udp.bind(port, '127.0.0.1', resolve));
    cleanups.push(() => udp.close());

    const lookup = await queryResolver('db.example', `127.0.0.1:${port}`);

    expect(lookup.overTcp).toBe(true);
    expect(lookup.answers).toHaveLength(40);
  });

  it('reports UNREACHABLE when nothing listens on the resolver port', async () => {
    const server = await startUdpServer(() => undefined);
    const port = server.port;
    cleanups.pop()?.();

    const lookup = await queryResolver('db.example', `127.0.0.1:${port}`, { tryTimeoutMs: 1000 });

    expect(lookup).toMatchObject({ rcode: 'UNREACHABLE', errorCode: 'ECONNREFUSED' });
  });

  it('stops at once when the signal aborts', async () => {
    const server = await startUdpServer(() => undefined);
    const signal = AbortSignal.timeout(100);

    await expect(
      queryResolver('db.example', `127.0.0.1:${server.port}`, { tryTimeoutMs: 5000, signal }),
    ).rejects.toMatchObject({ name: 'TimeoutError' });
  });
});

describe('parseResolver', () => {
  it.each([
    ['10.0.0.2', { address: '10.0.0.2', port: 53, label: '10.0.0.2:53' }],
    ['127.0.0.1:5353', { address: '127.0.0.1', port: 5353, label: '127.0.0.1:5353' }],
    ['fd00:ec2::253', { address: 'fd00:ec2::253', port: 53, label: '[fd00:ec2::253]:53' }],
    ['[::1]:5353', { address: '::1', port: 5353, label: '[::1]:5353' }],
  ])('reads %s', (text, expected) => {
    expect(parseResolver(text)).toEqual(expected);
  });

  it.each(['dns.example', '10.0.0.2:0', '10.0.0.2:70000', '10.0.0.2:x', ''])(
    'rejects %j',
    (text) => {
      expect(() => parseResolver(text)).toThrow(/is not an address: give 'ip' or 'ip:port'/);
    },
  );
});
