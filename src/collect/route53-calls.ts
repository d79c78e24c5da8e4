// How the Route 53 and Resolver collectors call AWS: every call on the run's signal, every page
// followed, and every failure explained with the IAM action that failed.

import type { Fact, FactError } from '../engine/facts.js';
import { failed, ok } from '../engine/facts.js';
import { AwsCallError, redact, stoppedError, toFactError } from './aws-errors.js';
import { collectPages } from './aws-pages.js';

/** Where a collection runs and until when; the signal fires at the deadline or an interrupt. */
export interface Run {
  region: string;
  profile?: string;
  deadline: number;
  signal: AbortSignal;
}

/** Enough attempts to ride out a burst of throttling with the standard jittered backoff. */
export const MAX_ATTEMPTS = 8;
const DENIED = new Set(['AccessDenied', 'AccessDeniedException']);
const THROTTLED = new Set(['Throttling', 'ThrottlingException', 'PriorRequestNotComplete']);

/** Every page of a Route 53 or Resolver listing, guarded like EC2's against endless paging. */
export function allPages<P extends { NextToken?: string }>(
  fetchPage: (token: string | undefined) => Promise<P>,
): Promise<P[]> {
  return collectPages(async (token) => {
    const page = await fetchPage(token);

    return { items: [page], ...(page.NextToken && { next: page.NextToken }) };
  }, 'Route 53');
}

/** Runs a whole listing and records its value, or why it failed, as a fact. */
export async function settle<T>(
  source: string,
  run: Run,
  work: () => Promise<T>,
): Promise<Fact<T>> {
  try {
    return ok(source, await work());
  } catch (error) {
    const explained = error instanceof AwsCallError ? error.factError : explain(error, source, run);

    return failed(source, explained);
  }
}

/** Makes one call; its failure is explained with the action that failed. */
export async function call<T>(action: string, run: Run, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw new AwsCallError(explain(error, action, run), error);
  }
}

/** Explains a failed Route 53 or Resolver call, naming the action. */
export function explain(error: unknown, action: string, run: Run): FactError {
  const name = error instanceof Error ? error.name : '';
  if (run.signal.aborted) {
    return stoppedError(run.signal.reason === 'deadline' ? 'deadline' : 'interrupted', action);
  }
  if (DENIED.has(name)) {
    const message = `AWS denied '${action}' to the credentials in use: allow it in an IAM policy (see \`tidb-pe iam-policy\`)`;
    return { code: name, message, iamAction: action };
  }
  if (THROTTLED.has(name)) {
    const attempts = (error as { $metadata?: { attempts?: number } }).$metadata?.attempts;
    const message = `AWS kept throttling '${action}' after ${attempts ?? MAX_ATTEMPTS} attempts: run again later`;
    return { code: name, message };
  }

  // A reply from the service names the failed action; anything else (no credentials, no network)
  // is explained the way every AWS collector explains it.
  if (error instanceof Error && '$metadata' in error) {
    return { code: name, message: `'${action}' failed with '${name}': ${redact(error.message)}` };
  }

  return toFactError(error, { region: run.region, ...(run.profile && { profile: run.profile }) });
}
