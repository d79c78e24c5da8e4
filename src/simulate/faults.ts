// Injected AWS faults, shared by the simulated EC2, Route 53 and Resolver APIs: denied actions,
// throttling that gives way after a set number of tries, and a delay on every answer.

import type { FaultSpec } from './scenario.js';

/** What happens to one call before it is answered. */
export type Fault = { kind: 'denied'; message: string } | { kind: 'throttled' } | undefined;

/** Decides the fault of each call, remembering how often each action was throttled. */
export class FaultInjector {
  private readonly throttled = new Map<string, number>();

  constructor(
    private readonly spec: FaultSpec,
    private readonly accountId: string,
  ) {}

  /** Milliseconds every answer waits, as a slow AWS would. */
  get delayMs(): number {
    return this.spec.delayMs;
  }

  /** How a call to `iamAction` (e.g. `ec2:DescribeVpcs`) fails, if it does. */
  next(iamAction: string): Fault {
    if (this.spec.deny.includes(iamAction)) {
      return { kind: 'denied', message: this.deniedMessage(iamAction) };
    }

    const seen = this.throttled.get(iamAction) ?? 0;
    if (seen < (this.spec.throttle[iamAction] ?? 0)) {
      this.throttled.set(iamAction, seen + 1);
      return { kind: 'throttled' };
    }

    return undefined;
  }

  private deniedMessage(iamAction: string): string {
    const user = `arn:aws:iam::${this.accountId}:user/tidb-pe-simulated`;

    return `You are not authorized to perform this operation. User: ${user} is not authorized to perform: ${iamAction} because no identity-based policy allows the ${iamAction} action`;
  }
}
