import type { Facts, Probes } from '../../src/engine/facts.js';
import type { Rule } from '../../src/engine/rule.js';
import type { Report } from '../../src/report/report.js';
import { evaluateRules } from '../../src/engine/evaluate.js';
import { loadRules } from '../../src/engine/load-rules.js';
import { FORMATS } from '../../src/cli/options.js';
import { renderReport } from '../../src/report/render.js';
import { buildReport } from '../../src/report/report.js';
import { reportProblems } from '../../src/report/validate.js';
import { TOOL } from '../../src/version.js';
import { healthyTarget } from '../helpers/evidence.js';

/** A judged run: its report as it would be saved, and what the schema finds wrong with it. */
export interface Judged {
  report: Report;
  problems: string[];
}

let rules: Promise<Rule[]> | undefined;

/**
 * Judges the evidence with every rule as the doctor does, renders it in every format (which must
 * not throw), and checks the report, after a trip through JSON, against the shipped schema.
 */
export async function judge(facts: Facts, probes: Probes): Promise<Judged> {
  rules ??= loadRules();
  const target = healthyTarget();
  const report = buildReport({
    tool: TOOL,
    startedAt: new Date('2026-12-01T09:00:00.000Z'),
    finishedAt: new Date('2026-12-01T09:00:02.000Z'),
    complete: true,
    lang: 'en',
    strict: false,
    mode: { aws: true, live: true },
    target,
    facts,
    probes,
    results: evaluateRules(await rules, facts, probes, target, 'en'),
  });
  for (const format of FORMATS) await renderReport(report, format, { color: true, verbose: true });

  const saved = JSON.parse(JSON.stringify(report)) as Report;

  return { report: saved, problems: reportProblems(saved) };
}
