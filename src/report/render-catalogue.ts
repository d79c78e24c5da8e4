import type { Rule } from '../engine/rule.js';

/** Renders docs/rules.md, the rule catalogue, from rule metadata alone. */
export function renderCatalogue(rules: readonly Rule[]): string {
  const lines = [
    '# Rule catalogue',
    '',
    '<!-- Generated from rule metadata by `npm run docs`; a test fails when this file is stale. -->',
    '',
    'Every check `tidb-pe doctor` makes, in the order the report lists them. Ids are stable: scripts and support tools may rely on them. `tidb-pe rules explain <id> [--lang ja]` prints one entry.',
    '',
    '| id | severity | healthy condition |',
    '| --- | --- | --- |',
    ...rules.map(
      (rule) => `| [\`${rule.id}\`](#${anchor(rule.id)}) | ${rule.severity} | ${rule.title.en} |`,
    ),
    '',
  ];
  for (const rule of rules) lines.push(...renderEntry(rule));

  return `${lines.join('\n').trimEnd()}\n`;
}

function renderEntry(rule: Rule): string[] {
  const lines = [
    `## ${rule.id}`,
    '',
    `**${rule.title.en}** (${rule.title.ja})`,
    '',
    `- Severity: ${rule.severity}`,
    `- Needs: ${rule.needs.map((name) => `\`${name}\``).join(', ') || 'nothing'}`,
  ];
  if (rule.uses?.length)
    lines.push(`- Uses when present: ${rule.uses.map((name) => `\`${name}\``).join(', ')}`);
  lines.push('', rule.description.en, '', '### Findings', '');
  for (const [id, message] of Object.entries(rule.messages))
    lines.push(`- \`${id}\`: ${message.en}`);
  lines.push('', '### Fix', '', rule.remediation.summary.en, '');
  if (rule.remediation.cli?.length) lines.push('```sh', ...rule.remediation.cli, '```', '');
  const steps = rule.remediation.console?.en ?? [];
  steps.forEach((step, index) => lines.push(`${index + 1}. ${step}`));
  if (steps.length > 0) lines.push('');

  const specific = Object.entries(rule.messages).filter(([, message]) => message.remediation);
  for (const [id, message] of specific) {
    lines.push(`When \`${id}\`: ${message.remediation?.summary.en ?? ''}`, '');
    if (message.remediation?.cli?.length)
      lines.push('```sh', ...message.remediation.cli, '```', '');
  }
  if (rule.limitations?.length) {
    lines.push('### Known limitations', '', ...rule.limitations.map((item) => `- ${item.en}`), '');
  }

  return lines;
}

// GitHub's heading anchors drop dots: `## endpoint.state` is `#endpointstate`.
function anchor(id: string): string {
  return id.replace(/\./g, '');
}
