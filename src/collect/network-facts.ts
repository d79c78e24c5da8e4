// Everything around a known endpoint, asked at once. Only calls that need an earlier answer wait
// for it: DHCP options for the VPC, prefix lists and referenced groups for the security groups.

import type { Debug } from '../debug.js';
import type { PrefixList, SecurityGroup, VpcEndpoint } from '../engine/facts.js';
import type { Ec2 } from './ec2-client.js';
import type { AwsFactName, PendingFact, PendingFacts } from './fact-helpers.js';
import { ok } from '../engine/facts.js';
import { AwsCallError } from './aws-errors.js';
import {
  describeDhcpOptions,
  describeEndpointServices,
  describeNetworkAcls,
  describeNetworkInterfaces,
  describeSecurityGroups,
  describeSubnets,
  describeVpc,
  describeVpcDnsAttributes,
  getPrefixList,
  listVpcEndpoints,
} from './describe-ec2.js';
import { SOURCES, after, settle, union } from './fact-helpers.js';

/** The client host's place in the network, as far as it is known. */
export interface ClientRefs {
  vpcId?: string;
  subnetIds: string[];
  securityGroupIds: string[];
}

/** What the fan-out starts from. */
export interface NetworkContext {
  ec2: Ec2;
  endpoint: VpcEndpoint;
  /** Never rejects; empty when the client host is unknown. */
  clientRefs: Promise<ClientRefs>;
  /** Endpoints already listed by discovery, reused when they cover the endpoint's VPC. */
  listed?: { vpcId?: string; endpoints: VpcEndpoint[] };
  debug: Debug;
}

/** The facts that need a known endpoint. */
export type NetworkFactName = Exclude<
  AwsFactName,
  'identity' | 'endpointDiscovery' | 'endpoint' | 'clientInstance'
>;

/** The facts gathered around the endpoint, each still pending. */
export type NetworkFacts = Pick<PendingFacts, NetworkFactName>;

/** The names of the facts that need a known endpoint. */
export const NETWORK_FACT_NAMES: readonly NetworkFactName[] = [
  'endpointService',
  'vpc',
  'vpcDnsAttributes',
  'dhcpOptions',
  'subnets',
  'securityGroups',
  'networkInterfaces',
  'networkAcls',
  'prefixLists',
  'vpcEndpointsInVpc',
];

/** Starts every call about the endpoint's VPC, subnets, groups and interfaces at once. */
export function collectNetworkFacts(context: NetworkContext): NetworkFacts {
  const { ec2, endpoint, clientRefs } = context;
  const clientSubnets = async () => union(endpoint.subnetIds, (await clientRefs).subnetIds);
  const vpc = settle('vpc', () => describeVpc(ec2, endpoint.vpcId));
  const groups = settle('securityGroups', async () => {
    const ids = union(endpoint.securityGroupIds, (await clientRefs).securityGroupIds);

    return orByFilter(
      () => describeSecurityGroups(ec2, ids),
      () => describeSecurityGroups(ec2, ids, true),
    );
  });

  return {
    endpointService: settle('endpointService', async () => {
      const [service] = await describeEndpointServices(ec2, [endpoint.serviceName]);

      return service ?? null;
    }),
    vpc,
    vpcDnsAttributes: settle('vpcDnsAttributes', () =>
      describeVpcDnsAttributes(ec2, endpoint.vpcId),
    ),
    dhcpOptions: vpc.then((fact) =>
      after(fact, 'dhcpOptions', (value) => describeDhcpOptions(ec2, value.dhcpOptionsId)),
    ),
    subnets: settle('subnets', async () => {
      const ids = await clientSubnets();

      return orByFilter(
        () => describeSubnets(ec2, ids),
        () => describeSubnets(ec2, ids, true),
      );
    }),
    securityGroups: groups.then((fact) =>
      after(fact, 'securityGroups', (primary) => addReferencedGroups(context, primary)),
    ),
    prefixLists: groups.then((fact) =>
      after(fact, 'prefixLists', (primary) => getPrefixLists(ec2, primary)),
    ),
    networkInterfaces: settle('networkInterfaces', () =>
      describeNetworkInterfaces(ec2, endpoint.networkInterfaceIds),
    ),
    networkAcls: settle('networkAcls', async () => describeNetworkAcls(ec2, await clientSubnets())),
    vpcEndpointsInVpc: endpointsInVpc(context),
  };
}

// The client's subnet and groups may be unknown to EC2 under these credentials (a client in
// another account, seen through its instance metadata). Asking by id then fails for all of them;
// asked again by filter, the unknown ones are left out and the rules say which are missing.
async function orByFilter<T>(byId: () => Promise<T>, byFilter: () => Promise<T>): Promise<T> {
  try {
    return await byId();
  } catch (error) {
    if (!(error instanceof AwsCallError) || !/\.NotFound$/.test(error.code)) throw error;

    return byFilter();
  }
}

function endpointsInVpc(context: NetworkContext): PendingFact<'vpcEndpointsInVpc'> {
  const { listed, endpoint } = context;
  // A listing of the whole region, or of this very VPC, already holds every endpoint needed.
  if (listed && (!listed.vpcId || listed.vpcId === endpoint.vpcId)) {
    const inVpc = listed.endpoints.filter((other) => other.vpcId === endpoint.vpcId);

    return Promise.resolve(ok(SOURCES.vpcEndpointsInVpc, inVpc));
  }

  return settle('vpcEndpointsInVpc', () => listVpcEndpoints(context.ec2, endpoint.vpcId));
}

// Groups named as sources or destinations in the rules, so that rules can see what they hold.
// They are looked up by filter, which skips groups in other accounts instead of failing; if even
// that fails, the groups already known are kept and the failure goes to the debug log.
async function addReferencedGroups(
  context: NetworkContext,
  primary: SecurityGroup[],
): Promise<SecurityGroup[]> {
  const known = new Set(primary.map((group) => group.id));
  const referenced = union(
    primary.flatMap((group) =>
      [...group.ingress, ...group.egress].flatMap((permission) => permission.groupIds),
    ),
  ).filter((id) => !known.has(id));
  if (referenced.length === 0) return primary;

  try {
    return [...primary, ...(await describeSecurityGroups(context.ec2, referenced, true))];
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    context.debug('aws', `referenced security groups were not read: ${reason}`);

    return primary;
  }
}

async function getPrefixLists(ec2: Ec2, groups: SecurityGroup[]): Promise<PrefixList[]> {
  const ids = union(
    groups.flatMap((group) =>
      [...group.ingress, ...group.egress].flatMap((permission) => permission.prefixListIds),
    ),
  );

  return Promise.all(ids.map((id) => getPrefixList(ec2, id)));
}
