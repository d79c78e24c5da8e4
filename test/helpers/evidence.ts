import type { Facts, FactValues, Probes, ProbeValues, Target } from '../../src/engine/facts.js';
import { ok } from '../../src/engine/facts.js';

/** The ids of the healthy account every rule test starts from. */
export const IDS = {
  region: 'us-west-2',
  endpoint: 'vpce-0a1b2c3d4e5f67890',
  vpc: 'vpc-0123456789abcdef0',
  service: 'com.amazonaws.vpce.us-west-2.vpce-svc-0c1d2e3f4a5b6c7d8',
  host: 'privatelink-12345678.abcdefghij.clusters.tidb-cloud.com',
  subnetA: 'subnet-0aaaaaaaaaaaaaaa1',
  subnetB: 'subnet-0bbbbbbbbbbbbbbb2',
  endpointSg: 'sg-0ccccccccccccccc3',
  clientSg: 'sg-0fffffffffffffff6',
  eniA: 'eni-0ddddddddddddddd4',
  eniB: 'eni-0eeeeeeeeeeeeeee5',
  instance: 'i-0123456789abcdef0',
  eniIpA: '10.0.1.25',
  eniIpB: '10.0.2.25',
  clientIp: '10.0.1.12',
} as const;

/** The target of the healthy account. */
export function healthyTarget(): Target {
  return {
    region: IDS.region,
    vpcEndpointId: IDS.endpoint,
    serviceName: IDS.service,
    host: IDS.host,
    port: 4000,
    instanceId: IDS.instance,
    tls: 'preferred',
  };
}

/** Fact values of a healthy account: one endpoint in two AZs, the client in the first. */
export function healthyFactValues(): FactValues {
  return {
    identity: {
      instanceId: IDS.instance,
      region: IDS.region,
      availabilityZone: 'us-west-2a',
      availabilityZoneId: 'usw2-az1',
      vpcId: IDS.vpc,
      subnetId: IDS.subnetA,
      securityGroupIds: [IDS.clientSg],
      localIpv4: IDS.clientIp,
      vpcCidrBlocks: ['10.0.0.0/16'],
    },
    endpointDiscovery: { method: 'id', candidates: [IDS.endpoint] },
    endpoint: {
      id: IDS.endpoint,
      type: 'Interface',
      vpcId: IDS.vpc,
      serviceName: IDS.service,
      state: 'available',
      subnetIds: [IDS.subnetA, IDS.subnetB],
      securityGroupIds: [IDS.endpointSg],
      networkInterfaceIds: [IDS.eniA, IDS.eniB],
      privateDnsEnabled: true,
      dnsEntries: [
        {
          dnsName: `${IDS.endpoint}-abcd1234.vpce-svc-0c1d2e3f4a5b6c7d8.us-west-2.vpce.amazonaws.com`,
        },
        {
          dnsName: `${IDS.endpoint}-abcd1234-us-west-2a.vpce-svc-0c1d2e3f4a5b6c7d8.us-west-2.vpce.amazonaws.com`,
        },
        {
          dnsName: `${IDS.endpoint}-abcd1234-us-west-2b.vpce-svc-0c1d2e3f4a5b6c7d8.us-west-2.vpce.amazonaws.com`,
        },
        { dnsName: IDS.host },
      ],
    },
    endpointService: {
      serviceName: IDS.service,
      serviceId: 'vpce-svc-0c1d2e3f4a5b6c7d8',
      serviceType: ['Interface'],
      serviceRegion: IDS.region,
      availabilityZones: ['us-west-2a', 'us-west-2b', 'us-west-2c'],
      availabilityZoneIds: ['usw2-az1', 'usw2-az2', 'usw2-az3'],
      privateDnsName: IDS.host,
      privateDnsNameVerificationState: 'verified',
      acceptanceRequired: true,
    },
    vpc: {
      id: IDS.vpc,
      cidrBlocks: ['10.0.0.0/16'],
      ipv6CidrBlocks: [],
      dhcpOptionsId: 'dopt-0aaaa1111bbbb2222',
    },
    vpcDnsAttributes: { enableDnsSupport: true, enableDnsHostnames: true },
    dhcpOptions: {
      id: 'dopt-0aaaa1111bbbb2222',
      domainNameServers: ['AmazonProvidedDNS'],
      domainName: 'us-west-2.compute.internal',
    },
    subnets: [
      {
        id: IDS.subnetA,
        vpcId: IDS.vpc,
        cidrBlock: '10.0.1.0/24',
        ipv6CidrBlocks: [],
        availabilityZone: 'us-west-2a',
        availabilityZoneId: 'usw2-az1',
      },
      {
        id: IDS.subnetB,
        vpcId: IDS.vpc,
        cidrBlock: '10.0.2.0/24',
        ipv6CidrBlocks: [],
        availabilityZone: 'us-west-2b',
        availabilityZoneId: 'usw2-az2',
      },
    ],
    securityGroups: [
      {
        id: IDS.endpointSg,
        name: 'tidb-privatelink',
        vpcId: IDS.vpc,
        ingress: [
          {
            protocol: 'tcp',
            fromPort: 4000,
            toPort: 4000,
            ipv4Ranges: [],
            ipv6Ranges: [],
            groupIds: [IDS.clientSg],
            prefixListIds: [],
          },
        ],
        egress: [allTraffic()],
      },
      { id: IDS.clientSg, name: 'app', vpcId: IDS.vpc, ingress: [], egress: [allTraffic()] },
    ],
    networkInterfaces: [
      eni(IDS.eniA, IDS.subnetA, 'us-west-2a', IDS.eniIpA),
      eni(IDS.eniB, IDS.subnetB, 'us-west-2b', IDS.eniIpB),
    ],
    networkAcls: [
      {
        id: 'acl-0ea1f54ca7example',
        vpcId: IDS.vpc,
        isDefault: true,
        subnetIds: [IDS.subnetA, IDS.subnetB],
        entries: [
          {
            ruleNumber: 100,
            protocol: '-1',
            action: 'allow',
            egress: false,
            cidrBlock: '0.0.0.0/0',
          },
          {
            ruleNumber: 32767,
            protocol: '-1',
            action: 'deny',
            egress: false,
            cidrBlock: '0.0.0.0/0',
          },
          {
            ruleNumber: 100,
            protocol: '-1',
            action: 'allow',
            egress: true,
            cidrBlock: '0.0.0.0/0',
          },
          {
            ruleNumber: 32767,
            protocol: '-1',
            action: 'deny',
            egress: true,
            cidrBlock: '0.0.0.0/0',
          },
        ],
      },
    ],
    clientInstance: {
      id: IDS.instance,
      vpcId: IDS.vpc,
      subnetId: IDS.subnetA,
      availabilityZone: 'us-west-2a',
      privateIpAddresses: [IDS.clientIp],
      ipv6Addresses: [],
      securityGroupIds: [IDS.clientSg],
    },
    prefixLists: [],
    vpcEndpointsInVpc: [],
    hostedZones: [],
    resolverRules: [],
    tidbCloudService: {
      serviceName: IDS.service,
      serviceDnsName: IDS.host,
      availableZones: ['usw2-az1', 'usw2-az2', 'usw2-az3'],
      state: 'ACTIVE',
      regionId: 'aws-us-west-2',
    },
    tidbCloudConnections: [
      { endpointId: IDS.endpoint, endpointState: 'ACTIVE', host: IDS.host, port: 4000 },
    ],
  };
}

/** Probe values of the healthy account: everything answers from inside the VPC. */
export function healthyProbeValues(): ProbeValues {
  return {
    dnsSystem: {
      name: IDS.host,
      resolver: 'system',
      rcode: 'NOERROR',
      answers: [
        { type: 'A', data: IDS.eniIpA },
        { type: 'A', data: IDS.eniIpB },
      ],
      durationMs: 2,
    },
    dnsVpc: {
      name: IDS.host,
      resolver: '10.0.0.2:53',
      rcode: 'NOERROR',
      answers: [
        { type: 'A', data: IDS.eniIpA, ttl: 60 },
        { type: 'A', data: IDS.eniIpB, ttl: 60 },
      ],
      durationMs: 1,
    },
    dnsEndpointNames: [],
    tcp: { host: IDS.host, address: IDS.eniIpA, port: 4000, outcome: 'connected', durationMs: 1 },
    mysql: {
      outcome: 'greeting',
      greeting: {
        protocolVersion: 10,
        serverVersion: '8.0.11-TiDB-v7.5.1',
        connectionId: 7,
        capabilityFlags: 0x81ffaf,
        characterSet: 46,
        statusFlags: 2,
        authPluginName: 'mysql_native_password',
        tlsOffered: true,
        flavour: 'tidb',
      },
      durationMs: 3,
    },
    tls: {
      outcome: 'verified',
      protocol: 'TLSv1.3',
      issuer: 'CN=TiDB Cloud test CA',
      subjectNames: [IDS.host],
      validTo: '2027-12-01T00:00:00.000Z',
      durationMs: 4,
    },
    auth: { outcome: 'ok', durationMs: 5 },
  };
}

/** Wraps every value as a successfully collected fact. */
export function asFacts(values: Partial<FactValues>): Facts {
  return Object.fromEntries(
    Object.entries(values).map(([name, value]) => [name, ok(`test:${name}`, value)]),
  ) as Facts;
}

/** Wraps every value as a successful probe result. */
export function asProbes(values: Partial<ProbeValues>): Probes {
  return Object.fromEntries(
    Object.entries(values).map(([name, value]) => [name, ok(`test:${name}`, value)]),
  ) as Probes;
}

function allTraffic() {
  return {
    protocol: '-1',
    ipv4Ranges: ['0.0.0.0/0'],
    ipv6Ranges: [],
    groupIds: [],
    prefixListIds: [],
  };
}

function eni(id: string, subnetId: string, availabilityZone: string, ip: string) {
  return {
    id,
    subnetId,
    vpcId: IDS.vpc,
    availabilityZone,
    status: 'in-use',
    interfaceType: 'vpc_endpoint',
    privateIpAddresses: [ip],
    ipv6Addresses: [],
    securityGroupIds: [IDS.endpointSg],
  };
}
