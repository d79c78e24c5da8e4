import { fileURLToPath } from 'node:url';

import type { EvidenceName, EvidenceValues, Target } from './facts.js';

/** The outcome of one rule. */
export type Status = 'pass' | 'info' | 'warn' | 'fail' | 'skip' | 'unknown';

/** How much a non-passing result of the rule matters. */
export type Severity = 'critical' | 'warning' | 'info';

/** The languages every user-facing text is written in. */
export type Lang = 'en' | 'ja';

/** A text in each language. */
export type Localized = Record<Lang, string>;

/** What to do about a finding: a summary, exact AWS CLI commands and console steps. */
export interface Remediation {
  summary: Localized;
  /** Commands with `{placeholders}` filled from the finding's data. */
  cli?: string[];
  console?: { en: string[]; ja: string[] };
}

/** A message template with named `{placeholders}`, and its own fix when it needs one. */
export interface MessageSpec extends Localized {
  remediation?: Remediation;
}

/** What a rule's `evaluate` returns. */
export interface Finding<M extends string = string> {
  status: Status;
  message: M;
  data?: Record<string, string | number>;
  evidence?: Record<string, unknown>;
}

/** The values a rule declared it needs (always present) and may use (possibly absent). */
export type RuleEvidence<N extends EvidenceName, U extends EvidenceName> = Pick<EvidenceValues, N> &
  Partial<Pick<EvidenceValues, U>>;

/** What a rule file states about itself; the id is not here because it comes from the path. */
export interface RuleDefinition<
  N extends EvidenceName = EvidenceName,
  U extends EvidenceName = EvidenceName,
  M extends string = string,
> {
  title: Localized;
  severity: Severity;
  /** Facts or probes without which the rule cannot decide (missing: `unknown`). */
  needs: readonly N[];
  /** Facts or probes the rule looks at when they are there. */
  uses?: readonly U[];
  description: Localized;
  messages: Record<M, MessageSpec>;
  remediation: Remediation;
  /** Known shortcomings a user can meet, listed in the rule's documentation. */
  limitations?: Localized[];
  evaluate(evidence: RuleEvidence<N, U>, target: Target): Finding<M>;
}

/** A rule with its id. */
export interface Rule extends RuleDefinition {
  id: string;
  docs: string;
}

/** Where the rule catalogue is published; each rule's anchor is derived from its id. */
const DOCS_URL = 'https://github.com/tidb-pe/tidb-pe/blob/main/docs/rules.md';

/**
 * Builds a rule from its file: `rules/<area>/<name>.ts` is rule `<area>.<name>`.
 * Pass `import.meta.url` so that the id cannot drift from the path.
 */
export function defineRule<N extends EvidenceName, U extends EvidenceName, M extends string>(
  moduleUrl: string,
  definition: RuleDefinition<N, U, M>,
): Rule {
  const id = ruleIdFromPath(fileURLToPath(moduleUrl));

  return { ...(definition as unknown as RuleDefinition), id, docs: docsUrl(id) };
}

/** The rule id for a rule file path, or throws when the path is not under `rules/`. */
function ruleIdFromPath(path: string): string {
  const match = /[\\/]rules[\\/]([a-z0-9-]+)[\\/]([a-z0-9-]+)\.[cm]?[jt]s$/.exec(path);
  if (!match) throw new Error(`Rule file '${path}' is not at rules/<area>/<name>.ts`);

  return `${match[1]}.${match[2]}`;
}

/** The documentation link of a rule, derived from its id. */
export function docsUrl(id: string): string {
  return `${DOCS_URL}#${id.replace(/\./g, '')}`;
}
