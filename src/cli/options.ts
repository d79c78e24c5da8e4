import { accessSync, constants, statSync } from 'node:fs';
import { isIP } from 'node:net';

import type { Target } from '../engine/facts.js';
import type { Lang } from '../engine/rule.js';
import { readCaFile } from '../probe/ca-file.js';
import { UsageError } from './errors.js';
import { KNOWN_REGIONS } from './regions.js';

/** The output formats `doctor` and `replay` can print. */
export const FORMATS = ['text', 'json', 'markdown', 'junit', 'prometheus'] as const;
/** One of the output formats. */
export type Format = (typeof FORMATS)[number];

/** The doctor's flags as the command line hands them over, before validation. */
export interface RawDoctorArgs {
  vpcEndpointId?: string;
  serviceName?: string;
  host?: string;
  port?: string | number;
  region?: string;
  profile?: string;
  instanceId?: string;
  resolver?: string;
  user?: string;
  tls?: string;
  ca?: string;
  format?: string;
  json?: boolean;
  output?: string;
  timeout?: string | number;
  live?: boolean;
  liveOnly?: boolean;
  simulate?: string;
  lang?: string;
  strict?: boolean;
  tidbClusterId?: string;
  verbose?: boolean;
  quiet?: boolean;
}

/** The doctor's options after validation. */
export interface DoctorArgs {
  target: Target;
  profile?: string;
  caFile?: string;
  format: Format;
  output?: string;
  timeoutMs: number;
  aws: boolean;
  live: boolean;
  simulate?: string;
  lang: Lang;
  strict: boolean;
  verbose: boolean;
  quiet: boolean;
}

// Flags whose values have a fixed shape, with an example of it for the error message.
const SHAPED = [
  {
    key: 'vpcEndpointId',
    flag: '--vpc-endpoint-id',
    pattern: /^vpce-[0-9a-f]{8}(?:[0-9a-f]{9})?$/,
    example: 'vpce-0123456789abcdef0',
  },
  {
    key: 'serviceName',
    flag: '--service-name',
    pattern: /^com\.amazonaws\.vpce\.[a-z0-9-]+\.vpce-svc-[0-9a-f]+$/,
    example: 'com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0',
  },
  {
    key: 'instanceId',
    flag: '--instance-id',
    pattern: /^i-[0-9a-f]{8}(?:[0-9a-f]{9})?$/,
    example: 'i-0123456789abcdef0',
  },
  {
    key: 'tidbClusterId',
    flag: '--tidb-cluster-id',
    pattern: /^[0-9]{1,30}$/,
    example: '1234567890123456789',
  },
] as const;
const HOST_NAME =
  /^(?=.{1,253}$)(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)*[A-Za-z0-9-]{1,63}\.?$/;

/** Validates the doctor's flags; every problem is a UsageError naming the flag. */
export function validateDoctorArgs(raw: RawDoctorArgs): DoctorArgs {
  if (raw.live === false && raw.liveOnly) {
    throw new UsageError("Flags '--no-live' and '--live-only' exclude each other: pick one");
  }
  // Without AWS nothing can name the host, and a run that checks nothing must not report OK.
  if (raw.liveOnly && raw.host === undefined && raw.simulate === undefined) {
    throw new UsageError(
      "Flag '--live-only' needs '--host': without AWS the cluster's host name cannot be found, so give the one from the TiDB Cloud console",
    );
  }

  const target: Target = {
    port: validatePort(raw.port),
    tls: oneOf('--tls', raw.tls ?? 'preferred', ['off', 'preferred', 'required'] as const),
  };
  for (const { key, flag, pattern, example } of SHAPED) {
    const value = raw[key];
    if (value !== undefined) target[key] = matching(flag, value, pattern, example);
  }
  if (raw.host !== undefined) target.host = validateHost(raw.host);
  if (raw.region !== undefined) target.region = validateRegion(raw.region);
  if (raw.resolver !== undefined) target.resolver = validateResolver(raw.resolver);
  if (raw.user !== undefined) target.user = nonEmpty('--user', raw.user);
  if (raw.serviceName && target.region && !raw.serviceName.includes(`.${target.region}.`)) {
    throw new UsageError(
      `Flag '--service-name' names a service outside region '${target.region}': cross-region endpoints are not supported, so use the cluster's region`,
    );
  }

  const format = raw.json ? 'json' : oneOf('--format', raw.format ?? 'text', FORMATS);
  const args: DoctorArgs = {
    target,
    format,
    timeoutMs: validateTimeout(raw.timeout),
    aws: !raw.liveOnly,
    live: raw.live !== false,
    lang: validateLang(raw.lang),
    strict: Boolean(raw.strict),
    verbose: Boolean(raw.verbose),
    quiet: Boolean(raw.quiet),
  };
  if (raw.profile !== undefined) args.profile = nonEmpty('--profile', raw.profile);
  if (raw.ca !== undefined) args.caFile = validateCaFile(raw.ca);
  if (raw.output !== undefined) args.output = nonEmpty('--output', raw.output);
  if (raw.simulate !== undefined) args.simulate = nonEmpty('--simulate', raw.simulate);

  return args;
}

/** Validates `--lang`. */
export function validateLang(lang: string | undefined): Lang {
  return oneOf('--lang', lang ?? 'en', ['en', 'ja'] as const);
}

/** Validates `--format` (and its `--json` shorthand). */
export function validateFormat(format: string | undefined, json: boolean | undefined): Format {
  return json ? 'json' : oneOf('--format', format ?? 'text', FORMATS);
}

function validatePort(raw: string | number | undefined): number {
  if (raw === undefined) return 4000;

  const port = Number(raw);
  if (String(raw).trim() === '' || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw new UsageError(`Flag '--port' must be a whole number from 1 to 65535: got '${raw}'`);
  }

  return port;
}

function validateTimeout(raw: string | number | undefined): number {
  if (raw === undefined) return 30_000;

  const timeout = Number(raw);
  if (String(raw).trim() === '' || !Number.isFinite(timeout) || timeout <= 0 || timeout > 3600) {
    throw new UsageError(
      `Flag '--timeout' must be a number of seconds above 0 and at most 3600: got '${raw}'`,
    );
  }

  return Math.round(timeout * 1000);
}

function validateRegion(region: string): string {
  if (KNOWN_REGIONS.has(region)) return region;
  if (!/^[a-z]{2,4}(?:-[a-z]+)+-\d+$/.test(region)) {
    throw new UsageError(
      `Flag '--region' got '${region}', which is not an AWS region name: use a name such as 'us-east-1'`,
    );
  }

  throw new UsageError(
    `Flag '--region' got '${region}', a region this release of tidb-pe does not know: check the spelling, or upgrade tidb-pe if AWS opened it recently`,
  );
}

function validateHost(host: string): string {
  if (HOST_NAME.test(host) || isIP(host)) return host;

  throw new UsageError(
    `Flag '--host' got '${host}', which is not a host name: copy the host from the Connect dialog of the TiDB Cloud console, without port or scheme`,
  );
}

function validateResolver(resolver: string): string {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(resolver);
  const plain = /^([^:]+)(?::(\d+))?$/.exec(resolver);
  const [address, port] = bracketed
    ? [bracketed[1], bracketed[2]]
    : plain
      ? [plain[1], plain[2]]
      : [resolver, undefined];
  const portNumber = port === undefined ? 53 : Number(port);
  if (!isIP(address ?? '') || portNumber < 1 || portNumber > 65535) {
    throw new UsageError(
      `Flag '--resolver' got '${resolver}': give an IP address with an optional port, such as '10.0.0.2' or '127.0.0.1:5353' or '[::1]:53'`,
    );
  }

  return resolver;
}

function validateReadableFile(flag: string, path: string): string {
  try {
    if (!statSync(path).isFile()) throw new Error('not a file');
    accessSync(path, constants.R_OK);
  } catch {
    throw new UsageError(`Flag '${flag}' names '${path}', which is not a readable file`);
  }

  return path;
}

// A file that holds no certificate would make every server look untrusted.
function validateCaFile(path: string): string {
  validateReadableFile('--ca', path);
  try {
    readCaFile(path);
  } catch {
    throw new UsageError(
      `Flag '--ca' names '${path}', which holds no certificate: give the CA certificate downloaded from the TiDB Cloud console (PEM or DER)`,
    );
  }

  return path;
}

function matching(flag: string, value: string, pattern: RegExp, example: string): string {
  if (pattern.test(value)) return value;

  throw new UsageError(
    `Flag '${flag}' got '${value}', which is malformed: expected the form '${example}'`,
  );
}

function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;

  throw new UsageError(
    `Flag '${flag}' got '${value}': use one of ${allowed.map((a) => `'${a}'`).join(', ')}`,
  );
}

function nonEmpty(flag: string, value: string): string {
  if (value.trim() !== '') return value;

  throw new UsageError(`Flag '${flag}' needs a value`);
}
