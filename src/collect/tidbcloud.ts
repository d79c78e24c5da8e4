// The TiDB Cloud side of the link, from the Dedicated API (v1beta1): the cluster's private link
// service and the private endpoint connections TiDB Cloud knows. The HTTP side, where the keys
// are used and kept out of every message, is in tidbcloud-api.ts.
import type { Fact, TidbCloudConnection, TidbCloudService } from '../engine/facts.js';
import type { Api, Attempt } from './tidbcloud-api.js';
import { failed, ok, skipped } from '../engine/facts.js';
import { reasonText } from '../engine/reasons.js';
import { attempt, getJson, listAll, openApi } from './tidbcloud-api.js';

/** What `collectTidbCloud` needs: the cluster, the key pair, where the API is, until when. */
export interface TidbCloudRequest {
  clusterId: string;
  /** The endpoint being checked; its connection tells which TiDB node group it belongs to. */
  endpointId?: string;
  /** The endpoint's service name: finds the node group when TiDB Cloud does not know the endpoint. */
  serviceName?: string;
  /** Defaults to `TIDB_CLOUD_PUBLIC_KEY`. */
  publicKey?: string;
  /** Defaults to `TIDB_CLOUD_PRIVATE_KEY`. */
  privateKey?: string;
  /** Defaults to `TIDB_CLOUD_API_URL`, then the public Dedicated API. */
  baseUrl?: string;
  /** Epoch milliseconds after which every request is abandoned. */
  deadline: number;
  signal?: AbortSignal;
}

/** The facts `collectTidbCloud` gathers. */
export interface TidbCloudFacts {
  tidbCloudService: Fact<TidbCloudService>;
  tidbCloudConnections: Fact<TidbCloudConnection[]>;
}

const SERVICE_SOURCE = 'tidbcloud:privateLinkService';
const CONNECTIONS_SOURCE = 'tidbcloud:privateEndpointConnections';
// Clusters have a few node groups; past this many, the rest are not searched.
const MAX_GROUPS_SEARCHED = 10;

/** Asks TiDB Cloud for the cluster's private link service and endpoint connections. */
export async function collectTidbCloud(request: TidbCloudRequest): Promise<TidbCloudFacts> {
  if (!request.clusterId) {
    return both((source) => skipped(source, reasonText('noClusterId')));
  }

  const api = openApi(request);
  if ('error' in api) return both((source) => failed(source, api.error));

  const cluster = `/clusters/${encodeURIComponent(request.clusterId)}`;
  const noCluster = `TiDB Cloud has no Dedicated cluster '${request.clusterId}' that this API key can see: check --tidb-cluster-id and that the key belongs to the cluster's organization`;
  const connectionsPath = `${cluster}/tidbNodeGroups/-/privateEndpointConnections`;

  // Node groups and connections do not depend on each other; the service needs a node group.
  const [groups, connections] = await Promise.all([
    attempt(api, () => listAll<NodeGroup>(api, `${cluster}/tidbNodeGroups`, noCluster)),
    attempt(api, () => listAll<ApiConnection>(api, connectionsPath, noCluster)),
  ]);
  const known = 'value' in connections ? connections.value : [];
  const service = await readService(api, request, groups, known);

  return {
    tidbCloudService: service,
    tidbCloudConnections: toFact(CONNECTIONS_SOURCE, connections, (list) => list.map(toConnection)),
  };
}

async function readService(
  api: Api,
  request: TidbCloudRequest,
  groups: Attempt<NodeGroup[]>,
  connections: ApiConnection[],
): Promise<Fact<TidbCloudService>> {
  if ('error' in groups) return failed(SERVICE_SOURCE, groups.error);

  const candidates = nodeGroupCandidates(groups.value, connections, request);
  const [first] = candidates;
  if (!first) {
    const message = `Cluster '${request.clusterId}' has no TiDB node group yet`;
    return failed(SERVICE_SOURCE, { code: 'NoNodeGroup', message });
  }
  if (candidates.length === 1) return getService(api, request, first);

  const services = await Promise.all(candidates.map((id) => getService(api, request, id)));
  const wanted = request.serviceName?.toLowerCase();
  const matching = services.find(
    (service) => service.status === 'ok' && service.value.serviceName.toLowerCase() === wanted,
  );

  return matching ?? (services[0] as Fact<TidbCloudService>);
}

async function getService(
  api: Api,
  request: TidbCloudRequest,
  groupId: string,
): Promise<Fact<TidbCloudService>> {
  const cluster = `/clusters/${encodeURIComponent(request.clusterId)}`;
  const path = `${cluster}/tidbNodeGroups/${encodeURIComponent(groupId)}/privateLinkService`;
  const noService = `Cluster '${request.clusterId}' has no private link service yet: TiDB Cloud creates it a few minutes after the cluster`;
  const service = await attempt(api, () => getJson<ApiService>(api, path, noService));

  return toFact(SERVICE_SOURCE, service, (value) => toService(value, groupId));
}

interface NodeGroup {
  tidbNodeGroupId?: string;
  isDefaultGroup?: boolean;
}

interface ApiConnection {
  endpointId?: string;
  endpointState?: string;
  message?: string;
  host?: string;
  port?: number;
  tidbNodeGroupId?: string;
}

interface ApiService {
  serviceName?: string;
  serviceDnsName?: string;
  availableZones?: string[];
  state?: string;
  regionId?: string;
  tidbNodeGroupId?: string;
}

// The endpoint's own connection names its node group. Without one, every group has a service of
// its own, so each is read (the default group first) and the one with the endpoint's service wins.
function nodeGroupCandidates(
  groups: NodeGroup[],
  connections: ApiConnection[],
  request: TidbCloudRequest,
): string[] {
  const id = request.endpointId?.toLowerCase();
  const own = connections.find((connection) => id && connection.endpointId?.toLowerCase() === id);
  if (own?.tidbNodeGroupId) return [own.tidbNodeGroupId];

  const byDefault = [...groups].sort(
    (a, b) => Number(!!b.isDefaultGroup) - Number(!!a.isDefaultGroup),
  );
  const ids = byDefault.flatMap((group) => group.tidbNodeGroupId ?? []);

  return ids.slice(0, request.serviceName ? MAX_GROUPS_SEARCHED : 1);
}

function toConnection(connection: ApiConnection): TidbCloudConnection {
  return {
    endpointId: connection.endpointId ?? '',
    endpointState: connection.endpointState ?? '',
    ...(connection.message && { message: connection.message }),
    ...(connection.host && { host: connection.host }),
    ...(connection.port !== undefined && { port: connection.port }),
    ...(connection.tidbNodeGroupId && { tidbNodeGroupId: connection.tidbNodeGroupId }),
  };
}

function toService(service: ApiService, groupId: string): TidbCloudService {
  return {
    serviceName: service.serviceName ?? '',
    ...(service.serviceDnsName && { serviceDnsName: service.serviceDnsName }),
    availableZones: service.availableZones ?? [],
    state: service.state ?? '',
    ...(service.regionId && { regionId: service.regionId }),
    tidbNodeGroupId: service.tidbNodeGroupId ?? groupId,
  };
}

function toFact<T, V>(source: string, result: Attempt<T>, map: (value: T) => V): Fact<V> {
  return 'error' in result ? failed(source, result.error) : ok(source, map(result.value));
}

function both(make: (source: string) => Fact<never>): TidbCloudFacts {
  return { tidbCloudService: make(SERVICE_SOURCE), tidbCloudConnections: make(CONNECTIONS_SOURCE) };
}
