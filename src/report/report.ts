import type { Facts, Probes, Target } from '../engine/facts.js';
import type { RuleResult } from '../engine/evaluate.js';
import type { Lang, Status } from '../engine/rule.js';
import type { Overall } from '../engine/exit-code.js';
import { exitCodeFor, overallStatus } from '../engine/exit-code.js';

/** The report schema version; bump it only with a deliberate change to the contract. */
const SCHEMA_VERSION = 1;

/** How many results had each status. */
export type StatusCounts = Record<Status, number>;

/** The verdict of a run. */
export interface Summary {
  status: Overall;
  counts: StatusCounts;
  exitCode: number;
  strict: boolean;
}

/** The whole report: every output format is rendered from this one object. */
export interface Report {
  schemaVersion: typeof SCHEMA_VERSION;
  tool: { name: string; version: string };
  startedAt: string;
  durationMs: number;
  /** False when the run was cut short by the deadline or an interrupt. */
  complete: boolean;
  incompleteReason?: string;
  lang: Lang;
  mode: { aws: boolean; live: boolean; simulated?: string };
  target: Target;
  facts: Facts;
  probes: Probes;
  results: RuleResult[];
  summary: Summary;
}

/** What a run gathered, before it is judged. */
export interface ReportInput {
  tool: { name: string; version: string };
  startedAt: Date;
  finishedAt: Date;
  complete: boolean;
  incompleteReason?: string;
  lang: Lang;
  strict: boolean;
  mode: Report['mode'];
  target: Target;
  facts: Facts;
  probes: Probes;
  results: RuleResult[];
}

/** Assembles the report and its summary; an incomplete run is never better than unknown. */
export function buildReport(input: ReportInput): Report {
  const counts = countStatuses(input.results);
  let status = overallStatus(
    input.results.map((result) => result.status),
    input.strict,
  );
  if (!input.complete && (status === 'ok' || status === 'warning')) status = 'unknown';

  return {
    schemaVersion: SCHEMA_VERSION,
    tool: input.tool,
    startedAt: input.startedAt.toISOString(),
    durationMs: input.finishedAt.getTime() - input.startedAt.getTime(),
    complete: input.complete,
    ...(input.incompleteReason && { incompleteReason: input.incompleteReason }),
    lang: input.lang,
    mode: input.mode,
    target: input.target,
    facts: input.facts,
    probes: input.probes,
    results: input.results,
    summary: { status, counts, exitCode: exitCodeFor(status), strict: input.strict },
  };
}

/** Counts results by status. */
function countStatuses(results: readonly RuleResult[]): StatusCounts {
  const counts: StatusCounts = { pass: 0, info: 0, warn: 0, fail: 0, skip: 0, unknown: 0 };
  for (const result of results) counts[result.status] += 1;

  return counts;
}
