// Writes the endpoint-side resources as the `<item>` EC2 puts in its answer: endpoints, endpoint
// services, network interfaces and prefix list entries.

import type { XmlNode } from './xml.js';
import type { EndpointServiceSpec, Scenario, VpcEndpointSpec } from './scenario.js';
import { CREATED_AT, groupIdentifier } from './ec2-render.js';
import { endpointDnsNames } from './endpoint-names.js';
import { el, items } from './xml.js';

// The account AWS uses for endpoint network interfaces; the value is invented.
const ENDPOINT_REQUESTER = '727180483921';

/** A VPC endpoint, with the DNS names AWS gives it. */
export function renderVpcEndpoint(s: Scenario, id: string, e: VpcEndpointSpec): XmlNode[] {
  const interfaceType = e.type === 'Interface';

  return [
    el('vpcEndpointId', id),
    el('vpcEndpointType', e.type),
    el('vpcId', e.vpcId),
    el('serviceName', e.serviceName),
    el('state', e.state),
    el(
      'policyDocument',
      '{"Statement":[{"Action":"*","Effect":"Allow","Principal":"*","Resource":"*"}]}',
    ),
    items('routeTableIdSet', e.routeTableIds ?? [], (table) => table),
    items('subnetIdSet', e.subnetIds, (subnet) => subnet),
    items('groupSet', e.securityGroupIds, (group) => groupIdentifier(s, group)),
    el('ipAddressType', interfaceType ? 'ipv4' : undefined),
    el('dnsOptions', interfaceType ? [el('dnsRecordIpType', 'ipv4')] : undefined),
    el('privateDnsEnabled', e.privateDnsEnabled),
    el('requesterManaged', false),
    items('networkInterfaceIdSet', e.networkInterfaceIds, (eni) => eni),
    items('dnsEntrySet', endpointDnsNames(s, id, e), (name) => [
      el('dnsName', name.dnsName),
      el('hostedZoneId', name.hostedZoneId),
    ]),
    el('creationTimestamp', e.creationTimestamp ?? CREATED_AT),
    el('tagSet', []),
    el('ownerId', s.accountId),
    el('serviceRegion', e.serviceRegion),
    el('failureReason', e.failureReason),
    el(
      'lastError',
      e.lastError && [el('code', e.lastError.code), el('message', e.lastError.message)],
    ),
  ];
}

/** An endpoint service as the consumer account sees it. */
export function renderEndpointService(name: string, service: EndpointServiceSpec): XmlNode[] {
  return [
    el('serviceName', name),
    el('serviceId', service.serviceId),
    items('serviceType', ['Interface'], (type) => [el('serviceType', type)]),
    el('serviceRegion', service.region),
    items('availabilityZoneIdSet', service.availabilityZoneIds, (zone) => zone),
    items('availabilityZoneSet', service.availabilityZones, (zone) => zone),
    el('owner', service.owner),
    items(
      'baseEndpointDnsNameSet',
      [`${service.serviceId}.${service.region}.vpce.amazonaws.com`],
      (n) => n,
    ),
    el('privateDnsName', service.privateDnsName),
    items('privateDnsNameSet', service.privateDnsName ? [service.privateDnsName] : [], (n) => [
      el('privateDnsName', n),
    ]),
    el('privateDnsNameVerificationState', service.privateDnsNameVerificationState),
    el('vpcEndpointPolicySupported', false),
    el('acceptanceRequired', service.acceptanceRequired),
    el('managesVpcEndpoints', false),
    items('supportedIpAddressTypeSet', ['ipv4'], (type) => type),
    el('tagSet', []),
  ];
}

/** A network interface; endpoint interfaces are requester-managed and have no attachment. */
export function renderNetworkInterface(s: Scenario, id: string): XmlNode[] {
  const eni = s.networkInterfaces[id];
  const subnet = eni && s.subnets[eni.subnetId];
  if (!eni || !subnet) return [];

  const isEndpoint = eni.interfaceType === 'vpc_endpoint';

  return [
    el('networkInterfaceId', id),
    el('subnetId', eni.subnetId),
    el('vpcId', subnet.vpcId),
    el('availabilityZone', subnet.availabilityZone),
    el('description', eni.description ?? ''),
    el('ownerId', s.accountId),
    el('requesterId', isEndpoint ? ENDPOINT_REQUESTER : undefined),
    el('requesterManaged', isEndpoint),
    el('status', eni.status),
    el('macAddress', macFor(id)),
    el('privateIpAddress', eni.privateIp),
    el('privateDnsName', `ip-${eni.privateIp.replace(/\./g, '-')}.${s.region}.compute.internal`),
    el('sourceDestCheck', true),
    el('interfaceType', eni.interfaceType ?? 'interface'),
    items('groupSet', eni.securityGroupIds, (group) => groupIdentifier(s, group)),
    el('tagSet', []),
    items('privateIpAddressesSet', [eni.privateIp], (ip) => [
      el('privateIpAddress', ip),
      el('primary', true),
    ]),
    el('ipv6AddressesSet', []),
  ];
}

/** One entry of a managed prefix list. */
export function renderPrefixListEntry(cidr: string): XmlNode[] {
  return [el('cidr', cidr)];
}

// A stable, locally administered MAC address made from the interface id.
function macFor(id: string): string {
  const hex = id
    .replace(/[^0-9a-f]/g, '')
    .padStart(10, '0')
    .slice(-10);

  return `02:${hex.match(/../g)?.join(':') ?? '00:00:00:00:00'}`;
}
