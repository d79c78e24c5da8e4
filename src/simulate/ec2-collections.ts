// The EC2 resource kinds that Describe* calls list: where their ids are, how each filter reads a
// resource, which error EC2 gives for an unknown id, and how a resource is written.

import type { XmlNode } from './xml.js';
import type { Scenario } from './scenario.js';
import { renderNetworkInterface, renderVpcEndpoint } from './ec2-render-endpoint.js';
import {
  renderDhcpOptions,
  renderNetworkAcl,
  renderReservation,
  renderSecurityGroup,
  renderSubnet,
  renderVpc,
} from './ec2-render.js';

/** One kind of EC2 resource that a Describe call lists. */
export interface Collection {
  /** The request's list of ids, e.g. `VpcEndpointId` for `VpcEndpointId.1=…`. */
  idParam: string;
  /** The answer's list element, e.g. `vpcEndpointSet`. */
  listElement: string;
  /** The id prefix, the error code for an unknown id, and the noun EC2 uses in its message. */
  id: { prefix: string; notFound: string; noun: string; malformed?: string };
  /** EC2 refuses MaxResults together with ids for some kinds. */
  refusesIdsWithMaxResults?: boolean;
  all(s: Scenario): string[];
  filters: Record<string, (s: Scenario, id: string) => Array<string | undefined>>;
  render(s: Scenario, id: string): XmlNode[];
}

/** The kinds by the Describe action that lists them. */
export const COLLECTIONS: Record<string, Collection> = {
  DescribeVpcEndpoints: {
    idParam: 'VpcEndpointId',
    listElement: 'vpcEndpointSet',
    id: {
      prefix: 'vpce-',
      notFound: 'InvalidVpcEndpointId.NotFound',
      noun: 'VpcEndpoint',
      malformed: 'InvalidVpcEndpointId.Malformed',
    },
    all: (s) => Object.keys(s.vpcEndpoints),
    filters: {
      'vpc-endpoint-id': (_s, id) => [id],
      'vpc-id': (s, id) => [s.vpcEndpoints[id]?.vpcId],
      'service-name': (s, id) => [s.vpcEndpoints[id]?.serviceName],
      'vpc-endpoint-state': (s, id) => [s.vpcEndpoints[id]?.state],
      'vpc-endpoint-type': (s, id) => [s.vpcEndpoints[id]?.type],
    },
    render: (s, id) => {
      const endpoint = s.vpcEndpoints[id];

      return endpoint ? renderVpcEndpoint(s, id, endpoint) : [];
    },
  },
  DescribeVpcs: {
    idParam: 'VpcId',
    listElement: 'vpcSet',
    id: {
      prefix: 'vpc-',
      notFound: 'InvalidVpcID.NotFound',
      noun: 'vpc',
      malformed: 'InvalidVpcID.Malformed',
    },
    all: (s) => Object.keys(s.vpcs),
    filters: {
      'vpc-id': (_s, id) => [id],
      'is-default': (s, id) => [String(s.vpcs[id]?.isDefault ?? false)],
      'dhcp-options-id': (s, id) => [s.vpcs[id]?.dhcpOptionsId],
      'cidr-block-association.cidr-block': (s, id) => s.vpcs[id]?.cidrBlocks ?? [],
    },
    render: renderVpc,
  },
  DescribeDhcpOptions: {
    idParam: 'DhcpOptionsId',
    listElement: 'dhcpOptionsSet',
    id: { prefix: 'dopt-', notFound: 'InvalidDhcpOptionID.NotFound', noun: 'dhcpOption' },
    all: (s) => Object.keys(s.dhcpOptions),
    filters: { 'dhcp-options-id': (_s, id) => [id] },
    render: renderDhcpOptions,
  },
  DescribeSubnets: {
    idParam: 'SubnetId',
    listElement: 'subnetSet',
    id: {
      prefix: 'subnet-',
      notFound: 'InvalidSubnetID.NotFound',
      noun: 'subnet',
      malformed: 'InvalidSubnetID.Malformed',
    },
    all: (s) => Object.keys(s.subnets),
    filters: {
      'subnet-id': (_s, id) => [id],
      'vpc-id': (s, id) => [s.subnets[id]?.vpcId],
      'availability-zone': (s, id) => [s.subnets[id]?.availabilityZone],
      'availability-zone-id': (s, id) => [s.subnets[id]?.availabilityZoneId],
      'cidr-block': (s, id) => [s.subnets[id]?.cidrBlock],
    },
    render: renderSubnet,
  },
  DescribeSecurityGroups: {
    idParam: 'GroupId',
    listElement: 'securityGroupInfo',
    id: {
      prefix: 'sg-',
      notFound: 'InvalidGroup.NotFound',
      noun: 'security group',
      malformed: 'InvalidGroupId.Malformed',
    },
    all: (s) => Object.keys(s.securityGroups),
    filters: {
      'group-id': (_s, id) => [id],
      'group-name': (s, id) => [s.securityGroups[id]?.name],
      'vpc-id': (s, id) => [s.securityGroups[id]?.vpcId],
    },
    render: renderSecurityGroup,
  },
  DescribeNetworkInterfaces: {
    idParam: 'NetworkInterfaceId',
    listElement: 'networkInterfaceSet',
    id: {
      prefix: 'eni-',
      notFound: 'InvalidNetworkInterfaceID.NotFound',
      noun: 'networkInterface',
      malformed: 'InvalidNetworkInterfaceID.Malformed',
    },
    refusesIdsWithMaxResults: true,
    all: (s) => Object.keys(s.networkInterfaces),
    filters: {
      'network-interface-id': (_s, id) => [id],
      'subnet-id': (s, id) => [s.networkInterfaces[id]?.subnetId],
      'vpc-id': (s, id) => [s.subnets[s.networkInterfaces[id]?.subnetId ?? '']?.vpcId],
      'interface-type': (s, id) => [s.networkInterfaces[id]?.interfaceType ?? 'interface'],
      status: (s, id) => [s.networkInterfaces[id]?.status],
      'private-ip-address': (s, id) => [s.networkInterfaces[id]?.privateIp],
      'addresses.private-ip-address': (s, id) => [s.networkInterfaces[id]?.privateIp],
      'group-id': (s, id) => s.networkInterfaces[id]?.securityGroupIds ?? [],
      description: (s, id) => [s.networkInterfaces[id]?.description ?? ''],
    },
    render: renderNetworkInterface,
  },
  DescribeNetworkAcls: {
    idParam: 'NetworkAclId',
    listElement: 'networkAclSet',
    id: { prefix: 'acl-', notFound: 'InvalidNetworkAclID.NotFound', noun: 'networkAcl' },
    all: (s) => Object.keys(s.networkAcls),
    filters: {
      'network-acl-id': (_s, id) => [id],
      'vpc-id': (s, id) => [s.networkAcls[id]?.vpcId],
      default: (s, id) => [String(s.networkAcls[id]?.isDefault ?? false)],
      'association.subnet-id': (s, id) => s.networkAcls[id]?.subnetIds ?? [],
    },
    render: renderNetworkAcl,
  },
  DescribeInstances: {
    idParam: 'InstanceId',
    listElement: 'reservationSet',
    id: {
      prefix: 'i-',
      notFound: 'InvalidInstanceID.NotFound',
      noun: 'instance',
      malformed: 'InvalidInstanceID.Malformed',
    },
    refusesIdsWithMaxResults: true,
    all: (s) => Object.keys(s.instances),
    filters: {
      'instance-id': (_s, id) => [id],
      'subnet-id': (s, id) => [s.instances[id]?.subnetId],
      'vpc-id': (s, id) => [s.subnets[s.instances[id]?.subnetId ?? '']?.vpcId],
      'private-ip-address': (s, id) => [s.instances[id]?.privateIp],
      'instance-state-name': (s, id) => [s.instances[id]?.state ?? 'running'],
    },
    render: renderReservation,
  },
};
