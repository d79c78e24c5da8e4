// The Prometheus text exposition format, for node_exporter's textfile collector: every series
// carries a `target` label, so that one host can check several clusters, one file each, without
// two files defining the same series.
import type { Overall } from '../engine/exit-code.js';
import type { Status } from '../engine/rule.js';
import type { Report } from './report.js';

/** One metric family: its name, help text and samples (labels without `target`, and a value). */
interface Family {
  name: string;
  help: string;
  samples: Array<{ labels?: Record<string, string>; value: number }>;
}

const STATUSES: readonly Status[] = ['pass', 'info', 'warn', 'fail', 'skip', 'unknown'];
const OVERALL: readonly Overall[] = ['ok', 'warning', 'critical', 'unknown'];

/**
 * Renders gauges for each rule's status, the overall status and exit code, whether the run
 * finished, probe timings and when the run ended.
 */
export function renderPrometheus(report: Report): string {
  const target = targetLabel(report);
  const families = [
    ruleStatus(report),
    {
      name: 'tidb_pe_status',
      help: 'Overall verdict of the last run: 1 for the verdict it had, 0 for the others.',
      samples: OVERALL.map((status) => ({
        labels: { status },
        value: report.summary.status === status ? 1 : 0,
      })),
    },
    {
      name: 'tidb_pe_exit_code',
      help: 'Exit code of the last run: 0 ok, 1 warning, 2 critical, 3 unknown.',
      samples: [{ value: report.summary.exitCode }],
    },
    {
      name: 'tidb_pe_results',
      help: 'Number of rule results of the last run with each status.',
      samples: STATUSES.map((status) => ({
        labels: { status },
        value: report.summary.counts[status],
      })),
    },
    {
      name: 'tidb_pe_complete',
      help: '1 when the last run finished, 0 when the deadline or an interrupt cut it short.',
      samples: [{ value: report.complete ? 1 : 0 }],
    },
    {
      name: 'tidb_pe_probe_duration_seconds',
      help: 'Time each live probe of the last run took.',
      samples: probeDurations(report),
    },
    {
      name: 'tidb_pe_run_duration_seconds',
      help: 'Time the last run took.',
      samples: [{ value: toSeconds(report.durationMs) }],
    },
    {
      name: 'tidb_pe_last_run_timestamp_seconds',
      help: 'When the last run ended, in seconds since the Unix epoch.',
      samples: [{ value: (Date.parse(report.startedAt) + report.durationMs) / 1000 }],
    },
    {
      name: 'tidb_pe_info',
      help: 'What the last run checked and which tidb-pe checked it; the value is always 1.',
      samples: [{ labels: infoLabels(report), value: 1 }],
    },
  ];

  return families.map((family) => renderFamily(family, target)).join('');
}

function ruleStatus(report: Report): Family {
  return {
    name: 'tidb_pe_rule_status',
    help: 'Result of each rule in the last run: 1 for the status it had, 0 for the others.',
    samples: report.results.flatMap((result) =>
      STATUSES.map((status) => ({
        labels: { rule: result.id, severity: result.severity, status },
        value: result.status === status ? 1 : 0,
      })),
    ),
  };
}

// Only probes that ran have a time; a probe that was skipped or failed to start has none.
function probeDurations(report: Report): Family['samples'] {
  return Object.entries(report.probes).flatMap(([probe, fact]) => {
    // A saved report is only as well-formed as its schema demands, and a value may be anything.
    const value: unknown = fact?.status === 'ok' ? fact.value : undefined;
    const durationMs = (value as { durationMs?: unknown } | null | undefined)?.durationMs;
    if (typeof durationMs !== 'number') return [];

    return [{ labels: { probe }, value: toSeconds(durationMs) }];
  });
}

function infoLabels(report: Report): Record<string, string> {
  const { target } = report;
  const labels: Record<string, string> = { version: report.tool.version };
  if (target.region) labels.region = target.region;
  if (target.vpcEndpointId) labels.vpc_endpoint_id = target.vpcEndpointId;
  if (target.serviceName) labels.service_name = target.serviceName;
  if (target.host) labels.host = target.host;
  labels.port = String(target.port);
  if (report.mode.simulated) labels.simulated = report.mode.simulated;

  return labels;
}

// The cluster's host and port name a check best; without a host (nothing was discovered) the
// endpoint id or service name stands in.
function targetLabel(report: Report): string {
  const { host, vpcEndpointId, serviceName, port } = report.target;

  return `${host ?? vpcEndpointId ?? serviceName ?? 'unknown'}:${port}`;
}

function renderFamily(family: Family, target: string): string {
  const lines = [`# HELP ${family.name} ${family.help}`, `# TYPE ${family.name} gauge`];
  for (const sample of family.samples) {
    const labels = Object.entries({ target, ...sample.labels })
      .map(([name, value]) => `${name}="${escapeLabel(value)}"`)
      .join(',');
    lines.push(`${family.name}{${labels}} ${formatValue(sample.value)}`);
  }

  return `${lines.join('\n')}\n`;
}

// Microseconds are plenty, and rounding keeps binary fractions such as 0.027600000000000003 out.
function toSeconds(ms: number): number {
  return Math.round(ms * 1000) / 1e6;
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

// The format spells the special values its own way.
function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';

  return String(value);
}
