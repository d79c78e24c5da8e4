// The fan-out, measured: every EC2 reply is held back 100 ms, and a full collection that finds the
// endpoint by its private DNS name still takes about three round trips.

import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

import type { Ec2FixtureServer, FormParams } from '../helpers/ec2-fixture-server.js';
import type { ImdsServer } from './imds-server.js';
import { collectAwsFacts } from '../../src/collect/aws.js';
import { EC2_ACTIONS } from '../../src/collect/ec2-actions.js';
import { healthyCase, startEc2FixtureServer } from '../helpers/ec2-fixture-server.js';
import { IDS } from '../helpers/evidence.js';
import { stubAwsEnv } from './aws-env.js';
import { startImdsServer } from './imds-server.js';

const DELAY_MS = 100;

// The endpoint group also admits a prefix list and a bastion group, so that round three has work.
function withPrefixList(action: string, params: FormParams): string {
  if (action === 'DescribeSecurityGroups') {
    return params['Filter.1.Name'] === 'group-id' ? 'referenced' : 'with-prefix-list';
  }

  return healthyCase(action, params);
}

describe('collecting in parallel', () => {
  let ec2: Ec2FixtureServer | undefined;
  let imds: ImdsServer | undefined;

  beforeAll(async () => {
    // One collection without delay first keeps the SDK's start-up out of the timing.
    await collectFromHost(0);
  });

  afterEach(async () => {
    await ec2?.close();
    await imds?.close();
    vi.unstubAllEnvs();
  });

  async function collectFromHost(delayMs = DELAY_MS) {
    await ec2?.close();
    await imds?.close();
    ec2 = await startEc2FixtureServer({ delayMs, choose: withPrefixList });
    imds = await startImdsServer();
    stubAwsEnv({
      AWS_REGION: undefined,
      AWS_EC2_METADATA_DISABLED: undefined,
      AWS_ENDPOINT_URL_EC2: ec2.url,
      AWS_EC2_METADATA_SERVICE_ENDPOINT: imds.url,
    });

    const started = performance.now();
    const result = await collectAwsFacts({
      target: { port: 4000, tls: 'preferred' },
      deadline: Date.now() + 10_000,
    });

    return { result, elapsed: performance.now() - started, server: ec2 };
  }

  it('takes about three round trips with every call delayed 100 ms', async () => {
    const { result, elapsed, server } = await collectFromHost();

    expect(result.facts.endpoint).toMatchObject({ status: 'ok', value: { id: IDS.endpoint } });
    expect(result.facts.prefixLists).toMatchObject({
      status: 'ok',
      value: [{ id: 'pl-0123456789abcdef0', cidrs: ['192.168.10.0/24', '172.16.0.0/16'] }],
    });
    // Round two holds the service, VPC, both attributes, subnets, groups, interfaces and ACLs.
    expect(server.maxInFlight()).toBeGreaterThanOrEqual(8);
    expect(elapsed).toBeLessThan(4.5 * DELAY_MS);
  });

  it('sends only read actions, each of them needed', async () => {
    const { result, server } = await collectFromHost();
    const actions = server.requests.map((params) => params.Action);

    for (const action of actions) {
      expect(action).toMatch(/^(Describe|Get|List)/);
      // The IAM policy is generated from EC2_ACTIONS, so it must cover every call made.
      expect(EC2_ACTIONS).toContain(`ec2:${action}`);
    }
    for (const action of EC2_ACTIONS) expect(action).toMatch(/^ec2:(Describe|Get|List)/);
    expect([...actions].sort()).toEqual([
      'DescribeDhcpOptions',
      'DescribeInstances',
      'DescribeNetworkAcls',
      'DescribeNetworkInterfaces',
      'DescribeSecurityGroups',
      'DescribeSecurityGroups',
      'DescribeSubnets',
      'DescribeVpcAttribute',
      'DescribeVpcAttribute',
      'DescribeVpcEndpointServices',
      'DescribeVpcEndpoints',
      'DescribeVpcs',
      'GetManagedPrefixListEntries',
    ]);
    expect(result.target).toMatchObject({
      region: IDS.region,
      vpcEndpointId: IDS.endpoint,
      serviceName: IDS.service,
      host: IDS.host,
      instanceId: IDS.instance,
    });
  });
});
