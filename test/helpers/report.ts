import type { FactValues, ProbeValues } from '../../src/engine/facts.js';
import type { Lang } from '../../src/engine/rule.js';
import type { Report } from '../../src/report/report.js';
import { evaluateRules } from '../../src/engine/evaluate.js';
import { loadRules } from '../../src/engine/load-rules.js';
import { buildReport } from '../../src/report/report.js';
import { TOOL } from '../../src/version.js';
import {
  asFacts,
  asProbes,
  healthyFactValues,
  healthyProbeValues,
  healthyTarget,
} from './evidence.js';

/** A full report over the healthy account, changed as asked, judged by every rule. */
export async function healthyReport(
  change: { facts?: (f: FactValues) => void; probes?: (p: ProbeValues) => void } = {},
  lang: Lang = 'en',
): Promise<Report> {
  const factValues = healthyFactValues();
  const probeValues = healthyProbeValues();
  change.facts?.(factValues);
  change.probes?.(probeValues);

  const facts = asFacts(factValues);
  const probes = asProbes(probeValues);
  const target = healthyTarget();
  const results = evaluateRules(await loadRules(), facts, probes, target, lang);

  return buildReport({
    tool: TOOL,
    startedAt: new Date('2026-12-01T09:00:00.000Z'),
    finishedAt: new Date('2026-12-01T09:00:00.850Z'),
    complete: true,
    lang,
    strict: false,
    mode: { aws: true, live: true },
    target,
    facts,
    probes,
    results,
  });
}
