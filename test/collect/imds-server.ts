// A stand-in for EC2 instance metadata (IMDSv2) on loopback, and a port that accepts connections
// but never answers, as the link-local address seems to off EC2.

import http from 'node:http';
import net from 'node:net';

import type { AddressInfo } from 'node:net';

/** A running metadata server. */
export interface ImdsServer {
  url: string;
  /** Every request as `METHOD path`, in arrival order. */
  requests: string[];
  close(): Promise<void>;
}

const TOKEN = 'AQAEAFakeTokenForTests==';

/** The metadata of the healthy account's client instance, by path under `/latest/meta-data/`. */
export const HEALTHY_METADATA: Record<string, string> = {
  'instance-id': 'i-0123456789abcdef0',
  'placement/region': 'us-west-2',
  'placement/availability-zone': 'us-west-2a',
  'placement/availability-zone-id': 'usw2-az1',
  mac: '02:dd:2c:5e:01:69',
  'local-ipv4': '10.0.1.12',
  'network/interfaces/macs/02:dd:2c:5e:01:69/vpc-id': 'vpc-0123456789abcdef0',
  'network/interfaces/macs/02:dd:2c:5e:01:69/subnet-id': 'subnet-0aaaaaaaaaaaaaaa1',
  'network/interfaces/macs/02:dd:2c:5e:01:69/security-group-ids': 'sg-0fffffffffffffff6',
  'network/interfaces/macs/02:dd:2c:5e:01:69/vpc-ipv4-cidr-blocks': '10.0.0.0/16',
};

/** Serves `metadata` behind an IMDSv2 token; `tokenStatus` other than 200 refuses the token. */
export async function startImdsServer(
  metadata: Record<string, string> = HEALTHY_METADATA,
  tokenStatus = 200,
): Promise<ImdsServer> {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    const path = req.url ?? '';
    requests.push(`${req.method} ${path}`);
    if (req.method === 'PUT' && path === '/latest/api/token') {
      const ttl = req.headers['x-aws-ec2-metadata-token-ttl-seconds'];
      res.writeHead(ttl ? tokenStatus : 400, { 'content-type': 'text/plain' });
      res.end(tokenStatus === 200 && ttl ? TOKEN : '');

      return;
    }

    const value = metadata[path.replace(/^\/latest\/meta-data\//, '')];
    const authorised = req.headers['x-aws-ec2-metadata-token'] === TOKEN;
    const status = !authorised ? 401 : value === undefined ? 404 : 200;
    res.writeHead(status, { 'content-type': 'text/plain' });
    res.end(status === 200 ? value : '');
  });

  return listen(server, (url) => ({ url, requests }));
}

/** A TCP port that accepts connections and never says a word. */
export async function startSilentServer(): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const started = await listen(server, (url) => ({ url }));

  return {
    url: started.url,
    close: () => {
      for (const socket of sockets) socket.destroy();

      return started.close();
    },
  };
}

async function listen<T>(
  server: net.Server,
  describe: (url: string) => T,
): Promise<T & { close(): Promise<void> }> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const close = () =>
    new Promise<void>((resolve) => {
      if (server instanceof http.Server) server.closeAllConnections();
      server.close(() => resolve());
    });

  return { ...describe(`http://127.0.0.1:${port}`), close };
}
