// One run has one deadline. Each probe also has its own, shorter limit; when the run's deadline
// comes first the probe is cut off and reported as such, not as a slow server.
import { setMaxListeners } from 'node:events';

import { reasonText } from '../engine/reasons.js';

/** Why a probe was cut off: the run's deadline passed, or the caller stopped the run. */
export class ProbeStopped extends Error {
  override readonly name = 'ProbeStopped';

  constructor(
    readonly code: 'DeadlineExceeded' | 'Aborted',
    message: string,
  ) {
    super(message);
  }
}

/** The shared deadline of a run, as an abort signal. */
export interface Budget {
  /** Aborts with a `ProbeStopped` at the deadline or when the caller's signal aborts. */
  signal: AbortSignal;
  /** Milliseconds left before the deadline (negative once it has passed). */
  remainingMs(): number;
  /** Releases the timer and the listener on the caller's signal. */
  dispose(): void;
}

/** A budget that runs out at `deadline` (epoch ms) or when `outer` aborts, whichever is first. */
export function createBudget(deadline: number, outer?: AbortSignal): Budget {
  const controller = new AbortController();
  // Every probe step listens to this signal at once; Node's leak warning would be noise.
  setMaxListeners(0, controller.signal);
  const stop = (code: ProbeStopped['code'], message: string) => {
    if (!controller.signal.aborted) controller.abort(new ProbeStopped(code, message));
  };
  const timer = setTimeout(
    () => stop('DeadlineExceeded', reasonText('deadlineInProbe')),
    Math.max(0, deadline - Date.now()),
  );
  const onAbort = () => stop('Aborted', reasonText('interruptedInProbe'));

  if (outer?.aborted) onAbort();
  else outer?.addEventListener('abort', onAbort, { once: true });

  return {
    signal: controller.signal,
    remainingMs: () => deadline - Date.now(),
    dispose() {
      clearTimeout(timer);
      outer?.removeEventListener('abort', onAbort);
    },
  };
}
