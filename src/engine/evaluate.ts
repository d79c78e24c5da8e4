import type { EvidenceName, Fact, Facts, Probes, Target } from './facts.js';
import type { Lang, Remediation, Rule, Severity, Status } from './rule.js';
import { localizeReason } from './reasons.js';
import { fillTemplate, userPlaceholder } from './template.js';

/** A remediation rendered into one language with its placeholders filled. */
export interface RenderedRemediation {
  summary: string;
  cli: string[];
  console: string[];
}

/** One rule's result, as it appears in the report. */
export interface RuleResult {
  id: string;
  title: string;
  status: Status;
  severity: Severity;
  message: string;
  /** The message template's key, so that a result can be told apart without parsing text. */
  messageId: string;
  evidence?: Record<string, unknown>;
  /** The missing fact or probe when the status is `unknown` or `skip` for want of it. */
  missing?: { name: string; reason: string; iamAction?: string };
  remediation?: RenderedRemediation;
  docs: string;
}

const MISSING_TEXT = {
  absent: {
    en: "Could not decide: '{name}' was not collected",
    ja: "判定できません: '{name}' が収集されていません",
  },
  error: {
    en: "Could not decide: '{name}' is missing: {reason}",
    ja: "判定できません: '{name}' を取得できませんでした: {reason}",
  },
  denied: {
    en: "Could not decide: '{name}' is missing because '{iamAction}' was denied: grant it (see `tidb-pe iam-policy`)",
    ja: "判定できません: '{iamAction}' が拒否されたため '{name}' を取得できませんでした。`tidb-pe iam-policy` のポリシーを付与してください",
  },
  skipped: {
    en: 'Not checked: {reason}',
    ja: 'チェックしていません: {reason}',
  },
  crashed: {
    en: 'Could not decide: the rule failed: {reason}',
    ja: '判定できません: ルールの実行中にエラーが発生しました: {reason}',
  },
} as const;

// A denied call is fixed the same way whichever rule needed it: grant the read-only policy.
const GRANT_ACTION: Remediation = {
  summary: {
    en: "Allow '{iamAction}' for the identity tidb-pe runs as: attach the read-only policy that `tidb-pe iam-policy` prints, then run the doctor again",
    ja: "tidb-pe を実行する IAM ID に '{iamAction}' を許可してください。`tidb-pe iam-policy` が出力する読み取り専用ポリシーをアタッチしてから、もう一度実行してください",
  },
  cli: [
    'tidb-pe iam-policy > tidb-pe-policy.json',
    'aws iam put-role-policy --role-name <role-name> --policy-name tidb-pe-read-only --policy-document file://tidb-pe-policy.json',
  ],
};

/** Evaluates every rule over the facts and probes; a rule never stops the others. */
export function evaluateRules(
  rules: readonly Rule[],
  facts: Facts,
  probes: Probes,
  target: Target,
  lang: Lang,
): RuleResult[] {
  const evidence: Record<string, Fact<unknown> | undefined> = { ...facts, ...probes };

  return rules.map((rule) => evaluateRule(rule, evidence, target, lang));
}

function evaluateRule(
  rule: Rule,
  evidence: Record<string, Fact<unknown> | undefined>,
  target: Target,
  lang: Lang,
): RuleResult {
  const base = { id: rule.id, title: rule.title[lang], severity: rule.severity, docs: rule.docs };
  const blocker = findBlocker(rule.needs, evidence);
  if (blocker) return { ...base, ...describeBlocker(blocker, lang) };

  const values: Record<string, unknown> = {};
  for (const name of [...rule.needs, ...(rule.uses ?? [])]) {
    const fact = evidence[name];
    if (fact?.status === 'ok') values[name] = fact.value;
  }

  try {
    const finding = rule.evaluate(values as never, target);
    const spec = rule.messages[finding.message];
    if (!spec) throw new Error(`rule returned unknown message '${finding.message}'`);

    const data = { ...targetData(target), ...finding.data };
    const result: RuleResult = {
      ...base,
      status: finding.status,
      message: fillTemplate(spec[lang], data, userPlaceholder),
      messageId: finding.message,
      ...(finding.evidence && { evidence: finding.evidence }),
    };
    // A problem always carries a fix. `info` is not a problem, so it carries advice only when
    // its own message has some, never the rule's general fix.
    const problem = ['warn', 'fail', 'unknown'].includes(finding.status);
    const advice = finding.status === 'info' ? spec.remediation : undefined;
    const fix = problem ? (spec.remediation ?? rule.remediation) : advice;
    if (fix) result.remediation = renderRemediation(fix, data, lang);

    return result;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);

    return {
      ...base,
      status: 'unknown',
      messageId: 'rule-error',
      message: fillTemplate(MISSING_TEXT.crashed[lang], { reason }),
    };
  }
}

interface Blocker {
  name: EvidenceName;
  fact: Fact<unknown> | undefined;
}

// A skipped fact means the rule does not apply; that outranks an error in another fact.
function findBlocker(
  needs: readonly EvidenceName[],
  evidence: Record<string, Fact<unknown> | undefined>,
): Blocker | undefined {
  const blockers = needs
    .map((name) => ({ name, fact: evidence[name] }))
    .filter(({ fact }) => fact?.status !== 'ok');

  return blockers.find(({ fact }) => fact?.status === 'skipped') ?? blockers[0];
}

function describeBlocker({ name, fact }: Blocker, lang: Lang) {
  if (!fact) {
    const reason = 'not collected';
    const message = fillTemplate(MISSING_TEXT.absent[lang], { name });

    return {
      status: 'unknown' as const,
      messageId: 'missing-fact',
      message,
      missing: { name, reason },
    };
  }

  if (fact.status === 'skipped') {
    const reason = localizeReason(fact.reason, lang);
    const message = fillTemplate(MISSING_TEXT.skipped[lang], { reason });
    const missing = { name, reason: fact.reason };

    return { status: 'skip' as const, messageId: 'not-applicable', message, missing };
  }

  const { error } = fact as Extract<Fact<unknown>, { status: 'error' }>;
  const template = error.iamAction ? MISSING_TEXT.denied : MISSING_TEXT.error;
  const message = fillTemplate(template[lang], {
    name,
    reason: localizeReason(error.message, lang),
    iamAction: error.iamAction ?? '',
  });
  const missing = {
    name,
    reason: error.message,
    ...(error.iamAction && { iamAction: error.iamAction }),
  };
  if (!error.iamAction)
    return { status: 'unknown' as const, messageId: 'missing-fact', message, missing };

  const remediation = renderRemediation(GRANT_ACTION, { iamAction: error.iamAction }, lang);

  return { status: 'unknown' as const, messageId: 'missing-fact', message, missing, remediation };
}

// What the user asked for fills placeholders that a rule's own data leaves open: when the
// endpoint could not be described, its id is still the one given on the command line.
function targetData(target: Target): Record<string, string | number> {
  const known = {
    endpointId: target.vpcEndpointId,
    host: target.host,
    port: target.port,
    region: target.region,
    serviceName: target.serviceName,
    instanceId: target.instanceId,
    clusterId: target.tidbClusterId,
    user: target.user,
  };

  const given = Object.entries(known).filter(
    (entry): entry is [string, string | number] => entry[1] !== undefined,
  );

  return Object.fromEntries(given);
}

// A value nobody knows shows as `<vpc-id>`, the way command examples mark what to fill in.
function renderRemediation(
  remediation: Remediation,
  data: Record<string, string | number>,
  lang: Lang,
): RenderedRemediation {
  const fill = (line: string) => fillTemplate(line, data, userPlaceholder);

  return {
    summary: fill(remediation.summary[lang]),
    cli: (remediation.cli ?? []).map(fill),
    console: (remediation.console?.[lang] ?? []).map(fill),
  };
}
