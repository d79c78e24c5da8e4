// The parts of the TiDB Cloud Dedicated API (v1beta1) the collector reads: the cluster, its TiDB
// node groups, the private link service and the private endpoint connections, behind HTTP digest
// authentication with the scenario's (fake) API key pair.

import type { ServerResponse } from 'node:http';
import type { LoopbackServer } from './http-server.js';
import type { Scenario } from './scenario.js';
import { DigestGuard } from './digest-auth.js';
import { listenHttp, send } from './http-server.js';

/** The path prefix of the API, as in `https://dedicated.tidbapi.com/v1beta1`. */
const TIDB_CLOUD_BASE_PATH = '/v1beta1';

type Json = Record<string, unknown>;

const JSON_TYPE = 'application/json';
// Google RPC status codes, which the API's error bodies carry.
const NOT_FOUND = 5;
const UNAUTHENTICATED = 16;

/** Starts the simulated TiDB Cloud API on 127.0.0.1; its base URL ends in `/v1beta1`. */
export async function startTidbCloudServer(scenario: Scenario): Promise<LoopbackServer> {
  const cloud = scenario.tidbCloud;
  const guard = new DigestGuard('tidb.cloud', cloud.publicKey, cloud.privateKey);

  const server = await listenHttp((req, res) => {
    const target = req.url ?? '/';
    if (!guard.accepts(req.headers.authorization, req.method ?? 'GET', target)) {
      const body = {
        code: UNAUTHENTICATED,
        message: 'Unauthorized: the API key is missing or wrong',
        details: [],
      };
      return reply(res, 401, body, { 'www-authenticate': guard.challenge() });
    }

    // Routing reads a path with duplicate slashes folded; the digest check needs it as sent.
    const url = new URL(target.replace(/^\/+/, '/'), 'http://simulated.invalid');
    const [status, body] =
      req.method === 'GET' ? route(scenario, url) : missing('Only GET is served');

    return reply(res, status, body);
  });

  return { ...server, url: `${server.url}${TIDB_CLOUD_BASE_PATH}` };
}

// Paths: /v1beta1/clusters/{clusterId}[/tidbNodeGroups[/{nodeGroupId}/{resource}]], where the
// node group may be `-` for any.
function route(s: Scenario, url: URL): [number, Json] {
  const [version, clusters, clusterId, groups, nodeGroup, resource, ...rest] = url.pathname
    .split('/')
    .filter(Boolean)
    .map(decodeURIComponent);
  const cloud = s.tidbCloud;
  const shaped = version === 'v1beta1' && clusters === 'clusters' && rest.length === 0;
  if (!shaped || !clusterId || (groups && groups !== 'tidbNodeGroups')) {
    return missing(`No route for ${url.pathname}`);
  }
  if (clusterId !== cloud.clusterId) return missing(`cluster ${clusterId} not found`);
  if (nodeGroup && nodeGroup !== '-' && nodeGroup !== cloud.nodeGroupId) {
    return missing(`tidb node group ${nodeGroup} not found`);
  }

  if (resource === 'privateLinkService') {
    const service = privateLinkService(s);
    return service ? [200, service] : missing('private link service not found');
  }
  if (resource === 'privateEndpointConnections') {
    return [200, paged('privateEndpointConnections', connections(s), url)];
  }
  if (nodeGroup) return missing(`No route for ${url.pathname}`);
  if (groups) return [200, paged('tidbNodeGroups', [nodeGroupJson(s)], url)];

  return [200, clusterJson(s)];
}

function clusterJson(s: Scenario): Json {
  return {
    name: `clusters/${s.tidbCloud.clusterId}`,
    clusterId: s.tidbCloud.clusterId,
    displayName: s.tidbCloud.displayName,
    regionId: `aws-${s.region}`,
    port: s.server.port,
    state: 'ACTIVE',
    version: 'v7.5.1',
    cloudProvider: 'aws',
    tidbNodeSetting: { tidbNodeGroups: [nodeGroupJson(s)] },
  };
}

function nodeGroupJson(s: Scenario): Json {
  const host = s.tidbCloud.privateLinkService?.serviceDnsName;

  return {
    name: `tidbNodeGroups/${s.tidbCloud.nodeGroupId}`,
    clusterId: s.tidbCloud.clusterId,
    tidbNodeGroupId: s.tidbCloud.nodeGroupId,
    displayName: 'DefaultGroup',
    isDefaultGroup: true,
    nodeCount: 2,
    state: 'ACTIVE',
    endpoints: host ? [{ host, port: s.server.port, connectionType: 'PRIVATE_ENDPOINT' }] : [],
  };
}

function privateLinkService(s: Scenario): Json | undefined {
  const service = s.tidbCloud.privateLinkService;
  if (!service) return undefined;

  return {
    name: `tidbNodeGroups/${s.tidbCloud.nodeGroupId}/privateLinkService`,
    tidbNodeGroupId: s.tidbCloud.nodeGroupId,
    ...service,
    regionId: `aws-${s.region}`,
    regionDisplayName: s.region,
    cloudProvider: 'aws',
  };
}

function connections(s: Scenario): Json[] {
  const service = s.tidbCloud.privateLinkService;

  return Object.entries(s.tidbCloud.connections).map(([endpointId, connection], index) => ({
    name: `privateEndpointConnections/${index + 1}`,
    privateEndpointConnectionId: String(index + 1),
    clusterId: s.tidbCloud.clusterId,
    clusterDisplayName: s.tidbCloud.displayName,
    tidbNodeGroupId: s.tidbCloud.nodeGroupId,
    tidbNodeGroupDisplayName: 'DefaultGroup',
    endpointId,
    endpointState: connection.state,
    ...(connection.message && { message: connection.message }),
    regionId: `aws-${s.region}`,
    regionDisplayName: s.region,
    cloudProvider: 'aws',
    ...(service && {
      privateLinkServiceName: service.serviceName,
      privateLinkServiceState: service.state,
    }),
    ...(service && { host: service.serviceDnsName, port: s.server.port }),
  }));
}

// Page tokens are the offset of the next page; they mean nothing outside this simulator.
function paged(key: string, items: Json[], url: URL): Json {
  const size = Math.min(Number(url.searchParams.get('pageSize') ?? 10) || 10, 100);
  const offset = Number(url.searchParams.get('pageToken') ?? 0) || 0;
  const next = offset + size < items.length ? String(offset + size) : undefined;

  return {
    [key]: items.slice(offset, offset + size),
    totalSize: items.length,
    ...(next && { nextPageToken: next }),
  };
}

function missing(message: string): [number, Json] {
  return [404, { code: NOT_FOUND, message, details: [] }];
}

function reply(
  res: ServerResponse,
  status: number,
  body: Json,
  headers: Record<string, string> = {},
) {
  send(res, status, JSON_TYPE, JSON.stringify(body), {
    'x-ratelimit-limit-minute': '100',
    'x-ratelimit-remaining-minute': '99',
    ...headers,
  });
}
