// A timeout that counts only the time this process could have heard an answer. Loading the AWS
// SDK can block the event loop for a second on a loaded machine; a plain timer would blame the
// silence on the server, and a local instance metadata service would seem absent.

const TICK_MS = 50;
// Of each tick, at most this much counts: the rest is time the event loop was busy elsewhere.
const MOST_PER_TICK_MS = 100;

/** Calls `onExpire` after `ms` of event-loop time available to hear a reply; returns a cancel. */
export function startLoopTimer(ms: number, onExpire: () => void): () => void {
  let counted = 0;
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    counted += Math.min(now - last, MOST_PER_TICK_MS);
    last = now;
    if (counted < ms) return;

    clearInterval(timer);
    // Pending I/O is read before a setImmediate callback runs, so a reply that is already
    // waiting wins over the expiry.
    setImmediate(onExpire);
  }, TICK_MS);

  return () => clearInterval(timer);
}
