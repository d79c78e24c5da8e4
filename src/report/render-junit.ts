// JUnit XML as Jenkins, GitLab and most CI servers read it (the Ant shape): one suite per run and
// one test case per rule, so that a scheduled pipeline shows each check and its history.
import type { RuleResult } from '../engine/evaluate.js';
import type { Report } from './report.js';
import { describeTarget, summaryLine } from './labels.js';

// XML 1.0 allows tab, newline, carriage return and the code points from U+0020 up, except the
// surrogates and U+FFFE/U+FFFF; anything else cannot even be escaped, so it is dropped.
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/**
 * Renders one JUnit test case per rule: a failure is a `<failure>`, an undecided check an
 * `<error>`, a skipped one `<skipped>`; a warning fails its case only with `--strict`.
 */
export function renderJunit(report: Report): string {
  const { counts, strict } = report.summary;
  const totals = [
    `tests="${report.results.length}"`,
    `failures="${counts.fail + (strict ? counts.warn : 0)}"`,
    `errors="${counts.unknown}"`,
    `skipped="${counts.skip}"`,
    `time="${seconds(report.durationMs)}"`,
  ].join(' ');
  // Ant's timestamp is an ISO 8601 date and time without a zone; the report's is in UTC.
  const timestamp = report.startedAt.replace(/(?:\.\d+)?Z$/, '');
  const suite = `tidb-pe doctor ${describeTarget(report)}`;

  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="tidb-pe" ${totals}>`,
    `  <testsuite name="${attribute(suite)}" ${totals} timestamp="${timestamp}">`,
    ...renderProperties(report),
    ...report.results.map((result) => renderCase(result, strict)),
    `    <system-out>${text(summaryLine(report))}</system-out>`,
    ...(report.complete ? [] : [`    <system-err>${text(incomplete(report))}</system-err>`]),
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

// Properties carry what was checked and the verdict, so that a CI job can show them without
// opening the JSON report.
function renderProperties(report: Report): string[] {
  const { target, summary } = report;
  const entries: Array<[string, string | number | boolean | undefined]> = [
    ['tool.version', report.tool.version],
    ['target.region', target.region],
    ['target.vpcEndpointId', target.vpcEndpointId],
    ['target.serviceName', target.serviceName],
    ['target.host', target.host],
    ['target.port', target.port],
    ['target.instanceId', target.instanceId],
    ['target.tidbClusterId', target.tidbClusterId],
    ['mode.simulated', report.mode.simulated],
    ['complete', report.complete],
    ['incompleteReason', report.incompleteReason],
    ['summary.status', summary.status],
    ['summary.exitCode', summary.exitCode],
    ['summary.strict', summary.strict],
  ];
  const properties = entries
    .filter((entry): entry is [string, string | number | boolean] => entry[1] !== undefined)
    .map(([name, value]) => `      <property name="${name}" value="${attribute(String(value))}"/>`);

  return ['    <properties>', ...properties, '    </properties>'];
}

function renderCase(result: RuleResult, strict: boolean): string {
  const area = result.id.split('.')[0] ?? result.id;
  const name = attribute(`${result.id}: ${result.title}`);
  const open = `    <testcase classname="tidb-pe.${attribute(area)}" name="${name}" time="0">`;
  const child = renderOutcome(result, strict);

  return child ? `${open}\n      ${child}\n    </testcase>` : `${open}</testcase>`;
}

function renderOutcome(result: RuleResult, strict: boolean): string | undefined {
  const details = text(describe(result));
  const message = attribute(result.message);

  switch (result.status) {
    case 'fail':
      return `<failure message="${message}" type="fail">${details}</failure>`;
    case 'warn':
      return strict
        ? `<failure message="${message}" type="warn">${details}</failure>`
        : `<system-out>WARN: ${details}</system-out>`;
    case 'unknown':
      return `<error message="${message}" type="unknown">${details}</error>`;
    case 'skip':
      return `<skipped message="${message}"/>`;
    case 'info':
      return `<system-out>INFO: ${details}</system-out>`;
    case 'pass':
      return undefined;
  }
}

// The body of a failing case is what a reader of the CI log needs: the finding, what was seen,
// what to do and where to read more.
function describe(result: RuleResult): string {
  const lines = [result.message];
  if (result.missing) {
    const action = result.missing.iamAction ? ` (IAM action ${result.missing.iamAction})` : '';
    lines.push(`Missing: ${result.missing.name}: ${result.missing.reason}${action}`);
  }
  if (result.evidence) lines.push(`Evidence: ${JSON.stringify(result.evidence)}`);

  const fix = result.remediation;
  if (fix) {
    lines.push(`Fix: ${fix.summary}`, ...fix.cli.map((command) => `  $ ${command}`));
    lines.push(...fix.console.map((step, index) => `  ${index + 1}. ${step}`));
  }
  lines.push(`Docs: ${result.docs}`);

  return lines.join('\n');
}

function incomplete(report: Report): string {
  return `Incomplete run: ${report.incompleteReason ?? 'no reason was recorded'}`;
}

function seconds(ms: number): string {
  return (Math.max(0, ms) / 1000).toFixed(3);
}

function text(value: string): string {
  return value
    .replace(NOT_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r/g, '&#13;');
}

// Inside an attribute a parser turns raw line breaks and tabs into spaces; character references
// keep them.
function attribute(value: string): string {
  return text(value).replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\t/g, '&#9;');
}
