import { execFileSync } from 'node:child_process';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { FakeServer } from './fake-servers.js';
import { runProbes } from '../../src/probe/index.js';
import { probeTcp } from '../../src/probe/tcp.js';
import { startSilentServer } from './fake-servers.js';

// A filtered port cannot be made on loopback: this test makes a network namespace joined to the
// host by a veth pair, with iptables rules inside it, and sends traffic only to the namespace's
// own address. Making namespaces needs root; without it the test is skipped, saying so.
const isRoot = process.getuid?.() === 0;
const PORTS = { dropped: 4001, reset: 4002, portUnreachable: 4003, hostUnreachable: 4004 };

const id = process.pid;
const namespace = `tidbpe-test-${id}`;
const hostLink = `tpe${id % 100000}h`;
const namespaceLink = `tpe${id % 100000}n`;
// A /30 in 10.253.0.0/16 picked from the pid, so that parallel runs do not collide.
const base = `10.253.${(id >> 6) % 256}`;
const offset = (id % 64) * 4;
const hostAddress = `${base}.${offset + 1}`;
const namespaceAddress = `${base}.${offset + 2}`;

function run(command: string, args: string[]): string {
  return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function inNamespace(command: string, args: string[]): void {
  run('ip', ['netns', 'exec', namespace, command, ...args]);
}

function tearDown(): void {
  // Deleting the namespace removes its end of the pair, and with it the host's end.
  for (const args of [
    ['netns', 'del', namespace],
    ['link', 'del', hostLink],
  ]) {
    try {
      run('ip', args);
    } catch {
      // Already gone, or never made.
    }
  }
}

describe.skipIf(!isRoot)(
  'TCP through a filtered network namespace (needs root; skipped otherwise)',
  () => {
    // Listens on loopback on a port that the namespace drops: a host with one address that drops
    // the connection and one that takes it.
    let loopback: FakeServer;

    beforeAll(async () => {
      loopback = await startSilentServer();
      if (run('ip', ['-4', 'addr']).includes(`${base}.`)) {
        throw new Error(
          `Addresses in '${base}.0/24' are already in use: cannot pick a test network`,
        );
      }

      try {
        run('ip', ['netns', 'add', namespace]);
        run('ip', ['link', 'add', hostLink, 'type', 'veth', 'peer', 'name', namespaceLink]);
        run('ip', ['link', 'set', namespaceLink, 'netns', namespace]);
        run('ip', ['addr', 'add', `${hostAddress}/30`, 'dev', hostLink]);
        run('ip', ['link', 'set', hostLink, 'up']);
        inNamespace('ip', ['addr', 'add', `${namespaceAddress}/30`, 'dev', namespaceLink]);
        inNamespace('ip', ['link', 'set', namespaceLink, 'up']);
        inNamespace('ip', ['link', 'set', 'lo', 'up']);

        const rule = (port: number, ...target: string[]) =>
          inNamespace('iptables', [
            '-A',
            'INPUT',
            '-p',
            'tcp',
            '--dport',
            String(port),
            '-j',
            ...target,
          ]);
        rule(PORTS.dropped, 'DROP');
        rule(PORTS.reset, 'REJECT', '--reject-with', 'tcp-reset');
        rule(PORTS.portUnreachable, 'REJECT', '--reject-with', 'icmp-port-unreachable');
        rule(PORTS.hostUnreachable, 'REJECT', '--reject-with', 'icmp-host-unreachable');
        rule(loopback.port, 'DROP');
      } catch (error) {
        tearDown();
        throw error;
      }
    });
    afterAll(async () => {
      tearDown();
      await loopback.close();
    });

    it('reports a timeout for a dropped SYN, within its limit', async () => {
      const { result } = await probeTcp({
        host: namespaceAddress,
        port: PORTS.dropped,
        timeoutMs: 700,
      });

      expect(result.outcome).toBe('timeout');
      expect(result.durationMs).toBeGreaterThanOrEqual(690);
      expect(result.durationMs).toBeLessThan(1200);
    });

    it('connects to the resolved addresses, naming those that took no connection', async () => {
      // 'localhost' is only 127.0.0.1: the namespace's address comes from the answers given.
      const { result, socket } = await probeTcp({
        host: 'localhost',
        port: loopback.port,
        addresses: [namespaceAddress, '127.0.0.1'],
        timeoutMs: 3000,
      });
      socket?.destroy();

      expect(result).toMatchObject({
        outcome: 'connected',
        address: '127.0.0.1',
        failedAddresses: [namespaceAddress],
      });
    });

    it('reports refused for a REJECT with a TCP reset', async () => {
      const { result } = await probeTcp({
        host: namespaceAddress,
        port: PORTS.reset,
        timeoutMs: 2000,
      });

      expect(result).toMatchObject({ outcome: 'refused', errorCode: 'ECONNREFUSED' });
      expect(result.durationMs).toBeLessThan(500);
    });

    it('reports refused for a REJECT with ICMP port unreachable', async () => {
      const { result } = await probeTcp({
        host: namespaceAddress,
        port: PORTS.portUnreachable,
        timeoutMs: 2000,
      });

      expect(result).toMatchObject({ outcome: 'refused', errorCode: 'ECONNREFUSED' });
    });

    it('reports unreachable for a REJECT with ICMP host unreachable', async () => {
      const { result } = await probeTcp({
        host: namespaceAddress,
        port: PORTS.hostUnreachable,
        timeoutMs: 2000,
      });

      expect(result).toMatchObject({ outcome: 'unreachable', errorCode: 'EHOSTUNREACH' });
    });

    it('skips the greeting after a timeout, within the run', async () => {
      const started = Date.now();
      const probes = await runProbes({
        host: namespaceAddress,
        port: PORTS.dropped,
        tls: 'preferred',
        resolvers: [],
        endpointDnsNames: [],
        deadline: Date.now() + 5000,
        timeouts: { tcp: 500 },
      });

      expect(Date.now() - started).toBeLessThan(1500);
      expect(probes.tcp).toMatchObject({ status: 'ok', value: { outcome: 'timeout' } });
      expect(probes.mysql).toMatchObject({
        status: 'skipped',
        reason: `no TCP connection to ${namespaceAddress}:${PORTS.dropped}`,
      });
    });

    it('reports DeadlineExceeded when the run ends before the connect does', async () => {
      const probes = await runProbes({
        host: namespaceAddress,
        port: PORTS.dropped,
        tls: 'preferred',
        resolvers: [],
        endpointDnsNames: [],
        deadline: Date.now() + 400,
      });

      expect(probes.tcp).toMatchObject({ status: 'error', error: { code: 'DeadlineExceeded' } });
    });
  },
);
