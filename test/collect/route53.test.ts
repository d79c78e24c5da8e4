// The Route 53 and Resolver collectors through the real SDK: nock answers with replies shaped like
// Route 53's REST-XML and Route 53 Resolver's JSON 1.1, and every expected call must be made.

import { readFileSync } from 'node:fs';

import nock from 'nock';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { collectDnsShadowing, ROUTE53_ACTIONS } from '../../src/collect/route53.js';
import { IDS } from '../helpers/evidence.js';
import { stubAwsEnv } from './aws-env.js';

const ROUTE53_URL = 'https://route53.amazonaws.com';
const RESOLVER_URL = 'https://route53resolver.us-west-2.amazonaws.com';
const ZONES_PATH = '/2013-04-01/hostedzonesbyvpc';
const XML = { 'content-type': 'text/xml' };
const JSON_TYPE = { 'content-type': 'application/x-amz-json-1.1' };

function fixture(operation: string, name: string): string {
  return readFileSync(
    new URL(`../../fixtures/route53/${operation}/${name}`, import.meta.url),
    'utf8',
  );
}

function request(overrides: { deadline?: number; host?: string | Promise<string> } = {}) {
  return { region: 'us-west-2', vpcId: IDS.vpc, deadline: Date.now() + 10_000, ...overrides };
}

type Body = Record<string, unknown>;

/** Expects one Resolver call of `operation` whose JSON body satisfies `matches`. */
function expectResolver(
  scope: nock.Scope,
  operation: string,
  reply: [number, string],
  matches: (body: Body) => boolean = () => true,
): nock.Scope {
  const headers =
    reply[0] === 200 ? JSON_TYPE : { ...JSON_TYPE, 'x-amzn-ErrorType': 'AccessDeniedException' };

  return scope
    .post('/', (body: Body) => matches(body))
    .matchHeader('x-amz-target', `Route53Resolver.${operation}`)
    .reply(reply[0], reply[1], headers);
}

/** A ListHostedZonesByVPC reply for the zones given as [id, name], all owned by the account. */
function zonesXml(...zones: Array<[string, string]>): string {
  const summaries = zones.map(
    ([id, name]) =>
      `<HostedZoneSummary><HostedZoneId>${id}</HostedZoneId><Name>${name}</Name><Owner><OwningAccount>111122223333</OwningAccount></Owner></HostedZoneSummary>`,
  );

  return `<?xml version="1.0" encoding="UTF-8"?>\n<ListHostedZonesByVPCResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/"><HostedZoneSummaries>${summaries.join('')}</HostedZoneSummaries><MaxItems>100</MaxItems></ListHostedZonesByVPCResponse>`;
}

const byVpc = (body: Body) =>
  JSON.stringify(body.Filters) === JSON.stringify([{ Name: 'VPCId', Values: [IDS.vpc] }]);

beforeEach(() => {
  nock.disableNetConnect();
  nock.enableNetConnect((host) => /^(127\.0\.0\.1|\[::1\]|::1)(:\d+)?$/.test(host));
  stubAwsEnv({
    AWS_ENDPOINT_URL_ROUTE_53: undefined,
    AWS_ENDPOINT_URL_ROUTE53RESOLVER: undefined,
  });
});

afterEach(() => {
  nock.cleanAll();
  vi.unstubAllEnvs();
});

afterAll(() => nock.enableNetConnect());

describe('collectDnsShadowing', () => {
  it('lists every zone and the rules associated with the VPC, across pages', async () => {
    const route53 = nock(ROUTE53_URL)
      .get(ZONES_PATH)
      .query({ vpcid: IDS.vpc, vpcregion: 'us-west-2' })
      .reply(200, fixture('ListHostedZonesByVPC', 'page-1.xml'), XML)
      .get(ZONES_PATH)
      .query({ vpcid: IDS.vpc, vpcregion: 'us-west-2', nexttoken: 'Z08765432CLOUDMAPEXAMPLE' })
      .reply(200, fixture('ListHostedZonesByVPC', 'page-2.xml'), XML);
    const resolver = nock(RESOLVER_URL);
    expectResolver(
      resolver,
      'ListResolverRuleAssociations',
      [200, fixture('ListResolverRuleAssociations', 'page-1.json')],
      (b) => byVpc(b) && !b.NextToken,
    );
    expectResolver(
      resolver,
      'ListResolverRuleAssociations',
      [200, fixture('ListResolverRuleAssociations', 'page-2.json')],
      (b) => byVpc(b) && b.NextToken === 'eyJwYWdlIjoyfQ==',
    );
    expectResolver(resolver, 'ListResolverRules', [
      200,
      fixture('ListResolverRules', 'healthy.json'),
    ]);
    expectResolver(
      resolver,
      'GetResolverRule',
      [200, fixture('GetResolverRule', 'shared-system.json')],
      (b) => b.ResolverRuleId === 'rslvr-rr-0aa11bb22cc33dd44',
    );

    const facts = await collectDnsShadowing(request());

    route53.done();
    resolver.done();
    expect(facts.hostedZones).toEqual({
      status: 'ok',
      source: 'route53:ListHostedZonesByVPC',
      value: [
        { id: 'Z04410211PARENTEXAMPLE', name: 'tidb-cloud.com.' },
        {
          id: 'Z08765432CLOUDMAPEXAMPLE',
          name: 'services.internal.',
          owningService: 'servicediscovery.amazonaws.com',
        },
      ],
    });
    expect(facts.resolverRules).toEqual({
      status: 'ok',
      source: 'route53resolver:ListResolverRuleAssociations',
      value: [
        {
          id: 'rslvr-autodefined-rr-internet-resolver',
          name: 'Internet Resolver',
          domainName: '.',
          ruleType: 'RECURSIVE',
          targetIps: [],
        },
        {
          id: 'rslvr-rr-0f1e2d3c4b5a69788',
          name: 'corp-forward',
          domainName: 'tidb-cloud.com.',
          ruleType: 'FORWARD',
          targetIps: ['10.20.0.10:53', '[fd00:20::10]:5353'],
        },
        {
          id: 'rslvr-rr-0aa11bb22cc33dd44',
          name: 'shared-system',
          domainName: 'clusters.tidb-cloud.com.',
          ruleType: 'SYSTEM',
          targetIps: [],
        },
      ],
    });
  });

  it('stops, with the reason, when Route 53 sends the same NextToken again', async () => {
    const looping = zonesXml(['Z0123456789EXAMPLE', 'example.com.']).replace(
      '<MaxItems>',
      '<NextToken>same-again</NextToken><MaxItems>',
    );
    const route53 = nock(ROUTE53_URL).get(ZONES_PATH).query(true).times(2).reply(200, looping, XML);
    expectResolver(nock(RESOLVER_URL), 'ListResolverRuleAssociations', [
      200,
      fixture('ListResolverRuleAssociations', 'empty.json'),
    ]);

    const facts = await collectDnsShadowing(request());

    route53.done();
    expect(facts.hostedZones).toMatchObject({
      status: 'error',
      error: { code: 'RepeatedNextToken', message: expect.stringMatching(/^Route 53 sent/) },
    });
  });

  it('does not list rules when none is associated', async () => {
    const route53 = nock(ROUTE53_URL)
      .get(ZONES_PATH)
      .query(true)
      .reply(200, fixture('ListHostedZonesByVPC', 'empty.xml'), XML);
    const resolver = expectResolver(nock(RESOLVER_URL), 'ListResolverRuleAssociations', [
      200,
      fixture('ListResolverRuleAssociations', 'empty.json'),
    ]);

    const facts = await collectDnsShadowing(request());

    route53.done();
    resolver.done();
    expect(facts).toMatchObject({
      hostedZones: { status: 'ok', value: [] },
      resolverRules: { status: 'ok', value: [] },
    });
  });

  it("reads the cluster's records from a zone that covers its name, once the name is known", async () => {
    const zone = { vpcid: IDS.vpc, vpcregion: 'us-west-2' };
    const route53 = nock(ROUTE53_URL)
      .get(ZONES_PATH)
      .query(zone)
      .reply(200, fixture('ListHostedZonesByVPC', 'page-1.xml'), XML)
      .get(ZONES_PATH)
      .query({ ...zone, nexttoken: 'Z08765432CLOUDMAPEXAMPLE' })
      .reply(200, fixture('ListHostedZonesByVPC', 'page-2.xml'), XML)
      .get('/2013-04-01/hostedzone/Z04410211PARENTEXAMPLE/rrset')
      .query({ name: IDS.host, maxitems: '20' })
      .reply(200, fixture('ListResourceRecordSets', 'alias-to-endpoint.xml'), XML);
    expectResolver(nock(RESOLVER_URL), 'ListResolverRuleAssociations', [
      200,
      fixture('ListResolverRuleAssociations', 'empty.json'),
    ]);
    let tell: (host: string) => void = () => undefined;
    const host = new Promise<string>((resolve) => (tell = resolve));
    setTimeout(() => tell(`${IDS.host.toUpperCase()}.`), 50);

    const facts = await collectDnsShadowing(request({ host }));

    route53.done();
    expect(facts.hostedZones).toMatchObject({
      status: 'ok',
      value: [
        {
          id: 'Z04410211PARENTEXAMPLE',
          name: 'tidb-cloud.com.',
          hostRecords: {
            name: IDS.host,
            records: [
              {
                type: 'A',
                values: [],
                aliasTarget: `${IDS.endpoint}-abcd1234.vpce-svc-0c1d2e3f4a5b6c7d8.us-west-2.vpce.amazonaws.com.`,
              },
              { type: 'TXT', values: ['"owner=platform-team"'] },
            ],
          },
        },
        { id: 'Z08765432CLOUDMAPEXAMPLE', name: 'services.internal.' },
      ],
    });
    expect(facts.hostedZones.status === 'ok' && facts.hostedZones.value[1]).not.toHaveProperty(
      'hostRecords',
    );
  });

  it('records that a covering zone holds nothing of the name', async () => {
    const route53 = nock(ROUTE53_URL)
      .get(ZONES_PATH)
      .query(true)
      .reply(
        200,
        zonesXml(
          ['Z0CLUSTERS', 'clusters.tidb-cloud.com.'],
          ['Z0EVIL', 'tidb-cloud.com.evil.com.'],
        ),
        XML,
      )
      .get('/2013-04-01/hostedzone/Z0CLUSTERS/rrset')
      .query({ name: IDS.host, maxitems: '20' })
      .reply(200, fixture('ListResourceRecordSets', 'other-names.xml'), XML);
    expectResolver(nock(RESOLVER_URL), 'ListResolverRuleAssociations', [
      200,
      fixture('ListResolverRuleAssociations', 'empty.json'),
    ]);

    const facts = await collectDnsShadowing(request({ host: IDS.host }));

    route53.done();
    expect(facts.hostedZones).toMatchObject({
      status: 'ok',
      value: [
        { id: 'Z0CLUSTERS', hostRecords: { name: IDS.host, records: [] } },
        { id: 'Z0EVIL', name: 'tidb-cloud.com.evil.com.' },
      ],
    });
    expect(facts.hostedZones.status === 'ok' && facts.hostedZones.value[1]).not.toHaveProperty(
      'hostRecords',
    );
  });

  it('keeps the zone and names the IAM action when its records cannot be read', async () => {
    const route53 = nock(ROUTE53_URL)
      .get(ZONES_PATH)
      .query(true)
      .reply(200, zonesXml(['Z04410211PARENTEXAMPLE', 'tidb-cloud.com.']), XML)
      .get('/2013-04-01/hostedzone/Z04410211PARENTEXAMPLE/rrset')
      .query(true)
      .reply(403, fixture('ListResourceRecordSets', 'access-denied.xml'), XML);
    expectResolver(nock(RESOLVER_URL), 'ListResolverRuleAssociations', [
      200,
      fixture('ListResolverRuleAssociations', 'empty.json'),
    ]);

    const facts = await collectDnsShadowing(request({ host: IDS.host }));

    route53.done();
    expect(facts.hostedZones).toMatchObject({
      status: 'ok',
      value: [
        {
          id: 'Z04410211PARENTEXAMPLE',
          hostRecords: {
            name: IDS.host,
            error: {
              code: 'AccessDenied',
              iamAction: 'route53:ListResourceRecordSets',
            },
          },
        },
      ],
    });
  });

  it('names the IAM action when Route 53 denies the zone listing', async () => {
    const route53 = nock(ROUTE53_URL)
      .get(ZONES_PATH)
      .query(true)
      .reply(403, fixture('ListHostedZonesByVPC', 'access-denied.xml'), XML);
    const resolver = expectResolver(nock(RESOLVER_URL), 'ListResolverRuleAssociations', [
      200,
      fixture('ListResolverRuleAssociations', 'empty.json'),
    ]);

    const facts = await collectDnsShadowing(request());

    route53.done();
    resolver.done();
    expect(facts.hostedZones).toEqual({
      status: 'error',
      source: 'route53:ListHostedZonesByVPC',
      error: {
        code: 'AccessDenied',
        message:
          "AWS denied 'route53:ListHostedZonesByVPC' to the credentials in use: allow it in an IAM policy (see `tidb-pe iam-policy`)",
        iamAction: 'route53:ListHostedZonesByVPC',
      },
    });
    expect(facts.resolverRules.status).toBe('ok');
  });

  it.each([
    ['ListResolverRuleAssociations', []],
    ['ListResolverRules', ['ListResolverRuleAssociations']],
  ])('names the IAM action when the Resolver denies %s', async (denied, before) => {
    nock(ROUTE53_URL)
      .get(ZONES_PATH)
      .query(true)
      .reply(200, fixture('ListHostedZonesByVPC', 'empty.xml'), XML);
    const resolver = nock(RESOLVER_URL);
    for (const operation of before) {
      expectResolver(resolver, operation, [200, fixture(operation, 'page-2.json')]);
    }
    expectResolver(resolver, denied, [400, fixture(denied, 'access-denied.json')]);

    const facts = await collectDnsShadowing(request());

    resolver.done();
    expect(facts.resolverRules).toMatchObject({
      status: 'error',
      error: { code: 'AccessDeniedException', iamAction: `route53resolver:${denied}` },
    });
  });

  it('honours AWS_ENDPOINT_URL_ROUTE_53 and AWS_ENDPOINT_URL_ROUTE53RESOLVER', async () => {
    vi.stubEnv('AWS_ENDPOINT_URL_ROUTE_53', 'http://127.0.0.1:4571');
    vi.stubEnv('AWS_ENDPOINT_URL_ROUTE53RESOLVER', 'http://127.0.0.1:4572');
    const route53 = nock('http://127.0.0.1:4571')
      .get(ZONES_PATH)
      .query(true)
      .reply(200, fixture('ListHostedZonesByVPC', 'empty.xml'), XML);
    const resolver = expectResolver(nock('http://127.0.0.1:4572'), 'ListResolverRuleAssociations', [
      200,
      fixture('ListResolverRuleAssociations', 'empty.json'),
    ]);

    const facts = await collectDnsShadowing(request());

    route53.done();
    resolver.done();
    expect(facts.hostedZones.status).toBe('ok');
    expect(facts.resolverRules.status).toBe('ok');
  });

  it('honours AWS_ENDPOINT_URL for both services', async () => {
    vi.stubEnv('AWS_ENDPOINT_URL', 'http://127.0.0.1:4573');
    const local = nock('http://127.0.0.1:4573')
      .get(ZONES_PATH)
      .query(true)
      .reply(200, fixture('ListHostedZonesByVPC', 'empty.xml'), XML);
    expectResolver(local, 'ListResolverRuleAssociations', [
      200,
      fixture('ListResolverRuleAssociations', 'empty.json'),
    ]);

    const facts = await collectDnsShadowing(request());

    local.done();
    expect(facts.resolverRules.status).toBe('ok');
  });

  it('gives up at the deadline without calling AWS', async () => {
    const facts = await collectDnsShadowing(request({ deadline: Date.now() - 1 }));

    expect(facts.hostedZones).toMatchObject({
      status: 'error',
      error: { code: 'DeadlineExceeded' },
    });
    expect(facts.resolverRules).toMatchObject({
      status: 'error',
      error: { code: 'DeadlineExceeded' },
    });
  });

  it('declares read actions only', () => {
    expect(
      ROUTE53_ACTIONS.every((action) => /^route53(resolver)?:(List|Get)[A-Za-z]+$/.test(action)),
    ).toBe(true);
  });
});
