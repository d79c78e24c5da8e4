import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';

import { DescribeVpcEndpointsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { afterEach, describe, expect, it } from 'vitest';

import type { Simulation } from '../../src/simulate/index.js';
import { listScenarios, startSimulation } from '../../src/simulate/index.js';
import { scenarioNames } from '../../src/simulate/load-scenario.js';
import { IDS } from '../helpers/evidence.js';

const running: Simulation[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((simulation) => simulation.stop()));
});

async function simulate(name: string) {
  const simulation = await startSimulation(name);
  running.push(simulation);

  return simulation;
}

type Attempt = { outcome: 'connected'; firstBytes: Buffer } | { outcome: 'refused' | 'timeout' };

// Connects and waits briefly for the server to speak first, as a MySQL server does.
function attempt(target: { host: string; port: number }, waitMs = 300): Promise<Attempt> {
  return new Promise((resolve) => {
    const socket = connect(target);
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ outcome: 'timeout' });
    }, waitMs);
    socket.once('data', (firstBytes: Buffer) => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ outcome: 'connected', firstBytes });
    });
    socket.once('error', () => {
      clearTimeout(timer);
      resolve({ outcome: 'refused' });
    });
  });
}

describe('a simulated account', () => {
  it('lists every scenario with its summary', async () => {
    const list = await listScenarios();

    expect(list.map((scenario) => scenario.name)).toEqual(scenarioNames());
    expect(list.find((scenario) => scenario.name === 'healthy')?.summary).toMatch(/in order/);
  });

  it('starts healthy quickly, on loopback only, with fake credentials', async () => {
    const started = performance.now();
    const simulation = await simulate('healthy');
    const elapsed = performance.now() - started;

    expect(elapsed).toBeLessThan(1_000);
    for (const [name, value] of Object.entries(simulation.env)) {
      if (
        name.startsWith('AWS_ENDPOINT_URL') ||
        name.endsWith('_ENDPOINT') ||
        name.endsWith('_URL')
      ) {
        expect(value).toMatch(/^http:\/\/127\.0\.0\.1:\d+/);
      }
    }
    expect(simulation.env.AWS_ACCESS_KEY_ID).toMatch(/SIMULATED/);
    expect(simulation.target).toMatchObject({
      host: IDS.host,
      port: 4000,
      region: 'us-west-2',
      serviceName: IDS.service,
      resolver: expect.stringMatching(/^127\.0\.0\.1:\d+$/),
    });
    expect(existsSync(simulation.target.caFile)).toBe(true);
    expect(simulation.dnsServer).toBe(simulation.target.resolver);
    expect(simulation.scenario.expected.exitCode).toBe(0);
  });

  it('serves EC2 at the address it gives, and counts the calls', async () => {
    const simulation = await simulate('healthy');
    const client = new EC2Client({
      endpoint: simulation.env.AWS_ENDPOINT_URL_EC2,
      region: simulation.target.region,
      credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
    });

    const output = await client.send(new DescribeVpcEndpointsCommand({}));
    client.destroy();

    expect(output.VpcEndpoints?.map((endpoint) => endpoint.VpcEndpointId)).toEqual([IDS.endpoint]);
    expect(simulation.ec2RequestCounts()).toEqual({ DescribeVpcEndpoints: 1 });
  });

  it('dials endpoint addresses to the TiDB greeting, all else to a refusal', async () => {
    const simulation = await simulate('healthy');

    const tidb = await attempt(simulation.dial(IDS.eniIpB, 4000));
    const otherPort = await attempt(simulation.dial(IDS.eniIpA, 3306));
    const unknown = await attempt(simulation.dial('192.0.2.1', 4000));

    expect(simulation.dial(IDS.eniIpA, 4000).host).toBe('127.0.0.1');
    expect(tidb.outcome).toBe('connected');
    expect(tidb.outcome === 'connected' && tidb.firstBytes.toString('latin1')).toContain('TiDB');
    expect(otherPort.outcome).toBe('refused');
    expect(unknown.outcome).toBe('refused');
  });

  it('plays a MariaDB greeting, a silent server and a filtered port', async () => {
    const [mariadb, silent, filtered] = await Promise.all([
      simulate('server-not-tidb'),
      simulate('server-silent'),
      simulate('tcp-filtered'),
    ]);

    const greeting = await attempt(mariadb.dial(IDS.eniIpA, 4000));
    const quiet = await attempt(silent.dial(IDS.eniIpA, 4000));
    const dropped = await attempt(filtered.dial(IDS.eniIpA, 4000));

    expect(greeting.outcome === 'connected' && greeting.firstBytes.toString('latin1')).toContain(
      'MariaDB',
    );
    expect(quiet.outcome).toBe('timeout');
    expect(dropped.outcome).toBe('timeout');
  });

  it('delays every EC2 answer when asked to, as the benchmark does', async () => {
    const simulation = await startSimulation('healthy', { awsDelayMs: 100 });
    running.push(simulation);
    const client = new EC2Client({
      endpoint: simulation.env.AWS_ENDPOINT_URL_EC2,
      region: simulation.target.region,
      credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
    });

    const started = performance.now();
    await client.send(new DescribeVpcEndpointsCommand({}));
    client.destroy();

    expect(performance.now() - started).toBeGreaterThanOrEqual(95);
  });

  it('gives the system resolver its own server when the scenario sets its answers', async () => {
    const simulation = await simulate('dns-custom-resolver');

    expect(simulation.dnsServer).not.toBe(simulation.target.resolver);
  });

  it('refuses an unknown scenario with the list of known ones', async () => {
    await expect(startSimulation('nope')).rejects.toThrow(
      /Unknown scenario 'nope': choose one of .*healthy/,
    );
  });
});

describe('stopping a simulated account', () => {
  const built = fileURLToPath(new URL('../../dist/src/simulate/index.js', import.meta.url));

  // A process that starts and stops a simulation must end by itself: nothing may stay open.
  it.runIf(existsSync(built))('leaves nothing open, even with a filtered port', async () => {
    const script = `
      const { startSimulation } = await import(${JSON.stringify(built)});
      for (const name of ['healthy', 'tcp-filtered', 'dns-custom-resolver']) {
        const simulation = await startSimulation(name);
        await simulation.stop();
      }
    `;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: 'pipe' });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);

    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    clearTimeout(timer);

    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});
