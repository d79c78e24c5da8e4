import type { Facts, Probes } from '../../src/engine/facts.js';
import type { Report } from '../../src/report/report.js';
import { evaluateRules } from '../../src/engine/evaluate.js';
import { failed } from '../../src/engine/facts.js';
import { loadRules } from '../../src/engine/load-rules.js';
import { buildReport } from '../../src/report/report.js';
import { TOOL } from '../../src/version.js';
import {
  asFacts,
  asProbes,
  healthyFactValues,
  healthyProbeValues,
  healthyTarget,
} from '../helpers/evidence.js';

/** How the healthy account is spoilt, and how the run ended. */
export interface MixedOptions {
  strict?: boolean;
  incompleteReason?: string;
  facts?: (facts: Facts) => void;
  probes?: (probes: Probes) => void;
}

/**
 * The healthy account with one check of each kind gone wrong: private DNS off (fail), security
 * groups denied (unknown), a slow connect (warn), and no login asked for (skip).
 */
export async function mixedReport(options: MixedOptions = {}): Promise<Report> {
  const factValues = healthyFactValues();
  factValues.endpoint!.privateDnsEnabled = false;
  const probeValues = healthyProbeValues();
  probeValues.tcp.durationMs = 900;

  const facts = asFacts(factValues);
  facts.securityGroups = failed('ec2:DescribeSecurityGroups', {
    code: 'UnauthorizedOperation',
    message: 'You are not authorized to perform this operation',
    iamAction: 'ec2:DescribeSecurityGroups',
  });
  const probes = asProbes(probeValues);
  probes.auth = { status: 'skipped', source: 'tidb-pe', reason: 'no --user was given' };
  options.facts?.(facts);
  options.probes?.(probes);

  return buildReport({
    tool: TOOL,
    startedAt: new Date('2026-12-01T09:00:00.000Z'),
    finishedAt: new Date('2026-12-01T09:00:01.250Z'),
    complete: options.incompleteReason === undefined,
    ...(options.incompleteReason && { incompleteReason: options.incompleteReason }),
    lang: 'en',
    strict: Boolean(options.strict),
    mode: { aws: true, live: true },
    target: healthyTarget(),
    facts,
    probes,
    results: evaluateRules(await loadRules(), facts, probes, healthyTarget(), 'en'),
  });
}
