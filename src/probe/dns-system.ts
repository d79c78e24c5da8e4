// The system resolver is what the application uses: getaddrinfo, so /etc/hosts, nsswitch and any
// local cache take part. It gives no TTLs and cannot be cancelled; a lookup that outlives its
// limit is abandoned and reported as a timeout.
import { lookup } from 'node:dns/promises';

import type { DnsAnswer, DnsLookup } from '../engine/facts.js';
import { elapsedSince, waitFor } from './settle.js';

/** How long to wait, and how to stop early. */
export interface SystemDnsOptions {
  timeoutMs: number;
  signal?: AbortSignal;
}

// getaddrinfo folds DNS outcomes into a few codes; these are the nearest DNS rcodes.
const RCODE_OF_ERROR: Record<string, string> = {
  ENOTFOUND: 'NXDOMAIN',
  ENODATA: 'NOERROR',
  EAI_AGAIN: 'SERVFAIL',
  ESERVFAIL: 'SERVFAIL',
  EREFUSED: 'REFUSED',
  ETIMEOUT: 'TIMEOUT',
};

/** Resolves `name` as the application would, recording every address and the time taken. */
export async function probeSystemDns(name: string, options: SystemDnsOptions): Promise<DnsLookup> {
  const started = performance.now();
  const base = { name, resolver: 'system' };

  return waitFor<DnsLookup>(
    {
      timeoutMs: options.timeoutMs,
      signal: options.signal,
      onTimeout: () => ({
        ...base,
        rcode: 'TIMEOUT',
        answers: [],
        durationMs: elapsedSince(started),
      }),
    },
    (settle) => {
      lookup(name, { all: true, verbatim: true }).then(
        (addresses) => {
          const answers: DnsAnswer[] = addresses.map(({ address, family }) => ({
            type: family === 6 ? 'AAAA' : 'A',
            data: address,
          }));
          settle({ ...base, rcode: 'NOERROR', answers, durationMs: elapsedSince(started) });
        },
        (error: NodeJS.ErrnoException) => {
          const errorCode = error.code ?? 'UNKNOWN';
          const rcode = rcodeOfLookupError(errorCode);
          settle({ ...base, rcode, answers: [], errorCode, durationMs: elapsedSince(started) });
        },
      );

      return () => undefined;
    },
  );
}

/** The DNS rcode nearest to a getaddrinfo error code; `ERROR` when there is none. */
export function rcodeOfLookupError(code: string): string {
  return RCODE_OF_ERROR[code] ?? 'ERROR';
}
