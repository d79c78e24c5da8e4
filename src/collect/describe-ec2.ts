// One function per question asked of EC2. Each sends the read calls it needs (following NextToken
// on every list, since a server may page any of them) and returns plain facts; failures surface
// as `AwsCallError`. Answers are kept to what was asked for, so that a server which ignores an id
// or a filter cannot make the rules judge another resource.

import type {
  ClientInstance,
  DhcpOptions,
  EndpointService,
  NetworkAcl,
  NetworkInterface,
  PrefixList,
  SecurityGroup,
  Subnet,
  Vpc,
  VpcDnsAttributes,
  VpcEndpoint,
} from '../engine/facts.js';
import type { Ec2 } from './ec2-client.js';
import { AwsCallError } from './aws-errors.js';
import { collectPages } from './aws-pages.js';
import {
  toClientInstance,
  toDhcpOptions,
  toEndpointService,
  toNetworkAcl,
  toNetworkInterface,
  toSecurityGroup,
  toSubnet,
  toVpc,
  toVpcEndpoint,
} from './normalize.js';

/** The endpoint with this id, or null when AWS says it does not exist. */
export async function describeVpcEndpoint(ec2: Ec2, id: string): Promise<VpcEndpoint | null> {
  try {
    const raw = await collectPages(async (NextToken) => {
      const output = await ec2.call('DescribeVpcEndpoints', { VpcEndpointIds: [id], NextToken });

      return { items: output.VpcEndpoints ?? [], next: output.NextToken };
    });

    // EC2 answers an id it does not know with an error, never with other endpoints: an answer
    // that holds endpoints but not this one was not understood, and proves nothing.
    const endpoint = raw.map(toVpcEndpoint).find((candidate) => candidate.id === id);
    if (!endpoint && raw.length > 0) throw notReturned('VPC endpoint', id);

    return endpoint ?? null;
  } catch (error) {
    if (error instanceof AwsCallError && error.code === 'InvalidVpcEndpointId.NotFound')
      return null;
    throw error;
  }
}

/** Every VPC endpoint in a VPC, or in the whole region when no VPC is given. */
export async function listVpcEndpoints(ec2: Ec2, vpcId?: string): Promise<VpcEndpoint[]> {
  const Filters = vpcId ? [{ Name: 'vpc-id', Values: [vpcId] }] : undefined;
  const raw = await collectPages(async (NextToken) => {
    const output = await ec2.call('DescribeVpcEndpoints', { Filters, MaxResults: 1000, NextToken });

    return { items: output.VpcEndpoints ?? [], next: output.NextToken };
  });

  return raw.map(toVpcEndpoint).filter((endpoint) => !vpcId || endpoint.vpcId === vpcId);
}

/** Endpoint services by name; a name this account cannot see gives an empty list. */
export async function describeEndpointServices(
  ec2: Ec2,
  serviceNames: string[],
): Promise<EndpointService[]> {
  if (serviceNames.length === 0) return [];

  try {
    // DescribeVpcEndpointServices has no SDK paginator, so NextToken is followed here.
    const raw = await collectPages(async (NextToken) => {
      const output = await ec2.call('DescribeVpcEndpointServices', {
        ServiceNames: serviceNames,
        NextToken,
      });

      return { items: output.ServiceDetails ?? [], next: output.NextToken };
    });

    return raw.map(toEndpointService).filter((s) => serviceNames.includes(s.serviceName));
  } catch (error) {
    const unknownName = ['InvalidServiceName', 'InvalidVpcEndpointService.NotFound'];
    if (error instanceof AwsCallError && unknownName.includes(error.code)) return [];
    throw error;
  }
}

/** The VPC with this id. */
export async function describeVpc(ec2: Ec2, vpcId: string): Promise<Vpc> {
  const raw = await collectPages(async (NextToken) => {
    const output = await ec2.call('DescribeVpcs', { VpcIds: [vpcId], NextToken });

    return { items: output.Vpcs ?? [], next: output.NextToken };
  });
  const vpc = raw.map(toVpc).find((candidate) => candidate.id === vpcId);
  if (!vpc) throw notReturned('VPC', vpcId);

  return vpc;
}

/** Both DNS attributes of a VPC; EC2 answers one attribute per call. */
export async function describeVpcDnsAttributes(ec2: Ec2, vpcId: string): Promise<VpcDnsAttributes> {
  const [support, hostnames] = await Promise.all([
    ec2.call('DescribeVpcAttribute', { VpcId: vpcId, Attribute: 'enableDnsSupport' }),
    ec2.call('DescribeVpcAttribute', { VpcId: vpcId, Attribute: 'enableDnsHostnames' }),
  ]);

  // An answer without the value says nothing; reading it as false would fail the DNS rules.
  const present = (attribute: string, value: boolean | undefined) => {
    if (value !== undefined) return value;

    throw new AwsCallError({
      code: 'NotReturned',
      message: `EC2's answer for VPC '${vpcId}' lacks the value of '${attribute}': check the EC2 endpoint in use`,
    });
  };

  return {
    enableDnsSupport: present('enableDnsSupport', support.EnableDnsSupport?.Value),
    enableDnsHostnames: present('enableDnsHostnames', hostnames.EnableDnsHostnames?.Value),
  };
}

/** A DHCP options set; null when the VPC has none (`default`), which means AmazonProvidedDNS. */
export async function describeDhcpOptions(ec2: Ec2, id?: string): Promise<DhcpOptions | null> {
  if (!id || id === 'default') return null;

  const raw = await collectPages(async (NextToken) => {
    const output = await ec2.call('DescribeDhcpOptions', { DhcpOptionsIds: [id], NextToken });

    return { items: output.DhcpOptions ?? [], next: output.NextToken };
  });
  const options = raw.map(toDhcpOptions).find((candidate) => candidate.id === id);
  if (!options) throw notReturned('DHCP options set', id);

  return options;
}

/** Subnets by id; with `lenient`, ids that do not exist are left out instead of failing. */
export async function describeSubnets(ec2: Ec2, ids: string[], lenient = false): Promise<Subnet[]> {
  if (ids.length === 0) return [];

  const input = lenient ? { Filters: [{ Name: 'subnet-id', Values: ids }] } : { SubnetIds: ids };
  const raw = await collectPages(async (NextToken) => {
    const output = await ec2.call('DescribeSubnets', { ...input, NextToken });

    return { items: output.Subnets ?? [], next: output.NextToken };
  });

  return raw.map(toSubnet).filter((subnet) => ids.includes(subnet.id));
}

/** Security groups by id; with `lenient`, ids that do not exist are left out instead of failing. */
export async function describeSecurityGroups(
  ec2: Ec2,
  ids: string[],
  lenient = false,
): Promise<SecurityGroup[]> {
  if (ids.length === 0) return [];

  const input = lenient ? { Filters: [{ Name: 'group-id', Values: ids }] } : { GroupIds: ids };
  const raw = await collectPages(async (NextToken) => {
    const output = await ec2.call('DescribeSecurityGroups', { ...input, NextToken });

    return { items: output.SecurityGroups ?? [], next: output.NextToken };
  });

  return raw.map(toSecurityGroup).filter((group) => ids.includes(group.id));
}

/** Network interfaces by id (EC2 refuses MaxResults together with ids, but may still page). */
export async function describeNetworkInterfaces(
  ec2: Ec2,
  ids: string[],
): Promise<NetworkInterface[]> {
  if (ids.length === 0) return [];

  const raw = await collectPages(async (NextToken) => {
    const output = await ec2.call('DescribeNetworkInterfaces', {
      NetworkInterfaceIds: ids,
      NextToken,
    });

    return { items: output.NetworkInterfaces ?? [], next: output.NextToken };
  });

  return raw.map(toNetworkInterface).filter((eni) => ids.includes(eni.id));
}

/** The network ACLs associated with any of these subnets. */
export async function describeNetworkAcls(ec2: Ec2, subnetIds: string[]): Promise<NetworkAcl[]> {
  if (subnetIds.length === 0) return [];

  const Filters = [{ Name: 'association.subnet-id', Values: subnetIds }];
  const raw = await collectPages(async (NextToken) => {
    const output = await ec2.call('DescribeNetworkAcls', { Filters, MaxResults: 1000, NextToken });

    return { items: output.NetworkAcls ?? [], next: output.NextToken };
  });

  return raw
    .map(toNetworkAcl)
    .filter((acl) => acl.subnetIds.some((subnetId) => subnetIds.includes(subnetId)));
}

/** One instance by id. */
export async function describeInstance(ec2: Ec2, id: string): Promise<ClientInstance> {
  const reservations = await collectPages(async (NextToken) => {
    const output = await ec2.call('DescribeInstances', { InstanceIds: [id], NextToken });

    return { items: output.Reservations ?? [], next: output.NextToken };
  });
  const raw = reservations.flatMap((reservation) => reservation.Instances ?? []);
  const instance = raw.map(toClientInstance).find((candidate) => candidate.id === id);
  if (!instance) throw notReturned('Instance', id);

  return instance;
}

/** The entries of a managed prefix list. */
export async function getPrefixList(ec2: Ec2, id: string): Promise<PrefixList> {
  const entries = await collectPages(async (NextToken) => {
    const output = await ec2.call('GetManagedPrefixListEntries', {
      PrefixListId: id,
      MaxResults: 100,
      NextToken,
    });

    return { items: output.Entries ?? [], next: output.NextToken };
  });

  return { id, cidrs: entries.flatMap((entry) => (entry.Cidr ? [entry.Cidr] : [])) };
}

function notReturned(noun: string, id: string): AwsCallError {
  return new AwsCallError({
    code: 'NotReturned',
    message: `${noun} '${id}' was not in EC2's answer: check the id and the region`,
  });
}
