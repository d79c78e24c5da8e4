// Turns what the AWS SDK throws into a fact error a user can act on: the denied IAM action, the id
// that does not exist, the missing credentials. Messages never carry credentials or signatures.

import type { FactError } from '../engine/facts.js';
import type { Ec2Operation } from './ec2-actions.js';
import { reasonText } from '../engine/reasons.js';
import { iamActionOf } from './ec2-actions.js';

/** Where a failed AWS call was made, so that its error can be explained. */
export interface AwsErrorContext {
  /** Absent when the failure came before any call, e.g. while loading credentials. */
  operation?: Ec2Operation;
  region?: string;
  profile?: string;
  /** Why the run's signal fired, when it did. */
  stopReason?: StopReason;
}

/** Why a run stopped early: its deadline passed, or the caller aborted it. */
export type StopReason = 'deadline' | 'interrupted';

/** A failed AWS call, already explained as a fact error; the SDK's error is the cause. */
export class AwsCallError extends Error {
  readonly code: string;
  readonly factError: FactError;

  constructor(factError: FactError, cause?: unknown) {
    super(factError.message, { cause });
    this.name = 'AwsCallError';
    this.code = factError.code;
    this.factError = factError;
  }
}

/** The error for a run that found no AWS region anywhere. */
export const NO_REGION: FactError = {
  code: 'NoRegion',
  message: reasonText('noRegion'),
};

const DENIED = new Set([
  'UnauthorizedOperation',
  'Client.UnauthorizedOperation',
  'AccessDenied',
  'AccessDeniedException',
]);
const REJECTED_CREDENTIALS = new Set([
  'AuthFailure',
  'InvalidClientTokenId',
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
  'IncompleteSignature',
  'MissingAuthenticationToken',
  'UnrecognizedClientException',
]);
const EXPIRED = new Set(['ExpiredToken', 'ExpiredTokenException']);
const THROTTLED = new Set([
  'RequestLimitExceeded',
  'Throttling',
  'ThrottlingException',
  'EC2ThrottledException',
  'TooManyRequestsException',
]);
const UNREACHABLE = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'EPIPE',
  'TimeoutError',
]);

// Error code prefixes (before `.NotFound` / `.Malformed`) and how to name the resource.
const RESOURCES: Record<string, { noun: string; example: string }> = {
  InvalidVpcEndpointId: { noun: 'VPC endpoint', example: 'vpce-0123456789abcdef0' },
  InvalidVpcEndpoint: { noun: 'VPC endpoint', example: 'vpce-0123456789abcdef0' },
  InvalidVpcEndpointService: { noun: 'Endpoint service', example: 'vpce-svc-0123456789abcdef0' },
  InvalidVpcEndpointServiceId: { noun: 'Endpoint service', example: 'vpce-svc-0123456789abcdef0' },
  InvalidVpcID: { noun: 'VPC', example: 'vpc-0123456789abcdef0' },
  InvalidSubnetID: { noun: 'Subnet', example: 'subnet-0123456789abcdef0' },
  InvalidGroup: { noun: 'Security group', example: 'sg-0123456789abcdef0' },
  InvalidGroupId: { noun: 'Security group', example: 'sg-0123456789abcdef0' },
  InvalidSecurityGroupID: { noun: 'Security group', example: 'sg-0123456789abcdef0' },
  InvalidInstanceID: { noun: 'Instance', example: 'i-0123456789abcdef0' },
  InvalidNetworkInterfaceID: { noun: 'Network interface', example: 'eni-0123456789abcdef0' },
  InvalidNetworkAclID: { noun: 'Network ACL', example: 'acl-0123456789abcdef0' },
  InvalidDhcpOptionID: { noun: 'DHCP options set', example: 'dopt-0123456789abcdef0' },
  InvalidDhcpOptionsID: { noun: 'DHCP options set', example: 'dopt-0123456789abcdef0' },
  InvalidPrefixListID: { noun: 'Prefix list', example: 'pl-0123456789abcdef0' },
  InvalidPrefixListId: { noun: 'Prefix list', example: 'pl-0123456789abcdef0' },
};

/** Explains an error thrown by the AWS SDK (or by its credential and region loaders). */
export function toFactError(error: unknown, context: AwsErrorContext = {}): FactError {
  const details = readDetails(error);
  const action = context.operation ? iamActionOf(context.operation) : 'the AWS call';

  if (details.name === 'AbortError' || context.stopReason) {
    return stoppedError(context.stopReason ?? 'deadline', action);
  }
  if (DENIED.has(details.name)) return denied(details, action, context);

  const resource = explainResourceError(details, context);
  if (resource) return resource;

  if (details.name === 'CredentialsProviderError') return noCredentials(context);
  if (details.message === 'Region is missing') return NO_REGION;

  const unreachable = UNREACHABLE.has(details.errno ?? '') || UNREACHABLE.has(details.name);
  if (unreachable) return awsUnreachable(details);
  if (details.unreadable) return unreadableAnswer(details, action);

  return explainServiceError(details, action);
}

/** Removes anything that looks like a credential, signature or session token from a text. */
export function redact(text: string): string {
  let clean = text
    .replace(/\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g, '[redacted]')
    .replace(
      /((?:X-Amz-)?(?:Signature|Security-Token|Credential|SessionToken)=)[^\s,&"']+/gi,
      '$1[redacted]',
    );
  for (const name of ['AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_ACCESS_KEY_ID']) {
    const secret = process.env[name];
    if (secret && secret.length >= 8) clean = clean.split(secret).join('[redacted]');
  }

  return clean;
}

/** The error of a fact still pending when the run stopped; `what` names the call or source. */
export function stoppedError(reason: StopReason, what: string): FactError {
  const message =
    reason === 'interrupted'
      ? reasonText('interruptedBefore', { what })
      : reasonText('deadlineBefore', { what });

  return { code: 'DeadlineExceeded', message };
}

interface ErrorDetails {
  name: string;
  message: string;
  errno?: string;
  host?: string;
  httpStatus?: number;
  attempts?: number;
  /** The SDK got an answer but could not parse it (not XML, or not the expected shape). */
  unreadable?: boolean;
}

function readDetails(error: unknown): ErrorDetails {
  if (!(error instanceof Error)) return { name: 'Error', message: redact(String(error)) };

  const fields = error as Error & {
    code?: unknown;
    hostname?: unknown;
    address?: unknown;
    port?: unknown;
    $metadata?: { httpStatusCode?: number; attempts?: number };
    $response?: { statusCode?: number };
  };
  const host =
    typeof fields.hostname === 'string'
      ? fields.hostname
      : typeof fields.address === 'string'
        ? `${fields.address}${fields.port ? `:${String(fields.port)}` : ''}`
        : undefined;

  return {
    name: error.name,
    message: redact(error.message),
    errno: typeof fields.code === 'string' ? fields.code : undefined,
    host,
    httpStatus: fields.$metadata?.httpStatusCode ?? fields.$response?.statusCode,
    attempts: fields.$metadata?.attempts,
    // The SDK marks a reply it could not parse this way and keeps the raw reply in `$response`.
    unreadable: error.name === 'UnreadableResponse' || /Deserialization error/.test(error.message),
  };
}

function denied(details: ErrorDetails, action: string, context: AwsErrorContext): FactError {
  const principal = /User: (arn:aws[\w-]*:[^\s]+)/.exec(details.message)?.[1];
  const who = principal ? ` to '${principal}'` : ' to the AWS credentials in use';
  const explicit = /explicit deny/i.test(details.message)
    ? ': an explicit deny (IAM policy, permissions boundary or SCP) blocks it'
    : ': allow it in an IAM policy (see `tidb-pe iam-policy`)';
  const iamAction = context.operation ? iamActionOf(context.operation) : parseAction(details);
  // The reason is sometimes only in an encoded blob that STS can decode for those allowed to.
  const encoded = /encoded authorization failure message:\s*(\S+)/i.exec(details.message)?.[1];
  const decode = encoded
    ? `; AWS gave its reason encoded: read it with 'aws sts decode-authorization-message --encoded-message ${encoded}'`
    : '';
  const message = `AWS denied '${iamAction ?? action}'${who}${explicit}${decode}`;

  return { code: details.name, message, ...(iamAction && { iamAction }) };
}

function parseAction(details: ErrorDetails): string | undefined {
  return /not authorized to perform:?\s*([a-z0-9-]+:[A-Za-z0-9]+)/.exec(details.message)?.[1];
}

function explainResourceError(details: ErrorDetails, context: AwsErrorContext) {
  const match = /^(.+)\.(NotFound|Malformed)$/.exec(details.name);
  const resource = match ? RESOURCES[match[1] as string] : undefined;
  if (!match || !resource) return undefined;

  // Only quoted values shaped like ids: AWS also quotes patterns such as 'vpce-...'.
  const ids = [...details.message.matchAll(/'([a-z][a-z-]*-[0-9a-z]+)'/gi)].map((m) => `'${m[1]}'`);
  const quoted = ids.length > 0 ? ` ${ids.join(', ')}` : '';
  const named = `${resource.noun}${quoted}`;
  if (match[2] === 'Malformed') {
    const message = reasonText('resourceMalformed', {
      resource: `${resource.noun} id${quoted}`,
      example: resource.example,
    });

    return { code: details.name, message };
  }

  const { region } = context;
  const message = region
    ? reasonText('resourceMissingIn', { resource: named, region })
    : reasonText('resourceMissing', { resource: named });

  return { code: details.name, message };
}

function noCredentials(context: AwsErrorContext): FactError {
  const message = context.profile
    ? reasonText('profileUnusable', { profile: context.profile })
    : reasonText('noCredentials');

  return { code: 'NoCredentials', message };
}

function awsUnreachable(details: ErrorDetails): FactError {
  const why = details.errno ?? details.name;
  const message = details.host
    ? reasonText('awsUnreachableAt', { host: details.host, why })
    : reasonText('awsUnreachable', { why });

  return { code: 'AwsUnreachable', message };
}

function unreadableAnswer(details: ErrorDetails, action: string): FactError {
  const status = details.httpStatus === undefined ? '' : ` (HTTP ${details.httpStatus})`;
  const firstLine = details.message.split('\n')[0] ?? '';
  const detail = firstLine.replace(/^@aws-sdk /, '').replace(/[.\s]+$/, '');
  const problem =
    details.name === 'UnreadableResponse' ? 'is not an EC2 answer' : 'could not be read';

  return {
    code: 'UnreadableResponse',
    message: `The answer to '${action}'${status} ${problem}: ${detail}: check that the endpoint in use (AWS_ENDPOINT_URL_EC2, AWS_ENDPOINT_URL, a proxy) speaks the AWS API`,
  };
}

function explainServiceError(details: ErrorDetails, action: string): FactError {
  const code = details.name;
  const attempts = details.attempts && details.attempts > 1 ? details.attempts : undefined;

  if (REJECTED_CREDENTIALS.has(code)) {
    return {
      code,
      message: reasonText('credentialsRejected', { code }),
    };
  }
  if (EXPIRED.has(code)) {
    return {
      code,
      message: reasonText('credentialsExpired'),
    };
  }
  if (code === 'RequestExpired') {
    return {
      code,
      message: reasonText('clockSkew', { action }),
    };
  }
  if (THROTTLED.has(code)) {
    const message = attempts
      ? reasonText('throttledAfter', { action, attempts })
      : reasonText('throttled', { action });

    return { code, message };
  }
  if (details.httpStatus !== undefined && details.httpStatus >= 500) {
    const status = details.httpStatus;
    const message = attempts
      ? reasonText('serverFailedAfter', { action, code, status, attempts })
      : reasonText('serverFailed', { action, code, status });

    return { code, message };
  }

  return { code, message: `'${action}' failed with '${code}': ${details.message}` };
}
