// How SDK errors read once explained: one sentence each, the IAM action for a denied call, and
// never a credential.

import { afterEach, describe, expect, it, vi } from 'vitest';

import { redact, toFactError } from '../../src/collect/aws-errors.js';

function awsError(name: string, message: string, status = 400, attempts = 1) {
  return Object.assign(new Error(message), {
    name,
    $metadata: { httpStatusCode: status, attempts },
  });
}

afterEach(() => vi.unstubAllEnvs());

describe('toFactError', () => {
  it('names the IAM action of a denied call, taken from the call made', () => {
    const error = awsError(
      'UnauthorizedOperation',
      'You are not authorized to perform this operation. User: arn:aws:iam::111122223333:user/ops is not authorized to perform: ec2:DescribeSubnets',
      403,
    );

    expect(toFactError(error, { operation: 'DescribeSubnets' })).toEqual({
      code: 'UnauthorizedOperation',
      message:
        "AWS denied 'ec2:DescribeSubnets' to 'arn:aws:iam::111122223333:user/ops': allow it in an IAM policy (see `tidb-pe iam-policy`)",
      iamAction: 'ec2:DescribeSubnets',
    });
  });

  it('reads the denied action from the message when no call is known', () => {
    const error = awsError(
      'AccessDenied',
      'User: x is not authorized to perform: ec2:DescribeVpcs',
    );

    expect(toFactError(error)).toMatchObject({ iamAction: 'ec2:DescribeVpcs' });
  });

  it('explains an id that does not exist, with the region', () => {
    const error = awsError(
      'InvalidInstanceID.NotFound',
      "The instance ID 'i-0aaa1111bbbb22223' does not exist",
    );

    expect(toFactError(error, { operation: 'DescribeInstances', region: 'eu-west-1' })).toEqual({
      code: 'InvalidInstanceID.NotFound',
      message:
        "Instance 'i-0aaa1111bbbb22223' does not exist in region 'eu-west-1' for this account: check the id and the region",
    });
  });

  it('explains a malformed id and shows the expected form', () => {
    const error = awsError(
      'InvalidVpcEndpointId.Malformed',
      "Invalid Id: 'vpce-12345' (expecting 'vpce-...; the Id may only contain lowercase alphanumeric characters and a single dash')",
    );

    expect(toFactError(error).message).toBe(
      "VPC endpoint id 'vpce-12345' is not well formed: use the full id, like 'vpce-0123456789abcdef0'",
    );
  });

  it('tells missing credentials, a missing region and an unreachable AWS apart', () => {
    const noCredentials = awsError(
      'CredentialsProviderError',
      'Could not load credentials from any providers',
    );
    const refused = Object.assign(new Error('connect ECONNREFUSED 10.1.2.3:443'), {
      code: 'ECONNREFUSED',
      address: '10.1.2.3',
      port: 443,
    });
    const unresolved = Object.assign(
      new Error('getaddrinfo ENOTFOUND ec2.us-west-2.amazonaws.com'),
      {
        code: 'ENOTFOUND',
        hostname: 'ec2.us-west-2.amazonaws.com',
      },
    );

    expect(toFactError(noCredentials).code).toBe('NoCredentials');
    expect(toFactError(noCredentials, { profile: 'prod' }).message).toMatch(
      /^Profile 'prod' gives no usable AWS credentials: /,
    );
    expect(toFactError(new Error('Region is missing')).code).toBe('NoRegion');
    expect(toFactError(refused).message).toMatch(
      /^AWS could not be reached at '10\.1\.2\.3:443': ECONNREFUSED: /,
    );
    expect(toFactError(unresolved).message).toMatch(
      /^AWS could not be reached at 'ec2\.us-west-2\.amazonaws\.com': ENOTFOUND: /,
    );
  });

  it('says how often a throttled or failing call was tried', () => {
    const throttled = awsError('RequestLimitExceeded', 'Request limit exceeded.', 503, 8);
    const broken = awsError('InternalError', 'An internal error has occurred', 500, 3);

    expect(toFactError(throttled, { operation: 'DescribeVpcs' }).message).toBe(
      "AWS kept throttling 'ec2:DescribeVpcs' after 8 attempts: run again later, or ask AWS for a higher EC2 API rate",
    );
    expect(toFactError(broken, { operation: 'DescribeVpcs' }).message).toBe(
      "AWS failed to answer 'ec2:DescribeVpcs' ('InternalError', HTTP 500) after 3 attempts: run again later",
    );
  });

  it('calls an aborted call a deadline, or an interruption', () => {
    const aborted = Object.assign(new Error('Request aborted'), { name: 'AbortError' });

    expect(toFactError(aborted, { operation: 'DescribeVpcs', stopReason: 'deadline' }).code).toBe(
      'DeadlineExceeded',
    );
    expect(toFactError(aborted, { stopReason: 'interrupted' }).message).toBe(
      "The run was interrupted before 'the AWS call' answered",
    );
  });
});

describe('redact', () => {
  it('removes access keys, signatures, session tokens and the secrets in the environment', () => {
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY');
    const text =
      'key AKIAIOSFODNN7EXAMPLE, X-Amz-Signature=abc123&X-Amz-Security-Token=FwoGZXIvYXdzEJr, secret wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

    const clean = redact(text);

    expect(clean).not.toMatch(/AKIAIOSFODNN7EXAMPLE|abc123|FwoGZXIvYXdzEJr|wJalrXUtnFEMI/);
    expect(clean).toBe(
      'key [redacted], X-Amz-Signature=[redacted]&X-Amz-Security-Token=[redacted], secret [redacted]',
    );
  });

  it('keeps credentials out of the explanation of an unknown error', () => {
    const error = awsError(
      'SomethingNew',
      'Bad request Signature=deadbeef from AKIAIOSFODNN7EXAMPLE',
    );

    expect(toFactError(error, { operation: 'DescribeVpcs' }).message).toBe(
      "'ec2:DescribeVpcs' failed with 'SomethingNew': Bad request Signature=[redacted] from [redacted]",
    );
  });
});
