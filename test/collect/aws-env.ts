// Every AWS test runs with fake credentials, a fixed region and no trace of the machine's own AWS
// set-up, so that nothing reaches a real account.

import { vi } from 'vitest';

import type { Target } from '../../src/engine/facts.js';
import { IDS } from '../helpers/evidence.js';

/** The target of a run that names the endpoint and the client instance by id. */
export const BY_ID: Target = {
  region: IDS.region,
  vpcEndpointId: IDS.endpoint,
  instanceId: IDS.instance,
  port: 4000,
  tls: 'preferred',
};

const CLEARED = [
  'AWS_PROFILE',
  'AWS_DEFAULT_PROFILE',
  'AWS_SESSION_TOKEN',
  'AWS_DEFAULT_REGION',
  'AWS_ENDPOINT_URL',
  'AWS_ENDPOINT_URL_EC2',
  'AWS_EC2_METADATA_SERVICE_ENDPOINT',
  'AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI',
  'AWS_WEB_IDENTITY_TOKEN_FILE',
  'AWS_ROLE_ARN',
  'AWS_MAX_ATTEMPTS',
  'AWS_RETRY_MODE',
];

/** Stubs the AWS environment for one test; `vi.unstubAllEnvs()` undoes it. */
export function stubAwsEnv(overrides: Record<string, string | undefined> = {}): void {
  for (const name of CLEARED) vi.stubEnv(name, undefined);
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'test');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'test');
  vi.stubEnv('AWS_REGION', 'us-west-2');
  vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true');
  vi.stubEnv('AWS_CONFIG_FILE', '/nonexistent/tidb-pe-test/config');
  vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', '/nonexistent/tidb-pe-test/credentials');
  for (const [name, value] of Object.entries(overrides)) vi.stubEnv(name, value);
}
