import { readFile } from 'node:fs/promises';

import type { Lang } from './engine/rule.js';
import type { Report } from './report/report.js';
import { UsageError } from './cli/errors.js';
import { evaluateRules } from './engine/evaluate.js';
import { loadRules } from './engine/load-rules.js';
import { buildReport } from './report/report.js';
import { reportProblems } from './report/validate.js';
import { TOOL } from './version.js';

/** Options of a replay: the saved report and how to judge it now. */
export interface ReplayOptions {
  file: string;
  lang: Lang;
  strict: boolean;
}

/** Re-runs today's rules on the facts and probe results inside a saved report. */
export async function replayReport(options: ReplayOptions): Promise<Report> {
  const saved = await readSavedReport(options.file);
  const rules = await loadRules();
  const results = evaluateRules(rules, saved.facts, saved.probes, saved.target, options.lang);
  const startedAt = new Date(saved.startedAt);

  return buildReport({
    tool: TOOL,
    startedAt,
    finishedAt: new Date(startedAt.getTime() + saved.durationMs),
    complete: saved.complete,
    ...(saved.incompleteReason && { incompleteReason: saved.incompleteReason }),
    lang: options.lang,
    strict: options.strict,
    mode: saved.mode,
    target: saved.target,
    facts: saved.facts,
    probes: saved.probes,
    results,
  });
}

async function readSavedReport(file: string): Promise<Report> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT'
        ? 'does not exist'
        : `cannot be read: ${(error as Error).message}`;
    throw new UsageError(`Report file '${file}' ${reason}`, { cause: error });
  }

  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new UsageError(
      `Report file '${file}' is not JSON: save the output of 'tidb-pe doctor --format json' or '--output'`,
      { cause: error },
    );
  }

  const problems = reportProblems(data);
  if (problems.length > 0) {
    throw new UsageError(
      `Report file '${file}' is not a tidb-pe report: ${problems.slice(0, 3).join('; ')}`,
    );
  }

  return data as Report;
}
