// Finds the endpoint to check: the one named by id, or the one in the client's VPC that serves the
// cluster's endpoint service or carries a TiDB Cloud private DNS name.

import type { EndpointDiscovery, Fact, Target, VpcEndpoint } from '../engine/facts.js';
import type { Ec2 } from './ec2-client.js';
import { failed, ok } from '../engine/facts.js';
import { describeEndpointServices, describeVpcEndpoint, listVpcEndpoints } from './describe-ec2.js';
import { SOURCES, factErrorOf } from './fact-helpers.js';

/** What discovery found, and the endpoints it listed on the way. */
export interface DiscoveryOutcome {
  endpointDiscovery: Fact<EndpointDiscovery>;
  endpoint: Fact<VpcEndpoint | null>;
  /** Every endpoint seen while searching: one VPC's, or the region's when `vpcId` is absent. */
  listed?: { vpcId?: string; endpoints: VpcEndpoint[] };
}

interface Choice {
  endpoint: VpcEndpoint;
  by?: EndpointDiscovery['chosenBy'];
}

// States from which an endpoint never carries traffic again.
const DEAD_STATES = ['deleting', 'deleted', 'rejected', 'failed', 'expired'];

// Asking for the private DNS name of every third-party service in a VPC is one call per service;
// beyond this many, discovery by the service's name alone is not tried and finds nothing.
const MAX_SERVICES_TO_ASK = 25;

/** Finds the endpoint by `target.vpcEndpointId`, else searches `clientVpcId` (or the region). */
export async function discoverEndpoint(
  ec2: Ec2,
  target: Target,
  clientVpcId?: string,
): Promise<DiscoveryOutcome> {
  if (target.vpcEndpointId) return findById(ec2, target.vpcEndpointId);

  const method = target.serviceName ? 'service-name' : 'private-dns-name';
  const base = { method, ...(clientVpcId && { vpcId: clientVpcId }) } as const;
  try {
    const endpoints = await listVpcEndpoints(ec2, clientVpcId);
    const candidates = target.serviceName
      ? endpoints.filter((endpoint) => endpoint.serviceName === target.serviceName)
      : await findByPrivateDnsName(ec2, endpoints, target.host);
    const chosen = choose(candidates, target.host);

    return {
      endpointDiscovery: ok(SOURCES.endpointDiscovery, {
        ...base,
        candidates: candidates.map((endpoint) => endpoint.id),
        ...(chosen?.by && { chosenBy: chosen.by }),
      }),
      endpoint: ok(SOURCES.endpoint, chosen?.endpoint ?? null),
      listed: { ...(clientVpcId && { vpcId: clientVpcId }), endpoints },
    };
  } catch (error) {
    const factError = factErrorOf(error);

    return {
      endpointDiscovery: failed(SOURCES.endpointDiscovery, factError),
      endpoint: failed(SOURCES.endpoint, factError),
    };
  }
}

/** Whether a name is a TiDB Cloud cluster's, e.g. `privatelink-1.abc.clusters.tidb-cloud.com`. */
function isTidbCloudName(name: string): boolean {
  return /\.clusters\.(?:[a-z0-9-]+\.)?tidb-cloud\.com\.?$/i.test(name);
}

async function findById(ec2: Ec2, id: string): Promise<DiscoveryOutcome> {
  try {
    // An id that does not exist is a finding (the endpoint is gone), not a failure to collect.
    const endpoint = await describeVpcEndpoint(ec2, id);
    const candidates = endpoint ? [endpoint.id] : [];

    return {
      endpointDiscovery: ok(SOURCES.endpointDiscovery, { method: 'id', candidates }),
      endpoint: ok(SOURCES.endpoint, endpoint),
    };
  } catch (error) {
    const factError = factErrorOf(error);

    return {
      endpointDiscovery: failed(SOURCES.endpointDiscovery, factError),
      endpoint: failed(SOURCES.endpoint, factError),
    };
  }
}

// The private DNS name shows in an endpoint's DNS entries only while private DNS is enabled on it;
// otherwise the endpoint service's own private DNS name tells that it belongs to TiDB Cloud.
async function findByPrivateDnsName(
  ec2: Ec2,
  endpoints: VpcEndpoint[],
  host?: string,
): Promise<VpcEndpoint[]> {
  const isWanted = (name: string) => isTidbCloudName(name) || sameName(name, host);
  const byEntry = endpoints.filter((e) => e.dnsEntries.some((entry) => isWanted(entry.dnsName)));
  if (byEntry.length > 0) return byEntry;

  const serviceNames = [...new Set(endpoints.map((endpoint) => endpoint.serviceName))]
    .filter((name) => name.startsWith('com.amazonaws.vpce.'))
    .slice(0, MAX_SERVICES_TO_ASK);
  // One call per service, so that a service no longer shared with this account hides only itself.
  const settled = await Promise.allSettled(
    serviceNames.map((name) => describeEndpointServices(ec2, [name])),
  );
  const services = settled.flatMap((result) => (result.status === 'fulfilled' ? result.value : []));
  const wanted = new Set(
    services
      .filter((service) => service.privateDnsName && isWanted(service.privateDnsName))
      .map((service) => service.serviceName),
  );
  // Finding nothing while some services could not be asked (throttled, denied) proves nothing.
  const failure = settled.find((result) => result.status === 'rejected');
  if (wanted.size === 0 && failure) throw failure.reason;

  return endpoints.filter((endpoint) => wanted.has(endpoint.serviceName));
}

// Among several matches: the one carrying the host name; else the only one still alive (an old
// endpoint that was rejected or deleted lingers in the listing for a while); else, without a host
// name and within one VPC, the only live one holding the private DNS name, which a VPC gives to
// one endpoint at most.
function choose(candidates: VpcEndpoint[], host?: string): Choice | undefined {
  if (candidates.length <= 1) return candidates[0] && { endpoint: candidates[0] };

  const byHost = candidates.filter((endpoint) =>
    endpoint.dnsEntries.some((entry) => sameName(entry.dnsName, host)),
  );
  if (byHost[0] && byHost.length === 1) return { endpoint: byHost[0], by: 'host' };

  const live = candidates.filter((endpoint) => !DEAD_STATES.includes(endpoint.state.toLowerCase()));
  if (live[0] && live.length === 1) return { endpoint: live[0], by: 'state' };

  const claiming = live.filter((endpoint) => endpoint.privateDnsEnabled);
  const oneVpc = new Set(live.map((endpoint) => endpoint.vpcId)).size === 1;
  if (!host && oneVpc && claiming[0] && claiming.length === 1) {
    return { endpoint: claiming[0], by: 'private-dns' };
  }

  return undefined;
}

function sameName(name: string, other?: string): boolean {
  if (!other) return false;

  const canonical = (value: string) => value.toLowerCase().replace(/\.$/, '');

  return canonical(name) === canonical(other);
}
