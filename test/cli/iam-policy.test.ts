import { readFileSync } from 'node:fs';
import http from 'node:http';

import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import type { Simulation } from '../../src/simulate/index.js';
import { iamPolicy } from '../../src/cli/commands/iam-policy.js';
import { collectAwsFacts } from '../../src/collect/aws.js';
import { collectDnsShadowing, ROUTE53_ACTIONS } from '../../src/collect/route53.js';
import { startSimulation } from '../../src/simulate/index.js';
import { stubAwsEnv } from '../collect/aws-env.js';
import { runCli } from '../helpers/cli.js';
import { IDS } from '../helpers/evidence.js';

let simulation: Simulation;

beforeAll(async () => {
  simulation = await startSimulation('healthy');
  Object.assign(process.env, simulation.env);
});

afterAll(async () => {
  await simulation?.stop();
});

describe('tidb-pe iam-policy', () => {
  it('prints a policy of read actions only', async () => {
    const run = await runCli(['iam-policy']);
    const policy = JSON.parse(run.stdout) as {
      Statement: Array<{ Action: string[]; Effect: string }>;
    };
    const actions = policy.Statement.flatMap((statement) => statement.Action);

    expect(run.code).toBe(0);
    expect(policy.Statement.every((statement) => statement.Effect === 'Allow')).toBe(true);
    expect(actions.length).toBeGreaterThan(10);
    for (const action of actions)
      expect(action).toMatch(/^(ec2|route53|route53resolver):(Describe|Get|List)[A-Za-z]+$/);
  });

  it('allows every EC2 action a full collection really sends', async () => {
    const { target } = simulation;
    await collectAwsFacts({
      target: { region: target.region, host: target.host, port: target.port, tls: 'preferred' },
      deadline: Date.now() + 15_000,
    });
    const allowed = new Set(iamPolicy().Statement.flatMap((statement) => statement.Action));
    const sent = Object.keys(simulation.ec2RequestCounts());

    expect(sent.length).toBeGreaterThan(8);
    expect(sent.filter((action) => !allowed.has(`ec2:${action}`))).toEqual([]);
  });

  it('allows every Route 53 and Resolver action a collection really sends', async () => {
    const { url, sent, close } = await startDnsRoutingServer();
    stubAwsEnv({ AWS_ENDPOINT_URL_ROUTE_53: url, AWS_ENDPOINT_URL_ROUTE53RESOLVER: url });
    try {
      const facts = await collectDnsShadowing({
        region: 'us-west-2',
        vpcId: IDS.vpc,
        host: IDS.host,
        deadline: Date.now() + 10_000,
      });
      expect(facts.hostedZones.status).toBe('ok');
      expect(facts.resolverRules.status).toBe('ok');
    } finally {
      vi.unstubAllEnvs();
      await close();
    }
    const allowed = new Set(iamPolicy().Statement.flatMap((statement) => statement.Action));

    expect([...sent].sort()).toEqual([...ROUTE53_ACTIONS].sort());
    expect([...sent].filter((action) => !allowed.has(action))).toEqual([]);
  });
});

// Route 53 (REST-XML, by path) and the Resolver (JSON, by X-Amz-Target) on loopback, answering
// from the fixtures in a way that takes every path of the collector: a zone that covers the
// cluster's name, a forwarding rule of the account, and a rule shared from another account.
async function startDnsRoutingServer() {
  const sent = new Set<string>();
  const fixture = (name: string) =>
    readFileSync(new URL(`../../fixtures/route53/${name}`, import.meta.url), 'utf8');
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const target = req.headers['x-amz-target'];
      const path = (req.url ?? '').split('?')[0] ?? '';
      const answer = (type: string, body: string) => {
        res.writeHead(200, { 'content-type': type }).end(body);
      };
      if (typeof target === 'string') {
        const operation = target.replace(/^Route53Resolver\./, '');
        sent.add(`route53resolver:${operation}`);
        const files: Record<string, string> = {
          ListResolverRuleAssociations: 'ListResolverRuleAssociations/page-2.json',
          ListResolverRules: 'ListResolverRules/healthy.json',
          GetResolverRule: 'GetResolverRule/shared-system.json',
        };
        return answer('application/x-amz-json-1.1', fixture(files[operation] ?? 'missing'));
      }
      if (path.endsWith('/hostedzonesbyvpc')) {
        sent.add('route53:ListHostedZonesByVPC');
        const page = fixture('ListHostedZonesByVPC/page-1.xml');
        return answer('text/xml', page.replace(/<NextToken>.*<\/NextToken>/, ''));
      }
      if (path.endsWith('/rrset')) {
        sent.add('route53:ListResourceRecordSets');
        return answer('text/xml', fixture('ListResourceRecordSets/other-names.xml'));
      }
      res.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    sent,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
