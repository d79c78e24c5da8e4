import {
  CreateVpcEndpointCommand,
  DescribeDhcpOptionsCommand,
  DescribeInstancesCommand,
  DescribeNetworkAclsCommand,
  DescribeNetworkInterfacesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcAttributeCommand,
  DescribeVpcEndpointServicesCommand,
  DescribeVpcEndpointsCommand,
  EC2Client,
  GetManagedPrefixListEntriesCommand,
  paginateDescribeVpcEndpoints,
} from '@aws-sdk/client-ec2';
import { ConfiguredRetryStrategy } from '@smithy/util-retry';
import { afterEach, describe, expect, it } from 'vitest';

import type { Ec2Server } from '../../src/simulate/ec2-server.js';
import type { Scenario } from '../../src/simulate/scenario.js';
import { startEc2Server } from '../../src/simulate/ec2-server.js';
import { FaultInjector } from '../../src/simulate/faults.js';
import { loadScenario } from '../../src/simulate/load-scenario.js';
import { IDS } from '../helpers/evidence.js';

const servers: Ec2Server[] = [];
const clients: EC2Client[] = [];

afterEach(async () => {
  clients.splice(0).forEach((client) => client.destroy());
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function ec2For(change: (scenario: Scenario) => void = () => undefined) {
  const scenario = structuredClone(loadScenario('healthy'));
  change(scenario);
  const server = await startEc2Server(
    scenario,
    new FaultInjector(scenario.faults, scenario.accountId),
  );
  const client = new EC2Client({
    endpoint: server.url,
    region: 'us-west-2',
    credentials: { accessKeyId: 'AKIDSIMULATED', secretAccessKey: 'simulated' },
    // Quick retries keep the throttling test short; the count of attempts is what matters.
    retryStrategy: new ConfiguredRetryStrategy(3, () => 5),
  });
  servers.push(server);
  clients.push(client);

  return { client, server };
}

async function failure(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught as Error & { $metadata: { httpStatusCode?: number } },
  );
  if (!error) throw new Error('expected the call to fail');

  return error;
}

describe('the simulated EC2 API, through the real SDK', () => {
  it('describes the endpoint by id with everything the collectors read', async () => {
    const { client } = await ec2For();

    const output = await client.send(
      new DescribeVpcEndpointsCommand({ VpcEndpointIds: [IDS.endpoint] }),
    );
    const [endpoint] = output.VpcEndpoints ?? [];

    expect(endpoint).toMatchObject({
      VpcEndpointId: IDS.endpoint,
      VpcEndpointType: 'Interface',
      VpcId: IDS.vpc,
      ServiceName: IDS.service,
      State: 'available',
      SubnetIds: [IDS.subnetA, IDS.subnetB],
      Groups: [{ GroupId: IDS.endpointSg, GroupName: 'tidb-privatelink' }],
      NetworkInterfaceIds: [IDS.eniA, IDS.eniB],
      PrivateDnsEnabled: true,
      OwnerId: '111122223333',
    });
    expect(endpoint?.DnsEntries?.map((entry) => entry.DnsName)).toEqual([
      `${IDS.endpoint}-abcd1234.vpce-svc-0c1d2e3f4a5b6c7d8.us-west-2.vpce.amazonaws.com`,
      `${IDS.endpoint}-abcd1234-us-west-2a.vpce-svc-0c1d2e3f4a5b6c7d8.us-west-2.vpce.amazonaws.com`,
      `${IDS.endpoint}-abcd1234-us-west-2b.vpce-svc-0c1d2e3f4a5b6c7d8.us-west-2.vpce.amazonaws.com`,
      IDS.host,
    ]);
    expect(endpoint?.CreationTimestamp).toBeInstanceOf(Date);
  });

  it('discovers endpoints with the vpc-id and service-name filters', async () => {
    const { client } = await ec2For();
    const filtered = (service: string) =>
      client.send(
        new DescribeVpcEndpointsCommand({
          Filters: [
            { Name: 'vpc-id', Values: [IDS.vpc] },
            { Name: 'service-name', Values: [service] },
          ],
        }),
      );

    expect((await filtered(IDS.service)).VpcEndpoints).toHaveLength(1);
    expect((await filtered('com.amazonaws.us-west-2.s3')).VpcEndpoints).toEqual([]);
  });

  it('describes the endpoint service with AZ names and AZ ids', async () => {
    const { client } = await ec2For();

    const output = await client.send(
      new DescribeVpcEndpointServicesCommand({ ServiceNames: [IDS.service] }),
    );

    expect(output.ServiceNames).toEqual([IDS.service]);
    expect(output.ServiceDetails?.[0]).toMatchObject({
      ServiceName: IDS.service,
      ServiceType: [{ ServiceType: 'Interface' }],
      ServiceRegion: 'us-west-2',
      AvailabilityZones: ['us-west-2a', 'us-west-2b', 'us-west-2c'],
      AvailabilityZoneIds: ['usw2-az1', 'usw2-az2', 'usw2-az3'],
      PrivateDnsName: IDS.host,
      PrivateDnsNameVerificationState: 'verified',
      AcceptanceRequired: true,
    });
  });

  it('answers InvalidServiceName for a service the account cannot see', async () => {
    const { client } = await ec2For();
    const name = 'com.amazonaws.vpce.us-west-2.vpce-svc-0999999999999999a';

    const error = await failure(
      client.send(new DescribeVpcEndpointServicesCommand({ ServiceNames: [name] })),
    );

    expect(error.name).toBe('InvalidServiceName');
    expect(error.message).toContain(name);
  });

  it('answers each VPC attribute in its own call', async () => {
    const { client } = await ec2For((s) => {
      (s.vpcs[IDS.vpc] as { enableDnsHostnames: boolean }).enableDnsHostnames = false;
    });
    const ask = (Attribute: 'enableDnsSupport' | 'enableDnsHostnames') =>
      client.send(new DescribeVpcAttributeCommand({ VpcId: IDS.vpc, Attribute }));

    expect((await ask('enableDnsSupport')).EnableDnsSupport).toEqual({ Value: true });
    expect((await ask('enableDnsHostnames')).EnableDnsHostnames).toEqual({ Value: false });
  });

  it('describes subnets, groups, interfaces, ACLs, DHCP options and the instance', async () => {
    const { client } = await ec2For();

    const [subnets, groups, enis, acls, dhcp, instances] = await Promise.all([
      client.send(new DescribeSubnetsCommand({ SubnetIds: [IDS.subnetB] })),
      client.send(new DescribeSecurityGroupsCommand({ GroupIds: [IDS.endpointSg] })),
      client.send(new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: [IDS.eniA] })),
      client.send(
        new DescribeNetworkAclsCommand({
          Filters: [{ Name: 'association.subnet-id', Values: [IDS.subnetA] }],
        }),
      ),
      client.send(new DescribeDhcpOptionsCommand({ DhcpOptionsIds: ['dopt-0aaaa1111bbbb2222'] })),
      client.send(new DescribeInstancesCommand({ InstanceIds: [IDS.instance] })),
    ]);

    expect(subnets.Subnets?.[0]).toMatchObject({
      AvailabilityZone: 'us-west-2b',
      AvailabilityZoneId: 'usw2-az2',
    });
    expect(groups.SecurityGroups?.[0]?.IpPermissions?.[0]).toMatchObject({
      IpProtocol: 'tcp',
      FromPort: 4000,
      ToPort: 4000,
      UserIdGroupPairs: [{ GroupId: IDS.clientSg }],
    });
    expect(groups.SecurityGroups?.[0]?.IpPermissionsEgress?.[0]).toMatchObject({
      IpProtocol: '-1',
      IpRanges: [{ CidrIp: '0.0.0.0/0' }],
    });
    expect(enis.NetworkInterfaces?.[0]).toMatchObject({
      Status: 'in-use',
      InterfaceType: 'vpc_endpoint',
      RequesterManaged: true,
      PrivateIpAddresses: [{ PrivateIpAddress: IDS.eniIpA, Primary: true }],
    });
    expect(acls.NetworkAcls?.[0]?.Entries).toHaveLength(4);
    expect(acls.NetworkAcls?.[0]?.Associations?.map((a) => a.SubnetId)).toContain(IDS.subnetA);
    expect(dhcp.DhcpOptions?.[0]?.DhcpConfigurations).toContainEqual({
      Key: 'domain-name-servers',
      Values: [{ Value: 'AmazonProvidedDNS' }],
    });
    expect(instances.Reservations?.[0]?.Instances?.[0]).toMatchObject({
      InstanceId: IDS.instance,
      SubnetId: IDS.subnetA,
      VpcId: IDS.vpc,
      PrivateIpAddress: IDS.clientIp,
      Placement: { AvailabilityZone: 'us-west-2a' },
      SecurityGroups: [{ GroupId: IDS.clientSg, GroupName: 'app' }],
    });
  });

  it('lists the entries of a managed prefix list', async () => {
    const { client } = await ec2For((s) => {
      s.prefixLists['pl-0123456789abcdef0'] = { cidrs: ['10.0.0.0/16', '192.168.0.0/16'] };
    });

    const output = await client.send(
      new GetManagedPrefixListEntriesCommand({
        PrefixListId: 'pl-0123456789abcdef0',
        MaxResults: 100,
      }),
    );

    expect(output.Entries?.map((entry) => entry.Cidr)).toEqual(['10.0.0.0/16', '192.168.0.0/16']);
  });

  it('says InvalidVpcEndpointId.NotFound for an endpoint that does not exist', async () => {
    const { client } = await ec2For();

    const error = await failure(
      client.send(new DescribeVpcEndpointsCommand({ VpcEndpointIds: ['vpce-0123456789abcdef1'] })),
    );

    expect(error.name).toBe('InvalidVpcEndpointId.NotFound');
    expect(error.message).toContain("'vpce-0123456789abcdef1'");
    expect(error.$metadata.httpStatusCode).toBe(400);
  });

  it('says InvalidVpcEndpointId.Malformed for an id that is not an endpoint id', async () => {
    const { client } = await ec2For();

    const error = await failure(
      client.send(new DescribeVpcEndpointsCommand({ VpcEndpointIds: ['vpce-xyz'] })),
    );

    expect(error.name).toBe('InvalidVpcEndpointId.Malformed');
  });

  it('denies an action with UnauthorizedOperation naming the IAM action', async () => {
    const { client } = await ec2For((s) => {
      s.faults.deny = ['ec2:DescribeSecurityGroups'];
    });

    const error = await failure(
      client.send(new DescribeSecurityGroupsCommand({ GroupIds: [IDS.endpointSg] })),
    );

    expect(error.name).toBe('UnauthorizedOperation');
    expect(error.$metadata.httpStatusCode).toBe(403);
    expect(error.message).toContain('not authorized to perform: ec2:DescribeSecurityGroups');
  });

  it('throttles an action twice with RequestLimitExceeded, then answers', async () => {
    const { client, server } = await ec2For((s) => {
      s.faults.throttle = { 'ec2:DescribeVpcEndpoints': 2 };
    });

    const output = await client.send(
      new DescribeVpcEndpointsCommand({ VpcEndpointIds: [IDS.endpoint] }),
    );

    expect(output.VpcEndpoints).toHaveLength(1);
    expect(output.$metadata.attempts).toBe(3);
    expect(server.requestCounts()).toEqual({ DescribeVpcEndpoints: 3 });
  });

  it('pages results longer than MaxResults with NextToken', async () => {
    const { client } = await ec2For((s) => {
      const template = s.vpcEndpoints[IDS.endpoint];
      for (let n = 0; n < 11; n += 1) {
        const id = `vpce-0a1b2c3d4e5f6${String(n).padStart(4, '0')}`;
        s.vpcEndpoints[id] = structuredClone(template!);
      }
    });

    const pages = [];
    for await (const page of paginateDescribeVpcEndpoints({ client, pageSize: 5 }, {}))
      pages.push(page);

    expect(pages.map((page) => page.VpcEndpoints?.length)).toEqual([5, 5, 2]);
    expect(new Set(pages.flatMap((p) => p.VpcEndpoints?.map((e) => e.VpcEndpointId))).size).toBe(
      12,
    );
  });

  it('refuses any action that is not a read, and counts it', async () => {
    const { client, server } = await ec2For();

    const error = await failure(
      client.send(new CreateVpcEndpointCommand({ VpcId: IDS.vpc, ServiceName: IDS.service })),
    );

    expect(error.name).toBe('OperationNotPermitted');
    expect(server.requestCounts()).toEqual({ CreateVpcEndpoint: 1 });
  });
});
