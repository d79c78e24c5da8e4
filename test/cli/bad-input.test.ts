import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'tidb-pe-bad-input-'));
const notReport = join(dir, 'not-a-report.json');
const notJson = join(dir, 'garbage.json');
writeFileSync(notReport, JSON.stringify({ hello: 'world' }));
writeFileSync(notJson, 'this is not json');
const notCa = join(dir, 'ca.pem');
writeFileSync(
  notCa,
  '-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIA==\n-----END PRIVATE KEY-----\n',
);

const cases: Array<[string, string[], RegExp]> = [
  [
    'a malformed endpoint id',
    ['doctor', '--vpc-endpoint-id', 'vpce-xyz'],
    /'--vpc-endpoint-id'.*'vpce-xyz'/,
  ],
  ['a malformed instance id', ['doctor', '--instance-id', 'i-12'], /'--instance-id'.*'i-12'/],
  ['a malformed service name', ['doctor', '--service-name', 'vpce-svc-123'], /'--service-name'/],
  ['a region that is not a region name', ['doctor', '--region', 'mars'], /'--region'.*'mars'/],
  ['an unknown region', ['doctor', '--region', 'us-mars-9'], /'--region'.*does not know/],
  ['port zero', ['doctor', '--port', '0'], /'--port'.*'0'/],
  ['a port above 65535', ['doctor', '--port', '70000'], /'--port'.*'70000'/],
  ['a port that is not a number', ['doctor', '--port', 'abc'], /'--port'.*'abc'/],
  ['a negative timeout', ['doctor', '--timeout=-1'], /'--timeout'.*above 0.*'-1'/],
  [
    'a negative timeout written apart',
    ['doctor', '--timeout', '-1'],
    /'--timeout' needs a value.*'--timeout=<value>'/,
  ],
  ['a password flag', ['doctor', '--password', 'hunter2'], /TIDB_PASSWORD/],
  [
    'an unreadable CA file',
    ['doctor', '--ca', join(dir, 'missing.pem')],
    /'--ca'.*not a readable file/,
  ],
  ['a CA file without a certificate', ['doctor', '--ca', notCa], /'--ca'.*holds no certificate/],
  ['an unknown format', ['doctor', '--format', 'xml'], /'--format'.*'xml'/],
  ['an unknown language', ['doctor', '--lang', 'fr'], /'--lang'.*'fr'/],
  ['a bad resolver', ['doctor', '--resolver', 'dns.example:53'], /'--resolver'/],
  ['both --no-live and --live-only', ['doctor', '--no-live', '--live-only'], /exclude each other/],
  ['--live-only without a host', ['doctor', '--live-only'], /'--live-only' needs '--host'/],
  ['an unknown flag', ['doctor', '--frobnicate'], /Unknown option '--frobnicate'/],
  ['a flag without its value', ['doctor', '--port'], /'--port' needs a value/],
  ['an unknown command', ['docter'], /did you mean 'doctor'/],
  ['replay without a file', ['replay'], /missing/],
  ['no command at all', [], /Name a command/],
  ['an unknown rule id', ['rules', 'explain', 'endpoint.nope'], /'endpoint.nope'/],
  ['a report file that does not exist', ['replay', join(dir, 'missing.json')], /does not exist/],
  ['a report file that is not JSON', ['replay', notJson], /is not JSON/],
  ['a JSON file that is not a report', ['replay', notReport], /is not a tidb-pe report/],
];

describe('bad input', () => {
  it.each(cases)('rejects %s with exit 64 and one line', async (_name, args, message) => {
    const run = await runCli(args);

    expect(run.code).toBe(64);
    expect(run.stdout).toBe('');
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.stderr).not.toContain('hunter2');
  });
});
