import type { RuleResult } from '../engine/evaluate.js';
import type { Report } from './report.js';

/**
 * Renders one JUnit test case per rule. A failure is a `<failure>`, an undecided check an
 * `<error>`, a skipped one `<skipped>`; a warning fails the case only with `--strict`.
 */
export function renderJunit(report: Report): string {
  const { counts, strict } = report.summary;
  const failures = counts.fail + (strict ? counts.warn : 0);
  const seconds = (report.durationMs / 1000).toFixed(3);
  const attributes =
    `tests="${report.results.length}" failures="${failures}" errors="${counts.unknown}" ` +
    `skipped="${counts.skip}" time="${seconds}"`;
  const cases = report.results.map((result) => renderCase(result, strict));

  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="tidb-pe" ${attributes}>`,
    `  <testsuite name="tidb-pe doctor" ${attributes} timestamp="${report.startedAt.replace(/\.\d+Z$/, '')}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

function renderCase(result: RuleResult, strict: boolean): string {
  const area = result.id.split('.')[0];
  const name = `${xml(result.id)}: ${xml(result.title)}`;
  const open = `    <testcase classname="tidb-pe.${area}" name="${name}" time="0">`;
  const child = renderOutcome(result, strict);

  return child ? `${open}\n      ${child}\n    </testcase>` : `${open}</testcase>`;
}

function renderOutcome(result: RuleResult, strict: boolean): string | undefined {
  const details = xml(describe(result));
  const message = xml(result.message);

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
      return `<system-out>${details}</system-out>`;
    case 'pass':
      return undefined;
  }
}

function describe(result: RuleResult): string {
  const lines = [result.message];
  const fix = result.remediation;
  if (fix) lines.push(`Fix: ${fix.summary}`, ...fix.cli.map((command) => `$ ${command}`));
  lines.push(`Docs: ${result.docs}`);

  return lines.join('\n');
}

// Control characters other than tab and newline are not allowed in XML 1.0 at all.
function xml(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}
