// The Route 53 Resolver's read actions in the AWS JSON 1.1 protocol: the operation comes in the
// `X-Amz-Target` header, the input and output are JSON, and errors name their type in `__type`.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FaultInjector } from './faults.js';
import type { ResolverRuleSpec, Scenario } from './scenario.js';
import { readBody, send } from './http-server.js';

interface ResolverInput {
  Filters?: Array<{ Name?: string; Values?: string[] }>;
  MaxResults?: number;
  NextToken?: string;
  ResolverRuleId?: string;
}

type Json = Record<string, unknown>;

/** A Resolver error: its `__type` and HTTP status. */
class ResolverError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

const JSON_TYPE = 'application/x-amz-json-1.1';
const ASSOCIATION_FIELDS: Record<string, string> = {
  VPCId: 'VPCId',
  ResolverRuleId: 'ResolverRuleId',
  Name: 'Name',
  Status: 'Status',
};
const RULE_FIELDS: Record<string, string> = {
  DomainName: 'DomainName',
  Name: 'Name',
  Type: 'RuleType',
  Status: 'Status',
  ResolverEndpointId: 'ResolverEndpointId',
  CreatorRequestId: 'CreatorRequestId',
};

/** Answers one Resolver request. */
export async function answerResolver(
  s: Scenario,
  faults: FaultInjector,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const operation = String(req.headers['x-amz-target']).replace(/^Route53Resolver\./, '');
  const text = await readBody(req);
  try {
    const input = (text ? JSON.parse(text) : {}) as ResolverInput;
    send(res, 200, JSON_TYPE, JSON.stringify(run(s, faults, operation, input)));
  } catch (error) {
    const failure =
      error instanceof ResolverError
        ? error
        : new ResolverError('ValidationException', String(error));
    const body = JSON.stringify({ __type: failure.type, Message: failure.message });
    send(res, failure.status, JSON_TYPE, body, { 'x-amzn-errortype': failure.type });
  }
}

function run(s: Scenario, faults: FaultInjector, operation: string, input: ResolverInput): Json {
  if (!/^(Get|List)/.test(operation)) {
    throw new ResolverError(
      'AccessDeniedException',
      `The simulated account is read-only: '${operation}' is not a Get or List action`,
    );
  }

  const fault = faults.next(`route53resolver:${operation}`);
  if (fault?.kind === 'denied') throw new ResolverError('AccessDeniedException', fault.message);
  if (fault?.kind === 'throttled') throw new ResolverError('ThrottlingException', 'Rate exceeded');

  if (operation === 'ListResolverRuleAssociations') {
    const all = Object.entries(s.resolverRules).flatMap(([id, rule]) =>
      rule.vpcIds.map((vpcId) => association(id, rule, vpcId)),
    );
    return page('ResolverRuleAssociations', filtered(all, input, ASSOCIATION_FIELDS), input);
  }
  if (operation === 'ListResolverRules') {
    const all = Object.entries(s.resolverRules).map(([id, rule]) => ruleJson(s, id, rule));
    return page('ResolverRules', filtered(all, input, RULE_FIELDS), input);
  }
  if (operation === 'GetResolverRule') {
    const id = input.ResolverRuleId ?? '';
    const rule = s.resolverRules[id];
    if (!rule)
      throw new ResolverError(
        'ResourceNotFoundException',
        `Resolver rule with ID '${id}' does not exist.`,
      );
    return { ResolverRule: ruleJson(s, id, rule) };
  }

  throw new ResolverError(
    'UnknownOperationException',
    `The simulator does not answer '${operation}'`,
  );
}

function filtered(items: Json[], input: ResolverInput, fields: Record<string, string>): Json[] {
  return (input.Filters ?? []).reduce((kept, filter) => {
    const field = fields[filter.Name ?? ''];
    if (!field)
      throw new ResolverError(
        'InvalidParameterException',
        `The filter '${filter.Name}' is not valid`,
      );

    return kept.filter((item) => (filter.Values ?? []).includes(String(item[field])));
  }, items);
}

// Tokens are the offset of the next page; they mean nothing outside this simulator.
function page(key: string, items: Json[], input: ResolverInput): Json {
  const size = input.MaxResults ?? 100;
  const offset = Number(input.NextToken ?? 0);
  if (!Number.isInteger(offset) || offset < 0) {
    throw new ResolverError(
      'InvalidNextTokenException',
      `The token '${input.NextToken}' is not valid`,
    );
  }

  const next = offset + size < items.length ? String(offset + size) : undefined;

  return {
    MaxResults: size,
    [key]: items.slice(offset, offset + size),
    ...(next && { NextToken: next }),
  };
}

function association(ruleId: string, rule: ResolverRuleSpec, vpcId: string): Json {
  const autodefined = ruleId.startsWith('rslvr-autodefined-');

  return {
    Id: autodefined
      ? `rslvr-autodefined-assoc-${vpcId}-${ruleId.slice(22)}`
      : `rslvr-rrassoc-${ruleId.slice(9)}`,
    ResolverRuleId: ruleId,
    Name: autodefined ? 'System Rule Association' : `${rule.name} ${vpcId}`,
    VPCId: vpcId,
    Status: 'COMPLETE',
    StatusMessage: '',
  };
}

function ruleJson(s: Scenario, id: string, rule: ResolverRuleSpec): Json {
  const autodefined = id.startsWith('rslvr-autodefined-');

  return {
    Id: id,
    CreatorRequestId: autodefined ? '' : `tidb-pe-simulated-${id}`,
    Arn: autodefined
      ? `arn:aws:route53resolver:${s.region}:aws:autodefined-rule/${id}`
      : `arn:aws:route53resolver:${s.region}:${s.accountId}:resolver-rule/${id}`,
    DomainName: rule.domainName.endsWith('.') ? rule.domainName : `${rule.domainName}.`,
    Status: 'COMPLETE',
    StatusMessage: '',
    RuleType: rule.ruleType,
    Name: rule.name,
    TargetIps: rule.targetIps.map((ip) => ({ Ip: ip, Port: 53 })),
    ...(rule.ruleType === 'FORWARD' && { ResolverEndpointId: 'rslvr-out-0sim0000000000001' }),
    OwnerId: autodefined ? 'Route 53 Resolver' : s.accountId,
    ShareStatus: 'NOT_SHARED',
  };
}
