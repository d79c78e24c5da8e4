import type { Lang, Rule } from '../../engine/rule.js';
import type { Io } from '../main.js';
import { EXIT } from '../../engine/exit-code.js';
import { loadRules } from '../../engine/load-rules.js';
import { UsageError } from '../errors.js';
import { validateLang } from '../options.js';

/** Flags of `tidb-pe rules`. */
export interface RulesArgs {
  action?: string;
  id?: string;
  lang?: string;
  json?: boolean;
}

/** Lists the catalogue, or explains one rule in full. */
export async function runRulesCommand(args: RulesArgs, io: Io): Promise<number> {
  const lang = validateLang(args.lang);
  const rules = await loadRules();

  if (args.action === 'list' || args.action === undefined) {
    if (args.id)
      throw new UsageError(
        `'rules list' takes no rule id: did you mean 'tidb-pe rules explain ${args.id}'?`,
      );
    io.stdout.write(
      args.json
        ? `${JSON.stringify(
            rules.map((r) => summarize(r, lang)),
            null,
            2,
          )}\n`
        : listRules(rules, lang),
    );
    return EXIT.ok;
  }

  if (args.action !== 'explain') {
    throw new UsageError(`Unknown rules action '${args.action}': use 'list' or 'explain <id>'`);
  }
  if (!args.id) throw new UsageError("'rules explain' needs a rule id: see 'tidb-pe rules list'");

  const rule = rules.find((candidate) => candidate.id === args.id);
  if (!rule) {
    const near = rules.filter(
      (r) => r.id.includes(args.id ?? '') || (args.id ?? '').includes(r.id.split('.')[1] ?? ''),
    );
    const suggestion =
      near.length > 0
        ? `: did you mean ${near.map((r) => `'${r.id}'`).join(', ')}?`
        : ": see 'tidb-pe rules list'";
    throw new UsageError(`No rule has the id '${args.id}'${suggestion}`);
  }

  io.stdout.write(
    args.json
      ? `${JSON.stringify(summarize(rule, lang, true), null, 2)}\n`
      : explainRule(rule, lang),
  );

  return EXIT.ok;
}

function listRules(rules: readonly Rule[], lang: Lang): string {
  const width = Math.max(...rules.map((rule) => rule.id.length));

  return (
    rules
      .map((rule) => `${rule.id.padEnd(width)}  ${rule.severity.padEnd(8)}  ${rule.title[lang]}`)
      .join('\n') + '\n'
  );
}

function explainRule(rule: Rule, lang: Lang): string {
  const labels =
    lang === 'ja'
      ? {
          needs: '必要な情報',
          uses: '参照する情報',
          fix: '対処',
          cli: 'AWS CLI',
          console: 'コンソール',
          docs: '資料',
          severity: '重大度',
          when: '該当時',
        }
      : {
          needs: 'Needs',
          uses: 'Uses',
          fix: 'Fix',
          cli: 'AWS CLI',
          console: 'Console',
          docs: 'Docs',
          severity: 'Severity',
          when: 'When',
        };
  const lines = [
    `${rule.id}: ${rule.title[lang]}`,
    '',
    `${labels.severity}: ${rule.severity}`,
    `${labels.needs}: ${rule.needs.join(', ') || '-'}`,
  ];
  if (rule.uses?.length) lines.push(`${labels.uses}: ${rule.uses.join(', ')}`);
  lines.push('', rule.description[lang], '', `${labels.fix}: ${rule.remediation.summary[lang]}`);
  if (rule.remediation.cli?.length) {
    lines.push('', `${labels.cli}:`, ...rule.remediation.cli.map((command) => `  $ ${command}`));
  }
  const steps = rule.remediation.console?.[lang] ?? [];
  if (steps.length > 0) {
    lines.push('', `${labels.console}:`, ...steps.map((step, index) => `  ${index + 1}. ${step}`));
  }
  for (const [id, message] of Object.entries(rule.messages)) {
    if (!message.remediation) continue;
    lines.push('', `${labels.when} '${id}': ${message.remediation.summary[lang]}`);
    lines.push(...(message.remediation.cli ?? []).map((command) => `  $ ${command}`));
  }
  lines.push('', `${labels.docs}: ${rule.docs}`);

  return `${lines.join('\n')}\n`;
}

function summarize(rule: Rule, lang: Lang, full = false) {
  const base = { id: rule.id, severity: rule.severity, title: rule.title[lang], docs: rule.docs };
  if (!full) return base;

  return {
    ...base,
    needs: rule.needs,
    uses: rule.uses ?? [],
    description: rule.description[lang],
    remediation: {
      summary: rule.remediation.summary[lang],
      cli: rule.remediation.cli ?? [],
      console: rule.remediation.console?.[lang] ?? [],
    },
  };
}
