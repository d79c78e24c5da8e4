import type { Status } from '../engine/rule.js';
import type { Report } from './report.js';

const STATUSES: readonly Status[] = ['pass', 'info', 'warn', 'fail', 'skip', 'unknown'];

/**
 * Renders the node_exporter textfile-collector format: a state set per rule, the overall exit
 * code, probe timings and the time of the run.
 */
export function renderPrometheus(report: Report): string {
  const lines: string[] = [];
  const metric = (name: string, help: string, samples: string[]) => {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} gauge`, ...samples);
  };

  metric(
    'tidb_pe_rule_status',
    'Result of each rule: 1 for the status it has, 0 for the others.',
    report.results.flatMap((result) =>
      STATUSES.map((status) => {
        const rule = label(result.id);
        const labels = `rule="${rule}",severity="${result.severity}",status="${status}"`;

        return `tidb_pe_rule_status{${labels}} ${result.status === status ? 1 : 0}`;
      }),
    ),
  );
  metric('tidb_pe_exit_code', 'Exit code of the run: 0 ok, 1 warning, 2 critical, 3 unknown.', [
    `tidb_pe_exit_code ${report.summary.exitCode}`,
  ]);
  metric(
    'tidb_pe_results',
    'Number of rule results with each status.',
    STATUSES.map(
      (status) => `tidb_pe_results{status="${status}"} ${report.summary.counts[status]}`,
    ),
  );
  metric(
    'tidb_pe_complete',
    '1 when the run finished, 0 when the deadline or an interrupt cut it short.',
    [`tidb_pe_complete ${report.complete ? 1 : 0}`],
  );
  metric('tidb_pe_probe_duration_seconds', 'Time each live probe took.', probeSamples(report));
  metric('tidb_pe_run_duration_seconds', 'Time the whole run took.', [
    `tidb_pe_run_duration_seconds ${report.durationMs / 1000}`,
  ]);
  metric('tidb_pe_last_run_timestamp_seconds', 'When the run started, in Unix time.', [
    `tidb_pe_last_run_timestamp_seconds ${Date.parse(report.startedAt) / 1000}`,
  ]);

  return `${lines.join('\n')}\n`;
}

function probeSamples(report: Report): string[] {
  return Object.entries(report.probes).flatMap(([name, fact]) => {
    if (fact?.status !== 'ok') return [];

    const value = fact.value as { durationMs?: unknown };
    if (typeof value.durationMs !== 'number') return [];

    return [`tidb_pe_probe_duration_seconds{probe="${label(name)}"} ${value.durationMs / 1000}`];
  });
}

function label(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}
