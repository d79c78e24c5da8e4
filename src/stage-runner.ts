// A run's stages wait for their work only until the deadline or an interrupt, plus a short
// grace, so that a hanging API or probe cannot hold the report back; the runner remembers why.
import type { Fact } from './engine/facts.js';

// Stages get a little time past the deadline to hand back what they have before they are cut.
const GRACE_MS = 750;
// The error codes of a fact or probe that the run's deadline (or an interrupt) cut off.
const CUT_CODES = new Set(['DeadlineExceeded', 'Aborted']);

/** Runs stages against the deadline and the interrupt signal, remembering whether any was cut. */
export class StageRunner {
  private cutReason: string | undefined;

  constructor(
    private readonly deadline: number,
    private readonly signal: AbortSignal | undefined,
  ) {}

  /** Why the run is incomplete, if it is. */
  get reason(): string | undefined {
    if (this.signal?.aborted) return 'the run was interrupted';
    if (Date.now() >= this.deadline) return 'the deadline (--timeout) was reached';

    return this.cutReason;
  }

  /** Waits for `work`, but not past the deadline (or an interrupt) plus a short grace. */
  async run<T>(work: Promise<T>): Promise<T | undefined> {
    const timers: NodeJS.Timeout[] = [];
    const onAbort = () => timers.push(setTimeout(() => cut('the run was interrupted'), GRACE_MS));
    let cut: (reason: string) => void = () => undefined;
    const cutOff = new Promise<undefined>((resolve) => {
      cut = (reason) => {
        this.cutReason ??= reason;
        resolve(undefined);
      };
    });
    timers.push(
      setTimeout(
        () => cut('the deadline (--timeout) was reached'),
        Math.max(0, this.deadline - Date.now()) + GRACE_MS,
      ),
    );
    // A stage started after an interrupt gets the same grace as one that was running then.
    if (this.signal?.aborted) onAbort();
    else this.signal?.addEventListener('abort', onAbort, { once: true });

    try {
      return await Promise.race([work, cutOff]);
    } finally {
      timers.forEach(clearTimeout);
      this.signal?.removeEventListener('abort', onAbort);
    }
  }
}

/**
 * Why the run is incomplete although every stage ended in time: collectors stop at their share
 * of the deadline by themselves, and the facts they lost carry the code of the cut.
 */
export function cutShort(evidence: Record<string, Fact<unknown> | undefined>): string | undefined {
  const cut = Object.entries(evidence)
    .filter(([, fact]) => fact?.status === 'error' && CUT_CODES.has(fact.error.code))
    .map(([name]) => name);

  return cut.length > 0
    ? `the deadline (--timeout) was reached before ${cut.join(', ')} could be gathered`
    : undefined;
}
