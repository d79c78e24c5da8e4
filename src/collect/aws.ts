// Gathers every AWS fact for one run: who am I (instance metadata), which endpoint, then all the
// rest at once. Failures become facts; only the deadline or the caller's signal ends it early.

import type * as Ec2Sdk from '@aws-sdk/client-ec2';
import type { Fact, FactError, Facts, Target, VpcEndpoint } from '../engine/facts.js';
import type { Ec2 } from './ec2-client.js';
import type { AwsFactName, PendingFacts } from './fact-helpers.js';
import type { RunLimit } from './run-limit.js';
import { failed } from '../engine/facts.js';
import { stoppedError } from './aws-errors.js';
import { startEc2Collection } from './collect-ec2.js';
import { openEc2 } from './ec2-client.js';
import { SOURCES, factErrorOf, valueOf } from './fact-helpers.js';
import { collectIdentity } from './imds.js';
import { createRunLimit } from './run-limit.js';

/** What to collect, with which credentials, and until when. */
export interface CollectRequest {
  target: Target;
  profile?: string;
  /** Epoch ms; facts not gathered by then become `DeadlineExceeded` errors. */
  deadline: number;
  signal?: AbortSignal;
  debug?: (namespace: string, message: string) => void;
  /** Overrides the EC2 endpoint; without it `AWS_ENDPOINT_URL_EC2` / `AWS_ENDPOINT_URL` apply. */
  endpoint?: string;
  /** Overrides instance metadata's address; else `AWS_EC2_METADATA_SERVICE_ENDPOINT` applies. */
  imdsEndpoint?: string;
  /** Replaces the SDK's standard retries (8 attempts); tests use it to shorten the backoff. */
  retryStrategy?: Ec2Sdk.EC2ClientConfig['retryStrategy'];
  /** Told as soon as the endpoint is known (or known to be missing), before the rest arrives. */
  onEndpoint?: (endpoint: VpcEndpoint | null, region: string) => void;
}

/** The facts gathered and the target completed by what was discovered. */
export interface CollectResult {
  facts: Facts;
  target: Target;
}

const IMDS_TIMEOUT_MS = 1_000;

/** Collects the instance identity and every EC2 fact the rules need; AWS trouble never throws. */
export async function collectAwsFacts(request: CollectRequest): Promise<CollectResult> {
  const limit = createRunLimit(request.deadline, request.signal);
  const debug = request.debug ?? (() => undefined);
  const identity = collectIdentity({
    endpoint: request.imdsEndpoint,
    signal: limit.signal,
    timeoutMs: Math.min(IMDS_TIMEOUT_MS, limit.remainingMs()),
    debug,
  });
  let ec2: Ec2 | undefined;

  try {
    ec2 = await openEc2({
      region: request.target.region,
      profile: request.profile,
      endpoint: request.endpoint,
      retryStrategy: request.retryStrategy,
      signal: limit.signal,
      stopReason: limit.stopReason,
      debug,
      fallbackRegion: async () => valueOf(await identity)?.region,
    });
    const pending = { identity, ...startEc2Collection(ec2, request.target, identity, debug) };
    const region = ec2.region;
    void pending.endpoint.then((fact) => request.onEndpoint?.(valueOf(fact) ?? null, region));
    const facts = await settleAll(pending, limit);

    return { facts, target: completeTarget(request.target, ec2.region, facts) };
  } catch (error) {
    // Only opening the client can throw here (no region anywhere); every other fact still appears.
    const facts = await settleAll(failEverything(identity, factErrorOf(error)), limit);

    return { facts, target: request.target };
  } finally {
    ec2?.close();
    limit.dispose();
  }
}

async function settleAll(pending: PendingFacts, limit: RunLimit): Promise<Facts> {
  const names = Object.keys(pending) as AwsFactName[];
  const settled = await Promise.all(
    names.map((name) =>
      limit.bound(pending[name] as Promise<Fact<unknown>>, (reason) =>
        failed(SOURCES[name], stoppedError(reason, SOURCES[name])),
      ),
    ),
  );

  return Object.fromEntries(names.map((name, index) => [name, settled[index]])) as Facts;
}

function failEverything(identity: PendingFacts['identity'], error: FactError): PendingFacts {
  const names = (Object.keys(SOURCES) as AwsFactName[]).filter((name) => name !== 'identity');
  const facts = Object.fromEntries(
    names.map((name) => [name, Promise.resolve(failed(SOURCES[name], error))]),
  );

  return { ...facts, identity } as PendingFacts;
}

// Discovery fills in what the user did not say: the endpoint, its service and the host name.
function completeTarget(target: Target, region: string, facts: Facts): Target {
  const endpoint = valueOf(facts.endpoint);
  const service = valueOf(facts.endpointService);
  const identity = valueOf(facts.identity);
  const ownName = endpoint?.dnsEntries.find(
    (entry) => !/\.vpce\.amazonaws\.com$/i.test(entry.dnsName),
  );
  const serviceName = target.serviceName ?? endpoint?.serviceName;
  const host = target.host ?? service?.privateDnsName ?? ownName?.dnsName;
  const instanceId =
    target.instanceId ?? (identity?.region === region ? identity.instanceId : undefined);

  return {
    ...target,
    region,
    ...(endpoint && { vpcEndpointId: endpoint.id }),
    ...(serviceName && { serviceName }),
    ...(host && { host }),
    ...(instanceId && { instanceId }),
  };
}
