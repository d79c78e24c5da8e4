// One EC2 client per run, loaded on first use so that commands which never talk to AWS do not pay
// for loading the SDK. Every call goes through `call`, which logs it and explains its failure.

import type * as Ec2Sdk from '@aws-sdk/client-ec2';
import type * as Ec2Vendor from '../../vendor/ec2.mjs';
import type { Debug } from '../debug.js';
import type { StopReason } from './aws-errors.js';
import type { Ec2Operation } from './ec2-actions.js';
import { AwsCallError, NO_REGION, toFactError } from './aws-errors.js';
import { checkEc2Answers } from './ec2-answers.js';

/** How to reach EC2 for one run. */
export interface Ec2Options {
  /** Absent: the SDK's chain (environment, profile), then `fallbackRegion`. */
  region?: string;
  profile?: string;
  /** Overrides the SDK's endpoint; without it `AWS_ENDPOINT_URL(_EC2)` still apply. */
  endpoint?: string;
  /** Replaces the standard retry strategy; tests use it to shorten the backoff. */
  retryStrategy?: Ec2Sdk.EC2ClientConfig['retryStrategy'];
  signal: AbortSignal;
  stopReason: () => StopReason | undefined;
  debug: Debug;
  fallbackRegion: () => Promise<string | undefined>;
}

/** The request and response shapes of each operation the collectors use. */
interface Ec2Io {
  DescribeVpcEndpoints: [Ec2Sdk.DescribeVpcEndpointsRequest, Ec2Sdk.DescribeVpcEndpointsResult];
  DescribeVpcEndpointServices: [
    Ec2Sdk.DescribeVpcEndpointServicesRequest,
    Ec2Sdk.DescribeVpcEndpointServicesResult,
  ];
  DescribeVpcs: [Ec2Sdk.DescribeVpcsRequest, Ec2Sdk.DescribeVpcsResult];
  DescribeVpcAttribute: [Ec2Sdk.DescribeVpcAttributeRequest, Ec2Sdk.DescribeVpcAttributeResult];
  DescribeDhcpOptions: [Ec2Sdk.DescribeDhcpOptionsRequest, Ec2Sdk.DescribeDhcpOptionsResult];
  DescribeSubnets: [Ec2Sdk.DescribeSubnetsRequest, Ec2Sdk.DescribeSubnetsResult];
  DescribeSecurityGroups: [
    Ec2Sdk.DescribeSecurityGroupsRequest,
    Ec2Sdk.DescribeSecurityGroupsResult,
  ];
  DescribeNetworkInterfaces: [
    Ec2Sdk.DescribeNetworkInterfacesRequest,
    Ec2Sdk.DescribeNetworkInterfacesResult,
  ];
  DescribeNetworkAcls: [Ec2Sdk.DescribeNetworkAclsRequest, Ec2Sdk.DescribeNetworkAclsResult];
  DescribeInstances: [Ec2Sdk.DescribeInstancesRequest, Ec2Sdk.DescribeInstancesResult];
  GetManagedPrefixListEntries: [
    Ec2Sdk.GetManagedPrefixListEntriesRequest,
    Ec2Sdk.GetManagedPrefixListEntriesResult,
  ];
}

/** The input of an EC2 operation. */
export type Ec2Input<Op extends Ec2Operation> = Ec2Io[Op][0];

/** The output of an EC2 operation. */
export type Ec2Output<Op extends Ec2Operation> = Ec2Io[Op][1];

/** An open EC2 client bound to one region and the run's deadline. */
export interface Ec2 {
  region: string;
  call<Op extends Ec2Operation>(operation: Op, input: Ec2Input<Op>): Promise<Ec2Output<Op>>;
  close(): void;
}

// Enough attempts that a call throttled four or five times in a row still gets through; the
// standard strategy's jittered backoff (500 ms base for throttling) spaces them out.
const MAX_ATTEMPTS = 8;
const CONNECT_TIMEOUT_MS = 5_000;

/** Loads the SDK, settles the region and returns a client; throws `AwsCallError` without one. */
export async function openEc2(options: Ec2Options): Promise<Ec2> {
  // The SDK warns on stderr about Node versions it will drop; that is not the user's concern here.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const sdk = await import('../../vendor/ec2.mjs');

  const create = (region?: string) =>
    new sdk.EC2Client({
      ...(region && { region }),
      ...(options.profile && { profile: options.profile }),
      ...(options.endpoint && { endpoint: options.endpoint }),
      ...retryConfig(options),
      requestHandler: { connectionTimeout: CONNECT_TIMEOUT_MS },
    });

  let client = create(options.region);
  let region = options.region ?? (await regionFromSdkChain(client));
  if (!region) {
    client.destroy();
    region = await options.fallbackRegion();
    if (!region) throw new AwsCallError(NO_REGION);
    client = create(region);
  }
  checkEc2Answers(client);
  options.debug('aws', `EC2 client ready for region '${region}'`);

  return bindClient(client, commandsOf(sdk), region, options);
}

// AWS_RETRY_MODE and AWS_MAX_ATTEMPTS, when set, are the user's word and the SDK reads them.
function retryConfig(options: Ec2Options): Partial<Ec2Sdk.EC2ClientConfig> {
  if (options.retryStrategy) return { retryStrategy: options.retryStrategy };

  return {
    ...(!process.env.AWS_RETRY_MODE && { retryMode: 'standard' }),
    ...(!process.env.AWS_MAX_ATTEMPTS && { maxAttempts: MAX_ATTEMPTS }),
  };
}

async function regionFromSdkChain(client: Ec2Sdk.EC2Client): Promise<string | undefined> {
  try {
    return await client.config.region();
  } catch {
    // "Region is missing": neither the environment nor the profile names one.
    return undefined;
  }
}

type Commands = { [Op in Ec2Operation]: new (input: Ec2Input<Op>) => object };

function commandsOf(sdk: typeof Ec2Vendor): Commands {
  return {
    DescribeVpcEndpoints: sdk.DescribeVpcEndpointsCommand,
    DescribeVpcEndpointServices: sdk.DescribeVpcEndpointServicesCommand,
    DescribeVpcs: sdk.DescribeVpcsCommand,
    DescribeVpcAttribute: sdk.DescribeVpcAttributeCommand,
    DescribeDhcpOptions: sdk.DescribeDhcpOptionsCommand,
    DescribeSubnets: sdk.DescribeSubnetsCommand,
    DescribeSecurityGroups: sdk.DescribeSecurityGroupsCommand,
    DescribeNetworkInterfaces: sdk.DescribeNetworkInterfacesCommand,
    DescribeNetworkAcls: sdk.DescribeNetworkAclsCommand,
    DescribeInstances: sdk.DescribeInstancesCommand,
    GetManagedPrefixListEntries: sdk.GetManagedPrefixListEntriesCommand,
  };
}

function bindClient(
  client: Ec2Sdk.EC2Client,
  commands: Commands,
  region: string,
  options: Ec2Options,
): Ec2 {
  // `send` is overloaded per command type; one generic door keeps the call sites typed instead.
  const send = client.send.bind(client) as (command: object, o: object) => Promise<unknown>;

  return {
    region,
    async call(operation, input) {
      const started = performance.now();
      const elapsed = () => `${Math.round(performance.now() - started)} ms`;
      try {
        const command = new commands[operation](input);
        const output = (await send(command, { abortSignal: options.signal })) as Ec2Output<
          typeof operation
        > & { $metadata?: { attempts?: number } };
        const attempts = output.$metadata?.attempts ?? 1;
        const retried = attempts > 1 ? ` after ${attempts} attempts` : '';
        options.debug('aws', `${operation} answered in ${elapsed()}${retried}`);

        return output;
      } catch (error) {
        const stopReason = options.stopReason();
        const context = { operation, region, profile: options.profile, stopReason };
        const factError = toFactError(error, context);
        options.debug('aws', `${operation} failed in ${elapsed()}: ${factError.code}`);
        throw new AwsCallError(factError, error);
      }
    },
    close: () => client.destroy(),
  };
}
