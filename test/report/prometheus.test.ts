import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import type { Report } from '../../src/report/report.js';
import { renderPrometheus } from '../../src/report/render-prometheus.js';
import { checkMetrics } from '../hardening/validators.js';
import { mixedReport } from '../hardening/mixed-report.js';
import { runCli } from '../helpers/cli.js';
import { healthyReport } from '../helpers/report.js';

const TARGET = 'target="privatelink-12345678.abcdefghij.clusters.tidb-cloud.com:4000"';

function samples(text: string): string[] {
  return text.split('\n').filter((line) => line !== '' && !line.startsWith('#'));
}

describe('the Prometheus textfile', () => {
  it('passes promtool check metrics, parse and lint, for a healthy run', async () => {
    const text = renderPrometheus(await healthyReport());
    const verdict = checkMetrics(text);

    expect(verdict.output).toBe('');
    expect(verdict.valid).toBe(true);
    expect(text.endsWith('\n')).toBe(true);
  });

  it('sets exactly one status to 1 for each rule', async () => {
    const report = await mixedReport();
    const text = renderPrometheus(report);

    for (const result of report.results) {
      const series = samples(text).filter((line) =>
        line.startsWith(`tidb_pe_rule_status{${TARGET},rule="${result.id}",`),
      );
      expect(series).toHaveLength(6);
      const labels = `rule="${result.id}",severity="${result.severity}",status="${result.status}"`;
      expect(series.filter((line) => line.endsWith(' 1'))).toEqual([
        `tidb_pe_rule_status{${TARGET},${labels}} 1`,
      ]);
    }
  });

  it('carries the verdict, exit code, completeness, counts and times of the run', async () => {
    const report = await mixedReport({ incompleteReason: 'the run was interrupted' });
    const lines = samples(renderPrometheus(report));

    expect(checkMetrics(renderPrometheus(report)).valid).toBe(true);
    expect(lines).toContain(`tidb_pe_status{${TARGET},status="critical"} 1`);
    expect(lines).toContain(`tidb_pe_status{${TARGET},status="ok"} 0`);
    expect(lines).toContain(`tidb_pe_exit_code{${TARGET}} 2`);
    expect(lines).toContain(`tidb_pe_complete{${TARGET}} 0`);
    expect(lines).toContain(
      `tidb_pe_results{${TARGET},status="fail"} ${report.summary.counts.fail}`,
    );
    expect(lines).toContain(`tidb_pe_probe_duration_seconds{${TARGET},probe="tcp"} 0.9`);
    expect(lines).toContain(`tidb_pe_run_duration_seconds{${TARGET}} 1.25`);
    // 2026-12-01T09:00:01.250Z, when the run ended.
    expect(lines).toContain(`tidb_pe_last_run_timestamp_seconds{${TARGET}} 1796115601.25`);
  });

  it('writes no sample timestamps, which the textfile collector refuses', async () => {
    const lines = samples(renderPrometheus(await mixedReport()));

    // No label value here holds a space, so a sample is exactly a series and a value.
    expect(lines.filter((line) => line.split(' ').length !== 2)).toEqual([]);
  });

  it('labels the series with the endpoint id when no host was found', async () => {
    const report = await healthyReport();
    delete report.target.host;

    const text = renderPrometheus(report);
    expect(checkMetrics(text).valid).toBe(true);
    expect(text).toContain('tidb_pe_exit_code{target="vpce-0a1b2c3d4e5f67890:4000"} 0');
  });

  it('stays valid exposition format whatever the labels hold', async () => {
    const base = await healthyReport();
    const anyText = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 30 }),
      fc.constantFrom('"', '\\', '\n', '\\n', '}', '{a="b"}', ' 1 2', '# HELP'),
    );

    fc.assert(
      fc.property(anyText, anyText, anyText, (host, version, region) => {
        const report = structuredClone(base) as Report;
        Object.assign(report.target, { host, region });
        report.tool.version = version;

        expect(checkMetrics(renderPrometheus(report))).toEqual({ valid: true, output: '' });
      }),
      { numRuns: 30 },
    );
  });

  it('is what doctor --format prometheus prints, valid, with the exit code', async () => {
    const run = await runCli(['doctor', '--simulate', 'describe-denied', '--format', 'prometheus']);

    expect(run.code).toBe(3);
    expect(checkMetrics(run.stdout)).toEqual({ valid: true, output: '' });
    expect(run.stdout).toContain(`tidb_pe_exit_code{${TARGET}} 3`);
    expect(run.stdout).toContain('probe="mysql"');
  });
});
