// Failures of the TiDB Cloud API explained for the user: what the status means and what to check,
// with the server's own words, and never the API keys.
import type { FactError } from '../engine/facts.js';
import { reasonText } from '../engine/reasons.js';
import type { Api } from './tidbcloud-api.js';

/** A failed API call, already explained as a fact error. */
export class TidbCloudError extends Error {
  constructor(readonly factError: FactError) {
    super(factError.message);
    this.name = 'TidbCloudError';
  }
}

/** Explains a reply that is not a success, with what the server said, keys removed. */
export async function explainResponse(
  api: Api,
  response: Response,
  notFound: string,
): Promise<FactError> {
  const detail = await response.text().then(
    (text) => serverMessage(text),
    () => undefined,
  );
  const said = detail ? `: TiDB Cloud says '${scrub(api, detail)}'` : '';
  const status = response.status;

  if (status === 401) {
    const message =
      'TiDB Cloud rejected the API key: check TIDB_CLOUD_PUBLIC_KEY and TIDB_CLOUD_PRIVATE_KEY (the key may be deleted, or belong to another organization)';
    return { code: 'Unauthorized', message };
  }
  if (status === 403) {
    return {
      code: 'Forbidden',
      message: `TiDB Cloud does not let this API key read the cluster${said}`,
    };
  }
  if (status === 404) return { code: 'NotFound', message: `${notFound}${versionHint(api)}` };
  if (status === 429) {
    const message = `TiDB Cloud kept limiting the request rate (100 requests a minute per API key): run again in a minute`;
    return { code: 'RateLimited', message };
  }
  if (status >= 500) {
    return {
      code: 'TidbCloudUnavailable',
      message: `TiDB Cloud answered HTTP ${status}${said}: run again later`,
    };
  }

  return {
    code: 'TidbCloudError',
    message: `TiDB Cloud refused the request with HTTP ${status}${said}`,
  };
}

// Every path of the API is under its version, so a 404 from an address without one more likely
// means the address is wrong than that the cluster is missing.
function versionHint(api: Api): string {
  if (/\/v1beta1$/.test(api.baseUrl)) return '';

  return `; also, TIDB_CLOUD_API_URL is '${api.baseUrl}', which does not end in /v1beta1`;
}

// Errors come as {code, message, details}; anything else is shown as text, shortened.
function serverMessage(text: string): string | undefined {
  try {
    const body = JSON.parse(text) as { message?: unknown };
    if (typeof body.message === 'string') return body.message;
  } catch {
    // Not JSON: fall through to the raw text.
  }

  return text.trim().slice(0, 200) || undefined;
}

/** Explains a request that got no reply: the run stopped, or the network failed. */
export function unreachable(api: Api, error: unknown): FactError {
  if (api.signal.aborted) {
    const message =
      api.signal.reason === 'deadline'
        ? reasonText('deadlineBeforeTidbCloud')
        : reasonText('interruptedBeforeTidbCloud');
    return { code: 'DeadlineExceeded', message };
  }

  const cause = error instanceof Error ? (error.cause as { code?: string } | undefined) : undefined;
  const why = cause?.code ?? (error instanceof Error ? error.message : String(error));
  const host = new URL(api.baseUrl).host;
  const message = `The TiDB Cloud API at '${host}' could not be reached (${why}): check the network path, a proxy, or TIDB_CLOUD_API_URL`;

  return { code: 'TidbCloudUnreachable', message: scrub(api, message) };
}

/** Removes the API keys from a text, in case a server echoes one. */
export function scrub(api: Api, text: string): string {
  return api.keys.reduce(
    (clean, key) => (key.length >= 4 ? clean.split(key).join('[redacted]') : clean),
    text,
  );
}
