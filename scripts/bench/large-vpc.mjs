// A VPC far busier than most: 500 interface endpoints (1,000 endpoint network interfaces) and
// 5,000 security-group rules on the paths the doctor judges, served by the simulated EC2 API on
// 127.0.0.1, first as it is and then with throttling injected. The rules are then timed
// in-process over the facts the doctor collected.
import { performance } from 'node:perf_hooks';

import { peakMemory, summarise } from './measure.mjs';

const { loadScenario } = await import('../../dist/src/simulate/load-scenario.js');
const { FaultInjector } = await import('../../dist/src/simulate/faults.js');
const { startEc2Server } = await import('../../dist/src/simulate/ec2-server.js');
const { startRoute53Server } = await import('../../dist/src/simulate/route53-server.js');
const { startImdsServer } = await import('../../dist/src/simulate/imds-server.js');
const { evaluateRules } = await import('../../dist/src/engine/evaluate.js');
const { loadRules } = await import('../../dist/src/engine/load-rules.js');

const RUNS = 5;
const ENDPOINTS = 500;
const GROUPS_PER_SIDE = 10;
const RULES_PER_GROUP = 250;
// Several calls are refused a few times each, as a busy account's API would; the SDK backs off.
const THROTTLE = {
  'ec2:DescribeVpcEndpoints': 3,
  'ec2:DescribeSecurityGroups': 3,
  'ec2:DescribeNetworkInterfaces': 2,
  'ec2:DescribeSubnets': 2,
  'ec2:DescribeNetworkAcls': 2,
  'route53:ListHostedZonesByVPC': 2,
};

/** Times the doctor on the large VPC, with and without throttling, and the rules on its facts. */
export async function measureLargeVpc() {
  const scenario = largeVpc(loadScenario('healthy'));
  const plain = [];
  const throttled = [];
  for (let i = 0; i < RUNS; i += 1) {
    plain.push(await runDoctor(scenario, {}));
    throttled.push(await runDoctor(scenario, THROTTLE));
  }
  const rules = await loadRules();
  const { report } = throttled[0];
  const evaluate = () =>
    evaluateRules(rules, report.facts, report.probes, report.target, report.lang);

  const first = timed(evaluate);
  for (let i = 0; i < 5; i += 1) evaluate();
  const samples = Array.from({ length: 20 }, () => timed(evaluate));

  return {
    endpoints: report.facts.vpcEndpointsInVpc?.value?.length,
    securityGroupRules: countRules(report.facts.securityGroups?.value ?? []),
    doctorMs: summarise(plain.map((result) => result.ms)),
    doctorPeakMb: Math.max(...plain.map((result) => result.mb)),
    throttledDoctorMs: summarise(throttled.map((result) => result.ms)),
    throttledRequests: throttled[0].requests,
    rulesFirstMs: first,
    rulesMs: summarise(samples),
  };
}

async function runDoctor(scenario, throttle) {
  const faults = new FaultInjector({ ...scenario.faults, throttle }, scenario.accountId);
  const servers = await Promise.all([
    startEc2Server(scenario, faults),
    startRoute53Server(scenario, faults),
    startImdsServer(scenario),
  ]);
  const [ec2, route53, imds] = servers;
  try {
    const env = {
      ...process.env,
      AWS_ENDPOINT_URL: ec2.url,
      AWS_ENDPOINT_URL_EC2: ec2.url,
      AWS_ENDPOINT_URL_ROUTE_53: route53.url,
      AWS_ENDPOINT_URL_ROUTE53RESOLVER: route53.url,
      AWS_EC2_METADATA_SERVICE_ENDPOINT: imds.url,
      AWS_EC2_METADATA_DISABLED: 'false',
      AWS_ACCESS_KEY_ID: 'SIMULATEDACCESSKEY',
      AWS_SECRET_ACCESS_KEY: 'simulated-secret-key-not-a-real-one',
      AWS_REGION: scenario.region,
    };
    const args = [
      ...['doctor', '--no-live', '--format', 'json'],
      ...['--service-name', scenario.target.serviceName, '--host', scenario.target.host],
    ];
    const { mb, result } = await peakMemory(args, env);
    if (result.code !== 0) throw new Error(`doctor exited ${result.code}: ${result.stderr}`);
    const requests = Object.values(ec2.requestCounts()).reduce((sum, count) => sum + count, 0);

    return { ms: result.ms, mb, report: JSON.parse(result.stdout), requests };
  } finally {
    await Promise.all(servers.map((server) => server.close()));
  }
}

/** The healthy account with 499 more endpoints and 5,000 rules in its security groups. */
function largeVpc(healthy) {
  const scenario = JSON.parse(JSON.stringify(healthy));
  const endpoint = Object.values(scenario.vpcEndpoints)[0];
  const instance = scenario.instances[scenario.clientInstanceId];

  for (let i = 1; i < ENDPOINTS; i += 1) addEndpoint(scenario, endpoint, i);
  endpoint.securityGroupIds = padGroups(scenario, endpoint.securityGroupIds[0], 'ingress');
  for (const eni of endpoint.networkInterfaceIds) {
    scenario.networkInterfaces[eni].securityGroupIds = endpoint.securityGroupIds;
  }
  instance.securityGroupIds = padGroups(scenario, instance.securityGroupIds[0], 'egress');

  return scenario;
}

function addEndpoint(scenario, model, i) {
  const id = `vpce-${hex(i, 17)}`;
  const enis = model.subnetIds.map((subnetId, zone) => {
    const eni = `eni-${hex(i * 2 + zone, 17)}`;
    scenario.networkInterfaces[eni] = {
      subnetId,
      privateIp: `10.0.${zone + 1}.${100 + (i % 150)}`,
      securityGroupIds: model.securityGroupIds,
      status: 'in-use',
      interfaceType: 'vpc_endpoint',
      description: `VPC Endpoint Interface ${id}`,
    };

    return eni;
  });
  scenario.vpcEndpoints[id] = {
    ...model,
    serviceName: `com.amazonaws.vpce.${scenario.region}.vpce-svc-${hex(i, 17)}`,
    networkInterfaceIds: enis,
    privateDnsEnabled: false,
    dnsSuffix: hex(i, 8),
  };
}

// The group that carries the real rule goes last, behind nine full groups, and its own real rule
// behind 249 others, so that matching has to look at every rule.
function padGroups(scenario, realGroupId, direction) {
  const real = scenario.securityGroups[realGroupId];
  const groups = [];
  for (let g = 1; g < GROUPS_PER_SIDE; g += 1) {
    const id = `sg-${hex(g + (direction === 'ingress' ? 0 : 100), 17)}`;
    scenario.securityGroups[id] = {
      name: `busy-${direction}-${g}`,
      vpcId: real.vpcId,
      ingress: direction === 'ingress' ? unrelatedRules(g, RULES_PER_GROUP) : [],
      egress: direction === 'egress' ? unrelatedRules(g, RULES_PER_GROUP) : [],
    };
    groups.push(id);
  }
  real[direction] = [
    ...unrelatedRules(0, RULES_PER_GROUP - real[direction].length),
    ...real[direction],
  ];

  return [...groups, realGroupId];
}

// Ports and addresses that never match the client or the cluster.
function unrelatedRules(seed, count) {
  return Array.from({ length: count }, (_, i) => ({
    protocol: 'tcp',
    fromPort: 5000 + i,
    toPort: 5000 + i,
    cidrs: [`192.168.${seed}.${i % 250}/32`],
  }));
}

function countRules(groups) {
  return groups.reduce((sum, group) => sum + group.ingress.length + group.egress.length, 0);
}

function timed(work) {
  const started = performance.now();
  work();

  return performance.now() - started;
}

function hex(n, width) {
  return n.toString(16).padStart(width, '0');
}
