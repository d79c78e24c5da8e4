import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { Simulation } from '../../src/simulate/index.js';
import { iamPolicy } from '../../src/cli/commands/iam-policy.js';
import { collectAwsFacts } from '../../src/collect/aws.js';
import { startSimulation } from '../../src/simulate/index.js';
import { runCli } from '../helpers/cli.js';

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
});
