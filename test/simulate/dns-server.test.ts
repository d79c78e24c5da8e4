import { createSocket } from 'node:dgram';
import { connect } from 'node:net';

import dnsPacket from 'dns-packet';
import { afterEach, describe, expect, it } from 'vitest';

import type { DnsOutcome } from '../../src/simulate/dns-answers.js';
import type { DnsServer } from '../../src/simulate/dns-server.js';
import { startDnsServer } from '../../src/simulate/dns-server.js';

const servers: DnsServer[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

const ANSWERS: Record<string, DnsOutcome> = {
  'db.test': { rcode: 'NOERROR', addresses: ['10.0.1.25', '10.0.2.25'], ttl: 60, truncate: false },
  'big.test': { rcode: 'NOERROR', addresses: ['10.0.1.25', '10.0.2.25'], ttl: 30, truncate: true },
  'gone.test': { rcode: 'NXDOMAIN', addresses: [], ttl: 60, truncate: false },
  'broken.test': { rcode: 'SERVFAIL', addresses: [], ttl: 60, truncate: false },
  'silent.test': { rcode: 'TIMEOUT' },
};

async function dnsServer() {
  const server = await startDnsServer(
    (name) => ANSWERS[name] ?? { rcode: 'NXDOMAIN', addresses: [], ttl: 60, truncate: false },
  );
  servers.push(server);

  return server;
}

function query(name: string, id = 4242): Buffer {
  return dnsPacket.encode({
    type: 'query',
    id,
    flags: dnsPacket.RECURSION_DESIRED,
    questions: [{ type: 'A', name }],
  });
}

function askUdp(port: number, name: string, waitMs = 500): Promise<dnsPacket.Packet | undefined> {
  const socket = createSocket('udp4');

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.close();
      resolve(undefined);
    }, waitMs);
    socket.once('error', reject);
    socket.once('message', (message) => {
      clearTimeout(timer);
      socket.close();
      resolve(dnsPacket.decode(message));
    });
    socket.send(query(name), port, '127.0.0.1');
  });
}

function askTcp(port: number, name: string): Promise<dnsPacket.Packet> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: '127.0.0.1' });
    let received = Buffer.alloc(0);
    socket.once('error', reject);
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (received.length >= 2 && received.length >= 2 + received.readUInt16BE(0)) {
        socket.destroy();
        resolve(dnsPacket.streamDecode(received));
      }
    });
    socket.write(dnsPacket.streamEncode(dnsPacket.decode(query(name))));
  });
}

describe('the simulated DNS server', () => {
  it('answers A queries over UDP with the addresses and their TTL', async () => {
    const server = await dnsServer();

    const reply = await askUdp(server.port, 'db.test');

    expect(reply).toMatchObject({ id: 4242, type: 'response', rcode: 'NOERROR', flag_tc: false });
    expect(reply?.answers).toEqual([
      expect.objectContaining({ type: 'A', name: 'db.test', ttl: 60, data: '10.0.1.25' }),
      expect.objectContaining({ type: 'A', name: 'db.test', ttl: 60, data: '10.0.2.25' }),
    ]);
  });

  it('answers NXDOMAIN and SERVFAIL with their rcodes', async () => {
    const server = await dnsServer();

    expect(await askUdp(server.port, 'gone.test')).toMatchObject({
      rcode: 'NXDOMAIN',
      answers: [],
    });
    expect(await askUdp(server.port, 'broken.test')).toMatchObject({
      rcode: 'SERVFAIL',
      answers: [],
    });
  });

  it('leaves a query unanswered when the answer is a timeout', async () => {
    const server = await dnsServer();

    expect(await askUdp(server.port, 'silent.test', 300)).toBeUndefined();
  });

  it('truncates over UDP and gives the whole answer over TCP on the same port', async () => {
    const server = await dnsServer();

    const overUdp = await askUdp(server.port, 'big.test');
    const overTcp = await askTcp(server.port, 'big.test');

    expect(overUdp).toMatchObject({ flag_tc: true, answers: [] });
    expect(overTcp).toMatchObject({ flag_tc: false, rcode: 'NOERROR' });
    expect(overTcp.answers?.map((answer) => ('data' in answer ? answer.data : undefined))).toEqual([
      '10.0.1.25',
      '10.0.2.25',
    ]);
    expect(server.address).toBe(`127.0.0.1:${server.port}`);
  });
});
