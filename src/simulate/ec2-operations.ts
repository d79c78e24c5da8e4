// Answers each EC2 read action from the scenario: ids and filters select, MaxResults and NextToken
// page, and unknown ids or services fail with the codes EC2 uses.

import type { XmlNode } from './xml.js';
import type { Collection } from './ec2-collections.js';
import type { Scenario } from './scenario.js';
import { COLLECTIONS } from './ec2-collections.js';
import { Ec2Error, filtersOf, integerParam, listParam, matchesFilterValue } from './ec2-query.js';
import { renderEndpointService, renderPrefixListEntry } from './ec2-render-endpoint.js';
import { el, items } from './xml.js';

/** Answers one action with the children of its response element (after `requestId`). */
export type Ec2Operation = (s: Scenario, params: Record<string, string>) => XmlNode[];

const VPC_ATTRIBUTES = [
  'enableDnsSupport',
  'enableDnsHostnames',
  'enableNetworkAddressUsageMetrics',
];
// A well-formed id: the prefix, then 8 or 17 hexadecimal digits.
const ID_BODY = /^([0-9a-f]{8}|[0-9a-f]{17})$/;

/** Every action the simulated EC2 understands. */
export const EC2_OPERATIONS: Record<string, Ec2Operation> = {
  ...Object.fromEntries(
    Object.entries(COLLECTIONS).map(([action, kind]) => [action, describeWith(kind)]),
  ),
  DescribeVpcEndpointServices: describeEndpointServices,
  DescribeVpcAttribute: describeVpcAttribute,
  GetManagedPrefixListEntries: getPrefixListEntries,
};

function describeWith(kind: Collection): Ec2Operation {
  return (s, params) => {
    const requested = [...new Set(listParam(params, kind.idParam))];
    if (kind.refusesIdsWithMaxResults && requested.length > 0 && params.MaxResults) {
      throw new Ec2Error(
        'InvalidParameterCombination',
        `The parameter ${kind.idParam}s cannot be used with the parameter MaxResults`,
      );
    }
    checkIds(requested, kind, s);

    const ids = applyFilters(requested.length > 0 ? requested : kind.all(s), kind, s, params);
    const page = paginate(ids, params, { min: 5, max: 1000 });

    return [
      items(kind.listElement, page.values, (id) => kind.render(s, id)),
      el('nextToken', page.next),
    ];
  };
}

function checkIds(ids: string[], kind: Collection, s: Scenario): void {
  const { prefix, malformed, notFound, noun } = kind.id;
  const bad = ids.find((id) => !id.startsWith(prefix) || !ID_BODY.test(id.slice(prefix.length)));
  if (bad !== undefined && malformed) {
    throw new Ec2Error(malformed, `Invalid id: '${bad}' (expecting '${prefix}...')`);
  }

  const known = new Set(kind.all(s));
  const missing = ids.filter((id) => !known.has(id));
  if (missing.length === 1) {
    throw new Ec2Error(notFound, `The ${noun} ID '${missing[0]}' does not exist`);
  }
  if (missing.length > 1) {
    throw new Ec2Error(notFound, `The ${noun} IDs '${missing.join(', ')}' do not exist`);
  }
}

function applyFilters(
  ids: string[],
  kind: Collection,
  s: Scenario,
  params: Record<string, string>,
) {
  return filtersOf(params).reduce((kept, filter) => {
    const read = kind.filters[filter.name];
    if (!read)
      throw new Ec2Error('InvalidParameterValue', `The filter '${filter.name}' is invalid`);

    return kept.filter((id) =>
      read(s, id).some(
        (value) => value !== undefined && filter.values.some((p) => matchesFilterValue(p, value)),
      ),
    );
  }, ids);
}

function describeEndpointServices(s: Scenario, params: Record<string, string>): XmlNode[] {
  const regions = [s.region, ...listParam(params, 'ServiceRegion')];
  const visible = Object.keys(s.endpointServices).filter((name) =>
    regions.includes(s.endpointServices[name]?.region ?? ''),
  );
  const asked = [...new Set(listParam(params, 'ServiceName'))];
  const unknown = asked.find((name) => !visible.includes(name));
  if (unknown !== undefined) {
    throw new Ec2Error(
      'InvalidServiceName',
      `The Vpc Endpoint Service '${unknown}' does not exist`,
    );
  }

  let names = asked.length > 0 ? asked : visible;
  for (const filter of filtersOf(params)) {
    if (filter.name !== 'service-name') {
      throw new Ec2Error('InvalidParameterValue', `The filter '${filter.name}' is invalid`);
    }
    names = names.filter((name) => filter.values.some((p) => matchesFilterValue(p, name)));
  }
  const page = paginate(names, params, { min: 5, max: 1000 });

  return [
    items('serviceNameSet', page.values, (name) => name),
    items('serviceDetailSet', page.values, (name) => {
      const service = s.endpointServices[name];

      return service ? renderEndpointService(name, service) : [];
    }),
    el('nextToken', page.next),
  ];
}

function describeVpcAttribute(s: Scenario, params: Record<string, string>): XmlNode[] {
  const vpcId = params.VpcId ?? '';
  const attribute = params.Attribute ?? '';
  if (!VPC_ATTRIBUTES.includes(attribute)) {
    throw new Ec2Error(
      'InvalidParameterValue',
      `Value (${attribute}) for parameter attribute is invalid. Unknown attribute.`,
    );
  }

  const vpc = s.vpcs[vpcId];
  if (!vpc) throw new Ec2Error('InvalidVpcID.NotFound', `The vpc ID '${vpcId}' does not exist`);

  const values: Record<string, boolean> = {
    enableDnsSupport: vpc.enableDnsSupport,
    enableDnsHostnames: vpc.enableDnsHostnames,
    enableNetworkAddressUsageMetrics: false,
  };

  return [el('vpcId', vpcId), el(attribute, [el('value', values[attribute])])];
}

function getPrefixListEntries(s: Scenario, params: Record<string, string>): XmlNode[] {
  const id = params.PrefixListId ?? '';
  const list = s.prefixLists[id];
  if (!list) {
    throw new Ec2Error('InvalidPrefixListID.NotFound', `The prefix list ID '${id}' does not exist`);
  }

  const page = paginate(list.cidrs, params, { min: 1, max: 100 });

  return [items('entrySet', page.values, renderPrefixListEntry), el('nextToken', page.next)];
}

// Tokens name the offset of the next page; they mean nothing outside this simulator.
function paginate<T>(
  values: T[],
  params: Record<string, string>,
  limits: { min: number; max: number },
) {
  const requested = integerParam(params, 'MaxResults');
  if (requested !== undefined && requested < limits.min) {
    throw new Ec2Error(
      'InvalidParameterValue',
      `Value ( ${requested} ) for parameter maxResults is invalid. Expecting a value greater than ${limits.min - 1}.`,
    );
  }

  const size = Math.min(requested ?? values.length, limits.max) || 1;
  const token = params.NextToken;
  const offset = token ? Number(/^sim-page-(\d+)$/.exec(token)?.[1] ?? NaN) : 0;
  if (!Number.isInteger(offset) || offset > values.length) {
    throw new Ec2Error('InvalidNextToken', `The token '${token}' is not valid`);
  }

  const next = offset + size < values.length ? `sim-page-${offset + size}` : undefined;

  return { values: values.slice(offset, offset + size), next };
}
