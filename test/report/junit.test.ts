import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import type { Report } from '../../src/report/report.js';
import { renderJunit } from '../../src/report/render-junit.js';
import { checkJunit, xpath } from '../hardening/validators.js';
import { mixedReport } from '../hardening/mixed-report.js';
import { runCli } from '../helpers/cli.js';
import { healthyReport } from '../helpers/report.js';

// What XML 1.0 can carry at all; the renderer drops the rest and must keep everything else.
const XML_CHAR = /[\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

function count(xml: string, expression: string): number {
  return Number(xpath(xml, `count(${expression})`));
}

function caseOf(xml: string, id: string, child = ''): string {
  return xpath(xml, `string(//testcase[starts-with(@name, '${id}: ')]${child})`);
}

describe('the JUnit report', () => {
  it('validates against the common JUnit schema for a healthy run', async () => {
    const verdict = checkJunit(renderJunit(await healthyReport()));

    expect(verdict.output).toContain('validates');
    expect(verdict.valid).toBe(true);
  });

  it('has one test case per rule, with totals that match its cases', async () => {
    const report = await mixedReport();
    const xml = renderJunit(report);

    expect(checkJunit(xml).valid).toBe(true);
    expect(count(xml, '//testcase')).toBe(report.results.length);
    for (const [attribute, outcome] of [
      ['tests', 'testcase'],
      ['failures', 'testcase/failure'],
      ['errors', 'testcase/error'],
      ['skipped', 'testcase/skipped'],
    ]) {
      expect(Number(xpath(xml, `string(/testsuites/@${attribute})`))).toBe(
        count(xml, `//${outcome}`),
      );
      expect(Number(xpath(xml, `string(//testsuite/@${attribute})`))).toBe(
        count(xml, `//${outcome}`),
      );
    }
    expect(count(xml, '//testcase/failure')).toBe(report.summary.counts.fail);
    expect(count(xml, '//testcase/error')).toBe(report.summary.counts.unknown);
  });

  it('reports a failed check as a failure with its finding, fix and docs', async () => {
    const xml = renderJunit(await mixedReport());

    expect(caseOf(xml, 'endpoint.private-dns', '/failure/@message')).toBe(
      "Endpoint 'vpce-0a1b2c3d4e5f67890' has private DNS disabled",
    );
    const body = caseOf(xml, 'endpoint.private-dns', '/failure');
    expect(body).toContain(
      '$ aws ec2 modify-vpc-endpoint --vpc-endpoint-id vpce-0a1b2c3d4e5f67890 --private-dns-enabled',
    );
    expect(body).toContain('Docs: https://');
  });

  it('reports an undecided check as an error naming the denied IAM action', async () => {
    const xml = renderJunit(await mixedReport());

    expect(caseOf(xml, 'sg.endpoint-ingress', '/error/@type')).toBe('unknown');
    expect(caseOf(xml, 'sg.endpoint-ingress', '/error')).toContain(
      'IAM action ec2:DescribeSecurityGroups',
    );
    expect(caseOf(xml, 'mysql.auth', '/skipped/@message')).toContain('no --user was given');
  });

  it('fails a warning only with --strict', async () => {
    const lenient = renderJunit(await mixedReport());
    const strict = renderJunit(await mixedReport({ strict: true }));

    expect(caseOf(lenient, 'probe.latency', '/system-out')).toMatch(/^WARN: Slow: TCP 900 ms/);
    expect(count(lenient, "//testcase[starts-with(@name, 'probe.latency')]/failure")).toBe(0);
    expect(caseOf(strict, 'probe.latency', '/failure/@type')).toBe('warn');
    expect(checkJunit(strict).valid).toBe(true);
  });

  it('marks an incomplete run in its properties and its error output', async () => {
    const xml = renderJunit(await mixedReport({ incompleteReason: 'the run was interrupted' }));
    const property = (name: string) => xpath(xml, `string(//property[@name='${name}']/@value)`);

    expect(checkJunit(xml).valid).toBe(true);
    expect(property('complete')).toBe('false');
    expect(property('incompleteReason')).toBe('the run was interrupted');
    expect(property('summary.exitCode')).toBe('2');
    expect(xpath(xml, 'string(//testsuite/system-err)')).toBe(
      'Incomplete run: the run was interrupted',
    );
  });

  it('stays valid and keeps every character XML can hold, whatever the rules say', async () => {
    const base = await mixedReport();
    const index = base.results.findIndex((result) => result.status === 'fail');
    const anyText = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map(String.fromCharCode) }),
      fc.constantFrom(']]>', '<!--', '"&amp;"', "'", '\r\n', '&#0;', '<![CDATA[x]]>'),
    );

    fc.assert(
      fc.property(anyText, anyText, anyText, (title, message, host) => {
        const report = structuredClone(base) as Report;
        Object.assign(report.results[index]!, { title, message });
        report.target.host = host;
        const xml = renderJunit(report);

        expect(checkJunit(xml).output).toContain('validates');
        const kept = [...message].filter((char) => XML_CHAR.test(char)).join('');
        expect(xpath(xml, `string(//testcase[${index + 1}]/failure/@message)`)).toBe(kept);
      }),
      { numRuns: 40 },
    );
  });

  it('is what doctor --format junit prints: valid, with evidence and the exit code', async () => {
    const run = await runCli([
      'doctor',
      '--simulate',
      'sg-missing-port',
      '--no-live',
      '--format',
      'junit',
    ]);

    expect(run.code).toBe(2);
    expect(checkJunit(run.stdout).valid).toBe(true);
    expect(caseOf(run.stdout, 'sg.endpoint-ingress', '/failure/@type')).toBe('fail');
    expect(caseOf(run.stdout, 'sg.endpoint-ingress', '/failure')).toContain(
      'Evidence: {"peer":{"addresses":["10.0.1.12"]',
    );
  });
});
