// Turns the SDK's shapes (PascalCase, everything optional) into the plain fact types the rules
// read. Values are kept as AWS sent them: endpoint states stay in camel case. Where this module
// itself decides on an enum value, it compares without regard to case, as the SDK does not
// normalise them and servers differ (`available`, `Available`).

import type * as Ec2Sdk from '@aws-sdk/client-ec2';
import type {
  ClientInstance,
  DhcpOptions,
  EndpointService,
  NaclEntry,
  NetworkAcl,
  NetworkInterface,
  SecurityGroup,
  SgPermission,
  Subnet,
  Vpc,
  VpcEndpoint,
} from '../engine/facts.js';

/** A VPC endpoint as the rules see it. */
export function toVpcEndpoint(raw: Ec2Sdk.VpcEndpoint): VpcEndpoint {
  return {
    id: raw.VpcEndpointId ?? '',
    type: raw.VpcEndpointType ?? '',
    vpcId: raw.VpcId ?? '',
    serviceName: raw.ServiceName ?? '',
    state: raw.State ?? '',
    subnetIds: raw.SubnetIds ?? [],
    securityGroupIds: ids(raw.Groups, (group) => group.GroupId),
    networkInterfaceIds: raw.NetworkInterfaceIds ?? [],
    privateDnsEnabled: raw.PrivateDnsEnabled ?? false,
    dnsEntries: (raw.DnsEntries ?? []).map((entry) => ({
      dnsName: entry.DnsName ?? '',
      ...(entry.HostedZoneId && { hostedZoneId: entry.HostedZoneId }),
    })),
    ...(raw.IpAddressType && { ipAddressType: raw.IpAddressType }),
    ...(raw.ServiceRegion && { serviceRegion: raw.ServiceRegion }),
    ...(raw.FailureReason && { failureReason: raw.FailureReason }),
    ...(raw.LastError && {
      lastError: { code: raw.LastError.Code ?? '', message: raw.LastError.Message ?? '' },
    }),
    ...(raw.OwnerId && { ownerId: raw.OwnerId }),
    ...(raw.CreationTimestamp && { creationTimestamp: raw.CreationTimestamp.toISOString() }),
  };
}

/** An endpoint service as this account sees it. */
export function toEndpointService(raw: Ec2Sdk.ServiceDetail): EndpointService {
  // Newer answers may carry the name only in the list of private DNS names.
  const privateDnsName = raw.PrivateDnsName ?? raw.PrivateDnsNames?.[0]?.PrivateDnsName;

  return {
    serviceName: raw.ServiceName ?? '',
    ...(raw.ServiceId && { serviceId: raw.ServiceId }),
    serviceType: ids(raw.ServiceType, (type) => type.ServiceType),
    ...(raw.ServiceRegion && { serviceRegion: raw.ServiceRegion }),
    availabilityZones: raw.AvailabilityZones ?? [],
    availabilityZoneIds: raw.AvailabilityZoneIds ?? [],
    ...(privateDnsName && { privateDnsName }),
    ...(raw.PrivateDnsNameVerificationState && {
      privateDnsNameVerificationState: raw.PrivateDnsNameVerificationState,
    }),
    ...(raw.AcceptanceRequired !== undefined && { acceptanceRequired: raw.AcceptanceRequired }),
    ...(raw.Owner && { owner: raw.Owner }),
  };
}

/** A VPC with its associated IPv4 and IPv6 blocks, the primary block first. */
export function toVpc(raw: Ec2Sdk.Vpc): Vpc {
  const cidrBlocks = ids(
    raw.CidrBlockAssociationSet?.filter((block) => isAssociated(block.CidrBlockState?.State)),
    (block) => block.CidrBlock,
  );
  const primary = raw.CidrBlock ? [raw.CidrBlock] : [];

  return {
    id: raw.VpcId ?? '',
    cidrBlocks: [...new Set([...primary, ...cidrBlocks])],
    ipv6CidrBlocks: ids(
      raw.Ipv6CidrBlockAssociationSet?.filter((block) =>
        isAssociated(block.Ipv6CidrBlockState?.State),
      ),
      (block) => block.Ipv6CidrBlock,
    ),
    ...(raw.DhcpOptionsId && { dhcpOptionsId: raw.DhcpOptionsId }),
    ...(raw.IsDefault !== undefined && { isDefault: raw.IsDefault }),
  };
}

/** A DHCP options set, keeping the two settings that decide DNS. */
export function toDhcpOptions(raw: Ec2Sdk.DhcpOptions): DhcpOptions {
  const values = (key: string) =>
    ids(
      raw.DhcpConfigurations?.find((configuration) => configuration.Key === key)?.Values,
      (value) => value.Value,
    );
  const [domainName] = values('domain-name');

  return {
    id: raw.DhcpOptionsId ?? '',
    domainNameServers: values('domain-name-servers'),
    ...(domainName && { domainName }),
  };
}

/** A subnet with its AZ name and id. */
export function toSubnet(raw: Ec2Sdk.Subnet): Subnet {
  return {
    id: raw.SubnetId ?? '',
    vpcId: raw.VpcId ?? '',
    ...(raw.CidrBlock && { cidrBlock: raw.CidrBlock }),
    ipv6CidrBlocks: ids(
      raw.Ipv6CidrBlockAssociationSet?.filter((block) =>
        isAssociated(block.Ipv6CidrBlockState?.State),
      ),
      (block) => block.Ipv6CidrBlock,
    ),
    availabilityZone: raw.AvailabilityZone ?? '',
    ...(raw.AvailabilityZoneId && { availabilityZoneId: raw.AvailabilityZoneId }),
  };
}

/** A security group with its ingress and egress permissions. */
export function toSecurityGroup(raw: Ec2Sdk.SecurityGroup): SecurityGroup {
  return {
    id: raw.GroupId ?? '',
    ...(raw.GroupName && { name: raw.GroupName }),
    ...(raw.VpcId && { vpcId: raw.VpcId }),
    ingress: (raw.IpPermissions ?? []).map(toSgPermission),
    egress: (raw.IpPermissionsEgress ?? []).map(toSgPermission),
  };
}

function toSgPermission(raw: Ec2Sdk.IpPermission): SgPermission {
  const protocol = raw.IpProtocol ?? '-1';
  // An all-protocols rule covers every port; AWS may still send -1 as its ports.
  const ports = protocol === '-1' ? {} : { fromPort: raw.FromPort, toPort: raw.ToPort };

  return {
    protocol,
    ...(ports.fromPort !== undefined && { fromPort: ports.fromPort }),
    ...(ports.toPort !== undefined && { toPort: ports.toPort }),
    ipv4Ranges: ids(raw.IpRanges, (range) => range.CidrIp),
    ipv6Ranges: ids(raw.Ipv6Ranges, (range) => range.CidrIpv6),
    groupIds: ids(raw.UserIdGroupPairs, (pair) => pair.GroupId),
    prefixListIds: ids(raw.PrefixListIds, (list) => list.PrefixListId),
  };
}

/** A network interface, such as one an endpoint owns in each of its subnets. */
export function toNetworkInterface(raw: Ec2Sdk.NetworkInterface): NetworkInterface {
  const privateIps = ids(raw.PrivateIpAddresses, (address) => address.PrivateIpAddress);

  return {
    id: raw.NetworkInterfaceId ?? '',
    subnetId: raw.SubnetId ?? '',
    ...(raw.VpcId && { vpcId: raw.VpcId }),
    ...(raw.AvailabilityZone && { availabilityZone: raw.AvailabilityZone }),
    status: raw.Status ?? '',
    ...(raw.InterfaceType && { interfaceType: raw.InterfaceType }),
    privateIpAddresses: privateIps.length > 0 ? privateIps : ids([raw], (n) => n.PrivateIpAddress),
    ipv6Addresses: ids(raw.Ipv6Addresses, (address) => address.Ipv6Address),
    securityGroupIds: ids(raw.Groups, (group) => group.GroupId),
  };
}

/** A network ACL with its entries and the subnets it governs. */
export function toNetworkAcl(raw: Ec2Sdk.NetworkAcl): NetworkAcl {
  return {
    id: raw.NetworkAclId ?? '',
    vpcId: raw.VpcId ?? '',
    isDefault: raw.IsDefault ?? false,
    subnetIds: ids(raw.Associations, (association) => association.SubnetId),
    entries: (raw.Entries ?? []).map(toNaclEntry),
  };
}

function toNaclEntry(raw: Ec2Sdk.NetworkAclEntry): NaclEntry {
  const range = raw.PortRange;

  return {
    ruleNumber: raw.RuleNumber ?? 0,
    protocol: raw.Protocol ?? '-1',
    action: /^allow$/i.test(raw.RuleAction ?? '') ? 'allow' : 'deny',
    egress: raw.Egress ?? false,
    ...(raw.CidrBlock && { cidrBlock: raw.CidrBlock }),
    ...(raw.Ipv6CidrBlock && { ipv6CidrBlock: raw.Ipv6CidrBlock }),
    ...(range?.From !== undefined &&
      range.To !== undefined && { portRange: { from: range.From, to: range.To } }),
  };
}

/** The client host as EC2 describes it, with the addresses of all its interfaces. */
export function toClientInstance(raw: Ec2Sdk.Instance): ClientInstance {
  // The primary address of the primary interface comes first: it is the one the host's own
  // connections leave from, and EC2 lists interfaces and addresses in no promised order.
  const interfaces = [...(raw.NetworkInterfaces ?? [])].sort(
    (a, b) => deviceIndexOf(a) - deviceIndexOf(b),
  );
  const privateIps = interfaces.flatMap((nic) =>
    ids(
      [...(nic.PrivateIpAddresses ?? [])].sort((a, b) => Number(!a.Primary) - Number(!b.Primary)),
      (address) => address.PrivateIpAddress,
    ),
  );
  const groupIds = ids(raw.SecurityGroups, (group) => group.GroupId);

  return {
    id: raw.InstanceId ?? '',
    vpcId: raw.VpcId ?? '',
    subnetId: raw.SubnetId ?? '',
    ...(raw.Placement?.AvailabilityZone && { availabilityZone: raw.Placement.AvailabilityZone }),
    privateIpAddresses: unique([...ids([raw], (i) => i.PrivateIpAddress), ...privateIps]),
    ipv6Addresses: unique(
      interfaces.flatMap((nic) => ids(nic.Ipv6Addresses, (address) => address.Ipv6Address)),
    ),
    securityGroupIds:
      groupIds.length > 0
        ? groupIds
        : unique(interfaces.flatMap((nic) => ids(nic.Groups, (group) => group.GroupId))),
  };
}

function ids<T>(items: readonly T[] | undefined, pick: (item: T) => string | undefined): string[] {
  return (items ?? []).map(pick).filter((value): value is string => Boolean(value));
}

// A block being disassociated (or that failed to associate) no longer belongs to the network.
function isAssociated(state: string | undefined): boolean {
  return state === undefined || /^associated$/i.test(state);
}

function deviceIndexOf(nic: Ec2Sdk.InstanceNetworkInterface): number {
  return nic.Attachment?.DeviceIndex ?? Number.MAX_SAFE_INTEGER;
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
