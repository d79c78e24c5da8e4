// The HTTP side of the TiDB Cloud Dedicated API: digest-authenticated GETs with JSON replies,
// rate-limit waits, and failures explained (in tidbcloud-errors.ts) without ever showing the keys.
import { setTimeout as sleep } from 'node:timers/promises';

import type { FactError } from '../engine/facts.js';
import { deadlineSignal } from './deadline-signal.js';
import { explainResponse, scrub, TidbCloudError, unreachable } from './tidbcloud-errors.js';

/** Where the API is and with which keys, until when. */
export interface ApiRequest {
  publicKey?: string;
  privateKey?: string;
  baseUrl?: string;
  deadline: number;
  signal?: AbortSignal;
}

/** An open API: its address, the key pair and the run's limits. */
export interface Api {
  baseUrl: string;
  keys: [publicKey: string, privateKey: string];
  deadline: number;
  signal: AbortSignal;
}

/** The Dedicated API's address when `TIDB_CLOUD_API_URL` is not set. */
const DEFAULT_TIDB_CLOUD_API_URL = 'https://dedicated.tidbapi.com/v1beta1';

// The API allows 100 requests a minute per key; a few waits are worth it, more are not.
const RATE_LIMIT_RETRIES = 3;
const MAX_PAGES = 50;
const DIGEST_ALGORITHMS = ['MD5', 'MD5-sess', 'SHA-256', 'SHA-256-sess'];

/** Checks the key pair and the address; the error says what to set when one is missing. */
export function openApi(request: ApiRequest): Api | { error: FactError } {
  const publicKey = request.publicKey ?? process.env.TIDB_CLOUD_PUBLIC_KEY;
  const privateKey = request.privateKey ?? process.env.TIDB_CLOUD_PRIVATE_KEY;
  if (!publicKey || !privateKey) return { error: missingKeys(!publicKey, !privateKey) };

  const baseUrl = checkBaseUrl(
    request.baseUrl ?? process.env.TIDB_CLOUD_API_URL ?? DEFAULT_TIDB_CLOUD_API_URL,
  );
  if (typeof baseUrl !== 'string') return baseUrl;

  return {
    baseUrl,
    keys: [publicKey, privateKey],
    deadline: request.deadline,
    signal: deadlineSignal(request.deadline, request.signal),
  };
}

// The address is used as given, paths appended (a stand-in API may well serve them from its
// root). It is never shown whole while it may hold a password.
function checkBaseUrl(text: string): string | { error: FactError } {
  const bad = (why: string) => ({
    error: {
      code: 'BadApiUrl',
      message: `TIDB_CLOUD_API_URL ${why}: set it to ${DEFAULT_TIDB_CLOUD_API_URL} or unset it`,
    },
  });
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return bad('is not an http or https URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return bad('is not an http or https URL');
  }
  if (url.username || url.password) {
    return bad(
      'holds a user name or password, which the API does not take there (the keys go in TIDB_CLOUD_PUBLIC_KEY and TIDB_CLOUD_PRIVATE_KEY)',
    );
  }

  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

function missingKeys(noPublic: boolean, noPrivate: boolean): FactError {
  const unset = [noPublic && 'TIDB_CLOUD_PUBLIC_KEY', noPrivate && 'TIDB_CLOUD_PRIVATE_KEY'];
  const names = unset.filter(Boolean).join(' and ');
  const verb = noPublic && noPrivate ? 'are' : 'is';

  return {
    code: 'MissingApiKey',
    message: `${names} ${verb} not set: create an API key in the TiDB Cloud console (Organization Settings > API Keys) and export TIDB_CLOUD_PUBLIC_KEY and TIDB_CLOUD_PRIVATE_KEY`,
  };
}

/** A call's value, or the explained reason it failed. */
export type Attempt<T> = { value: T } | { error: FactError };

/** Runs API work; never throws, every failure is explained. */
export async function attempt<T>(api: Api, work: () => Promise<T>): Promise<Attempt<T>> {
  try {
    return { value: await work() };
  } catch (error) {
    if (error instanceof TidbCloudError) return { error: error.factError };

    if (api.signal.aborted) return { error: unreachable(api, error) };

    const message = error instanceof Error ? error.message : String(error);
    return {
      error: {
        code: 'TidbCloudError',
        message: scrub(api, `The TiDB Cloud API call failed: ${message}`),
      },
    };
  }
}

/**
 * Every item of an API list, following `nextPageToken` until a page comes without one. A list
 * reply holds its items under the collection's name, the last segment of the path.
 */
export async function listAll<T>(api: Api, path: string, notFound: string): Promise<T[]> {
  const field = path.split('/').at(-1) ?? '';
  const items: T[] = [];
  let pageToken: string | undefined;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const query = { pageSize: '100', ...(pageToken && { pageToken }) };
    const body = await getJson<Record<string, unknown>>(api, path, notFound, query);
    const list = body[field];
    if (Array.isArray(list)) items.push(...(list as T[]));

    pageToken = typeof body.nextPageToken === 'string' ? body.nextPageToken : undefined;
    if (!pageToken) return items;
  }

  const message = `TiDB Cloud returned more than ${MAX_PAGES} pages for '${path}'`;
  throw new TidbCloudError({ code: 'TooManyPages', message });
}

/** One GET with a JSON object as its reply; a rate limit is waited out if the deadline allows. */
export async function getJson<T>(
  api: Api,
  path: string,
  notFound: string,
  query: Record<string, string> = {},
): Promise<T> {
  const search = new URLSearchParams(query).toString();
  const url = `${api.baseUrl}${path}${search ? `?${search}` : ''}`;
  for (let retry = 0; ; retry += 1) {
    const response = await send(api, url);
    if (response.ok) return readJson<T>(api, response, url);

    const wait = response.status === 429 ? rateLimitWait(response, retry) : undefined;
    const fits = wait !== undefined && Date.now() + wait < api.deadline;
    if (!fits || retry >= RATE_LIMIT_RETRIES)
      throw new TidbCloudError(await explainResponse(api, response, notFound));

    await response.body?.cancel();
    await sleep(wait, undefined, { signal: api.signal }).catch((error: unknown) => {
      throw new TidbCloudError(unreachable(api, error));
    });
  }
}

// A reply from something other than the API (a proxy's sign-in page, a wrong address) is named
// as such, not as a JSON parser's complaint; every reply the API gives is a JSON object.
async function readJson<T>(api: Api, response: Response, url: string): Promise<T> {
  const text = await response.text().catch((error: unknown) => {
    throw new TidbCloudError(unreachable(api, error));
  });
  try {
    const body = JSON.parse(text) as unknown;
    if (body !== null && typeof body === 'object' && !Array.isArray(body)) return body as T;
  } catch {
    // Not JSON: explained below.
  }

  const { pathname } = new URL(url);
  const type = response.headers.get('content-type') ?? 'no content type';
  const message = `TiDB Cloud answered '${pathname}' with something that is not the API's JSON: check TIDB_CLOUD_API_URL and any proxy in between (HTTP ${response.status}, ${type})`;

  throw new TidbCloudError({ code: 'BadResponse', message: scrub(api, message) });
}

// A first request without credentials fetches the challenge, so that the digest uses the
// algorithm the server asks for; digest-fetch then answers it.
async function send(api: Api, url: string): Promise<Response> {
  const options = () => ({ headers: { accept: 'application/json' }, signal: api.signal });
  try {
    const first = await fetch(url, options());
    const challenge = first.headers.get('www-authenticate') ?? '';
    if (first.status !== 401 || !/^digest\s/i.test(challenge)) return first;

    await first.body?.cancel();
    const { DigestClient } = await import('digest-fetch');
    const algorithm = /algorithm="?([\w-]+)/i.exec(challenge)?.[1] ?? 'MD5';
    const client = new DigestClient(...api.keys, {
      algorithm: DIGEST_ALGORITHMS.find((known) => known.toLowerCase() === algorithm.toLowerCase()),
    });
    client.parseAuth(challenge);

    return (await client.fetch(url, options())) as Response;
  } catch (error) {
    throw new TidbCloudError(unreachable(api, error));
  }
}

// X-Ratelimit-Reset is read as seconds to wait, or as a Unix time when it is that large.
function rateLimitWait(response: Response, retry: number): number {
  const header = (name: string) => {
    const value = Number(response.headers.get(name) ?? Number.NaN);
    return Number.isFinite(value) ? value : undefined;
  };
  const reset = header('x-ratelimit-reset');
  const seconds =
    reset !== undefined
      ? reset > 1e9
        ? reset - Date.now() / 1000
        : reset
      : (header('retry-after') ?? 2 ** retry);

  return Math.max(100, Math.round(seconds * 1000));
}
