import type { RuleResult } from '../engine/evaluate.js';
import type { Report } from './report.js';
import { STATUS_WORD, describeTarget, labelsFor, summaryLine } from './labels.js';

/** Renders the report for a ticket: summary, then problems with their fix, the rest folded. */
export function renderMarkdown(report: Report): string {
  const labels = labelsFor(report.lang);
  const problems = report.results.filter((r) => ['fail', 'warn', 'unknown'].includes(r.status));
  const rest = report.results.filter((result) => !problems.includes(result));
  const lines = [
    `## tidb-pe doctor: ${escape(describeTarget(report))}`,
    '',
    `**${escape(summaryLine(report))}**`,
    '',
    `tidb-pe ${report.tool.version}, started ${report.startedAt}, took ${report.durationMs} ms`,
    '',
  ];
  if (report.incompleteReason)
    lines.push(`${labels.incomplete}: ${escape(report.incompleteReason)}`, '');

  for (const result of problems) lines.push(...renderProblem(result, labels));

  if (rest.length > 0) {
    lines.push('<details><summary>Other checks</summary>', '');
    for (const result of rest) {
      lines.push(
        `- **${STATUS_WORD[result.status]}** ${escape(result.title)}: ${escape(result.message)}`,
      );
    }
    lines.push('', '</details>', '');
  }

  return lines.join('\n');
}

function renderProblem(result: RuleResult, labels: ReturnType<typeof labelsFor>): string[] {
  const lines = [
    `### ${STATUS_WORD[result.status]} ${escape(result.title)} (\`${result.id}\`)`,
    '',
    escape(result.message),
    '',
  ];
  // What the rule saw goes into the ticket too, folded, so support need not ask for it.
  if (result.evidence) {
    const json = JSON.stringify(result.evidence, null, 2);
    lines.push(
      '<details><summary>Evidence</summary>',
      '',
      '```json',
      json,
      '```',
      '',
      '</details>',
      '',
    );
  }
  const fix = result.remediation;
  if (fix) {
    lines.push(`**${labels.fix}:** ${escape(fix.summary)}`, '');
    if (fix.cli.length > 0) lines.push('```sh', ...fix.cli, '```', '');
    fix.console.forEach((step, index) => lines.push(`${index + 1}. ${escape(step)}`));
    if (fix.console.length > 0) lines.push('');
  }
  lines.push(`${labels.docs}: ${result.docs}`, '');

  return lines;
}

// Messages carry AWS ids, host names and `commands`; only characters that would start emphasis or
// HTML change the layout, so only those are escaped.
function escape(text: string): string {
  return text.replace(/([\\*<])/g, '\\$1');
}
