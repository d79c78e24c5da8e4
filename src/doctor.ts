import type { Debug } from './debug.js';
import type {
  Fact,
  FactName,
  Facts,
  ProbeName,
  Probes,
  Target,
  VpcEndpoint,
} from './engine/facts.js';
import type { Lang } from './engine/rule.js';
import type { ProbeNetwork } from './probe/index.js';
import type { Report } from './report/report.js';
import { vpcResolverAddress } from './engine/address.js';
import { evaluateRules } from './engine/evaluate.js';
import { skipped } from './engine/facts.js';
import { loadRules } from './engine/load-rules.js';
import { reasonText } from './engine/reasons.js';
import { buildReport } from './report/report.js';
import { TOOL } from './version.js';

/** Everything a diagnosis needs, already validated. */
export interface DoctorOptions {
  target: Target;
  profile?: string;
  caFile?: string;
  /** From TIDB_PASSWORD; used for the login probe and nowhere else. */
  password?: string;
  timeoutMs: number;
  aws: boolean;
  live: boolean;
  lang: Lang;
  strict: boolean;
  tidbCloud: { publicKey?: string; privateKey?: string; baseUrl?: string };
  /** The scenario name, in a simulated run. */
  simulated?: string;
  /** The simulated network the probes use instead of the machine's. */
  network?: ProbeNetwork;
  signal?: AbortSignal;
  debug: Debug;
  progress?: (step: DoctorStep) => void;
}

/** The stages of a run, for progress display. */
export type DoctorStep = 'aws' | 'probes' | 'rules';

const AWS_FACTS: readonly FactName[] = [
  'identity',
  'endpointDiscovery',
  'endpoint',
  'endpointService',
  'vpc',
  'vpcDnsAttributes',
  'dhcpOptions',
  'subnets',
  'securityGroups',
  'networkInterfaces',
  'networkAcls',
  'clientInstance',
  'prefixLists',
  'vpcEndpointsInVpc',
  'hostedZones',
  'resolverRules',
];
const TIDB_CLOUD_FACTS: readonly FactName[] = ['tidbCloudService', 'tidbCloudConnections'];
const PROBES: readonly ProbeName[] = [
  'dnsSystem',
  'dnsVpc',
  'dnsEndpointNames',
  'tcp',
  'mysql',
  'tls',
  'auth',
];
const AWS_SHARE = 0.6;
const AMAZON_DNS_LINK_LOCAL = '169.254.169.253';

// Stages get a little time past the deadline to hand back what they have before they are cut.
const GRACE_MS = 750;
// The error codes of a fact or probe that the run's deadline (or an interrupt) cut off.
const CUT_CODES = new Set(['DeadlineExceeded', 'Aborted']);

/** Runs one diagnosis: collect, probe, evaluate, report. Never throws for a failed check. */
export async function runDoctor(options: DoctorOptions): Promise<Report> {
  const startedAt = new Date();
  const deadline = startedAt.getTime() + options.timeoutMs;
  const rulesLoaded = loadRules();
  const stage = new StageRunner(deadline, options.signal);

  options.progress?.('aws');
  // AWS gets most of the time but not all of it, so a hanging API still leaves the probes room.
  const awsDeadline = startedAt.getTime() + Math.round(options.timeoutMs * AWS_SHARE);
  let extras: Promise<Facts> | undefined;
  // The extras start as soon as the endpoint is known; the host name may come later, from the
  // endpoint service, and only the Route 53 record lookups wait for it.
  let tellHost: (host: string | undefined) => void = () => undefined;
  const host = new Promise<string | undefined>((resolve) => (tellHost = resolve));
  const startExtras = (endpoint: VpcEndpoint | null, region: string | undefined) => {
    extras ??= collectExtras(options, endpoint, region, deadline, host);
  };
  const collected = options.aws
    ? await stage.run(collectAws(options, awsDeadline, startExtras))
    : {
        facts: skipAll(AWS_FACTS, reasonText('awsOff')),
        target: options.target,
      };
  const facts: Facts = { ...collected?.facts };
  const target = collected?.target ?? options.target;
  tellHost(target.host);

  options.progress?.('probes');
  startExtras(facts.endpoint?.status === 'ok' ? facts.endpoint.value : null, target.region);
  const [extra, probes] = await Promise.all([
    stage.run(extras as Promise<Facts>),
    stage.run(probe(options, facts, target, deadline)),
  ]);
  Object.assign(facts, extra);

  options.progress?.('rules');
  const results = evaluateRules(await rulesLoaded, facts, probes ?? {}, target, options.lang);
  const incompleteReason = stage.reason ?? cutShort({ ...facts, ...probes });

  return buildReport({
    tool: TOOL,
    startedAt,
    finishedAt: new Date(),
    complete: incompleteReason === undefined,
    ...(incompleteReason && { incompleteReason }),
    lang: options.lang,
    strict: options.strict,
    mode: {
      aws: options.aws,
      live: options.live,
      ...(options.simulated && { simulated: options.simulated }),
    },
    target,
    facts,
    probes: probes ?? {},
    results,
  });
}

// The Route 53 clients load while the EC2 calls are in flight, and are loaded before the probes
// start: loading them later would stall the event loop in the middle of the probes' timings.
async function collectAws(
  options: DoctorOptions,
  deadline: number,
  onEndpoint: (endpoint: VpcEndpoint | null, region: string) => void,
) {
  const preload = import('./collect/route53.js')
    .then(({ loadDnsShadowingClients }) => loadDnsShadowingClients())
    .catch(() => undefined);
  const { collectAwsFacts } = await import('./collect/aws.js');
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

// Route 53, Resolver and TiDB Cloud only need the endpoint's VPC and id, so they start as soon as
// the endpoint is known, beside the rest of the EC2 calls and then the live probes.
async function collectExtras(
  options: DoctorOptions,
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
      ? import('./collect/route53.js').then(({ collectDnsShadowing }) =>
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
          options.aws ? reasonText('noEndpointVpc') : reasonText('awsOff'),
        ),
    clusterId
      ? import('./collect/tidbcloud.js').then(({ collectTidbCloud }) =>
          collectTidbCloud({
            clusterId,
            ...(endpoint && { endpointId: endpoint.id }),
            ...(serviceName && { serviceName }),
            ...options.tidbCloud,
            deadline,
            ...signal,
          }),
        )
      : skipAll(TIDB_CLOUD_FACTS, reasonText('noClusterId')),
  ]);

  return { ...dns, ...tidbCloud };
}

async function probe(
  options: DoctorOptions,
  facts: Facts,
  target: Target,
  deadline: number,
): Promise<Probes> {
  if (!options.live) return skipAll(PROBES, reasonText('liveOff'));
  if (!target.host) {
    return skipAll(PROBES, reasonText('noHost'));
  }

  const { runProbes } = await import('./probe/index.js');
  const endpoint = facts.endpoint?.status === 'ok' ? facts.endpoint.value : null;
  const endpointDnsNames = (endpoint?.dnsEntries ?? [])
    .map((entry) => entry.dnsName)
    .filter((name) => name.endsWith('.vpce.amazonaws.com'));

  return runProbes({
    host: target.host,
    port: target.port,
    tls: target.tls,
    ...(options.caFile && { caFile: options.caFile }),
    ...(target.user && { user: target.user }),
    ...(options.password !== undefined && { password: options.password }),
    resolvers: resolversFor(target, facts),
    endpointDnsNames,
    ...(options.network && { network: options.network }),
    deadline,
    ...(options.signal && { signal: options.signal }),
    debug: options.debug,
  });
}

// The VPC resolver is asked directly beside the system resolver: --resolver when given, else
// Amazon DNS at the VPC's base + 2 and its link-local address, when running inside a VPC.
function resolversFor(target: Target, facts: Facts): string[] {
  if (target.resolver) return [target.resolver];

  const identity = facts.identity?.status === 'ok' ? facts.identity.value : null;
  const vpc = facts.vpc?.status === 'ok' ? facts.vpc.value : null;
  if (!identity) return [];

  const cidr = identity.vpcCidrBlocks[0] ?? vpc?.cidrBlocks[0];
  const base = cidr ? vpcResolverAddress(cidr) : undefined;

  return base ? [base, AMAZON_DNS_LINK_LOCAL] : [AMAZON_DNS_LINK_LOCAL];
}

// Collectors stop at their share of the deadline by themselves, so a stage can end in time and
// still have lost facts to the deadline; such facts carry the code of the cut.
function cutShort(evidence: Record<string, Fact<unknown> | undefined>): string | undefined {
  const cut = Object.entries(evidence)
    .filter(([, fact]) => fact?.status === 'error' && CUT_CODES.has(fact.error.code))
    .map(([name]) => name);

  return cut.length > 0
    ? `the deadline (--timeout) was reached before ${cut.join(', ')} could be gathered`
    : undefined;
}

function skipAll<K extends string>(names: readonly K[], reason: string): Record<K, Fact<never>> {
  return Object.fromEntries(names.map((name) => [name, skipped(`tidb-pe`, reason)])) as Record<
    K,
    Fact<never>
  >;
}

/** Runs stages against the deadline and the interrupt signal, remembering whether any was cut. */
class StageRunner {
  private cutReason: string | undefined;

  constructor(
    private readonly deadline: number,
    private readonly signal: AbortSignal | undefined,
  ) {}

  /** Why the run is incomplete, if it is. */
  get reason(): string | undefined {
    if (this.signal?.aborted) return 'the run was interrupted';
    if (Date.now() >= this.deadline) return 'the deadline (--timeout) was reached';

    return this.cutReason;
  }

  /** Waits for `work`, but not past the deadline (or an interrupt) plus a short grace. */
  async run<T>(work: Promise<T>): Promise<T | undefined> {
    const timers: NodeJS.Timeout[] = [];
    const onAbort = () => timers.push(setTimeout(() => cut('the run was interrupted'), GRACE_MS));
    let cut: (reason: string) => void = () => undefined;
    const cutOff = new Promise<undefined>((resolve) => {
      cut = (reason) => {
        this.cutReason ??= reason;
        resolve(undefined);
      };
    });
    timers.push(
      setTimeout(
        () => cut('the deadline (--timeout) was reached'),
        Math.max(0, this.deadline - Date.now()) + GRACE_MS,
      ),
    );
    // A stage started after an interrupt gets the same grace as one that was running then.
    if (this.signal?.aborted) onAbort();
    else this.signal?.addEventListener('abort', onAbort, { once: true });

    try {
      return await Promise.race([work, cutOff]);
    } finally {
      timers.forEach(clearTimeout);
      this.signal?.removeEventListener('abort', onAbort);
    }
  }
}
