// The doctor against an EC2 API that takes 100 ms to answer each call, beside the same Describe
// calls made one after another with the AWS CLI against the same loopback server. Only
// 127.0.0.1 is ever contacted: the simulated account's servers bind there.
import { join } from 'node:path';

import { ROOT, run, summarise } from './measure.mjs';

const { startSimulation } = await import('../../dist/src/simulate/index.js');
const { loadScenario } = await import('../../dist/src/simulate/load-scenario.js');

const DELAY_MS = 100;
const RUNS = 9;

/**
 * Returns the doctor's wall time and report duration with and without the delay, the round trips
 * the delay cost it, and the AWS CLI's wall time for the guide's Describe calls.
 */
export async function measureAwsLatency() {
  const quick = await timeDoctor(0);
  const slow = await timeDoctor(DELAY_MS);
  const cli = await timeAwsCli(DELAY_MS);

  return {
    delayMs: DELAY_MS,
    doctorWallMs: slow.wall.median,
    doctorReportMs: slow.report.median,
    doctorReportMsWithoutDelay: quick.report.median,
    roundTrips: (slow.report.median - quick.report.median) / DELAY_MS,
    ec2Requests: slow.requests,
    warnings: [...quick.warnings, ...slow.warnings],
    awsCliCalls: cli.calls,
    awsCliWallMs: cli.wall.median,
    speedup: cli.wall.median / slow.wall.median,
  };
}

async function timeDoctor(delayMs) {
  const simulation = await startSimulation('healthy', { awsDelayMs: delayMs });
  try {
    const { target, env } = simulation;
    const args = [
      ...[join(ROOT, 'bin', 'tidb-pe'), 'doctor', '--no-live', '--format', 'json'],
      ...['--region', target.region, '--service-name', target.serviceName, '--host', target.host],
    ];
    const doctorEnv = { ...process.env, ...env, AWS_ENDPOINT_URL: env.AWS_ENDPOINT_URL_EC2 };
    const walls = [];
    const reports = [];
    const warnings = [];
    await run(process.execPath, args, { env: doctorEnv });
    const before = total(simulation.ec2RequestCounts());
    for (let i = 0; i < RUNS; i += 1) {
      const result = await run(process.execPath, args, { env: doctorEnv });
      const report = JSON.parse(result.stdout);
      if (result.code !== 0) warnings.push(explain(report, result.code));
      walls.push(result.ms);
      reports.push(report.durationMs);
    }

    return {
      wall: summarise(walls),
      report: summarise(reports),
      requests: (total(simulation.ec2RequestCounts()) - before) / RUNS,
      warnings,
    };
  } finally {
    await simulation.stop();
  }
}

// What a person following the guide would look at, one AWS CLI call at a time.
function guideCalls(scenario) {
  const [endpointId, endpoint] = Object.entries(scenario.vpcEndpoints)[0];
  const vpcId = endpoint.vpcId;
  const instanceId = scenario.clientInstanceId;
  const instance = scenario.instances[instanceId];
  const vpc = scenario.vpcs[vpcId];

  return [
    ['describe-vpc-endpoints', '--vpc-endpoint-ids', endpointId],
    ['describe-vpc-endpoint-services', '--service-names', endpoint.serviceName],
    ['describe-vpcs', '--vpc-ids', vpcId],
    ['describe-vpc-attribute', '--vpc-id', vpcId, '--attribute', 'enableDnsSupport'],
    ['describe-vpc-attribute', '--vpc-id', vpcId, '--attribute', 'enableDnsHostnames'],
    ['describe-subnets', '--subnet-ids', ...endpoint.subnetIds],
    ['describe-security-groups', '--group-ids', ...endpoint.securityGroupIds],
    ['describe-network-interfaces', '--network-interface-ids', ...endpoint.networkInterfaceIds],
    ['describe-network-acls', '--filters', `Name=vpc-id,Values=${vpcId}`],
    ['describe-dhcp-options', '--dhcp-options-ids', vpc.dhcpOptionsId],
    ['describe-instances', '--instance-ids', instanceId],
    ['describe-security-groups', '--group-ids', ...instance.securityGroupIds],
  ];
}

async function timeAwsCli(delayMs) {
  const scenario = loadScenario('healthy');
  const calls = guideCalls(scenario);
  const simulation = await startSimulation('healthy', { awsDelayMs: delayMs });
  try {
    const { env } = simulation;
    const cliEnv = {
      ...process.env,
      AWS_ACCESS_KEY_ID: env.AWS_ACCESS_KEY_ID,
      AWS_SECRET_ACCESS_KEY: env.AWS_SECRET_ACCESS_KEY,
      AWS_DEFAULT_REGION: scenario.region,
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_CONFIG_FILE: '/dev/null',
      AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
      AWS_PAGER: '',
    };
    const walls = [];
    for (let i = 0; i < 3; i += 1) {
      let wall = 0;
      for (const call of calls) {
        const args = [
          'ec2',
          ...call,
          '--endpoint-url',
          env.AWS_ENDPOINT_URL_EC2,
          '--output',
          'json',
        ];
        const result = await run('aws', args, { env: cliEnv });
        if (result.code !== 0)
          throw new Error(`aws ${call[0]} exited ${result.code}: ${result.stderr}`);
        wall += result.ms;
      }
      walls.push(wall);
    }

    return { calls: calls.length, wall: summarise(walls) };
  } finally {
    await simulation.stop();
  }
}

// A run that is not OK is still timed, but the table says why it was not.
function explain(report, code) {
  const undecided = report.results.filter(
    (result) => !['pass', 'info', 'skip'].includes(result.status),
  );

  return `exit ${code}: ${undecided.map((result) => `${result.id}: ${result.message}`).join('; ')}`;
}

function total(counts) {
  return Object.values(counts).reduce((sum, count) => sum + count, 0);
}
