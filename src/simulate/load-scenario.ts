/**
 * Loads the simulated accounts in `fixtures/scenarios/<name>/`. Each folder holds:
 *
 * - `account.json`: the account, as AWS, the VPC resolver, the cluster and TiDB Cloud would
 *   show it. A scenario usually starts with `"extends": "healthy"` and lists only what differs:
 *   the file is a JSON merge patch (RFC 7386) on the scenario it extends. Objects merge field by
 *   field, `null` removes a field, and a list replaces the list before it. Resources are maps
 *   keyed by their AWS id, so one resource changes without repeating the others.
 * - `expected.json`: `{ "exitCode": n, "statuses": { "<rule id>": "<status>" } }`, the statuses
 *   this scenario is about; the end-to-end tests assert them.
 * - `README.md`: one paragraph saying what is wrong and what a user would do about it.
 *
 * Sections of `account.json` (see `scenario.ts` for every field):
 *
 * - `summary`: one line for `--simulate list`.
 * - `target`: what the user passes: `host`, and optionally `port`, `serviceName`,
 *   `vpcEndpointId`, `tidbClusterId`, `user` (as `--user`) and `password` (as TIDB_PASSWORD;
 *   both give way to the user's own flag and variable).
 * - `region`, `accountId`, `clientInstanceId` (the instance the doctor runs on: instance
 *   metadata answers for it, and the simulated resolver is its VPC's).
 * - EC2: `vpcs` (CIDRs, `enableDnsSupport`, `enableDnsHostnames`, `dhcpOptionsId`),
 *   `dhcpOptions`, `subnets` (AZ name and AZ id), `securityGroups` (`ingress`/`egress` rules with
 *   `cidrs`, `groups`, `prefixLists`), `networkAcls`, `prefixLists`, `instances`,
 *   `networkInterfaces`, `vpcEndpoints`, `endpointServices` (a service that is not listed is
 *   invisible: DescribeVpcEndpointServices answers InvalidServiceName).
 * - Route 53: `hostedZones` (private zones, their VPCs and A records) and `resolverRules`.
 * - `tidbCloud`: the cluster id, node group, API keys (fake), `privateLinkService` (left out:
 *   the API answers 404) and `connections` keyed by endpoint id.
 * - `dns`: the VPC resolver works its answers out from the account (see `dns-answers.ts`);
 *   `records` overrides a name, `system` gives the system resolver its own answers. An answer is
 *   a list of addresses, `"NXDOMAIN"`, `"SERVFAIL"`, `"TIMEOUT"` (no reply), or
 *   `{ "answers": [...], "ttl": 5, "truncate": true }` (a truncated reply over UDP).
 * - `server`: the cluster's `port`, its `behaviour` (`tidb`, `mariadb-greeting`, `silent`,
 *   `garbage`, `refused`, `filtered`), `tls` (`valid`, `expired`, `none`), per-address
 *   exceptions in `addresses`, `users` (the passwords the cluster accepts, by user name; without
 *   it every login is refused), and `greetingDelayMs`, how long the MySQL-speaking listeners
 *   wait before they greet (a busy cluster).
 * - `faults`: IAM actions to `deny` (`ec2:DescribeSecurityGroups`), actions to `throttle` a
 *   number of times before they succeed, and a `delayMs` added to every AWS answer.
 */

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

import type { Scenario } from './scenario.js';
import { PACKAGE_ROOT } from '../package-root.js';
import { checkScenario } from './check-scenario.js';
import { isPlainObject } from './shape.js';

/** The folder that holds one sub-folder per scenario. */
export const SCENARIOS_DIR = join(PACKAGE_ROOT, 'fixtures', 'scenarios');

/** The names of all scenarios, sorted; folders starting with `_` hold shared files. */
export function scenarioNames(dir = SCENARIOS_DIR): string[] {
  return readdirSync(dir)
    .filter((name) => !name.startsWith('_') && statSync(join(dir, name)).isDirectory())
    .sort();
}

/** Reads, merges and checks one scenario; throws with every problem when it is not sound. */
export function loadScenario(name: string, dir = SCENARIOS_DIR): Scenario {
  const names = scenarioNames(dir);
  if (!names.includes(name)) {
    throw new Error(`Unknown scenario '${name}': choose one of ${names.join(', ')}`);
  }

  const account = resolveExtends(name, dir, []);
  const expected = readJson(join(dir, name, 'expected.json'));
  const merged = { name, ...account, expected };
  const problems = checkScenario(merged);
  if (problems.length > 0) {
    throw new Error(`Scenario '${name}' is not valid:\n  ${problems.join('\n  ')}`);
  }

  return merged as Scenario;
}

/** Applies a JSON merge patch (RFC 7386): objects merge, `null` deletes, anything else replaces. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) return patch;

  const result: Record<string, unknown> = isPlainObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key], value);
  }

  return result;
}

function resolveExtends(name: string, dir: string, chain: string[]): Record<string, unknown> {
  if (chain.includes(name)) {
    throw new Error(`Scenario '${name}' extends itself: ${[...chain, name].join(' -> ')}`);
  }

  const file = join(dir, name, 'account.json');
  const own = readJson(file);
  if (!isPlainObject(own)) throw new Error(`'${file}' must hold a JSON object`);

  const { extends: base, ...patch } = own;
  if (base === undefined) return patch;
  if (typeof base !== 'string') throw new Error(`'${file}': "extends" must name a scenario`);

  return mergePatch(resolveExtends(base, dir, [...chain, name]), patch) as Record<string, unknown>;
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Cannot read '${file}': ${reason}`, { cause: error });
  }
}
