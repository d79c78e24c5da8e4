// The collection stages of a diagnosis: EC2 first, then Route 53, Resolver and TiDB Cloud beside
// it as soon as the endpoint is known. Every collector loads on first use, so a run that skips
// one does not pay for its SDK.
import type { Debug } from '../debug.js';
import type { Facts, Target, VpcEndpoint } from '../engine/facts.js';
import { skipAll } from '../engine/facts.js';
import { reasonText } from '../engine/reasons.js';

/** What the collectors need from the run's options. */
export interface CollectOptions {
  target: Target;
  profile?: string;
  aws: boolean;
  tidbCloud: { publicKey?: string; privateKey?: string; baseUrl?: string };
  signal?: AbortSignal;
  debug: Debug;
}

const TIDB_CLOUD_FACTS = ['tidbCloudService', 'tidbCloudConnections'] as const;

/**
 * Collects the EC2 facts. The Route 53 clients load while the EC2 calls are in flight, and are
 * loaded before the probes start: loading them later would stall the event loop in the middle of
 * the probes' timings.
 */
export async function collectAws(
  options: CollectOptions,
  deadline: number,
  onEndpoint: (endpoint: VpcEndpoint | null, region: string) => void,
) {
  const preload = import('./route53.js')
    .then(({ loadDnsShadowingClients }) => loadDnsShadowingClients())
    .catch(() => undefined);
  const { collectAwsFacts } = await import('./aws.js');
  const collected = await collectAwsFacts({
    target: options.target,
    ...(options.profile && { profile: options.profile }),
    deadline,
    ...(options.signal && { signal: options.signal }),
    debug: options.debug,
    onEndpoint,
  });
  await preload;

  return collected;
}

/**
 * Collects Route 53, Resolver and TiDB Cloud facts. They only need the endpoint's VPC and id, so
 * they start as soon as the endpoint is known, beside the rest of the EC2 calls and the probes.
 */
export async function collectExtras(
  options: CollectOptions,
  endpoint: VpcEndpoint | null,
  region: string | undefined,
  deadline: number,
  host: Promise<string | undefined>,
): Promise<Facts> {
  const signal = options.signal && { signal: options.signal };
  const clusterId = options.target.tidbClusterId;
  const serviceName = endpoint?.serviceName ?? options.target.serviceName;
  const [dns, tidbCloud] = await Promise.all([
    options.aws && endpoint && region
      ? import('./route53.js').then(({ collectDnsShadowing }) =>
          collectDnsShadowing({
            region,
            vpcId: endpoint.vpcId,
            host,
            ...(options.profile && { profile: options.profile }),
            deadline,
            ...signal,
          }),
        )
      : skipAll(
          ['hostedZones', 'resolverRules'],
          'tidb-pe',
          options.aws ? reasonText('noEndpointVpc') : reasonText('awsOff'),
        ),
    clusterId
      ? import('./tidbcloud.js').then(({ collectTidbCloud }) =>
          collectTidbCloud({
            clusterId,
            ...(endpoint && { endpointId: endpoint.id }),
            ...(serviceName && { serviceName }),
            ...options.tidbCloud,
            deadline,
            ...signal,
          }),
        )
      : skipAll(TIDB_CLOUD_FACTS, 'tidb-pe', reasonText('noClusterId')),
  ]);

  return { ...dns, ...tidbCloud };
}
