// Route 53 private hosted zones and Resolver rules associated with the endpoint's VPC: the two
// things that can take the cluster's name away from the endpoint's private DNS. Both SDK clients
// load on first use, so commands that never get here do not pay for them.
import type * as Route53Sdk from '@aws-sdk/client-route-53';
import type * as ResolverSdk from '@aws-sdk/client-route53resolver';
import type * as Route53Vendor from '../../vendor/route53.mjs';

import type {
  Fact,
  HostedZone,
  ResolverRule,
  ZoneRecord,
  ZoneRecordLookup,
} from '../engine/facts.js';
import { isSameDnsName, isSameOrParentDomain, normalizeDnsName } from '../engine/dns-names.js';
import type { Run } from './route53-calls.js';
import { deadlineSignal } from './deadline-signal.js';
import { allPages, call, explain, MAX_ATTEMPTS, settle } from './route53-calls.js';

/** What `collectDnsShadowing` needs: where to look and until when. */
export interface DnsShadowingRequest {
  region: string;
  vpcId: string;
  profile?: string;
  /**
   * The cluster's host name, or a promise of it when EC2 has still to tell it: the zones that
   * cover it are searched for its records.
   */
  host?: string | Promise<string | undefined>;
  /** Epoch milliseconds after which every call is abandoned. */
  deadline: number;
  signal?: AbortSignal;
}

/** The facts `collectDnsShadowing` gathers. */
export interface DnsShadowingFacts {
  hostedZones: Fact<HostedZone[]>;
  resolverRules: Fact<ResolverRule[]>;
}

/**
 * The read actions the Route 53 checks call. ListHostedZonesByVPC also needs
 * `ec2:DescribeVpcs`, which the EC2 collector asks for already.
 */
export const ROUTE53_ACTIONS: readonly string[] = [
  'route53:ListHostedZonesByVPC',
  'route53:ListResourceRecordSets',
  'route53resolver:ListResolverRuleAssociations',
  'route53resolver:ListResolverRules',
  'route53resolver:GetResolverRule',
];

const LIST_ZONES = 'route53:ListHostedZonesByVPC';
const LIST_RECORDS = 'route53:ListResourceRecordSets';
const LIST_ASSOCIATIONS = 'route53resolver:ListResolverRuleAssociations';
const LIST_RULES = 'route53resolver:ListResolverRules';
const GET_RULE = 'route53resolver:GetResolverRule';

// Record sets come sorted by name from the one asked for; a name has only a few of them.
const RECORDS_PAGE = 20;
// Associations that are being removed or that failed do not steer queries.
const IN_EFFECT = new Set(['COMPLETE', 'CREATING']);

/**
 * Loads both SDK clients. The doctor calls it early, beside the EC2 calls, so that loading them
 * does not stall the event loop while the live probes are timing the network.
 */
export function loadDnsShadowingClients() {
  // The SDK warns on stderr about Node versions it will drop; that is not the user's concern.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

  return import('../../vendor/route53.mjs');
}

/** Lists the private hosted zones and the Resolver rules associated with a VPC. */
export async function collectDnsShadowing(
  request: DnsShadowingRequest,
): Promise<DnsShadowingFacts> {
  const sdk = await loadDnsShadowingClients();

  const retry = { retryMode: 'standard', maxAttempts: MAX_ATTEMPTS };
  const route53 = new sdk.Route53Client({
    region: request.region,
    ...(request.profile && { profile: request.profile }),
    ...retry,
  });
  // The Resolver client in use predates the `profile` option, so it borrows Route 53's
  // credential chain, which already knows the profile.
  const resolver = new sdk.Route53ResolverClient({
    region: request.region,
    credentials: route53.config.credentials,
    ...retry,
  });
  const run: ShadowingRun = {
    ...request,
    signal: deadlineSignal(request.deadline, request.signal),
  };

  try {
    const [hostedZones, resolverRules] = await Promise.all([
      settle(LIST_ZONES, run, () => listHostedZones(sdk, route53, run)),
      settle(LIST_ASSOCIATIONS, run, () => listResolverRules(sdk, resolver, run)),
    ]);

    return { hostedZones, resolverRules };
  } finally {
    route53.destroy();
    resolver.destroy();
  }
}

// A run of this collector: the request, and the signal every call shares.
type ShadowingRun = DnsShadowingRequest & Run;

async function listHostedZones(
  sdk: typeof Route53Vendor,
  client: Route53Sdk.Route53Client,
  run: ShadowingRun,
): Promise<HostedZone[]> {
  const input = { VPCId: run.vpcId, VPCRegion: run.region as Route53Sdk.VPCRegion };
  const pages = await allPages((NextToken) => {
    const command = new sdk.ListHostedZonesByVPCCommand({ ...input, NextToken });
    return call(LIST_ZONES, run, () => client.send(command, { abortSignal: run.signal }));
  });

  const zones: HostedZone[] = pages.flatMap((page) =>
    (page.HostedZoneSummaries ?? []).map((summary) => ({
      id: (summary.HostedZoneId ?? '').replace(/^\/hostedzone\//, ''),
      name: summary.Name ?? '',
      ...(summary.Owner?.OwningService && { owningService: summary.Owner.OwningService }),
    })),
  );
  const host = normalizeDnsName((await untilStopped(run.host, run.signal)) ?? '');
  if (!host) return zones;

  return Promise.all(
    zones.map(async (zone) =>
      isSameOrParentDomain(zone.name, host)
        ? { ...zone, hostRecords: await listRecords(sdk, client, run, zone.id, host) }
        : zone,
    ),
  );
}

// Whether a zone that covers the name holds a record for it decides between a broken name and a
// deliberate one. A failure here leaves the zone listed, with the reason in place of the records.
async function listRecords(
  sdk: typeof Route53Vendor,
  client: Route53Sdk.Route53Client,
  run: ShadowingRun,
  zoneId: string,
  name: string,
): Promise<ZoneRecordLookup> {
  const input = { HostedZoneId: zoneId, StartRecordName: name, MaxItems: RECORDS_PAGE };
  const command = new sdk.ListResourceRecordSetsCommand(input);
  try {
    const page = await client.send(command, { abortSignal: run.signal });
    const records = (page.ResourceRecordSets ?? [])
      .filter((set) => isSameDnsName(set.Name ?? '', name))
      .map(toZoneRecord);

    return { name, records };
  } catch (error) {
    return { name, error: explain(error, LIST_RECORDS, run) };
  }
}

function toZoneRecord(set: Route53Sdk.ResourceRecordSet): ZoneRecord {
  return {
    type: set.Type ?? '',
    values: (set.ResourceRecords ?? []).flatMap((record) => record.Value ?? []),
    ...(set.AliasTarget?.DNSName && { aliasTarget: set.AliasTarget.DNSName }),
  };
}

// The host name may come from a later answer; a run that stops first looks up no records.
async function untilStopped<T>(value: T | Promise<T>, signal: AbortSignal): Promise<T | undefined> {
  if (signal.aborted) return undefined;

  let onAbort = () => undefined as void;
  const stopped = new Promise<undefined>((resolve) => {
    onAbort = () => resolve(undefined);
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([value, stopped]);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

async function listResolverRules(
  sdk: typeof Route53Vendor,
  client: ResolverSdk.Route53ResolverClient,
  run: ShadowingRun,
): Promise<ResolverRule[]> {
  const filters = [{ Name: 'VPCId', Values: [run.vpcId] }];
  const associationPages = await allPages((NextToken) => {
    const command = new sdk.ListResolverRuleAssociationsCommand({ Filters: filters, NextToken });
    return call(LIST_ASSOCIATIONS, run, () => client.send(command, { abortSignal: run.signal }));
  });
  const associated = new Set(
    associationPages
      .flatMap((page) => page.ResolverRuleAssociations ?? [])
      .filter((association) => !association.Status || IN_EFFECT.has(association.Status))
      .flatMap((association) => association.ResolverRuleId ?? []),
  );
  if (associated.size === 0) return [];

  const rulePages = await allPages((NextToken) => {
    const command = new sdk.ListResolverRulesCommand({ NextToken });
    return call(LIST_RULES, run, () => client.send(command, { abortSignal: run.signal }));
  });
  const listed = rulePages
    .flatMap((page) => page.ResolverRules ?? [])
    .filter((rule) => associated.has(rule.Id ?? ''));

  // ListResolverRules shows the account's own rules; rules shared through AWS RAM are fetched one
  // by one. AWS's autodefined rules (reverse lookups, the internet resolver) never name a
  // TiDB Cloud domain, so they are not worth a call each.
  const unlisted = [...associated].filter(
    (id) => !listed.some((rule) => rule.Id === id) && !id.startsWith('rslvr-autodefined-'),
  );
  const shared = await Promise.all(
    unlisted.map(async (id) => {
      const command = new sdk.GetResolverRuleCommand({ ResolverRuleId: id });
      const answer = await call(GET_RULE, run, () =>
        client.send(command, { abortSignal: run.signal }),
      );
      return answer.ResolverRule ?? { Id: id };
    }),
  );

  return [...listed, ...shared].map(toResolverRule);
}

function toResolverRule(rule: ResolverSdk.ResolverRule): ResolverRule {
  const targetIps = (rule.TargetIps ?? []).flatMap((target) => {
    const port = target.Port ?? 53;
    if (target.Ip) return [`${target.Ip}:${port}`];

    return target.Ipv6 ? [`[${target.Ipv6}]:${port}`] : [];
  });

  return {
    id: rule.Id ?? '',
    ...(rule.Name && { name: rule.Name }),
    domainName: rule.DomainName ?? '',
    ruleType: rule.RuleType ?? '',
    targetIps,
  };
}
