// Who am I: the instance this runs on, from instance metadata (IMDSv2). A small client of its own
// with short timeouts and no retries, because off EC2 nothing answers and the run must go on.
// IMDSv1 is never tried: in a container behind a metadata hop limit of 1 the token never comes,
// the host is taken as not on EC2, and the skip reason names the hop limit as the likely cause.

import http from 'node:http';

import type { Debug } from '../debug.js';
import type { Fact, FactError, InstanceIdentity } from '../engine/facts.js';
import { failed, ok, skipped } from '../engine/facts.js';
import { reasonText } from '../engine/reasons.js';
import { startLoopTimer } from './loop-timer.js';

/** Where to find instance metadata and how long to wait for it. */
export interface ImdsOptions {
  /** Overrides `AWS_EC2_METADATA_SERVICE_ENDPOINT` and the default address. */
  endpoint?: string;
  /** Per request; 1 s by default, as the AWS SDKs do. */
  timeoutMs?: number;
  signal?: AbortSignal;
  debug?: Debug;
}

const SOURCE = 'imds';
const IPV4_ENDPOINT = 'http://169.254.169.254';
const IPV6_ENDPOINT = 'http://[fd00:ec2::254]';
const TIMEOUT_MS = 1_000;
const TOKEN_TTL_SECONDS = '300';
const MAX_BODY_BYTES = 64 * 1024;
const UNREACHABLE = ['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ENETDOWN', 'EADDRNOTAVAIL'];

/** Reads the identity of the EC2 instance this runs on; skipped when not on EC2. */
export async function collectIdentity(
  options: ImdsOptions = {},
): Promise<Fact<InstanceIdentity | null>> {
  // As in the AWS SDKs, any value but `false` turns instance metadata off.
  const disabled = process.env.AWS_EC2_METADATA_DISABLED;
  if (disabled && disabled.toLowerCase() !== 'false') {
    return skipped(SOURCE, reasonText('imdsDisabled'));
  }

  const base = metadataEndpoint(options.endpoint);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
  const client: ImdsClient = {
    base,
    agent,
    timeoutMs: options.timeoutMs ?? TIMEOUT_MS,
    signal: options.signal,
  };
  const started = performance.now();
  try {
    const token = await fetchToken(client);
    if (typeof token !== 'string') return token;

    const identity = await readIdentity(client, token);
    const elapsed = Math.round(performance.now() - started);
    options.debug?.('aws', `instance metadata answered in ${elapsed} ms: '${identity.instanceId}'`);

    return ok(SOURCE, identity);
  } catch (error) {
    const factError = explainFailure(error, client);
    options.debug?.('aws', `instance metadata failed: ${factError.message}`);

    return failed(SOURCE, factError);
  } finally {
    agent.destroy();
  }
}

/** The metadata base URL without a trailing slash, so that paths never start with `//`. */
export function metadataEndpoint(override?: string): string {
  const mode = process.env.AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE?.toLowerCase();
  const fallback = mode === 'ipv6' ? IPV6_ENDPOINT : IPV4_ENDPOINT;
  const endpoint = override ?? (process.env.AWS_EC2_METADATA_SERVICE_ENDPOINT || fallback);

  return endpoint.replace(/\/+$/, '');
}

interface ImdsClient {
  base: string;
  agent: http.Agent;
  timeoutMs: number;
  signal?: AbortSignal;
}

interface Reply {
  status: number;
  body: string;
}

/** A metadata request that got no usable answer. */
class ImdsRequestError extends Error {
  constructor(
    readonly kind: 'timeout' | 'unreachable' | 'stopped' | 'status' | 'other',
    message: string,
    cause?: unknown,
  ) {
    super(message, { cause });
    this.name = 'ImdsRequestError';
  }
}

async function fetchToken(client: ImdsClient): Promise<string | Fact<InstanceIdentity | null>> {
  const seconds = client.timeoutMs / 1000;
  try {
    const reply = await request(client, 'PUT', '/latest/api/token', {
      'x-aws-ec2-metadata-token-ttl-seconds': TOKEN_TTL_SECONDS,
    });
    const token = reply.body.trim();
    if (reply.status === 200 && token) return token;
    if (reply.status === 200) {
      return skipped(SOURCE, reasonText('imdsEmptyToken', { base: client.base }));
    }
    if (reply.status === 403) {
      return skipped(SOURCE, reasonText('imdsOffForInstance'));
    }

    // Other clouds serve metadata at the same address but know no IMDSv2 token.
    return skipped(
      SOURCE,
      reasonText('imdsTokenRefused', { base: client.base, status: reply.status }),
    );
  } catch (error) {
    if (!(error instanceof ImdsRequestError)) throw error;

    // Off EC2 the link-local address usually swallows packets, so a timeout is the normal answer;
    // on EC2, a container behind a hop limit of 1 sees the same silence.
    if (error.kind === 'timeout') {
      return skipped(SOURCE, reasonText('imdsSilent', { base: client.base, seconds }));
    }
    if (error.kind === 'unreachable') {
      return skipped(
        SOURCE,
        reasonText('imdsUnreachable', { base: client.base, why: error.message }),
      );
    }
    throw error;
  }
}

async function readIdentity(client: ImdsClient, token: string): Promise<InstanceIdentity> {
  const get = (path: string) => readItem(client, token, path);
  const [instanceId, region, availabilityZone, availabilityZoneId, mac, localIpv4] =
    await Promise.all([
      get('instance-id'),
      get('placement/region'),
      get('placement/availability-zone'),
      get('placement/availability-zone-id'),
      get('mac'),
      get('local-ipv4'),
    ]);
  const home = region ?? (availabilityZone && regionOfZone(availabilityZone));
  if (!instanceId || !home) {
    throw new ImdsRequestError('status', 'instance metadata lacks the instance id or its region');
  }

  const nic = `network/interfaces/macs/${mac ?? ''}`;
  const [vpcId, subnetId, groups, primaryCidr, cidrs] = mac
    ? await Promise.all([
        get(`${nic}/vpc-id`),
        get(`${nic}/subnet-id`),
        get(`${nic}/security-group-ids`),
        get(`${nic}/vpc-ipv4-cidr-block`),
        get(`${nic}/vpc-ipv4-cidr-blocks`),
      ])
    : [];

  return {
    instanceId,
    region: home,
    ...(availabilityZone && { availabilityZone }),
    ...(availabilityZoneId && { availabilityZoneId }),
    ...(mac && { mac }),
    ...(vpcId && { vpcId }),
    ...(subnetId && { subnetId }),
    securityGroupIds: lines(groups),
    ...(localIpv4 && { localIpv4 }),
    // The primary block first: the VPC resolver is its base plus two, and the list of all
    // blocks promises no order.
    vpcCidrBlocks: [...new Set(lines(primaryCidr).concat(lines(cidrs)))],
  };
}

// Items that a given instance does not have (no IPv4, an older launch) answer 404: undefined.
async function readItem(client: ImdsClient, token: string, path: string) {
  const reply = await request(client, 'GET', `/latest/meta-data/${path}`, {
    'x-aws-ec2-metadata-token': token,
  });
  if (reply.status === 200) return reply.body.trim();
  if (reply.status === 404) return undefined;

  throw new ImdsRequestError('status', `'${path}' answered HTTP ${reply.status}`);
}

function request(
  client: ImdsClient,
  method: 'GET' | 'PUT',
  path: string,
  headers: Record<string, string>,
): Promise<Reply> {
  const timeout = new AbortController();
  const signal = client.signal ? AbortSignal.any([timeout.signal, client.signal]) : timeout.signal;
  let answered = false;
  const cancel = startLoopTimer(client.timeoutMs, () => answered || timeout.abort());

  return new Promise<Reply>((resolve, reject) => {
    const fail = (error: Error & { code?: string }) => {
      if (client.signal?.aborted) reject(new ImdsRequestError('stopped', 'stopped', error));
      else if (timeout.signal.aborted) reject(new ImdsRequestError('timeout', 'timed out', error));
      else if (UNREACHABLE.includes(error.code ?? '')) {
        reject(new ImdsRequestError('unreachable', error.code ?? 'unreachable', error));
      } else reject(new ImdsRequestError('other', error.message, error));
    };
    const req = http.request(
      new URL(`${client.base}${path}`),
      { method, headers, agent: client.agent, signal },
      (res) => {
        answered = true;
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_BODY_BYTES) req.destroy(new Error('instance metadata reply is too large'));
          else chunks.push(chunk);
        });
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') });
        });
        res.on('error', fail);
      },
    );
    req.on('error', fail);
    req.end();
  }).finally(cancel);
}

function explainFailure(error: unknown, client: ImdsClient): FactError {
  if (error instanceof ImdsRequestError && error.kind === 'stopped') {
    return {
      code: 'DeadlineExceeded',
      message: reasonText('imdsStopped'),
    };
  }

  const detail = error instanceof Error ? error.message : String(error);

  return {
    code: 'ImdsError',
    message: `Instance metadata at '${client.base}' gave no usable answer: ${detail}`,
  };
}

// Older instances lack `placement/region`; a zone name starts with its region, also for Local
// Zones and Wavelength Zones (`us-west-2-lax-1a`, `us-east-1-wl1-bos-wlz-1`).
function regionOfZone(zone: string): string {
  return /^[a-z]{2}(?:-[a-z]+)+-\d+/.exec(zone)?.[0] ?? zone.replace(/[a-z]$/, '');
}

function lines(text: string | undefined): string[] {
  return (text ?? '')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
}
