// What a merged scenario must look like, and which of its ids must point at something. A scenario
// that fails here is refused at load time with every problem listed.

import { isIP } from 'node:net';

import type { Check } from './shape.js';
import type { Scenario } from './scenario.js';
import { SERVER_BEHAVIOURS } from './scenario.js';
import { anyOf, flag, integer, listOf, mapOf, numberIn, objectOf, oneOf, text } from './shape.js';

const texts = listOf(text);
const MAX_GREETING_DELAY_MS = 3000;
const STATUSES = ['pass', 'info', 'warn', 'fail', 'skip', 'unknown'];

const sgRule = objectOf({
  protocol: text,
  'fromPort?': integer,
  'toPort?': integer,
  'cidrs?': texts,
  'groups?': texts,
  'prefixLists?': texts,
  'description?': text,
});

const naclEntry = objectOf({
  ruleNumber: integer,
  egress: flag,
  protocol: text,
  action: oneOf(['allow', 'deny']),
  cidrBlock: text,
  'portRange?': objectOf({ from: integer, to: integer }),
});

const dnsAnswer = anyOf(
  "a list of addresses, 'NXDOMAIN', 'SERVFAIL', 'TIMEOUT' or { answers, ttl?, truncate? }",
  texts,
  oneOf(['NXDOMAIN', 'SERVFAIL', 'TIMEOUT']),
  objectOf({ answers: texts, 'ttl?': integer, 'truncate?': flag }),
);

const SCENARIO: Check = objectOf({
  name: text,
  summary: text,
  target: objectOf({
    host: text,
    'port?': integer,
    'serviceName?': text,
    'vpcEndpointId?': text,
    'tidbClusterId?': text,
    'user?': text,
    'password?': text,
  }),
  region: text,
  accountId: text,
  clientInstanceId: text,
  vpcs: mapOf(
    objectOf({
      cidrBlocks: texts,
      enableDnsSupport: flag,
      enableDnsHostnames: flag,
      dhcpOptionsId: text,
      'isDefault?': flag,
      'name?': text,
    }),
  ),
  dhcpOptions: mapOf(objectOf({ domainNameServers: texts, 'domainName?': text })),
  subnets: mapOf(
    objectOf({
      vpcId: text,
      cidrBlock: text,
      availabilityZone: text,
      availabilityZoneId: text,
      'name?': text,
    }),
  ),
  securityGroups: mapOf(
    objectOf({
      name: text,
      vpcId: text,
      'description?': text,
      ingress: listOf(sgRule),
      egress: listOf(sgRule),
    }),
  ),
  networkAcls: mapOf(
    objectOf({ vpcId: text, isDefault: flag, subnetIds: texts, entries: listOf(naclEntry) }),
  ),
  prefixLists: mapOf(objectOf({ cidrs: texts })),
  instances: mapOf(
    objectOf({
      subnetId: text,
      privateIp: text,
      mac: text,
      securityGroupIds: texts,
      'state?': text,
    }),
  ),
  networkInterfaces: mapOf(
    objectOf({
      subnetId: text,
      privateIp: text,
      securityGroupIds: texts,
      status: text,
      'interfaceType?': text,
      'description?': text,
    }),
  ),
  vpcEndpoints: mapOf(
    objectOf({
      type: text,
      vpcId: text,
      serviceName: text,
      state: text,
      subnetIds: texts,
      securityGroupIds: texts,
      networkInterfaceIds: texts,
      'routeTableIds?': texts,
      privateDnsEnabled: flag,
      'dnsSuffix?': text,
      'serviceRegion?': text,
      'failureReason?': text,
      'lastError?': objectOf({ code: text, message: text }),
      'creationTimestamp?': text,
    }),
  ),
  endpointServices: mapOf(
    objectOf({
      serviceId: text,
      region: text,
      availabilityZones: texts,
      availabilityZoneIds: texts,
      'privateDnsName?': text,
      'privateDnsNameVerificationState?': text,
      acceptanceRequired: flag,
      owner: text,
    }),
  ),
  hostedZones: mapOf(
    objectOf({
      name: text,
      vpcIds: texts,
      'owningService?': text,
      'records?': mapOf(texts),
    }),
  ),
  resolverRules: mapOf(
    objectOf({
      name: text,
      domainName: text,
      ruleType: oneOf(['FORWARD', 'SYSTEM', 'RECURSIVE']),
      targetIps: texts,
      vpcIds: texts,
    }),
  ),
  tidbCloud: objectOf({
    clusterId: text,
    nodeGroupId: text,
    displayName: text,
    publicKey: text,
    privateKey: text,
    'privateLinkService?': objectOf({
      serviceName: text,
      serviceDnsName: text,
      availableZones: texts,
      state: text,
    }),
    connections: mapOf(objectOf({ state: text, 'message?': text })),
  }),
  dns: objectOf({ ttl: integer, records: mapOf(dnsAnswer), system: mapOf(dnsAnswer) }),
  server: objectOf({
    port: integer,
    behaviour: oneOf(SERVER_BEHAVIOURS),
    tls: oneOf(['valid', 'expired', 'none']),
    addresses: mapOf(oneOf(SERVER_BEHAVIOURS)),
    'users?': mapOf(text),
    'greetingDelayMs?': integer,
  }),
  faults: objectOf({ deny: texts, throttle: mapOf(integer), delayMs: integer }),
  expected: objectOf({ exitCode: numberIn([0, 1, 2, 3]), statuses: mapOf(oneOf(STATUSES)) }),
});

/** Every problem with a merged scenario: its shape first, then ids that point at nothing. */
export function checkScenario(value: unknown): string[] {
  const problems: string[] = [];
  SCENARIO(value, 'scenario', problems);
  if (problems.length > 0) return problems;

  return danglingReferences(value as Scenario);
}

function danglingReferences(s: Scenario): string[] {
  const problems: string[] = [];
  const expect = (ids: readonly string[], map: object, where: string, what: string) => {
    for (const id of ids) {
      if (!Object.hasOwn(map, id))
        problems.push(`${where} names ${what} '${id}', which is not defined`);
    }
  };

  expect([s.clientInstanceId], s.instances, 'clientInstanceId', 'instance');
  for (const [id, vpc] of Object.entries(s.vpcs)) {
    if (vpc.dhcpOptionsId !== 'default') {
      expect([vpc.dhcpOptionsId], s.dhcpOptions, `vpcs.${id}`, 'DHCP options');
    }
  }
  for (const [id, subnet] of Object.entries(s.subnets))
    expect([subnet.vpcId], s.vpcs, `subnets.${id}`, 'VPC');
  for (const [id, group] of Object.entries(s.securityGroups)) {
    const where = `securityGroups.${id}`;
    const rules = [...group.ingress, ...group.egress];
    expect([group.vpcId], s.vpcs, where, 'VPC');
    expect(
      rules.flatMap((rule) => rule.groups ?? []),
      s.securityGroups,
      where,
      'security group',
    );
    expect(
      rules.flatMap((rule) => rule.prefixLists ?? []),
      s.prefixLists,
      where,
      'prefix list',
    );
  }
  for (const [id, acl] of Object.entries(s.networkAcls)) {
    expect([acl.vpcId], s.vpcs, `networkAcls.${id}`, 'VPC');
    expect(acl.subnetIds, s.subnets, `networkAcls.${id}`, 'subnet');
  }
  for (const [kind, map] of [
    ['instances', s.instances],
    ['networkInterfaces', s.networkInterfaces],
  ] as const) {
    for (const [id, nic] of Object.entries(map)) {
      expect([nic.subnetId], s.subnets, `${kind}.${id}`, 'subnet');
      expect(nic.securityGroupIds, s.securityGroups, `${kind}.${id}`, 'security group');
      if (isIP(nic.privateIp) !== 4)
        problems.push(`${kind}.${id}.privateIp must be an IPv4 address`);
    }
  }
  for (const [id, endpoint] of Object.entries(s.vpcEndpoints)) {
    const where = `vpcEndpoints.${id}`;
    expect([endpoint.vpcId], s.vpcs, where, 'VPC');
    expect(endpoint.subnetIds, s.subnets, where, 'subnet');
    expect(endpoint.securityGroupIds, s.securityGroups, where, 'security group');
    expect(endpoint.networkInterfaceIds, s.networkInterfaces, where, 'network interface');
  }
  for (const [kind, map] of [
    ['hostedZones', s.hostedZones],
    ['resolverRules', s.resolverRules],
  ] as const) {
    for (const [id, item] of Object.entries(map))
      expect(item.vpcIds, s.vpcs, `${kind}.${id}`, 'VPC');
  }
  for (const address of Object.keys(s.server.addresses)) {
    if (isIP(address) !== 4) problems.push(`server.addresses.${address} must be an IPv4 address`);
  }
  // The greeting probe waits 5 s and speaks first 1 s before that (probe/mysql.ts); a longer
  // delay would show a server that greets only when spoken to, not a slow one.
  const delay = s.server.greetingDelayMs ?? 0;
  if (delay < 0 || delay > MAX_GREETING_DELAY_MS) {
    problems.push(
      `server.greetingDelayMs must be from 0 to ${MAX_GREETING_DELAY_MS}: got ${delay}`,
    );
  }

  return problems;
}
