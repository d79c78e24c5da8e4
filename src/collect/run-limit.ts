// One run has one deadline and may be interrupted. Both end in the same abort signal, which every
// AWS call and metadata request listens to, and facts still pending then become errors.

import { setMaxListeners } from 'node:events';

import type { StopReason } from './aws-errors.js';

/** The run's deadline and the caller's abort signal, as one limit. */
export interface RunLimit {
  /** Fires at the deadline or when the caller aborts. */
  signal: AbortSignal;
  /** Why the signal fired, or undefined while the run goes on. */
  stopReason(): StopReason | undefined;
  /** Milliseconds left before the deadline, never below zero. */
  remainingMs(): number;
  /** Settles with `work`, or with `onStop(reason)` if the run stops first. */
  bound<T>(work: Promise<T>, onStop: (reason: StopReason) => T): Promise<T>;
  /** Releases the timer and the listener on the caller's signal. */
  dispose(): void;
}

/** Starts the clock of a run that must end by `deadline` (epoch ms). */
export function createRunLimit(deadline: number, signal?: AbortSignal): RunLimit {
  const controller = new AbortController();
  // Every AWS call in flight listens to this one signal; a dozen at once is the design, not a
  // leak, and Node's warning about it would reach the user's terminal.
  setMaxListeners(0, controller.signal);
  let reason: StopReason | undefined;
  const stop = (why: StopReason) => {
    if (reason) return;
    reason = why;
    controller.abort();
  };
  const stopped = new Promise<StopReason>((resolve) => {
    controller.signal.addEventListener('abort', () => resolve(reason ?? 'deadline'), {
      once: true,
    });
  });

  const timer = setTimeout(() => stop('deadline'), Math.max(0, deadline - Date.now()));
  timer.unref();
  const onAbort = () => stop('interrupted');
  signal?.addEventListener('abort', onAbort, { once: true });
  if (signal?.aborted) stop('interrupted');

  return {
    signal: controller.signal,
    stopReason: () => reason,
    remainingMs: () => Math.max(0, deadline - Date.now()),
    bound: (work, onStop) => Promise.race([work, stopped.then(onStop)]),
    dispose() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    },
  };
}
