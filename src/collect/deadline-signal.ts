// Collectors stop by themselves at the run's deadline, so that a slow API hands back an explained
// error in time instead of being cut off with nothing.
import { setMaxListeners } from 'node:events';

/** One signal for a run: the caller's, and a timer that fires with reason 'deadline'. */
export function deadlineSignal(deadline: number, signal?: AbortSignal): AbortSignal {
  const controller = new AbortController();
  const left = deadline - Date.now();
  if (left <= 0) controller.abort('deadline');
  else setTimeout(() => controller.abort('deadline'), left).unref();
  const signals = [controller.signal, ...(signal ? [signal] : [])];
  const run = AbortSignal.any(signals);
  // Many calls share this signal at once by design; Node's leak warning would be noise on stderr.
  setMaxListeners(0, run);

  return run;
}
