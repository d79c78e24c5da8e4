// nock set-up for the EC2 tests: the network is off except loopback, and each expected EC2 call
// is one interceptor that matches on the parsed form body and answers with a fixture.

import nock from 'nock';

import type { FormParams } from '../helpers/ec2-fixture-server.js';
import { fixtureStatus, readFixture } from '../helpers/ec2-fixture-server.js';

/** The regional EC2 endpoint the SDK talks to in the tests. */
export const EC2_URL = 'https://ec2.us-west-2.amazonaws.com';

/** Turns the network off for everything but loopback. */
export function onlyLoopback(): void {
  nock.disableNetConnect();
  nock.enableNetConnect((host) => /^(127\.0\.0\.1|\[::1\]|::1)(:\d+)?$/.test(host));
}

/** Expects one EC2 call of `action` whose parameters satisfy `matches`, answered by a fixture. */
export function expectCall(
  scope: nock.Scope,
  action: string,
  fixture: string,
  matches: (params: FormParams) => boolean = () => true,
): nock.Scope {
  return replyXml(scope, action, readFixture(action, fixture), matches);
}

/** Expects one EC2 call of `action` answered by `xml`, with the status its error code gets. */
export function replyXml(
  scope: nock.Scope,
  action: string,
  xml: string,
  matches: (params: FormParams) => boolean = () => true,
): nock.Scope {
  return scope
    .post('/', (body: FormParams) => body.Action === action && matches(body))
    .reply(fixtureStatus(xml), xml, { 'content-type': 'text/xml;charset=UTF-8' });
}

/** Expects every call of a healthy collection of endpoint `vpce-…` named by id. */
export function expectHealthyById(scope: nock.Scope, except: string[] = []): nock.Scope {
  const calls: [string, string, (params: FormParams) => boolean][] = [
    ['DescribeVpcEndpoints', 'healthy', (p) => p['VpcEndpointId.1'] === 'vpce-0a1b2c3d4e5f67890'],
    ['DescribeInstances', 'healthy', (p) => p['InstanceId.1'] === 'i-0123456789abcdef0'],
    [
      'DescribeVpcEndpointServices',
      'healthy',
      (p) => p['ServiceName.1'] === 'com.amazonaws.vpce.us-west-2.vpce-svc-0c1d2e3f4a5b6c7d8',
    ],
    ['DescribeVpcs', 'healthy', (p) => p['VpcId.1'] === 'vpc-0123456789abcdef0'],
    ['DescribeVpcAttribute', 'enable-dns-support', (p) => p.Attribute === 'enableDnsSupport'],
    ['DescribeVpcAttribute', 'enable-dns-hostnames', (p) => p.Attribute === 'enableDnsHostnames'],
    ['DescribeDhcpOptions', 'healthy', (p) => p['DhcpOptionsId.1'] === 'dopt-0aaaa1111bbbb2222'],
    [
      'DescribeSubnets',
      'healthy',
      (p) =>
        p['SubnetId.1'] === 'subnet-0aaaaaaaaaaaaaaa1' &&
        p['SubnetId.2'] === 'subnet-0bbbbbbbbbbbbbbb2' &&
        p['SubnetId.3'] === undefined,
    ],
    [
      'DescribeSecurityGroups',
      'healthy',
      (p) => p['GroupId.1'] === 'sg-0ccccccccccccccc3' && p['GroupId.2'] === 'sg-0fffffffffffffff6',
    ],
    [
      'DescribeNetworkInterfaces',
      'healthy',
      (p) =>
        p['NetworkInterfaceId.1'] === 'eni-0ddddddddddddddd4' &&
        p['NetworkInterfaceId.2'] === 'eni-0eeeeeeeeeeeeeee5',
    ],
    [
      'DescribeNetworkAcls',
      'healthy',
      (p) =>
        p['Filter.1.Name'] === 'association.subnet-id' &&
        p['Filter.1.Value.1'] === 'subnet-0aaaaaaaaaaaaaaa1' &&
        p['Filter.1.Value.2'] === 'subnet-0bbbbbbbbbbbbbbb2',
    ],
    [
      'DescribeVpcEndpoints',
      'in-vpc',
      (p) => p['Filter.1.Name'] === 'vpc-id' && p['Filter.1.Value.1'] === 'vpc-0123456789abcdef0',
    ],
  ];
  for (const [action, fixture, matches] of calls) {
    if (!except.includes(action)) expectCall(scope, action, fixture, matches);
  }

  return scope;
}
