import type { Debug } from './debug.js';
import type { FactName, Facts, Target, VpcEndpoint } from './engine/facts.js';
import type { Lang } from './engine/rule.js';
import type { ProbeNetwork } from './probe/index.js';
import type { Report } from './report/report.js';
import { collectAws, collectExtras } from './collect/stages.js';
import { evaluateRules } from './engine/evaluate.js';
import { skipAll } from './engine/facts.js';
import { loadRules } from './engine/load-rules.js';
import { reasonText } from './engine/reasons.js';
import { probeTarget } from './probe/plan.js';
import { buildReport } from './report/report.js';
import { cutShort, StageRunner } from './stage-runner.js';
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

// Every fact that needs AWS: all are skipped, with one reason, when AWS is turned off.
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
// AWS gets most of the time but not all of it, so a hanging API still leaves the probes room.
const AWS_SHARE = 0.6;

/** Runs one diagnosis: collect, probe, evaluate, report. Never throws for a failed check. */
export async function runDoctor(options: DoctorOptions): Promise<Report> {
  const startedAt = new Date();
  const deadline = startedAt.getTime() + options.timeoutMs;
  const rulesLoaded = loadRules();
  const stage = new StageRunner(deadline, options.signal);

  options.progress?.('aws');
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
        facts: skipAll(AWS_FACTS, 'tidb-pe', reasonText('awsOff')),
        target: options.target,
      };
  const facts: Facts = { ...collected?.facts };
  const target = collected?.target ?? options.target;
  tellHost(target.host);

  options.progress?.('probes');
  startExtras(facts.endpoint?.status === 'ok' ? facts.endpoint.value : null, target.region);
  const [extra, probes] = await Promise.all([
    stage.run(extras as Promise<Facts>),
    stage.run(probeTarget(options, facts, target, deadline)),
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
