// Small tools that turn calls into facts: a call that throws becomes an error fact, and a fact
// that depends on another one inherits its error or its reason for being skipped.

import type { Fact, FactError, FactName, FactValues } from '../engine/facts.js';
import { failed, ok, skipped } from '../engine/facts.js';
import { AwsCallError, toFactError } from './aws-errors.js';

/** The facts the AWS collectors produce. */
export type AwsFactName = Exclude<
  FactName,
  'hostedZones' | 'resolverRules' | 'tidbCloudService' | 'tidbCloudConnections'
>;

/** A fact that is still being gathered. */
export type PendingFact<K extends AwsFactName> = Promise<Fact<FactValues[K]>>;

/** Every AWS fact, each still being gathered. */
export type PendingFacts = { [K in AwsFactName]: PendingFact<K> };

/** Where each fact comes from: the IAM action of the call that gathers it, or instance metadata. */
export const SOURCES: Record<AwsFactName, string> = {
  identity: 'imds',
  endpointDiscovery: 'ec2:DescribeVpcEndpoints',
  endpoint: 'ec2:DescribeVpcEndpoints',
  endpointService: 'ec2:DescribeVpcEndpointServices',
  vpc: 'ec2:DescribeVpcs',
  vpcDnsAttributes: 'ec2:DescribeVpcAttribute',
  dhcpOptions: 'ec2:DescribeDhcpOptions',
  subnets: 'ec2:DescribeSubnets',
  securityGroups: 'ec2:DescribeSecurityGroups',
  networkInterfaces: 'ec2:DescribeNetworkInterfaces',
  networkAcls: 'ec2:DescribeNetworkAcls',
  clientInstance: 'ec2:DescribeInstances',
  prefixLists: 'ec2:GetManagedPrefixListEntries',
  vpcEndpointsInVpc: 'ec2:DescribeVpcEndpoints',
};

/** Runs `work` and records its value, or the explained error that kept it away. */
export async function settle<K extends AwsFactName>(
  name: K,
  work: () => Promise<FactValues[K]>,
): PendingFact<K> {
  try {
    return ok(SOURCES[name], await work());
  } catch (error) {
    return failed(SOURCES[name], factErrorOf(error));
  }
}

/** Gathers fact `name` from an earlier fact, or passes on why the earlier one is missing. */
export async function after<T, K extends AwsFactName>(
  earlier: Fact<T>,
  name: K,
  work: (value: T) => Promise<FactValues[K]>,
): PendingFact<K> {
  if (earlier.status === 'error') return failed(SOURCES[name], earlier.error);
  if (earlier.status === 'skipped') return skipped(SOURCES[name], earlier.reason);

  return settle(name, () => work(earlier.value));
}

/** The fact error carried by an `AwsCallError`, or an explanation of any other error. */
export function factErrorOf(error: unknown): FactError {
  return error instanceof AwsCallError ? error.factError : toFactError(error);
}

/** The value of a fact that was gathered, else undefined. */
export function valueOf<T>(fact: Fact<T> | undefined): T | undefined {
  return fact?.status === 'ok' ? fact.value : undefined;
}

/** The ids of all the lists, each once, in first-seen order. */
export function union(...lists: readonly string[][]): string[] {
  return [...new Set(lists.flat())];
}
