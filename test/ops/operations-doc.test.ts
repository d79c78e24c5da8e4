import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { beforeAll, describe, expect, it } from 'vitest';

import type { Sandbox } from './sandbox.js';
import { EXIT } from '../../src/engine/exit-code.js';
import { reportProblems } from '../../src/report/validate.js';
import { checkMetrics } from '../hardening/validators.js';
import { codeBlocks, createSandbox, parseYaml, readGuide, writeExecutable } from './sandbox.js';

/** The parts of the guide's manifests that the test reads. */
interface ServiceAccount {
  apiVersion: string;
  kind: string;
  metadata: { name: string; annotations?: Record<string, string> };
}

interface CronJob {
  apiVersion: string;
  kind: string;
  spec: {
    schedule: string;
    jobTemplate: {
      spec: {
        template: {
          spec: {
            serviceAccountName: string;
            restartPolicy: string;
            containers: Array<{ command?: string[] }>;
          };
        };
      };
    };
  };
}

const guide = readGuide();
const blocks = codeBlocks(guide);
const TEXTFILE = 'var/lib/node_exporter/textfile_collector';

function block(lang: string, startsWith: string): string {
  const found = blocks.find((b) => b.lang === lang && b.text.startsWith(startsWith));
  if (!found) throw new Error(`docs/operations.md has no ${lang} block starting '${startsWith}'`);

  return found.text;
}

/** One field of a crontab schedule: `*`, numbers, ranges and lists, each with an optional step. */
function isCronField(field: string, min: number, max: number): boolean {
  return field.split(',').every((item) => {
    const match = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(item);
    if (!match) return false;

    const [, , from, to, step] = match;
    const inRange = (n: string | undefined) => n === undefined || (+n >= min && +n <= max);

    return inRange(from) && inRange(to) && (step === undefined || +step > 0);
  });
}

function isCronSchedule(fields: string[]): boolean {
  const limits: Array<[number, number]> = [
    [0, 59],
    [0, 23],
    [1, 31],
    [1, 12],
    [0, 7],
  ];

  return fields.length === 5 && fields.every((field, i) => isCronField(field, ...limits[i]!));
}

describe('the operations guide, run as written against the simulator', () => {
  let sandbox: Sandbox;
  let script: string;

  beforeAll(() => {
    sandbox = createSandbox();
    script = join(sandbox.root, 'usr/local/bin/tidb-pe-textfile');
    writeExecutable(script, sandbox.rebase(block('sh', '#!/bin/sh')));
  });

  it('has every tidb-pe command line parse and succeed', async () => {
    const commands = blocks
      .filter((b) => b.lang === 'sh' && !b.text.startsWith('#!'))
      .flatMap((b) => b.text.split('\n'))
      .filter((line) => line.startsWith('tidb-pe '));

    expect(commands.length).toBeGreaterThanOrEqual(4);
    for (const command of commands) {
      const run = await sandbox.sh(sandbox.rebase(command));

      expect({ command, code: run.code, stderr: run.stderr }).toEqual({
        command,
        code: 0,
        stderr: '',
      });
    }
    const markdown = readFileSync(join(sandbox.root, 'work', 'tidb-pe-report.md'), 'utf8');
    expect(markdown).toMatch(/^## tidb-pe doctor: /);
  });

  it('has a cron line that is well-formed and works as written', async () => {
    const lines = block('cron', 'PATH=')
      .split('\n')
      .filter((line) => line.trim() !== '' && !line.startsWith('#'));
    const env = Object.fromEntries(
      lines.filter((line) => /^[A-Z_]+=/.test(line)).map((line) => line.split(/=(.*)/s, 2)),
    );
    const jobs = lines.filter((line) => !/^[A-Z_]+=/.test(line));

    expect(jobs).toHaveLength(1);
    const fields = jobs[0]!.split(/\s+/);
    expect(isCronSchedule(fields.slice(0, 5))).toBe(true);
    expect(fields[5]).toBe('tidb-pe');
    // cron runs the command with /bin/sh, in the environment the file sets.
    const run = await sandbox.sh(sandbox.rebase(fields.slice(6).join(' ')), env);

    expect(run).toMatchObject({ code: 0, stdout: '', stderr: '' });
    const report = JSON.parse(
      readFileSync(join(sandbox.root, 'var/lib/tidb-pe/report.json'), 'utf8'),
    );
    expect(reportProblems(report)).toEqual([]);
    expect(statSync(join(sandbox.root, 'var/lib/tidb-pe/report.json')).mode & 0o777).toBe(0o600);
    const metrics = readFileSync(join(sandbox.root, TEXTFILE, 'tidb_pe.prom'), 'utf8');
    expect(checkMetrics(metrics)).toEqual({ valid: true, output: '' });
    expect(metrics).toContain('tidb_pe_exit_code{target=');
  });

  it('has a textfile script that cleans up and keeps the last file on a usage error', async () => {
    const published = join(sandbox.root, TEXTFILE, 'tidb_pe.prom');
    const good = await sandbox.sh(`"${script}" --vpc-endpoint-id vpce-0a1b2c3d4e5f67890`);
    const before = readFileSync(published, 'utf8');
    const bad = await sandbox.sh(`"${script}" --port 0`);

    expect(good.code).toBe(EXIT.ok);
    expect(bad.code).toBe(EXIT.usage);
    expect(bad.stderr).toContain("Flag '--port'");
    expect(readFileSync(published, 'utf8')).toBe(before);
    expect(readdirSync(join(sandbox.root, TEXTFILE))).toEqual(['tidb_pe.prom']);
  });

  it('has systemd units that verify, with a service command that works', async () => {
    const service = sandbox.rebase(block('ini', '[Unit]\nDescription=Check'));
    const timer = block('ini', '[Unit]\nDescription=Run');
    const dir = join(sandbox.root, 'units');
    mkdirSync(dir);
    writeFileSync(join(dir, 'tidb-pe.service'), service);
    writeFileSync(join(dir, 'tidb-pe.timer'), timer);

    const verify = spawnSync(
      'systemd-analyze',
      ['verify', '--man=no', join(dir, 'tidb-pe.service'), join(dir, 'tidb-pe.timer')],
      { encoding: 'utf8' },
    );
    expect(verify.error).toBeUndefined();
    expect({ code: verify.status, output: `${verify.stdout}${verify.stderr}` }).toEqual({
      code: 0,
      output: '',
    });

    // ExecStart holds no quotes, so splitting on spaces is how systemd reads it too.
    const execStart = /^ExecStart=(.*)$/m.exec(service)?.[1] ?? '';
    const run = await sandbox.sh(execStart);
    expect(run).toMatchObject({ code: 0, stderr: '' });
  });

  it('has Prometheus alert rules that promtool accepts', () => {
    const path = join(sandbox.root, 'alerts.yml');
    writeFileSync(path, block('yaml', 'groups:'));
    const check = spawnSync('promtool', ['check', 'rules', path], { encoding: 'utf8' });

    expect(check.error).toBeUndefined();
    expect(check.stdout).toContain('SUCCESS: 3 rules found');
    expect(check.status).toBe(0);
  });

  it('has Kubernetes manifests that parse, with a CronJob whose command works', async () => {
    const [account, cronJob] = parseYaml(block('yaml', 'apiVersion: v1')) as [
      ServiceAccount,
      CronJob,
    ];
    const pod = cronJob.spec.jobTemplate.spec.template.spec;

    expect(account).toMatchObject({
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { annotations: { 'eks.amazonaws.com/role-arn': expect.any(String) } },
    });
    expect([cronJob.apiVersion, cronJob.kind]).toEqual(['batch/v1', 'CronJob']);
    expect(isCronSchedule(cronJob.spec.schedule.split(' '))).toBe(true);
    expect(pod.serviceAccountName).toBe(account.metadata.name);
    expect(['Never', 'OnFailure']).toContain(pod.restartPolicy);
    const command = pod.containers[0]?.command ?? [];
    expect(command[0]).toBe('tidb-pe');

    // A container runs the list as it is, with no shell: each item is one argument.
    const run = await sandbox.sh(command.map((arg) => `'${arg}'`).join(' '));
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(reportProblems(JSON.parse(run.stdout))).toEqual([]);
  });

  it('attaches a policy that only reads', async () => {
    const run = await sandbox.sh('tidb-pe iam-policy');
    const actions = (
      JSON.parse(run.stdout) as { Statement: Array<{ Action: string[] }> }
    ).Statement.flatMap((statement) => statement.Action);

    expect(actions.length).toBeGreaterThan(0);
    expect(actions.filter((action) => !/^[a-z0-9]+:(Describe|Get|List)/.test(action))).toEqual([]);
  });

  it('gives the exit codes the tool uses', () => {
    const rows = [...guide.matchAll(/^\| (\d+) +\| ([A-Z]+) +\|/gm)].map(([, code, state]) => [
      Number(code),
      state?.toLowerCase(),
    ]);

    expect(rows).toEqual([
      [EXIT.ok, 'ok'],
      [EXIT.warning, 'warning'],
      [EXIT.critical, 'critical'],
      [EXIT.unknown, 'unknown'],
      [EXIT.usage, 'usage'],
    ]);
  });
});
