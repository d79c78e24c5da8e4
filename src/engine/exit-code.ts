import type { Status } from './rule.js';

/** The overall verdict, in the words monitoring systems use. */
export type Overall = 'ok' | 'warning' | 'critical' | 'unknown';

/** Exit codes: the monitoring contract (Nagios plugin codes, plus sysexits' usage error). */
export const EXIT = { ok: 0, warning: 1, critical: 2, unknown: 3, usage: 64 } as const;

/** The overall verdict from result statuses; `info` and `skip` never change it. */
export function overallStatus(statuses: readonly Status[], strict: boolean): Overall {
  if (statuses.includes('fail')) return 'critical';
  if (statuses.includes('unknown')) return 'unknown';
  if (statuses.includes('warn')) return strict ? 'critical' : 'warning';

  return 'ok';
}

/** The process exit code for an overall verdict. */
export function exitCodeFor(overall: Overall): number {
  return EXIT[overall];
}
