// The facts around a known endpoint, through the real SDK and nock: the second-round calls for
// prefix lists and referenced groups, and answers that mean "nothing there".

import nock from 'nock';
import { ConfiguredRetryStrategy } from '@smithy/core/retry';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

import { collectAwsFacts } from '../../src/collect/aws.js';
import { IDS } from '../helpers/evidence.js';
import { BY_ID, stubAwsEnv } from './aws-env.js';
import { readFixture } from '../helpers/ec2-fixture-server.js';
import { EC2_URL, expectCall, expectHealthyById, onlyLoopback, replyXml } from './nock-ec2.js';

function collect() {
  return collectAwsFacts({
    target: BY_ID,
    deadline: Date.now() + 10_000,
    retryStrategy: new ConfiguredRetryStrategy(8, 1),
  });
}

beforeAll(onlyLoopback);
beforeEach(() => stubAwsEnv());
afterEach(() => {
  nock.cleanAll();
  vi.unstubAllEnvs();
});
afterAll(() => nock.enableNetConnect());

describe('the fan-out around the endpoint', () => {
  it('reads the prefix lists (page by page) and the groups that the rules refer to', async () => {
    const scope = expectHealthyById(nock(EC2_URL), ['DescribeSecurityGroups']);
    expectCall(
      scope,
      'DescribeSecurityGroups',
      'with-prefix-list',
      (p) => p['GroupId.1'] !== undefined,
    );
    expectCall(scope, 'DescribeSecurityGroups', 'referenced', (p) => {
      return (
        p['Filter.1.Name'] === 'group-id' &&
        p['Filter.1.Value.1'] === 'sg-0bbbbbbbbbbbbbbb7' &&
        p['Filter.1.Value.2'] === undefined
      );
    });
    expectCall(scope, 'GetManagedPrefixListEntries', 'page-1', (p) => {
      return p.PrefixListId === 'pl-0123456789abcdef0' && p.NextToken === undefined;
    });
    expectCall(
      scope,
      'GetManagedPrefixListEntries',
      'page-2',
      (p) => p.NextToken === 'eyJwbCI6InBhZ2UtMiJ9',
    );

    const { facts } = await collect();

    scope.done();
    expect(facts.prefixLists).toEqual({
      status: 'ok',
      source: 'ec2:GetManagedPrefixListEntries',
      value: [{ id: 'pl-0123456789abcdef0', cidrs: ['192.168.10.0/24', '172.16.0.0/16'] }],
    });
    expect(facts.securityGroups).toMatchObject({
      status: 'ok',
      value: [
        {
          id: IDS.endpointSg,
          ingress: [
            {
              protocol: 'tcp',
              fromPort: 4000,
              toPort: 4000,
              ipv4Ranges: ['10.0.0.0/16'],
              groupIds: [IDS.clientSg, 'sg-0bbbbbbbbbbbbbbb7'],
              prefixListIds: ['pl-0123456789abcdef0'],
            },
          ],
        },
        { id: IDS.clientSg },
        { id: 'sg-0bbbbbbbbbbbbbbb7', egress: [{ protocol: '-1', ipv6Ranges: ['::/0'] }] },
      ],
    });
  });

  it.each(['invalid-service-name', 'empty'])(
    'records an endpoint service this account cannot see as null (%s)',
    async (fixture) => {
      const scope = expectHealthyById(nock(EC2_URL), ['DescribeVpcEndpointServices']);
      expectCall(scope, 'DescribeVpcEndpointServices', fixture);

      const { facts, target } = await collect();

      scope.done();
      expect(facts.endpointService).toEqual({
        status: 'ok',
        source: 'ec2:DescribeVpcEndpointServices',
        value: null,
      });
      // Without the service, the host comes from the endpoint's own private DNS entry.
      expect(target.host).toBe(IDS.host);
    },
  );

  it('records a VPC without a DHCP options set as null, without asking for one', async () => {
    const scope = expectHealthyById(nock(EC2_URL), ['DescribeVpcs', 'DescribeDhcpOptions']);
    expectCall(scope, 'DescribeVpcs', 'no-dhcp-options');

    const { facts } = await collect();

    scope.done();
    expect(facts.dhcpOptions).toMatchObject({ status: 'ok', value: null });
  });

  it("asks again by filter when EC2 does not know the client's group or subnet", async () => {
    const scope = expectHealthyById(nock(EC2_URL), ['DescribeSecurityGroups', 'DescribeSubnets']);
    const notFound = (code: string, id: string) =>
      `<Response><Errors><Error><Code>${code}</Code><Message>The ${id} does not exist</Message></Error></Errors><RequestID>3c2d-example</RequestID></Response>`;
    const withoutClientGroup = readFixture('DescribeSecurityGroups', 'healthy').replace(
      /<item>\s*<ownerId>111122223333<\/ownerId>\s*<groupId>sg-0fffffffffffffff6[^]*?<tagSet\/>\s*<\/item>/,
      '',
    );
    replyXml(
      scope,
      'DescribeSecurityGroups',
      notFound('InvalidGroup.NotFound', IDS.clientSg),
      (p) => Boolean(p['GroupId.1']),
    );
    replyXml(scope, 'DescribeSecurityGroups', withoutClientGroup, (p) => {
      return p['Filter.1.Name'] === 'group-id' && p['Filter.1.Value.2'] === IDS.clientSg;
    });
    replyXml(scope, 'DescribeSubnets', notFound('InvalidSubnetID.NotFound', IDS.subnetA), (p) =>
      Boolean(p['SubnetId.1']),
    );
    expectCall(scope, 'DescribeSubnets', 'healthy', (p) => p['Filter.1.Name'] === 'subnet-id');

    const { facts } = await collect();

    scope.done();
    expect(facts.securityGroups).toMatchObject({ status: 'ok', value: [{ id: IDS.endpointSg }] });
    expect(facts.subnets).toMatchObject({ status: 'ok', value: [{}, {}] });
  });

  it('marks the instance fact, and only it, when the client instance does not exist', async () => {
    const scope = expectHealthyById(nock(EC2_URL), [
      'DescribeInstances',
      'DescribeSubnets',
      'DescribeSecurityGroups',
      'DescribeNetworkAcls',
    ]);
    expectCall(scope, 'DescribeInstances', 'not-found');
    // Without the client, only the endpoint's own subnets and group are asked for.
    expectCall(scope, 'DescribeSubnets', 'healthy', (p) => p['SubnetId.3'] === undefined);
    expectCall(scope, 'DescribeSecurityGroups', 'healthy', (p) => p['GroupId.2'] === undefined);
    expectCall(scope, 'DescribeNetworkAcls', 'healthy', (p) => p['Filter.1.Value.3'] === undefined);

    const { facts } = await collect();

    scope.done();
    expect(facts.clientInstance).toMatchObject({
      status: 'error',
      error: {
        code: 'InvalidInstanceID.NotFound',
        message:
          "Instance 'i-0123456789abcdef0' does not exist in region 'us-west-2' for this account: check the id and the region",
      },
    });
    expect(facts.subnets).toMatchObject({ status: 'ok' });
  });
});
