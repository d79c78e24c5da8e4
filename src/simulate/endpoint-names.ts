// The DNS names AWS gives an interface endpoint: one regional name, one per zone, and the
// service's private DNS name when private DNS is on. EC2 lists them and the resolver answers them.

import type { Scenario, VpcEndpointSpec } from './scenario.js';

/** One DNS name of an endpoint, with the zone it stands for when it is zonal. */
export interface EndpointDnsName {
  dnsName: string;
  hostedZoneId: string;
  kind: 'regional' | 'zonal' | 'private';
  /** For zonal names: the AZ name whose network interface it resolves to. */
  availabilityZone?: string;
}

// Invented ids: AWS uses one public zone per region for endpoint names, and a hidden private
// zone per endpoint for the private DNS name.
const REGIONAL_ZONE_ID = 'Z1SIMULATEDVPCE';
const PRIVATE_ZONE_ID = 'Z0SIMULATEDPRIVATE';

/** Every DNS name of an endpoint, in the order DescribeVpcEndpoints lists them. */
export function endpointDnsNames(
  scenario: Scenario,
  id: string,
  endpoint: VpcEndpointSpec,
): EndpointDnsName[] {
  if (endpoint.type !== 'Interface') return [];

  const serviceId = endpoint.serviceName.split('.').at(-1) ?? endpoint.serviceName;
  const region = endpoint.serviceRegion ?? scenario.region;
  const stem = `${id}-${endpoint.dnsSuffix ?? 'sim00001'}`;
  const domain = `${serviceId}.${region}.vpce.amazonaws.com`;
  const zones = endpoint.subnetIds.flatMap((subnetId) => {
    const zone = scenario.subnets[subnetId]?.availabilityZone;

    return zone ? [zone] : [];
  });
  const privateName = scenario.endpointServices[endpoint.serviceName]?.privateDnsName;

  return [
    { dnsName: `${stem}.${domain}`, hostedZoneId: REGIONAL_ZONE_ID, kind: 'regional' },
    ...zones.map((zone) => ({
      dnsName: `${stem}-${zone}.${domain}`,
      hostedZoneId: REGIONAL_ZONE_ID,
      kind: 'zonal' as const,
      availabilityZone: zone,
    })),
    ...(endpoint.privateDnsEnabled && privateName
      ? [{ dnsName: privateName, hostedZoneId: PRIVATE_ZONE_ID, kind: 'private' as const }]
      : []),
  ];
}

/** The private addresses of the endpoint's network interfaces that are in use. */
export function endpointAddresses(scenario: Scenario, endpoint: VpcEndpointSpec): string[] {
  return endpoint.networkInterfaceIds.flatMap((eniId) => {
    const eni = scenario.networkInterfaces[eniId];

    return eni && eni.status === 'in-use' ? [eni.privateIp] : [];
  });
}

/** The address of the endpoint's network interface in one zone, if it has one there. */
export function zonalAddress(
  scenario: Scenario,
  endpoint: VpcEndpointSpec,
  zone: string,
): string | undefined {
  const eni = endpoint.networkInterfaceIds
    .map((eniId) => scenario.networkInterfaces[eniId])
    .find((nic) => nic && scenario.subnets[nic.subnetId]?.availabilityZone === zone);

  return eni?.status === 'in-use' ? eni.privateIp : undefined;
}
