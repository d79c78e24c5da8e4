// The sentences tidb-pe itself writes when a fact is missing: why it was skipped, or what kept it
// away. A fact records the English sentence, so a report reads the same for every support
// engineer and replays anywhere; a report in another language finds the sentence here again and
// renders it in that language. Sentences that AWS or the system wrote stay as they came.
import type { Lang, Localized } from './rule.js';
import { fillTemplate } from './template.js';

/** Every sentence about a missing fact, by id, in each language. */
export const REASONS = {
  awsOff: {
    en: 'AWS checks were turned off (--live-only)',
    ja: 'AWS のチェックは無効にされています (--live-only)',
  },
  liveOff: {
    en: 'live probes were turned off (--no-live)',
    ja: 'ライブプローブは無効にされています (--no-live)',
  },
  noHost: {
    en: 'there is no host name to probe: pass --host with the name from the TiDB Cloud console',
    ja: 'プローブするホスト名がありません。TiDB Cloud コンソールに表示されるホスト名を --host で指定してください',
  },
  noEndpointVpc: {
    en: 'the endpoint is not known (not found, or not described), so there is no VPC to look at',
    ja: 'エンドポイントがわからない (見つからないか、情報を取得できない) ため、調べる VPC がありません',
  },
  noClusterId: {
    en: 'no --tidb-cluster-id was given',
    ja: '--tidb-cluster-id が指定されていません',
  },
  noUser: {
    en: 'no --user was given, so no login was tried',
    ja: '--user が指定されていないため、ログインは試していません',
  },
  noTcp: {
    en: 'no TCP connection to {target}',
    ja: '{target} への TCP 接続ができていません',
  },
  noGreeting: {
    en: 'no MySQL greeting from {target}',
    ja: '{target} から MySQL の初期応答がありません',
  },
  notResolved: {
    en: "'{host}' could not be resolved: nothing to connect to",
    ja: "'{host}' を名前解決できないため、接続先がありません",
  },
  resolvedEmpty: {
    en: "'{host}' did not resolve ({rcode}): nothing to connect to",
    ja: "'{host}' が解決されなかった ({rcode}) ため、接続先がありません",
  },
  cutBeforeResolved: {
    en: "the run ended before '{host}' was resolved: {why}",
    ja: "'{host}' の名前解決が終わる前に実行が終了しました: {why}",
  },
  hostIsAddress: {
    en: "'{host}' is an IP address: there is no name to resolve",
    ja: "'{host}' は IP アドレスのため、名前解決するものがありません",
  },
  lateGreeting: {
    en: 'the server greeted only after {ms} ms, when the probe had already spoken first on that connection, so TLS could not be tried on it',
    ja: 'サーバーの初期応答が {ms} ms 後と遅く、プローブが先に送信していたため、この接続では TLS を試せませんでした',
  },
  noEndpointNames: {
    en: "the endpoint's own DNS names are not known (no AWS facts)",
    ja: 'エンドポイント固有の DNS 名がわかりません (AWS の情報がありません)',
  },
  noResolver: {
    en: 'no resolver to ask directly: not on EC2 and no --resolver given',
    ja: '直接問い合わせるリゾルバーがありません。EC2 上ではなく、--resolver も指定されていません',
  },
  imdsDisabled: {
    en: 'instance metadata is turned off (AWS_EC2_METADATA_DISABLED is set)',
    ja: 'インスタンスメタデータは無効にされています (AWS_EC2_METADATA_DISABLED が設定されています)',
  },
  imdsOffForInstance: {
    en: 'instance metadata is turned off for this instance (HTTP 403)',
    ja: 'このインスタンスではインスタンスメタデータが無効になっています (HTTP 403)',
  },
  imdsTokenRefused: {
    en: "not running on EC2 (the metadata service at '{base}' answered the token request with HTTP {status})",
    ja: "EC2 上で実行されていません ('{base}' のメタデータサービスがトークン要求に HTTP {status} を返しました)",
  },
  imdsEmptyToken: {
    en: "not running on EC2 (the metadata service at '{base}' answered the token request with an empty token)",
    ja: "EC2 上で実行されていません ('{base}' のメタデータサービスがトークン要求に空のトークンを返しました)",
  },
  imdsSilent: {
    en: "not running on EC2 (instance metadata at '{base}' did not answer within {seconds} s; in a container on EC2, the metadata hop limit must be at least 2)",
    ja: "EC2 上で実行されていません ('{base}' のインスタンスメタデータが {seconds} 秒以内に応答しませんでした。EC2 上のコンテナーでは、メタデータのホップ制限を 2 以上にする必要があります)",
  },
  imdsUnreachable: {
    en: "not running on EC2 (instance metadata at '{base}' is unreachable: {why})",
    ja: "EC2 上で実行されていません ('{base}' のインスタンスメタデータに到達できません: {why})",
  },
  imdsStopped: {
    en: 'The run stopped before instance metadata answered',
    ja: 'インスタンスメタデータの応答より前に実行が止まりました',
  },
  notOnEc2: {
    en: 'not running on EC2',
    ja: 'EC2 上で実行されていません',
  },
  noClientHost: {
    en: 'no client host to judge (give --instance-id): {why}',
    ja: '判定するクライアントホストがありません (--instance-id を指定してください): {why}',
  },
  clientOtherRegion: {
    en: "this host runs in region '{region}', not in '{expected}'",
    ja: "このホストはリージョン '{expected}' ではなく '{region}' で動いています",
  },
  noRegion: {
    en: 'No AWS region is set: pass --region or set AWS_REGION',
    ja: 'AWS リージョンが設定されていません。--region を指定するか AWS_REGION を設定してください',
  },
  noCredentials: {
    en: 'No AWS credentials were found: set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, pass --profile, or run with an instance role',
    ja: 'AWS の認証情報が見つかりません。AWS_PROFILE か AWS_ACCESS_KEY_ID と AWS_SECRET_ACCESS_KEY を設定するか、--profile を指定するか、インスタンスロールで実行してください',
  },
  profileUnusable: {
    en: "Profile '{profile}' gives no usable AWS credentials: check it in ~/.aws/config, or sign in with 'aws sso login --profile {profile}'",
    ja: "プロファイル '{profile}' から使える AWS 認証情報が得られません。~/.aws/config を確認するか、'aws sso login --profile {profile}' でサインインしてください",
  },
  credentialsRejected: {
    en: "AWS rejected the credentials in use ('{code}'): check the access key and secret, or sign in again",
    ja: "AWS が使用中の認証情報を拒否しました ('{code}')。アクセスキーとシークレットを確認するか、もう一度サインインしてください",
  },
  credentialsExpired: {
    en: "The AWS credentials have expired: sign in again (e.g. 'aws sso login') and rerun",
    ja: "AWS の認証情報の有効期限が切れています。もう一度サインインして ('aws sso login' など) から再実行してください",
  },
  resourceMissingIn: {
    en: "{resource} does not exist in region '{region}' for this account: check the id and the region",
    ja: "{resource} はリージョン '{region}' のこのアカウントに存在しません。ID とリージョンを確認してください",
  },
  resourceMissing: {
    en: '{resource} does not exist for this account: check the id and the region',
    ja: '{resource} はこのアカウントに存在しません。ID とリージョンを確認してください',
  },
  resourceMalformed: {
    en: "{resource} is not well formed: use the full id, like '{example}'",
    ja: "{resource} の形式が正しくありません。'{example}' のような完全な ID を使ってください",
  },
  awsUnreachableAt: {
    en: "AWS could not be reached at '{host}': {why}: check the network path to the EC2 API (proxy, firewall, AWS_ENDPOINT_URL)",
    ja: "'{host}' の AWS に到達できません: {why}。EC2 API までのネットワーク経路 (プロキシ、ファイアウォール、AWS_ENDPOINT_URL) を確認してください",
  },
  awsUnreachable: {
    en: 'AWS could not be reached: {why}: check the network path to the EC2 API (proxy, firewall, AWS_ENDPOINT_URL)',
    ja: 'AWS に到達できません: {why}。EC2 API までのネットワーク経路 (プロキシ、ファイアウォール、AWS_ENDPOINT_URL) を確認してください',
  },
  throttledAfter: {
    en: "AWS kept throttling '{action}' after {attempts} attempts: run again later, or ask AWS for a higher EC2 API rate",
    ja: "AWS は '{action}' を {attempts} 回の試行のあいだスロットリングし続けました。時間をおいて再実行するか、EC2 API のレート上限の引き上げを AWS に依頼してください",
  },
  throttled: {
    en: "AWS kept throttling '{action}': run again later, or ask AWS for a higher EC2 API rate",
    ja: "AWS は '{action}' をスロットリングし続けました。時間をおいて再実行するか、EC2 API のレート上限の引き上げを AWS に依頼してください",
  },
  serverFailedAfter: {
    en: "AWS failed to answer '{action}' ('{code}', HTTP {status}) after {attempts} attempts: run again later",
    ja: "AWS は '{action}' に {attempts} 回の試行で応答できませんでした ('{code}', HTTP {status})。時間をおいて再実行してください",
  },
  serverFailed: {
    en: "AWS failed to answer '{action}' ('{code}', HTTP {status}): run again later",
    ja: "AWS は '{action}' に応答できませんでした ('{code}', HTTP {status})。時間をおいて再実行してください",
  },
  deadlineBefore: {
    en: "The run's deadline passed before '{what}' answered: allow more time with --timeout",
    ja: "'{what}' の応答より前に実行の期限が過ぎました。--timeout で時間を延ばしてください",
  },
  interruptedBefore: {
    en: "The run was interrupted before '{what}' answered",
    ja: "'{what}' の応答より前に実行が中断されました",
  },
  deadlineBeforeTidbCloud: {
    en: "The run's deadline passed before the TiDB Cloud API answered: allow more time with --timeout",
    ja: 'TiDB Cloud API の応答より前に実行の期限が過ぎました。--timeout で時間を延ばしてください',
  },
  interruptedBeforeTidbCloud: {
    en: 'The run was interrupted before the TiDB Cloud API answered',
    ja: 'TiDB Cloud API の応答より前に実行が中断されました',
  },
  deadlineInProbe: {
    en: 'The run reached its deadline before this probe finished',
    ja: 'このプローブが終わる前に実行の期限に達しました',
  },
  interruptedInProbe: {
    en: 'The run was interrupted before this probe finished',
    ja: 'このプローブが終わる前に実行が中断されました',
  },
  clockSkew: {
    en: "AWS refused '{action}' as expired: check that the system clock is right",
    ja: "AWS は '{action}' を期限切れとして拒否しました。システムの時計が正しいか確認してください",
  },
} as const satisfies Record<string, Localized>;

/** The id of a sentence in the catalogue. */
export type ReasonId = keyof typeof REASONS;

/** The English sentence `id`, filled in: what a fact records. */
export function reasonText(id: ReasonId, data: Record<string, string | number> = {}): string {
  return fillTemplate(REASONS[id].en, data);
}

let matchers: Array<{ pattern: RegExp; text: Localized }> | undefined;

/** A recorded sentence in `lang`, when the catalogue knows it; otherwise as it was recorded. */
export function localizeReason(recorded: string, lang: Lang): string {
  if (lang === 'en') return recorded;

  matchers ??= Object.values(REASONS).map((text) => ({ pattern: patternOf(text.en), text }));
  for (const { pattern, text } of matchers) {
    const match = pattern.exec(recorded);
    if (!match) continue;

    // A sentence can quote another one as its reason ('...: {why}'); that one is looked up too.
    const values = Object.entries(match.groups ?? {}).map(([key, value]) => [
      key,
      localizeReason(value, lang),
    ]);

    return fillTemplate(text[lang], Object.fromEntries(values));
  }

  return recorded;
}

// `'{host}' did not resolve` matches `'db.example' did not resolve`; each placeholder takes the
// shortest text, possibly none, that lets the rest of the sentence match.
function patternOf(template: string): RegExp {
  const parts = template.split(/\{([A-Za-z][A-Za-z0-9]*)\}/);
  const seen = new Set<string>();
  const source = parts
    .map((part, index) => {
      if (index % 2 === 0) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      if (seen.has(part)) return `\\k<${part}>`;

      seen.add(part);
      return `(?<${part}>.*?)`;
    })
    .join('');

  return new RegExp(`^${source}$`, 's');
}
