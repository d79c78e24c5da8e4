// Reads an EC2 Query API request body: `Action=…&Version=…` with flattened lists
// (`VpcEndpointId.1=…`) and filters (`Filter.1.Name=…&Filter.1.Value.1=…`).

import { parse } from 'node:querystring';

/** A filter as EC2 receives it. */
export interface Ec2Filter {
  name: string;
  values: string[];
}

/** One parsed EC2 request. */
export interface Ec2Request {
  action: string;
  params: Record<string, string>;
}

/** An EC2 error answer: its code, message and HTTP status. */
export class Ec2Error extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = 'Ec2Error';
  }
}

/** Parses a form-encoded body; repeated keys keep their last value, as EC2 never repeats them. */
export function parseEc2Request(body: string): Ec2Request {
  const params: Record<string, string> = {};
  for (const [key, value] of Object.entries(parse(body))) {
    params[key] = Array.isArray(value) ? (value.at(-1) ?? '') : (value ?? '');
  }

  return { action: params.Action ?? '', params };
}

/** The values of a flattened list (`Name.1`, `Name.2`, …) in index order. */
export function listParam(params: Record<string, string>, name: string): string[] {
  const pattern = new RegExp(`^${name}\\.(\\d+)$`);

  return Object.entries(params)
    .flatMap(([key, value]) => {
      const index = pattern.exec(key)?.[1];

      return index === undefined ? [] : [[Number(index), value] as const];
    })
    .sort(([a], [b]) => a - b)
    .map(([, value]) => value);
}

/** The filters of a request, in index order. */
export function filtersOf(params: Record<string, string>): Ec2Filter[] {
  const indexes = new Set<number>();
  for (const key of Object.keys(params)) {
    const index = /^Filter\.(\d+)\.Name$/.exec(key)?.[1];
    if (index !== undefined) indexes.add(Number(index));
  }

  return [...indexes]
    .sort((a, b) => a - b)
    .map((index) => ({
      name: params[`Filter.${index}.Name`] ?? '',
      values: listParam(params, `Filter\\.${index}\\.Value`),
    }));
}

/** Whether `value` matches an EC2 filter value, where `*` and `?` are wildcards. */
export function matchesFilterValue(pattern: string, value: string): boolean {
  if (!/[*?]/.test(pattern)) return pattern === value;

  const source = pattern
    .split('')
    .map((char) =>
      char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[\\^$.|+()[\]{}]/g, '\\$&'),
    )
    .join('');

  return new RegExp(`^${source}$`).test(value);
}

/** A positive whole-number parameter, or undefined when absent; an error when not a number. */
export function integerParam(params: Record<string, string>, name: string): number | undefined {
  const raw = params[name];
  if (raw === undefined) return undefined;

  const value = Number(raw);
  if (!Number.isInteger(value)) {
    throw new Ec2Error('InvalidParameterValue', `Value (${raw}) for parameter ${name} is invalid`);
  }

  return value;
}
