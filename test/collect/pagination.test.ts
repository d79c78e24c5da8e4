// Any EC2 list may come in pages, even one asked for by id, and EC2 may send an empty page that
// still carries a NextToken. Here every call is answered first by such an empty page, then by its
// fixture ending in an empty <nextToken/>: the facts must come out as from a single page.

import { afterEach, describe, expect, it, vi } from 'vitest';

import type { Ec2FixtureServer, FormParams } from '../helpers/ec2-fixture-server.js';
import type { Target } from '../../src/engine/facts.js';
import { collectAwsFacts } from '../../src/collect/aws.js';
import { healthyCase, startEc2FixtureServer } from '../helpers/ec2-fixture-server.js';
import { IDS } from '../helpers/evidence.js';
import { BY_ID, stubAwsEnv } from './aws-env.js';

// The endpoint group also names a prefix list and a bastion group, so every call is made.
function everyCall(action: string, params: FormParams): string {
  if (action === 'DescribeSecurityGroups') {
    return params['Filter.1.Name'] === 'group-id' ? 'referenced' : 'with-prefix-list';
  }

  return healthyCase(action, params);
}

// DescribeVpcAttribute answers one value and has no pages.
function inTwoPages(xml: string, action: string, params: FormParams): string {
  if (action === 'DescribeVpcAttribute') return xml;

  const close = `</${action}Response>`;
  if (params.NextToken === undefined) {
    const head = /^[\s\S]*?<\/requestId>/.exec(xml)?.[0] ?? '';

    return `${head}<nextToken>second-${action}</nextToken>${close}`;
  }

  return xml.replace(close, `<nextToken/>${close}`);
}

describe('pagination', () => {
  const servers: Ec2FixtureServer[] = [];

  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
    vi.unstubAllEnvs();
  });

  async function collectFrom(rewrite?: typeof inTwoPages, target: Target = BY_ID) {
    const server = await startEc2FixtureServer({ choose: everyCall, ...(rewrite && { rewrite }) });
    servers.push(server);
    stubAwsEnv({ AWS_ENDPOINT_URL_EC2: server.url });
    const { facts } = await collectAwsFacts({ target, deadline: Date.now() + 10_000 });

    return { facts, requests: server.requests };
  }

  it('follows NextToken on every call, past an empty first page, to an empty token', async () => {
    const single = await collectFrom();
    const paged = await collectFrom(inTwoPages);

    expect(paged.facts).toEqual(single.facts);
    for (const fact of Object.values(paged.facts)) expect(fact?.status).not.toBe('error');
    const secondPages = paged.requests.filter((params) => params.NextToken !== undefined);
    for (const params of secondPages) {
      expect(params.NextToken).toBe(`second-${params.Action}`);
    }
    const firstPages = paged.requests.length - secondPages.length;
    const attributes = single.requests.filter((p) => p.Action === 'DescribeVpcAttribute').length;
    expect(secondPages).toHaveLength(firstPages - attributes);
    expect(firstPages).toBe(single.requests.length);
    expect(new Set(secondPages.map((params) => params.Action))).toEqual(
      new Set([
        'DescribeVpcEndpoints',
        'DescribeVpcEndpointServices',
        'DescribeVpcs',
        'DescribeDhcpOptions',
        'DescribeSubnets',
        'DescribeSecurityGroups',
        'DescribeNetworkInterfaces',
        'DescribeNetworkAcls',
        'DescribeInstances',
        'GetManagedPrefixListEntries',
      ]),
    );
  });

  it('stops, and says why, when the server sends the same token again', async () => {
    const again = (xml: string, action: string) =>
      action === 'DescribeSubnets'
        ? xml.replace(
            '</DescribeSubnetsResponse>',
            '<nextToken>page-2</nextToken></DescribeSubnetsResponse>',
          )
        : xml;

    const { facts, requests } = await collectFrom(again);

    expect(facts.subnets).toMatchObject({
      status: 'error',
      error: {
        code: 'RepeatedNextToken',
        message:
          "EC2 sent NextToken 'page-2' a second time: the server does not page correctly, and the answer is incomplete",
      },
    });
    expect(requests.filter((params) => params.Action === 'DescribeSubnets')).toHaveLength(2);
    expect(facts.vpc?.status).toBe('ok');
  });

  it('follows NextToken while discovering the endpoint in the VPC', async () => {
    const target = { ...BY_ID, vpcEndpointId: undefined };
    const single = await collectFrom(undefined, target);
    const paged = await collectFrom(inTwoPages, target);

    expect(paged.facts.endpoint).toMatchObject({ status: 'ok', value: { id: IDS.endpoint } });
    expect(paged.facts).toEqual(single.facts);
  });
});
