import type { FactValues, ProbeValues, Target } from '../../src/engine/facts.js';
import type { RuleResult } from '../../src/engine/evaluate.js';
import type { Lang, Rule } from '../../src/engine/rule.js';
import { evaluateRules } from '../../src/engine/evaluate.js';
import {
  asFacts,
  asProbes,
  healthyFactValues,
  healthyProbeValues,
  healthyTarget,
} from './evidence.js';

/** Changes to apply to the healthy account before evaluating a rule. */
export interface Situation {
  facts?: (facts: FactValues) => void;
  probes?: (probes: ProbeValues) => void;
  target?: Partial<Target>;
  lang?: Lang;
}

/** The client host was named by --instance-id, but EC2 did not describe it. */
export const UNDESCRIBED_CLIENT: Situation = {
  facts: (facts) => void Object.assign(facts, { clientInstance: null, identity: null }),
};

/** What every rule about the client host says in that situation. */
export const UNDESCRIBED_CLIENT_MESSAGE =
  /Client host 'i-0123456789abcdef0' is known only by its id: EC2 did not describe it/;

/** Evaluates one rule against the healthy account changed as the situation says. */
export function runRule(rule: Rule, situation: Situation = {}): RuleResult {
  const facts = healthyFactValues();
  const probes = healthyProbeValues();
  situation.facts?.(facts);
  situation.probes?.(probes);

  const target = { ...healthyTarget(), ...situation.target };
  const [result] = evaluateRules(
    [rule],
    asFacts(facts),
    asProbes(probes),
    target,
    situation.lang ?? 'en',
  );

  return result as RuleResult;
}
