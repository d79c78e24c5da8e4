// Prints a loopback port that is free for TCP and, with --udp, for UDP as well, so that a DNS
// server can answer both on it. The port is only probed, then released for the caller to bind.
import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';

const withUdp = process.argv.includes('--udp');

function freeTcpPort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function isUdpFree(port) {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    socket.once('error', () => resolve(false));
    socket.bind(port, '127.0.0.1', () => socket.close(() => resolve(true)));
  });
}

for (let attempt = 0; attempt < 20; attempt += 1) {
  const port = await freeTcpPort();
  if (!withUdp || (await isUdpFree(port))) {
    process.stdout.write(`${port}\n`);
    process.exit(0);
  }
}

process.stderr.write('No free loopback port found for TCP and UDP after 20 tries\n');
process.exit(1);
