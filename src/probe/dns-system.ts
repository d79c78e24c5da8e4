// The system resolver is what the application uses: getaddrinfo, so /etc/hosts, nsswitch and any
// local cache take part. It gives no TTLs. A getaddrinfo call cannot be cancelled, and one that
// hangs holds a thread that Node waits for before the process may exit, past any deadline; so
// the lookup runs in a child process of its own, which is killed when its time is up.
import { spawn } from 'node:child_process';

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

// The child times its own lookup, so that its start-up is not counted as resolver time.
const LOOKUP_SCRIPT = `
const started = performance.now();
require('node:dns').lookup(process.argv[1], { all: true, verbatim: true }, (error, addresses) => {
  const ms = performance.now() - started;
  process.stdout.write(JSON.stringify(error ? { code: error.code || 'UNKNOWN', ms } : { addresses, ms }));
});
`;

// The variables glibc's resolver reads; the child gets these and nothing else of the environment,
// so no secret of this process reaches it.
const RESOLVER_VARIABLES = ['LOCALDOMAIN', 'RES_OPTIONS', 'HOSTALIASES'];

/** What the child reports. */
interface ChildLookup {
  addresses?: Array<{ address: string; family: number }>;
  code?: string;
  ms: number;
}

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
    (settle, reject) => {
      const child = spawn(process.execPath, ['-e', LOOKUP_SCRIPT, '--', name], {
        env: resolverEnvironment(),
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      let output = '';

      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.on('error', reject);
      child.on('close', () => {
        const reply = parseChildLookup(output);
        if (!reply) {
          reject(new Error(`The system lookup of '${name}' ended without an answer`));
          return;
        }
        settle({ ...base, ...outcomeOf(reply), durationMs: Math.round(reply.ms * 10) / 10 });
      });

      return () => child.kill('SIGKILL');
    },
  );
}

/** The DNS rcode nearest to a getaddrinfo error code; `ERROR` when there is none. */
export function rcodeOfLookupError(code: string): string {
  return RCODE_OF_ERROR[code] ?? 'ERROR';
}

function outcomeOf(reply: ChildLookup): Pick<DnsLookup, 'rcode' | 'answers' | 'errorCode'> {
  if (reply.code)
    return { rcode: rcodeOfLookupError(reply.code), answers: [], errorCode: reply.code };

  const answers: DnsAnswer[] = (reply.addresses ?? []).map(({ address, family }) => ({
    type: family === 6 ? 'AAAA' : 'A',
    data: address,
  }));

  return { rcode: 'NOERROR', answers };
}

function parseChildLookup(output: string): ChildLookup | undefined {
  try {
    const reply = JSON.parse(output) as ChildLookup;

    return typeof reply.ms === 'number' ? reply : undefined;
  } catch {
    return undefined;
  }
}

function resolverEnvironment(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    RESOLVER_VARIABLES.flatMap((key) => (process.env[key] ? [[key, process.env[key]]] : [])),
  );
}
