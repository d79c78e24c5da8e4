import type { Lang, Status } from '../engine/rule.js';
import type { Report } from './report.js';

/** The status words of the human formats: the same in every language, so they can be grepped. */
export const STATUS_WORD: Record<Status, string> = {
  pass: 'PASS',
  info: 'INFO',
  warn: 'WARN',
  fail: 'FAIL',
  skip: 'SKIP',
  unknown: 'UNKNOWN',
};

const LABELS = {
  en: {
    fix: 'Fix',
    console: 'Console',
    docs: 'Docs',
    incomplete: 'Incomplete run',
    sameUnknown: "Could not decide: '{name}' is missing, for the reason given above",
    sameSkip: 'Not checked: for the reason given above',
    counts: {
      fail: 'failed',
      unknown: 'undecided',
      warn: ['warning', 'warnings'],
      info: ['note', 'notes'],
      pass: 'passed',
      skip: 'skipped',
    },
    verdict: { ok: 'OK', warning: 'WARNING', critical: 'CRITICAL', unknown: 'UNKNOWN' },
  },
  ja: {
    fix: '対処',
    console: 'コンソール',
    docs: '資料',
    incomplete: '途中で終了した実行',
    sameUnknown: "判定できません: 上に示した理由で '{name}' を取得できませんでした",
    sameSkip: 'チェックしていません: 上に示した理由によります',
    counts: {
      fail: '失敗',
      unknown: '判定不能',
      warn: '警告',
      info: '情報',
      pass: '合格',
      skip: 'スキップ',
    },
    verdict: { ok: 'OK', warning: 'WARNING', critical: 'CRITICAL', unknown: 'UNKNOWN' },
  },
} as const;

/** The labels of the human formats in one language. */
export function labelsFor(lang: Lang) {
  return LABELS[lang];
}

/** One line that sums up a run, e.g. `CRITICAL: 1 failed, 20 passed, 3 skipped (exit 2)`. */
export function summaryLine(report: Report): string {
  const labels = labelsFor(report.lang);
  const order: Status[] = ['fail', 'unknown', 'warn', 'info', 'pass', 'skip'];
  const parts = order
    .filter((status) => report.summary.counts[status] > 0)
    .map((status) => {
      const count = report.summary.counts[status];
      const label: string | readonly string[] = labels.counts[status];
      const word = typeof label === 'string' ? label : label[count === 1 ? 0 : 1];

      return `${count} ${word}`;
    });
  const verdict = labels.verdict[report.summary.status];
  const incomplete = report.complete ? '' : ` [${labels.incomplete}]`;

  return `${verdict}: ${parts.join(', ') || '0'} (exit ${report.summary.exitCode})${incomplete}`;
}

/** A short description of what was checked, for headings. */
export function describeTarget(report: Report): string {
  const { target } = report;
  const where = target.host ? `${target.host}:${target.port}` : `port ${target.port}`;
  const endpoint = target.vpcEndpointId ? `${target.vpcEndpointId} -> ` : '';
  const region = target.region ? ` (${target.region})` : '';

  return `${endpoint}${where}${region}`;
}
