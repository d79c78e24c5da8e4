// What every step of a probe run shares: the request, the limits, the deadline, and one way to
// turn a step's outcome into a fact.
import type { Fact, FactError } from '../engine/facts.js';
import { failed, ok } from '../engine/facts.js';
import { reasonText } from '../engine/reasons.js';
import { ProbeStopped } from './budget.js';
import type { Budget } from './budget.js';
import type { ProbeRequest, ProbeTimeouts } from './index.js';

/** One run of the probes. */
export interface Run {
  request: ProbeRequest;
  budget: Budget;
  timeouts: ProbeTimeouts;
}

/** Runs one step, turning a cut-off or an unexpected error into an error fact. */
export async function step<T>(run: Run, source: string, probe: () => Promise<T>): Promise<Fact<T>> {
  const { signal } = run.budget;
  if (signal.aborted) return failed(source, stopError(signal.reason));

  try {
    return ok(source, await probe());
  } catch (error) {
    if (error instanceof ProbeStopped) return failed(source, stopError(error));

    const code = (error as { code?: unknown }).code;
    const message = error instanceof Error ? error.message : String(error);

    return failed(source, { code: typeof code === 'string' ? code : 'ProbeError', message });
  }
}

function stopError(reason: unknown): FactError {
  if (reason instanceof ProbeStopped) return { code: reason.code, message: reason.message };

  return { code: 'Aborted', message: reasonText('interruptedInProbe') };
}
