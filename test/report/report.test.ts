import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { renderReport } from '../../src/report/render.js';
import { reportProblems } from '../../src/report/validate.js';
import { writeFileAtomic } from '../../src/report/write.js';
import { runCli } from '../helpers/cli.js';
import { healthyReport } from '../helpers/report.js';

const plain = { color: false, verbose: false };

describe('the JSON report', () => {
  it('validates against the shipped schema', async () => {
    expect(reportProblems(await healthyReport())).toEqual([]);
  });

  it('is rejected by the schema when a result has an unknown status', async () => {
    const report = await healthyReport();
    (report.results[0] as { status: string }).status = 'maybe';

    expect(reportProblems(report).join()).toMatch(/status/);
  });

  it('summarises a private DNS failure as critical with exit code 2', async () => {
    const report = await healthyReport({
      facts: (f) => void (f.endpoint!.privateDnsEnabled = false),
    });

    expect(report.summary).toMatchObject({ status: 'critical', exitCode: 2 });
    expect(report.summary.counts.fail).toBeGreaterThan(0);
  });
});

describe('the text report', () => {
  it('shows a failure with its finding, fix and docs, and a summary line last', async () => {
    const report = await healthyReport({
      facts: (f) => void (f.endpoint!.privateDnsEnabled = false),
    });
    const text = await renderReport(report, 'text', plain);
    const lines = text.trimEnd().split('\n');

    expect(text).toMatch(/^FAIL {4}Private DNS is enabled on the endpoint$/m);
    expect(text).toMatch(/^ {8}Endpoint 'vpce-0a1b2c3d4e5f67890' has private DNS disabled$/m);
    expect(text).toContain(
      '$ aws ec2 modify-vpc-endpoint --vpc-endpoint-id vpce-0a1b2c3d4e5f67890 --private-dns-enabled',
    );
    expect(lines.at(-1)).toMatch(/^CRITICAL: \d+ failed.* \(exit 2\)$/);
  });

  it('tells a cause shared by several rules once, and points the later ones back to it', async () => {
    // A fact that was never collected holds back both security-group rules for one reason.
    const report = await healthyReport({
      facts: (f) => void delete (f as Partial<typeof f>).securityGroups,
    });
    const held = report.results.filter((result) => result.missing?.name === 'securityGroups');
    const text = await renderReport(report, 'text', plain);

    expect(held.length).toBeGreaterThan(1);
    expect(text.match(/'securityGroups' was not collected/g)).toHaveLength(1);
    expect(text.match(/'securityGroups' is missing, for the reason given above/g)).toHaveLength(
      held.length - 1,
    );
  });

  it('has no colour codes unless asked', async () => {
    const report = await healthyReport();

    expect(await renderReport(report, 'text', plain)).not.toContain('\u001b[');
    expect(await renderReport(report, 'text', { color: true, verbose: false })).toContain(
      '\u001b[32m',
    );
  });

  it('writes titles and messages in Japanese with --lang ja', async () => {
    const report = await healthyReport(
      { facts: (f) => void (f.endpoint!.privateDnsEnabled = false) },
      'ja',
    );
    const text = await renderReport(report, 'text', plain);

    expect(text).toContain('エンドポイントでプライベート DNS が有効になっている');
    expect(text).toContain('対処:');
  });
});

describe('the markdown report', () => {
  it('puts the summary first and the failures before the folded rest', async () => {
    const report = await healthyReport({
      facts: (f) => void (f.endpoint!.privateDnsEnabled = false),
    });
    const markdown = await renderReport(report, 'markdown', plain);

    expect(markdown.indexOf('CRITICAL')).toBeLessThan(markdown.indexOf('### FAIL'));
    expect(markdown.indexOf('### FAIL')).toBeLessThan(markdown.indexOf('<details>'));
    expect(markdown).toContain('```sh\naws ec2 modify-vpc-endpoint');
  });
});

describe('writing the report to a file', () => {
  it('writes atomically with mode 0600 and replaces an older file', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'tidb-pe-write-')), 'report.json');
    writeFileSync(path, 'old', { mode: 0o644 });

    await writeFileAtomic(path, '{"new":true}\n');

    expect(readFileSync(path, 'utf8')).toBe('{"new":true}\n');
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });
});

describe('replay', () => {
  it.each(['text', 'json', 'markdown', 'junit', 'prometheus'])(
    're-judges a saved report and prints it as %s',
    async (format) => {
      const dir = mkdtempSync(join(tmpdir(), 'tidb-pe-replay-'));
      const saved = join(dir, 'saved.json');
      const report = await healthyReport({
        facts: (f) => void (f.endpoint!.privateDnsEnabled = false),
      });
      writeFileSync(saved, JSON.stringify(report));

      const run = await runCli(['replay', saved, '--format', format]);

      expect(run.stderr).toBe('');
      expect(run.code).toBe(2);
      expect(run.stdout).toContain('private');
    },
  );

  it('gives the same results as the saved report and writes a valid one with --output', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tidb-pe-replay-'));
    const saved = join(dir, 'saved.json');
    const again = join(dir, 'again.json');
    const report = await healthyReport({
      facts: (f) => void (f.endpoint!.state = 'pendingAcceptance'),
    });
    writeFileSync(saved, JSON.stringify(report));

    const run = await runCli(['replay', saved, '--json', '--output', again]);
    const replayed = JSON.parse(run.stdout);

    expect(replayed.results).toEqual(report.results);
    expect(JSON.parse(readFileSync(again, 'utf8'))).toEqual(replayed);
    expect(reportProblems(replayed)).toEqual([]);
  });
});

describe('the markdown report of an incomplete run', () => {
  it('says why it is incomplete and folds each problem’s evidence', async () => {
    const report = await healthyReport({
      facts: (f) => void (f.endpoint!.privateDnsEnabled = false),
    });
    report.complete = false;
    report.incompleteReason = 'the run was interrupted';
    report.results[0]!.status = 'fail';
    report.results[0]!.evidence = { seen: 'vpce-0a1b2c3d4e5f67890' };
    const markdown = await renderReport(report, 'markdown', plain);

    expect(markdown).toContain('Incomplete run: the run was interrupted');
    expect(markdown).toContain('<summary>Evidence</summary>');
    expect(markdown).toContain('"seen": "vpce-0a1b2c3d4e5f67890"');
  });
});
