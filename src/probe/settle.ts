// Every probe waits on sockets that may never answer. This is the one place that turns "an
// event, or our own timeout, or the caller's abort" into a promise, so that none can hang.

/** Ends the wait with a value. */
export type Settle<T> = (value: T) => void;

/** Ends the wait with an error. */
export type Reject = (error: unknown) => void;

/** What a wait needs: how long it may take, what it gives on timeout, and how to stop early. */
export interface WaitOptions<T> {
  timeoutMs: number;
  /** The value on timeout; throwing from it rejects the wait instead. */
  onTimeout: () => T;
  /** Aborting rejects the wait with the signal's reason. */
  signal?: AbortSignal;
}

/**
 * Starts `start`, which calls `settle` or `reject` once and returns its clean-up. Resolves with
 * the first outcome; the clean-up runs exactly once, whatever ended the wait.
 */
export function waitFor<T>(
  options: WaitOptions<T>,
  start: (settle: Settle<T>, reject: Reject) => () => void,
): Promise<T> {
  return new Promise<T>((resolve, rejectPromise) => {
    const { signal } = options;
    if (signal?.aborted) {
      rejectPromise(signal.reason);
      return;
    }

    let done = false;
    let cleanUp: () => void = () => undefined;
    const finish = (end: () => void) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      cleanUp();
      end();
    };
    const settle = (value: T) => finish(() => resolve(value));
    const reject = (error: unknown) => finish(() => rejectPromise(error));
    const onAbort = () => reject(signal?.reason);
    const timer = setTimeout(
      () => {
        try {
          settle(options.onTimeout());
        } catch (error) {
          reject(error);
        }
      },
      Math.max(0, options.timeoutMs),
    );

    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const stop = start(settle, reject);
      if (done) stop();
      else cleanUp = stop;
    } catch (error) {
      reject(error);
    }
  });
}

/** Milliseconds since `start` (a `performance.now()` reading), rounded to a tenth. */
export function elapsedSince(start: number): number {
  return Math.round((performance.now() - start) * 10) / 10;
}
