// Writes each simulated network resource as the `<item>` EC2 puts in its answer. Element names
// follow the EC2 API reference and the SDK's own schema, so the real SDK parses them as from AWS.

import type { XmlNode } from './xml.js';
import type { NaclEntrySpec, Scenario, SgRuleSpec } from './scenario.js';
import { el, items } from './xml.js';

/** When simulated resources say they were created or launched. */
export const CREATED_AT = '2024-03-05T17:55:27.000Z';

/** A VPC with its address blocks and DHCP options set. */
export function renderVpc(s: Scenario, id: string): XmlNode[] {
  const vpc = s.vpcs[id];
  if (!vpc) return [];

  return [
    el('vpcId', id),
    el('ownerId', s.accountId),
    el('state', 'available'),
    el('cidrBlock', vpc.cidrBlocks[0]),
    items('cidrBlockAssociationSet', vpc.cidrBlocks, (cidr) => [
      el('cidrBlock', cidr),
      el('associationId', `vpc-cidr-assoc-${id.slice(4)}`),
      el('cidrBlockState', [el('state', 'associated')]),
    ]),
    el('dhcpOptionsId', vpc.dhcpOptionsId),
    el('instanceTenancy', 'default'),
    el('isDefault', vpc.isDefault ?? false),
    items('tagSet', vpc.name ? [vpc.name] : [], nameTag),
  ];
}

/** A DHCP options set. */
export function renderDhcpOptions(s: Scenario, id: string): XmlNode[] {
  const options = s.dhcpOptions[id];
  if (!options) return [];

  const settings: Array<[string, string[]]> = [
    ['domain-name', options.domainName ? [options.domainName] : []],
    ['domain-name-servers', options.domainNameServers],
  ];

  return [
    el('dhcpOptionsId', id),
    el('ownerId', s.accountId),
    items(
      'dhcpConfigurationSet',
      settings.filter(([, values]) => values.length > 0),
      ([key, values]) => [el('key', key), items('valueSet', values, (v) => [el('value', v)])],
    ),
    el('tagSet', []),
  ];
}

/** A subnet with its AZ name and AZ id. */
export function renderSubnet(s: Scenario, id: string): XmlNode[] {
  const subnet = s.subnets[id];
  if (!subnet) return [];

  return [
    el('subnetId', id),
    el('subnetArn', `arn:aws:ec2:${s.region}:${s.accountId}:subnet/${id}`),
    el('state', 'available'),
    el('ownerId', s.accountId),
    el('vpcId', subnet.vpcId),
    el('cidrBlock', subnet.cidrBlock),
    el('ipv6CidrBlockAssociationSet', []),
    el('availableIpAddressCount', 249),
    el('availabilityZone', subnet.availabilityZone),
    el('availabilityZoneId', subnet.availabilityZoneId),
    el('defaultForAz', false),
    el('mapPublicIpOnLaunch', false),
    el('assignIpv6AddressOnCreation', false),
    items('tagSet', subnet.name ? [subnet.name] : [], nameTag),
  ];
}

/** A security group with its rules. */
export function renderSecurityGroup(s: Scenario, id: string): XmlNode[] {
  const group = s.securityGroups[id];
  if (!group) return [];

  return [
    el('ownerId', s.accountId),
    el('groupId', id),
    el('groupName', group.name),
    el('groupDescription', group.description ?? group.name),
    el('vpcId', group.vpcId),
    items('ipPermissions', group.ingress, (rule) => permission(s, rule)),
    items('ipPermissionsEgress', group.egress, (rule) => permission(s, rule)),
    el('tagSet', []),
  ];
}

/** A network ACL with its entries and associations. */
export function renderNetworkAcl(s: Scenario, id: string): XmlNode[] {
  const acl = s.networkAcls[id];
  if (!acl) return [];

  return [
    el('networkAclId', id),
    el('vpcId', acl.vpcId),
    el('ownerId', s.accountId),
    el('default', acl.isDefault),
    items('entrySet', acl.entries, naclEntry),
    items('associationSet', acl.subnetIds, (subnetId) => [
      el('networkAclAssociationId', `aclassoc-${subnetId.slice(7)}`),
      el('networkAclId', id),
      el('subnetId', subnetId),
    ]),
    el('tagSet', []),
  ];
}

/** A reservation holding one instance, as DescribeInstances groups them. */
export function renderReservation(s: Scenario, id: string): XmlNode[] {
  const instance = s.instances[id];
  const subnet = instance && s.subnets[instance.subnetId];
  if (!instance || !subnet) return [];

  const groups = items('groupSet', instance.securityGroupIds, (g) => groupIdentifier(s, g));
  const running = (instance.state ?? 'running') === 'running';
  const nic = [
    el('networkInterfaceId', `eni-${id.slice(2)}`),
    el('subnetId', instance.subnetId),
    el('vpcId', subnet.vpcId),
    el('ownerId', s.accountId),
    el('status', 'in-use'),
    el('macAddress', instance.mac),
    el('privateIpAddress', instance.privateIp),
    el('sourceDestCheck', true),
    groups,
    el('attachment', [el('deviceIndex', 0), el('status', 'attached')]),
    items('privateIpAddressesSet', [instance.privateIp], (ip) => [
      el('privateIpAddress', ip),
      el('primary', true),
    ]),
    el('ipv6AddressesSet', []),
  ];
  const body = [
    el('instanceId', id),
    el('imageId', 'ami-0123456789abcdef0'),
    el('instanceState', [el('code', running ? 16 : 80), el('name', instance.state ?? 'running')]),
    el(
      'privateDnsName',
      `ip-${instance.privateIp.replace(/\./g, '-')}.${s.region}.compute.internal`,
    ),
    el('instanceType', 't3.micro'),
    el('launchTime', CREATED_AT),
    el('placement', [el('availabilityZone', subnet.availabilityZone), el('tenancy', 'default')]),
    el('subnetId', instance.subnetId),
    el('vpcId', subnet.vpcId),
    el('privateIpAddress', instance.privateIp),
    el('sourceDestCheck', true),
    groups,
    el('architecture', 'x86_64'),
    items('networkInterfaceSet', [nic], (children) => children),
    el('tagSet', []),
  ];

  return [
    el('reservationId', `r-${id.slice(2)}`),
    el('ownerId', s.accountId),
    el('groupSet', []),
    items('instancesSet', [body], (children) => children),
  ];
}

/** The `groupId` and `groupName` pair EC2 writes wherever it names a security group. */
export function groupIdentifier(s: Scenario, groupId: string): XmlNode[] {
  return [el('groupId', groupId), el('groupName', s.securityGroups[groupId]?.name)];
}

function permission(s: Scenario, rule: SgRuleSpec): XmlNode[] {
  const ports =
    rule.protocol === '-1' ? [] : [el('fromPort', rule.fromPort), el('toPort', rule.toPort)];

  return [
    el('ipProtocol', rule.protocol),
    ...ports,
    items('groups', rule.groups ?? [], (group) => [
      el('userId', s.accountId),
      el('groupId', group),
      el('vpcId', s.securityGroups[group]?.vpcId),
    ]),
    items('ipRanges', rule.cidrs ?? [], (cidr) => [
      el('cidrIp', cidr),
      el('description', rule.description),
    ]),
    el('ipv6Ranges', []),
    items('prefixListIds', rule.prefixLists ?? [], (list) => [el('prefixListId', list)]),
  ];
}

function naclEntry(entry: NaclEntrySpec): XmlNode[] {
  return [
    el('ruleNumber', entry.ruleNumber),
    el('protocol', entry.protocol),
    el('ruleAction', entry.action),
    el('egress', entry.egress),
    el('cidrBlock', entry.cidrBlock),
    el(
      'portRange',
      entry.portRange && [el('from', entry.portRange.from), el('to', entry.portRange.to)],
    ),
  ];
}

function nameTag(name: string): XmlNode[] {
  return [el('key', 'Name'), el('value', name)];
}
