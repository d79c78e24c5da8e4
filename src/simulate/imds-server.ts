// Instance metadata (IMDSv2) for the scenario's client instance: a session token from
// `PUT /latest/api/token`, then GETs that must carry it. Only the paths the tool and the AWS SDK
// read are served; anything else is a 404, as on EC2 for a category an instance lacks.

import { randomBytes } from 'node:crypto';

import type { LoopbackServer } from './http-server.js';
import type { Scenario } from './scenario.js';
import { listenHttp, send } from './http-server.js';

const TEXT = 'text/plain';
const TTL_HEADER = 'x-aws-ec2-metadata-token-ttl-seconds';
const TOKEN_HEADER = 'x-aws-ec2-metadata-token';
const MAX_TTL_SECONDS = 21_600;

/** Starts the simulated instance metadata service on 127.0.0.1. */
export async function startImdsServer(scenario: Scenario): Promise<LoopbackServer> {
  const tokens = new Map<string, number>();
  const metadata = metadataOf(scenario);

  return listenHttp((req, res) => {
    // The SDK joins its endpoint and the path with a slash of its own, so `//latest/...` arrives;
    // the path is taken apart by hand because a URL parser reads `//latest` as a host name.
    const path = (req.url ?? '/').split('?')[0]?.replace(/\/{2,}/g, '/') ?? '/';

    if (req.method === 'PUT' && path === '/latest/api/token') {
      const ttl = Number(req.headers[TTL_HEADER]);
      if (!Number.isInteger(ttl) || ttl < 1 || ttl > MAX_TTL_SECONDS) {
        return send(res, 400, TEXT, 'Missing or invalid token time to live');
      }
      const token = randomBytes(24).toString('base64url');
      tokens.set(token, Date.now() + ttl * 1000);
      return send(res, 200, TEXT, token, { [TTL_HEADER]: String(ttl) });
    }
    if (req.method !== 'GET') return send(res, 405, TEXT, 'Method not allowed');

    const token = req.headers[TOKEN_HEADER];
    const expires = typeof token === 'string' ? tokens.get(token) : undefined;
    if (expires === undefined || expires < Date.now()) return send(res, 401, TEXT, 'Unauthorized');

    const key = path.replace(/^\/latest\/meta-data\/?/, '');
    const value = path.startsWith('/latest/meta-data') ? lookup(metadata, key) : undefined;

    return value === undefined ? send(res, 404, TEXT, 'Not Found') : send(res, 200, TEXT, value);
  });
}

// Every leaf the simulated instance has, by its path under /latest/meta-data/.
function metadataOf(s: Scenario): Map<string, string> {
  const instance = s.instances[s.clientInstanceId];
  const subnet = instance && s.subnets[instance.subnetId];
  const vpc = subnet && s.vpcs[subnet.vpcId];
  if (!instance || !subnet || !vpc) return new Map();

  const nic = `network/interfaces/macs/${instance.mac}`;
  const groupNames = instance.securityGroupIds.map((id) => s.securityGroups[id]?.name ?? id);

  return new Map([
    ['instance-id', s.clientInstanceId],
    ['instance-type', 't3.micro'],
    ['ami-id', 'ami-0123456789abcdef0'],
    ['local-ipv4', instance.privateIp],
    ['local-hostname', `ip-${instance.privateIp.replace(/\./g, '-')}.${s.region}.compute.internal`],
    ['mac', instance.mac],
    ['placement/region', s.region],
    ['placement/availability-zone', subnet.availabilityZone],
    ['placement/availability-zone-id', subnet.availabilityZoneId],
    ['security-groups', groupNames.join('\n')],
    [`${nic}/device-number`, '0'],
    [`${nic}/interface-id`, `eni-${s.clientInstanceId.slice(2)}`],
    [`${nic}/local-ipv4s`, instance.privateIp],
    [`${nic}/mac`, instance.mac],
    [`${nic}/owner-id`, s.accountId],
    [`${nic}/security-group-ids`, instance.securityGroupIds.join('\n')],
    [`${nic}/security-groups`, groupNames.join('\n')],
    [`${nic}/subnet-id`, instance.subnetId],
    [`${nic}/subnet-ipv4-cidr-block`, subnet.cidrBlock],
    [`${nic}/vpc-id`, subnet.vpcId],
    [`${nic}/vpc-ipv4-cidr-block`, vpc.cidrBlocks[0] ?? ''],
    [`${nic}/vpc-ipv4-cidr-blocks`, vpc.cidrBlocks.join('\n')],
  ]);
}

// A leaf answers its value; a directory answers its children, one a line, sub-directories with a
// trailing slash, as IMDS lists them.
function lookup(metadata: Map<string, string>, key: string): string | undefined {
  const leaf = metadata.get(key.replace(/\/$/, ''));
  if (leaf !== undefined && !key.endsWith('/')) return leaf;

  const prefix = key === '' || key.endsWith('/') ? key : `${key}/`;
  const children = new Set<string>();
  for (const path of metadata.keys()) {
    if (!path.startsWith(prefix)) continue;
    const [head, ...rest] = path.slice(prefix.length).split('/');
    children.add(rest.length > 0 ? `${head}/` : (head ?? ''));
  }

  return children.size > 0 ? [...children].sort().join('\n') : undefined;
}
