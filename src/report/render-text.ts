import type { RuleResult } from '../engine/evaluate.js';
import type { Status } from '../engine/rule.js';
import type { Report } from './report.js';
import { STATUS_WORD, describeTarget, labelsFor, summaryLine } from './labels.js';

/** Options of the plain-text report. */
export interface TextOptions {
  color: boolean;
  /** Also show the message of passing results. */
  verbose?: boolean;
}

const COLORS: Record<Status, string> = {
  pass: '\u001b[32m',
  info: '\u001b[36m',
  warn: '\u001b[33m',
  fail: '\u001b[31m',
  skip: '\u001b[2m',
  unknown: '\u001b[35m',
};
const RESET = '\u001b[0m';
const INDENT = '        ';

/** Renders the report as plain lines: a status word and title, then the finding and the fix. */
export function renderText(report: Report, options: TextOptions): string {
  const lines = [`tidb-pe doctor: ${describeTarget(report)}`, ''];
  const causes = new Set<string>();
  for (const result of report.results) {
    const cause = repeatableCause(result);
    if (cause && causes.has(cause)) lines.push(...renderRepeat(result, report, options));
    else lines.push(...renderResult(result, report, options));
    if (cause) causes.add(cause);
  }

  lines.push('', summaryLine(report));

  return `${lines.join('\n')}\n`;
}

// One missing fact (no credentials, a denied call) can hold back a dozen rules; its reason and
// fix are told in full once, and each later rule it holds back points up to them.
function repeatableCause(result: RuleResult): string | undefined {
  if (!result.missing || !['unknown', 'skip'].includes(result.status)) return undefined;

  return `${result.status}\u0000${result.missing.reason}`;
}

function renderRepeat(result: RuleResult, report: Report, options: TextOptions): string[] {
  const labels = labelsFor(report.lang);
  const name = result.missing?.name ?? '';
  const text = result.status === 'unknown' ? labels.sameUnknown : labels.sameSkip;

  return [statusLine(result, options), `${INDENT}${text.replace('{name}', name)}`];
}

function statusLine(result: RuleResult, options: TextOptions): string {
  const word = STATUS_WORD[result.status].padEnd(7);
  const status = options.color ? `${COLORS[result.status]}${word}${RESET}` : word;

  return `${status} ${result.title}`;
}

function renderResult(result: RuleResult, report: Report, options: TextOptions): string[] {
  const lines = [statusLine(result, options)];
  if (result.status === 'pass' && !options.verbose) return lines;

  lines.push(`${INDENT}${result.message}`);
  const fix = result.remediation;
  if (!fix) return lines;

  const labels = labelsFor(report.lang);
  lines.push(`${INDENT}${labels.fix}: ${fix.summary}`);
  for (const command of fix.cli) lines.push(`${INDENT}  $ ${command}`);
  fix.console.forEach((step, index) => {
    const heading = index === 0 ? `${labels.console}: ` : ' '.repeat(labels.console.length + 2);
    lines.push(`${INDENT}${heading}${index + 1}. ${step}`);
  });
  lines.push(`${INDENT}${labels.docs}: ${result.docs}`);

  return lines;
}
