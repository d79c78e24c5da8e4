// A DNS server on 127.0.0.1 that answers A queries over UDP and TCP on the same port. A reply
// can be NXDOMAIN or SERVFAIL, can be left out (the client times out), or can be truncated over
// UDP so that the client must ask again over TCP, where the whole answer comes.

import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';

import dnsPacket from 'dns-packet';

import type { Socket as UdpSocket } from 'node:dgram';
import type { AddressInfo, Server, Socket } from 'node:net';
import type { DnsOutcome } from './dns-answers.js';

/** Decides the reply to an A query for a name. */
export type Answerer = (name: string) => DnsOutcome;

/** A running DNS server. */
export interface DnsServer {
  /** `127.0.0.1:<port>` */
  address: string;
  port: number;
  close(): Promise<void>;
}

const RCODES = { NOERROR: 0, SERVFAIL: 2, NXDOMAIN: 3 } as const;
// Two sockets cannot always get the same port on the first try: another process may hold the
// TCP port the OS gave the UDP socket.
const BIND_ATTEMPTS = 5;

/** Starts the server; UDP and TCP share one OS-chosen port. */
export async function startDnsServer(answer: Answerer): Promise<DnsServer> {
  for (let attempt = 1; ; attempt += 1) {
    const udp = await bindUdp(answer);
    const port = (udp.address() as AddressInfo).port;
    const connections = new Set<Socket>();
    try {
      const tcp = await listenTcp(answer, port, connections);

      return {
        address: `127.0.0.1:${port}`,
        port,
        close: () => closeBoth(udp, tcp, connections),
      };
    } catch (error) {
      udp.close();
      if (attempt >= BIND_ATTEMPTS) throw error;
    }
  }
}

function bindUdp(answer: Answerer): Promise<UdpSocket> {
  const socket = createSocket('udp4');
  socket.on('message', (message, peer) => {
    const reply = replyTo(message, answer, 'udp');
    // A client that gave up before the reply is not the server's problem.
    if (reply) socket.send(reply, peer.port, peer.address, () => undefined);
  });

  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => resolve(socket));
  });
}

function listenTcp(answer: Answerer, port: number, connections: Set<Socket>): Promise<Server> {
  const server = createServer((socket) => {
    connections.add(socket);
    socket.on('close', () => connections.delete(socket));
    socket.on('error', () => socket.destroy());
    let pending = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      // Each message is preceded by its length in two bytes (RFC 1035, section 4.2.2).
      while (pending.length >= 2 && pending.length >= 2 + pending.readUInt16BE(0)) {
        const message = pending.subarray(2, 2 + pending.readUInt16BE(0));
        pending = pending.subarray(2 + message.length);
        const reply = replyTo(message, answer, 'tcp');
        if (reply) socket.write(Buffer.concat([lengthPrefix(reply.length), reply]));
      }
    });
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

// Undefined means no reply at all, as from a resolver that is switched off.
function replyTo(message: Buffer, answer: Answerer, transport: 'udp' | 'tcp'): Buffer | undefined {
  let query: dnsPacket.Packet;
  try {
    query = dnsPacket.decode(message);
  } catch {
    return undefined;
  }

  const question = query.questions?.[0];
  if (!question) return undefined;

  const outcome = answer(question.name);
  if (outcome.rcode === 'TIMEOUT') return undefined;

  const truncated = outcome.truncate && transport === 'udp';
  const answers =
    question.type === 'A' && !truncated
      ? outcome.addresses.map((data) => ({
          type: 'A' as const,
          name: question.name,
          ttl: outcome.ttl,
          data,
        }))
      : [];
  const flags =
    dnsPacket.RECURSION_DESIRED |
    dnsPacket.RECURSION_AVAILABLE |
    (truncated ? dnsPacket.TRUNCATED_RESPONSE : 0) |
    RCODES[outcome.rcode];

  return dnsPacket.encode({
    id: query.id ?? 0,
    type: 'response',
    flags,
    questions: [question],
    answers,
  });
}

function lengthPrefix(length: number): Buffer {
  const prefix = Buffer.alloc(2);
  prefix.writeUInt16BE(length);

  return prefix;
}

function closeBoth(udp: UdpSocket, tcp: Server, connections: Set<Socket>): Promise<void> {
  for (const socket of connections) socket.destroy();

  return Promise.all([
    new Promise<void>((resolve) => udp.close(() => resolve())),
    new Promise<void>((resolve) => tcp.close(() => resolve())),
  ]).then(() => undefined);
}
