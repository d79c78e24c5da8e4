// The order of the EC2 calls. Round one: the endpoint and the named client instance. Round two:
// everything around the endpoint. Round three: the few calls that need a round-two answer.

import type { Debug } from '../debug.js';
import type { Fact, InstanceIdentity, Target } from '../engine/facts.js';
import type { DiscoveryOutcome } from './discover-endpoint.js';
import type { Ec2 } from './ec2-client.js';
import type { PendingFact, PendingFacts } from './fact-helpers.js';
import type { ClientRefs, NetworkFacts } from './network-facts.js';
import { failed, ok, skipped } from '../engine/facts.js';
import { reasonText } from '../engine/reasons.js';
import { describeEndpointServices, describeInstance } from './describe-ec2.js';
import { discoverEndpoint } from './discover-endpoint.js';
import { SOURCES, settle, valueOf } from './fact-helpers.js';
import { NETWORK_FACT_NAMES, collectNetworkFacts } from './network-facts.js';

/** Starts every EC2 call for the target; each fact settles as soon as its own calls are done. */
export function startEc2Collection(
  ec2: Ec2,
  target: Target,
  identity: Promise<Fact<InstanceIdentity | null>>,
  debug: Debug,
): Omit<PendingFacts, 'identity'> {
  // Instance metadata describes the client only when it runs in the region being checked.
  const own = identity.then((fact) => {
    const value = valueOf(fact);

    return value?.region === ec2.region ? value : undefined;
  });
  const clientInstance = describeClientInstance(ec2, target, own, identity);
  const clientRefs = findClientRefs(target, own, clientInstance);
  const discovery = target.vpcEndpointId
    ? discoverEndpoint(ec2, target)
    : clientRefs.then((refs) => discoverEndpoint(ec2, target, refs.vpcId));

  const around = discovery.then((found) => {
    const endpoint = valueOf(found.endpoint);
    if (!endpoint) return withoutEndpoint(found, ec2, target.serviceName);

    return collectNetworkFacts({ ec2, endpoint, clientRefs, listed: found.listed, debug });
  });

  return {
    endpointDiscovery: discovery.then((found) => found.endpointDiscovery),
    endpoint: discovery.then((found) => found.endpoint),
    clientInstance,
    endpointService: around.then((facts) => facts.endpointService),
    vpc: around.then((facts) => facts.vpc),
    vpcDnsAttributes: around.then((facts) => facts.vpcDnsAttributes),
    dhcpOptions: around.then((facts) => facts.dhcpOptions),
    subnets: around.then((facts) => facts.subnets),
    securityGroups: around.then((facts) => facts.securityGroups),
    networkInterfaces: around.then((facts) => facts.networkInterfaces),
    networkAcls: around.then((facts) => facts.networkAcls),
    prefixLists: around.then((facts) => facts.prefixLists),
    vpcEndpointsInVpc: around.then((facts) => facts.vpcEndpointsInVpc),
  };
}

async function describeClientInstance(
  ec2: Ec2,
  target: Target,
  own: Promise<InstanceIdentity | undefined>,
  identity: Promise<Fact<InstanceIdentity | null>>,
): PendingFact<'clientInstance'> {
  const id = target.instanceId ?? (await own)?.instanceId;
  if (!id) return skipped(SOURCES.clientInstance, noClientReason(await identity, ec2.region));

  return settle('clientInstance', () => describeInstance(ec2, id));
}

// Why no client host is known, in the words of what instance metadata said.
function noClientReason(identity: Fact<InstanceIdentity | null>, region: string): string {
  if (identity.status === 'error')
    return reasonText('noClientHost', { why: identity.error.message });
  if (identity.status === 'skipped') return reasonText('noClientHost', { why: identity.reason });
  if (identity.value && identity.value.region !== region) {
    const why = reasonText('clientOtherRegion', {
      region: identity.value.region,
      expected: region,
    });

    return reasonText('noClientHost', { why });
  }

  return reasonText('noClientHost', { why: reasonText('notOnEc2') });
}

// Instance metadata already names the subnet and groups of the host this runs on, which saves a
// round trip; a host named by --instance-id is known only from DescribeInstances.
async function findClientRefs(
  target: Target,
  own: Promise<InstanceIdentity | undefined>,
  clientInstance: PendingFact<'clientInstance'>,
): Promise<ClientRefs> {
  const identity = target.instanceId ? undefined : await own;
  if (identity?.subnetId && identity.securityGroupIds.length > 0) {
    const { vpcId, subnetId, securityGroupIds } = identity;

    return { ...(vpcId && { vpcId }), subnetIds: [subnetId], securityGroupIds };
  }

  const instance = valueOf(await clientInstance);
  if (instance) {
    const { vpcId, subnetId, securityGroupIds } = instance;

    return { vpcId, subnetIds: [subnetId], securityGroupIds };
  }

  return { ...(identity?.vpcId && { vpcId: identity.vpcId }), subnetIds: [], securityGroupIds: [] };
}

// Without an endpoint there is nothing to look around: the facts say why, and the endpoints of the
// client's VPC are still given when discovery listed them.
function withoutEndpoint(
  found: DiscoveryOutcome,
  ec2: Ec2,
  serviceName: string | undefined,
): NetworkFacts {
  const { endpoint, endpointDiscovery } = found;
  const candidates = valueOf(endpointDiscovery)?.candidates ?? [];
  const listed = candidates.map((id) => `'${id}'`).join(', ');
  const reason =
    candidates.length > 1
      ? `several endpoints match (${listed}): choose one with --vpc-endpoint-id or --host`
      : 'no VPC endpoint was found to inspect';
  const missing = (name: (typeof NETWORK_FACT_NAMES)[number]) =>
    endpoint.status === 'error'
      ? failed<never>(SOURCES[name], endpoint.error)
      : skipped<never>(SOURCES[name], reason);

  const facts = Object.fromEntries(
    NETWORK_FACT_NAMES.map((name) => [name, Promise.resolve(missing(name))]),
  ) as NetworkFacts;
  if (endpoint.status === 'ok' && found.listed?.vpcId) {
    const inVpc = found.listed.endpoints;
    facts.vpcEndpointsInVpc = Promise.resolve(ok(SOURCES.vpcEndpointsInVpc, inVpc));
  }
  // Before the endpoint exists, whether its service is visible yet is the question a user of a
  // new cluster has: TiDB Cloud creates the service a few minutes after the cluster.
  if (endpoint.status === 'ok' && serviceName) {
    facts.endpointService = settle('endpointService', async () => {
      const [service] = await describeEndpointServices(ec2, [serviceName]);

      return service ?? null;
    });
  }

  return facts;
}
