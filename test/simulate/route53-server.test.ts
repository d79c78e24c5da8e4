import {
  ListHostedZonesByVPCCommand,
  ListResourceRecordSetsCommand,
  Route53Client,
} from '@aws-sdk/client-route-53';
import {
  GetResolverRuleCommand,
  ListResolverRuleAssociationsCommand,
  ListResolverRulesCommand,
  Route53ResolverClient,
} from '@aws-sdk/client-route53resolver';
import { afterEach, describe, expect, it } from 'vitest';

import type { LoopbackServer } from '../../src/simulate/http-server.js';
import type { Scenario } from '../../src/simulate/scenario.js';
import { FaultInjector } from '../../src/simulate/faults.js';
import { loadScenario } from '../../src/simulate/load-scenario.js';
import { startRoute53Server } from '../../src/simulate/route53-server.js';
import { IDS } from '../helpers/evidence.js';

const servers: LoopbackServer[] = [];
const credentials = { accessKeyId: 'AKIDSIMULATED', secretAccessKey: 'simulated' };

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function route53For(change: (scenario: Scenario) => void = () => undefined) {
  const scenario = structuredClone(loadScenario('healthy'));
  scenario.hostedZones.Z0SHADOW0000001 = { name: 'tidb-cloud.com', vpcIds: [IDS.vpc] };
  scenario.resolverRules['rslvr-rr-0123456789abcdef0'] = {
    name: 'corp',
    domainName: 'corp.example.com',
    ruleType: 'FORWARD',
    targetIps: ['10.20.0.10'],
    vpcIds: [IDS.vpc],
  };
  change(scenario);
  const server = await startRoute53Server(
    scenario,
    new FaultInjector(scenario.faults, scenario.accountId),
  );
  servers.push(server);
  const options = { endpoint: server.url, region: 'us-west-2', credentials, maxAttempts: 1 };

  return { route53: new Route53Client(options), resolver: new Route53ResolverClient(options) };
}

describe('the simulated Route 53 and Route 53 Resolver APIs, through the real SDKs', () => {
  it("lists a zone's record sets from the name asked for, in Route 53's order", async () => {
    const { route53 } = await route53For((scenario) => {
      scenario.hostedZones.Z0SHADOW0000001!.records = {
        'docs.tidb-cloud.com': ['10.0.9.10'],
        [IDS.host]: ['10.0.9.11'],
      };
    });

    const output = await route53.send(
      new ListResourceRecordSetsCommand({
        HostedZoneId: 'Z0SHADOW0000001',
        StartRecordName: IDS.host,
        MaxItems: 5,
      }),
    );

    expect(output.ResourceRecordSets).toEqual([
      {
        Name: `${IDS.host}.`,
        Type: 'A',
        TTL: 300,
        ResourceRecords: [{ Value: '10.0.9.11' }],
      },
      {
        Name: 'docs.tidb-cloud.com.',
        Type: 'A',
        TTL: 300,
        ResourceRecords: [{ Value: '10.0.9.10' }],
      },
    ]);
    expect(output.IsTruncated).toBe(false);
  });

  it('lists the private hosted zones associated with a VPC', async () => {
    const { route53 } = await route53For();

    const output = await route53.send(
      new ListHostedZonesByVPCCommand({ VPCId: IDS.vpc, VPCRegion: 'us-west-2' }),
    );

    expect(output.HostedZoneSummaries).toEqual([
      {
        HostedZoneId: 'Z0SHADOW0000001',
        Name: 'tidb-cloud.com.',
        Owner: { OwningAccount: '111122223333' },
      },
    ]);
  });

  it('lists rule associations filtered by VPC, and the rules themselves', async () => {
    const { resolver } = await route53For();

    const associations = await resolver.send(
      new ListResolverRuleAssociationsCommand({ Filters: [{ Name: 'VPCId', Values: [IDS.vpc] }] }),
    );
    const rules = await resolver.send(new ListResolverRulesCommand({}));
    const one = await resolver.send(
      new GetResolverRuleCommand({ ResolverRuleId: 'rslvr-rr-0123456789abcdef0' }),
    );

    expect(associations.ResolverRuleAssociations?.map((a) => a.ResolverRuleId).sort()).toEqual([
      'rslvr-autodefined-rr-internet-resolver',
      'rslvr-rr-0123456789abcdef0',
    ]);
    expect(rules.ResolverRules?.find((rule) => rule.RuleType === 'FORWARD')).toMatchObject({
      DomainName: 'corp.example.com.',
      TargetIps: [{ Ip: '10.20.0.10', Port: 53 }],
    });
    expect(one.ResolverRule?.Name).toBe('corp');
  });

  it('denies actions with the codes each API uses', async () => {
    const { route53, resolver } = await route53For((s) => {
      s.faults.deny = [
        'route53:ListHostedZonesByVPC',
        'route53resolver:ListResolverRuleAssociations',
      ];
    });

    const zones = await route53
      .send(new ListHostedZonesByVPCCommand({ VPCId: IDS.vpc, VPCRegion: 'us-west-2' }))
      .catch((error: Error) => error);
    const rules = await resolver
      .send(new ListResolverRuleAssociationsCommand({}))
      .catch((error: Error) => error);

    expect(zones).toMatchObject({ name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
    expect((zones as Error).message).toContain('route53:ListHostedZonesByVPC');
    expect(rules).toMatchObject({ name: 'AccessDeniedException' });
  });

  it('answers ResourceNotFoundException for a rule that does not exist', async () => {
    const { resolver } = await route53For();

    const error = await resolver
      .send(new GetResolverRuleCommand({ ResolverRuleId: 'rslvr-rr-0000000000000000f' }))
      .catch((caught: Error) => caught);

    expect(error).toMatchObject({ name: 'ResourceNotFoundException' });
  });
});
