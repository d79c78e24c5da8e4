// collectAwsFacts through the real SDK, with EC2 answered by nock from the XML fixtures: what each
// answer, each error and each missing piece turns into.

import nock from 'nock';
import { ConfiguredRetryStrategy } from '@smithy/core/retry';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

import type { CollectRequest } from '../../src/collect/aws.js';
import type { FactValues, Target } from '../../src/engine/facts.js';
import { collectAwsFacts } from '../../src/collect/aws.js';
import { healthyFactValues, IDS } from '../helpers/evidence.js';
import { BY_ID, stubAwsEnv } from './aws-env.js';
import { readFixture } from '../helpers/ec2-fixture-server.js';
import { EC2_URL, expectCall, expectHealthyById, onlyLoopback, replyXml } from './nock-ec2.js';

function collect(target: Target, extra: Partial<CollectRequest> = {}) {
  return collectAwsFacts({
    target,
    deadline: Date.now() + 10_000,
    // Eight attempts as in production, one millisecond apart.
    retryStrategy: new ConfiguredRetryStrategy(8, 1),
    ...extra,
  });
}

beforeAll(onlyLoopback);
beforeEach(() => stubAwsEnv());
afterEach(() => {
  nock.cleanAll();
  vi.unstubAllEnvs();
});
afterAll(() => nock.enableNetConnect());

describe('a healthy account', () => {
  it('gives every fact the rules expect, from the calls expected', async () => {
    const scope = expectHealthyById(nock(EC2_URL));

    const { facts, target } = await collect(BY_ID);

    scope.done();
    // The healthy evidence lists no other endpoints in the VPC, and this run has no metadata.
    const healthy: Partial<FactValues> = healthyFactValues();
    delete healthy.vpcEndpointsInVpc;
    delete healthy.identity;
    for (const [name, value] of Object.entries(healthy)) {
      if (!(name in facts)) continue;
      expect({ name, fact: facts[name as keyof typeof facts] }).toMatchObject({
        name,
        fact: { status: 'ok', value },
      });
    }
    expect(facts.identity).toMatchObject({ status: 'skipped' });
    expect(facts.vpcEndpointsInVpc).toMatchObject({
      status: 'ok',
      value: [{ id: 'vpce-0f0e0d0c0b0a09081', type: 'Gateway' }, { id: IDS.endpoint }],
    });
    expect(target).toMatchObject({ serviceName: IDS.service, host: IDS.host });
  });

  it('keeps the endpoint state as AWS sends it, in camel case', async () => {
    expectHealthyById(nock(EC2_URL));

    const { facts } = await collect(BY_ID);

    expect(facts.endpoint).toMatchObject({ value: { state: 'available' } });
  });
});

describe('finding the endpoint', () => {
  it('follows NextToken through the listing of the client VPC and of the endpoint service', async () => {
    const scope = nock(EC2_URL);
    expectCall(scope, 'DescribeInstances', 'healthy');
    expectCall(scope, 'DescribeVpcEndpoints', 'in-vpc-page-1', (p) => {
      return p['Filter.1.Value.1'] === IDS.vpc && p.NextToken === undefined;
    });
    expectCall(scope, 'DescribeVpcEndpoints', 'in-vpc-page-2', (p) => {
      return (
        p['Filter.1.Value.1'] === IDS.vpc &&
        p.NextToken === 'eyJ2IjoxLCJjIjoiZXhhbXBsZS1wYWdlLTIifQ=='
      );
    });
    expectHealthyById(scope, [
      'DescribeVpcEndpoints',
      'DescribeInstances',
      'DescribeVpcEndpointServices',
    ]);
    expectCall(scope, 'DescribeVpcEndpointServices', 'page-1', (p) => p.NextToken === undefined);
    expectCall(scope, 'DescribeVpcEndpointServices', 'page-2', (p) => {
      return p.NextToken === 'eyJzZXJ2aWNlIjoicGFnZS0yIn0=';
    });

    const { facts, target } = await collect({ ...BY_ID, vpcEndpointId: undefined });

    scope.done();
    expect(facts.endpointDiscovery).toEqual({
      status: 'ok',
      source: 'ec2:DescribeVpcEndpoints',
      value: { method: 'private-dns-name', vpcId: IDS.vpc, candidates: [IDS.endpoint] },
    });
    expect(facts.endpointService).toMatchObject({
      status: 'ok',
      value: { privateDnsName: IDS.host },
    });
    expect(facts.vpcEndpointsInVpc).toMatchObject({
      status: 'ok',
      value: [{}, { id: IDS.endpoint }],
    });
    expect(target.vpcEndpointId).toBe(IDS.endpoint);
  });

  it('finds nothing in an empty VPC and says so instead of guessing', async () => {
    const scope = nock(EC2_URL);
    expectCall(scope, 'DescribeInstances', 'healthy');
    expectCall(scope, 'DescribeVpcEndpoints', 'empty', (p) => p['Filter.1.Value.1'] === IDS.vpc);

    const { facts } = await collect({
      ...BY_ID,
      vpcEndpointId: undefined,
      serviceName: IDS.service,
    });

    scope.done();
    expect(facts.endpointDiscovery).toMatchObject({
      status: 'ok',
      value: { method: 'service-name', vpcId: IDS.vpc, candidates: [] },
    });
    expect(facts.endpoint).toMatchObject({ status: 'ok', value: null });
    expect(facts.subnets).toMatchObject({
      status: 'skipped',
      reason: 'no VPC endpoint was found to inspect',
    });
    expect(facts.vpcEndpointsInVpc).toMatchObject({ status: 'ok', value: [] });
  });

  it('lists every candidate when several endpoints serve the cluster and none stands out', async () => {
    const scope = nock(EC2_URL);
    expectCall(scope, 'DescribeInstances', 'healthy');
    // Private DNS is off on both, so neither holds the cluster's name.
    const xml = readFixture('DescribeVpcEndpoints', 'two-candidates')
      .replace('<privateDnsEnabled>true<', '<privateDnsEnabled>false<')
      .replace(/<item><dnsName>privatelink-[^]*?<\/item>/, '');
    replyXml(scope, 'DescribeVpcEndpoints', xml);

    const { facts } = await collect({
      ...BY_ID,
      vpcEndpointId: undefined,
      serviceName: IDS.service,
    });

    scope.done();
    expect(facts.endpointDiscovery).toMatchObject({
      value: { candidates: [IDS.endpoint, 'vpce-0987654321fedcba0'] },
    });
    expect(facts.endpointDiscovery).not.toMatchObject({ value: { chosenBy: expect.anything() } });
    expect(facts.endpoint).toMatchObject({ status: 'ok', value: null });
    expect(facts.vpc).toMatchObject({
      status: 'skipped',
      reason: expect.stringContaining('--vpc-endpoint-id'),
    });
  });

  it.each([
    ['the only one holding the private DNS name', 'private-dns', (xml: string) => xml],
    [
      'the only one not rejected, failed, expired or deleted',
      'state',
      (xml: string) =>
        xml
          .replace('<privateDnsEnabled>true<', '<privateDnsEnabled>false<')
          .replace(/(vpce-0987654321fedcba0[^]*?<state>)available</, '$1Rejected<'),
    ],
  ])('chooses among several endpoints of the service %s', async (_name, by, change) => {
    const scope = nock(EC2_URL);
    expectCall(scope, 'DescribeInstances', 'healthy');
    replyXml(
      scope,
      'DescribeVpcEndpoints',
      change(readFixture('DescribeVpcEndpoints', 'two-candidates')),
    );
    expectHealthyById(scope, ['DescribeVpcEndpoints', 'DescribeInstances']);

    const { facts } = await collect({
      ...BY_ID,
      vpcEndpointId: undefined,
      serviceName: IDS.service,
    });

    scope.done();
    expect(facts.endpointDiscovery).toMatchObject({
      value: { candidates: [IDS.endpoint, 'vpce-0987654321fedcba0'], chosenBy: by },
    });
    expect(facts.endpoint).toMatchObject({ status: 'ok', value: { id: IDS.endpoint } });
  });

  it('does not choose by private DNS between endpoints of different VPCs', async () => {
    const scope = nock(EC2_URL);
    const xml = readFixture('DescribeVpcEndpoints', 'two-candidates').replace(
      /(vpce-0987654321fedcba0[^]*?<vpcId>)vpc-0123456789abcdef0</,
      '$1vpc-0fedcba9876543210<',
    );
    replyXml(scope, 'DescribeVpcEndpoints', xml, (p) => p['Filter.1.Name'] === undefined);

    // Off EC2 and without --instance-id, the search covers the whole region.
    const { facts } = await collect({
      ...BY_ID,
      vpcEndpointId: undefined,
      instanceId: undefined,
      serviceName: IDS.service,
    });

    scope.done();
    expect(facts.endpointDiscovery).toMatchObject({
      value: { method: 'service-name', candidates: [IDS.endpoint, 'vpce-0987654321fedcba0'] },
    });
    expect(facts.endpoint).toMatchObject({ status: 'ok', value: null });
  });

  it('chooses among several candidates by --host', async () => {
    const scope = nock(EC2_URL);
    expectCall(scope, 'DescribeInstances', 'healthy');
    expectCall(scope, 'DescribeVpcEndpoints', 'two-candidates');
    expectHealthyById(scope, ['DescribeVpcEndpoints', 'DescribeInstances']);

    const { facts } = await collect({ ...BY_ID, vpcEndpointId: undefined, host: IDS.host });

    scope.done();
    expect(facts.endpoint).toMatchObject({ status: 'ok', value: { id: IDS.endpoint } });
    expect(facts.vpcEndpointsInVpc).toMatchObject({ value: [{}, {}] });
  });

  it('recognises a TiDB Cloud endpoint by its service when private DNS is off', async () => {
    const scope = nock(EC2_URL);
    expectCall(scope, 'DescribeInstances', 'healthy');
    expectCall(scope, 'DescribeVpcEndpoints', 'private-dns-disabled');
    // Asked once to recognise the service, and once more for the endpointService fact.
    expectCall(scope, 'DescribeVpcEndpointServices', 'healthy');
    expectCall(scope, 'DescribeVpcEndpointServices', 'healthy');
    expectHealthyById(scope, [
      'DescribeVpcEndpoints',
      'DescribeInstances',
      'DescribeVpcEndpointServices',
    ]);

    const { facts, target } = await collect({ ...BY_ID, vpcEndpointId: undefined });

    scope.done();
    expect(facts.endpoint).toMatchObject({ value: { id: IDS.endpoint, privateDnsEnabled: false } });
    expect(target.host).toBe(IDS.host);
  });

  it.each([
    ['still finds the TiDB Cloud endpoint when another service cannot be asked', true],
    ['says it could not search rather than that nothing is there', false],
  ])('%s', async (_name, tidbServiceAnswers) => {
    const other = 'com.amazonaws.vpce.us-west-2.vpce-svc-0aaaabbbbccccdddd';
    const listing = readFixture('DescribeVpcEndpoints', 'private-dns-disabled').replace(
      '<vpcEndpointSet>',
      `<vpcEndpointSet><item><vpcEndpointId>vpce-0aaaabbbbccccdddd</vpcEndpointId><vpcEndpointType>Interface</vpcEndpointType><vpcId>${IDS.vpc}</vpcId><serviceName>${other}</serviceName><state>available</state></item>`,
    );
    const scope = nock(EC2_URL);
    expectCall(scope, 'DescribeInstances', 'healthy');
    replyXml(scope, 'DescribeVpcEndpoints', listing);
    const throttled = readFixture('DescribeVpcEndpoints', 'request-limit-exceeded');
    const named = (name: string) => (p: Record<string, string>) => p['ServiceName.1'] === name;
    for (let attempt = 0; attempt < 8; attempt += 1) {
      replyXml(scope, 'DescribeVpcEndpointServices', throttled, named(other));
    }
    if (tidbServiceAnswers) {
      // Once to recognise the service, once more for the endpointService fact.
      expectCall(scope, 'DescribeVpcEndpointServices', 'healthy', named(IDS.service));
      expectCall(scope, 'DescribeVpcEndpointServices', 'healthy', named(IDS.service));
      expectHealthyById(scope, [
        'DescribeVpcEndpoints',
        'DescribeInstances',
        'DescribeVpcEndpointServices',
      ]);
    } else {
      for (let attempt = 0; attempt < 8; attempt += 1) {
        replyXml(scope, 'DescribeVpcEndpointServices', throttled, named(IDS.service));
      }
    }

    const { facts } = await collect({ ...BY_ID, vpcEndpointId: undefined });

    scope.done();
    if (tidbServiceAnswers) {
      expect(facts.endpointDiscovery).toMatchObject({ value: { candidates: [IDS.endpoint] } });
    } else {
      expect(facts.endpointDiscovery).toMatchObject({
        status: 'error',
        error: { code: 'RequestLimitExceeded' },
      });
    }
  });

  it('treats an endpoint id that does not exist as a finding, not an error', async () => {
    const scope = nock(EC2_URL);
    expectCall(scope, 'DescribeVpcEndpoints', 'not-found');
    expectCall(scope, 'DescribeInstances', 'healthy');

    const { facts } = await collect(BY_ID);

    scope.done();
    expect(facts.endpointDiscovery).toMatchObject({ value: { method: 'id', candidates: [] } });
    expect(facts.endpoint).toMatchObject({ status: 'ok', value: null });
    expect(facts.clientInstance).toMatchObject({ status: 'ok', value: { id: IDS.instance } });
  });

  it('explains a malformed endpoint id', async () => {
    const scope = nock(EC2_URL);
    expectCall(
      scope,
      'DescribeVpcEndpoints',
      'malformed',
      (p) => p['VpcEndpointId.1'] === 'vpce-12345',
    );
    expectCall(scope, 'DescribeInstances', 'healthy');

    const { facts } = await collect({ ...BY_ID, vpcEndpointId: 'vpce-12345' });

    scope.done();
    expect(facts.endpoint).toMatchObject({
      status: 'error',
      error: {
        code: 'InvalidVpcEndpointId.Malformed',
        message: expect.stringContaining("use the full id, like 'vpce-0123456789abcdef0'"),
      },
    });
    expect(facts.networkInterfaces).toMatchObject({
      status: 'error',
      error: { code: 'InvalidVpcEndpointId.Malformed' },
    });
  });
});
