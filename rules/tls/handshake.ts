// TiDB Cloud Dedicated accepts TLS 1.2 and 1.3 with a server certificate from its own CA, which
// the console offers for download; clients verify it with that CA and the cluster's host name.
import { hostPort } from '../../src/engine/address.js';
import { defineRule } from '../../src/engine/rule.js';

import type { TlsProbe } from '../../src/engine/facts.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const WARN_DAYS = 14;
const UNKNOWN_CA = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_UNTRUSTED',
]);
const CA_STEPS = {
  en: [
    "In the TiDB Cloud console, open the cluster's Connect dialog and download the CA certificate",
    'Run tidb-pe again with --ca pointing at the downloaded file',
  ],
  ja: [
    'TiDB Cloud コンソールでクラスタの接続ダイアログを開き、CA 証明書をダウンロードします',
    'ダウンロードしたファイルを --ca に指定して tidb-pe を再実行します',
  ],
};

export default defineRule(import.meta.url, {
  title: {
    en: "TLS is offered and the server's certificate verifies",
    ja: 'TLS が提供され、サーバー証明書を検証できる',
  },
  severity: 'critical',
  needs: ['tls'],
  description: {
    en: `Upgrades the MySQL connection to TLS as clients do, then checks the certificate chain against the CA given with --ca (or the system's CAs) and the host name against the certificate's names. Records the protocol, issuer, names and expiry, and warns when the certificate expires within ${WARN_DAYS} days.`,
    ja: `クライアントと同じ手順で MySQL 接続を TLS に切り替え、証明書チェーンを --ca の CA (指定がなければシステムの CA) で、ホスト名を証明書の名前で検証します。プロトコル、発行者、名前、有効期限を記録し、有効期限まで ${WARN_DAYS} 日を切ると警告します。`,
  },
  messages: {
    verified: {
      en: "TLS {protocol} verified: certificate for {names} from '{issuer}', valid until {validTo}",
      ja: "TLS {protocol} を検証しました: '{issuer}' が {names} に発行した証明書で、{validTo} まで有効です",
    },
    expiresSoon: {
      en: "The server's certificate expires in {days} days ({validTo})",
      ja: 'サーバー証明書はあと {days} 日で期限切れになります ({validTo})',
      remediation: {
        summary: {
          en: 'Ask TiDB Cloud support about the certificate renewal of this cluster; clients that pin the certificate itself must be updated after it.',
          ja: 'このクラスタの証明書の更新について TiDB Cloud サポートに確認してください。証明書そのものを固定しているクライアントは、更新後に設定を変える必要があります。',
        },
      },
    },
    expired: {
      en: "The server's certificate expired on {validTo}",
      ja: 'サーバー証明書は {validTo} に期限切れになっています',
      remediation: {
        summary: {
          en: "Check this host's clock first (a wrong clock makes valid certificates look expired), then contact TiDB Cloud support.",
          ja: 'まずこのホストの時刻を確認し (時刻がずれていると有効な証明書も期限切れに見えます)、そのうえで TiDB Cloud サポートに連絡してください。',
        },
        cli: ['timedatectl status'],
      },
    },
    unknownCa: {
      en: "The certificate from '{issuer}' is not signed by a trusted CA ({code}): give the cluster's CA with --ca",
      ja: "'{issuer}' の証明書は信頼済みの CA で署名されていません ({code})。クラスタの CA を --ca で指定してください",
      remediation: {
        summary: {
          en: "Download the cluster's CA certificate from the TiDB Cloud console and pass it with --ca (and to the application's MySQL driver).",
          ja: 'TiDB Cloud コンソールからクラスタの CA 証明書をダウンロードし、--ca に (アプリケーションの MySQL ドライバーにも) 指定してください。',
        },
        console: CA_STEPS,
      },
    },
    otherCa: {
      en: "The certificate from '{issuer}' is not signed by the CA in '{caFile}' ({code}): that file is not this cluster's CA",
      ja: "'{issuer}' の証明書は '{caFile}' の CA で署名されていません ({code})。このファイルはこのクラスタの CA ではありません",
      remediation: {
        summary: {
          en: "Download the CA certificate again from this cluster's Connect dialog in the TiDB Cloud console and pass that file with --ca: a CA saved for another cluster or another kind of TiDB Cloud cluster does not verify this one.",
          ja: 'TiDB Cloud コンソールでこのクラスタの接続ダイアログから CA 証明書をダウンロードし直し、そのファイルを --ca に指定してください。別のクラスタや別の種類の TiDB Cloud クラスタ用に保存した CA では、このクラスタの証明書を検証できません。',
        },
        console: CA_STEPS,
      },
    },
    hostMismatch: {
      en: "The certificate's names ({names}) do not include '{host}'",
      ja: "証明書の名前 ({names}) に '{host}' が含まれていません",
      remediation: {
        summary: {
          en: "Connect with the host name from the TiDB Cloud console's Connect dialog; the endpoint's own vpce-... names and IP addresses are not in the certificate.",
          ja: 'TiDB Cloud コンソールの接続ダイアログにあるホスト名で接続してください。エンドポイント固有の vpce-... の名前や IP アドレスは証明書に含まれていません。',
        },
      },
    },
    verifyFailed: {
      en: "The server's certificate did not verify: {code}: {text}",
      ja: 'サーバー証明書を検証できませんでした: {code}: {text}',
    },
    handshakeFailed: {
      en: 'The TLS handshake with {target} failed: {code}: {text}',
      ja: '{target} との TLS ハンドシェイクに失敗しました: {code}: {text}',
    },
    notOfferedRequired: {
      en: 'The server at {target} does not offer TLS, and --tls required asks for it',
      ja: '{target} のサーバーは TLS に対応していませんが、--tls required が指定されています',
    },
    notOffered: {
      en: 'The server at {target} does not offer TLS: passwords and data would cross the network in clear text',
      ja: '{target} のサーバーは TLS に対応していません。パスワードとデータが平文でネットワークを流れます',
    },
    disabled: { en: 'TLS is turned off (--tls off)', ja: 'TLS は無効にされています (--tls off)' },
    notRun: { en: 'TLS was not tried', ja: 'TLS は試していません' },
  },
  remediation: {
    summary: {
      en: "Check that the host and port are the cluster's from the TiDB Cloud console; TiDB Cloud Dedicated always offers TLS 1.2 or 1.3 with its own CA.",
      ja: 'ホストとポートが TiDB Cloud コンソールに表示されるクラスタのものであることを確認してください。TiDB Cloud Dedicated は常に独自の CA で TLS 1.2 または 1.3 を提供します。',
    },
    cli: [
      'openssl s_client -connect {target} -starttls mysql -servername {host} -showcerts </dev/null',
    ],
  },
  limitations: [
    {
      en: "A server that stays silent for most of the greeting wait (4 of 5 seconds) is sent a TLS hello, to tell TLS and HTTP services apart. If it greets only after that, it has taken the hello for the client's reply, so TLS is not tried on that connection: the rule is skipped with that reason.",
      ja: '初期ハンドシェイクの待ち時間の大半 (5 秒のうち 4 秒) 何も送らないサーバーには、TLS や HTTP のサービスと区別するために TLS の hello を送ります。その後に初期ハンドシェイクを送ったサーバーは hello をクライアントの応答として受け取っているため、その接続では TLS を試さず、理由を示してこのルールをスキップします。',
    },
    {
      en: "Without --ca the certificate is verified against Node's bundled roots and the system CA bundle; the CA of TiDB Cloud Dedicated is usually in neither, so the result is an unknown CA until --ca is given.",
      ja: '--ca を指定しない場合、証明書は Node 同梱のルート証明書とシステムの CA バンドルで検証します。TiDB Cloud Dedicated の CA は通常どちらにも含まれないため、--ca を指定するまで不明な CA と報告されます。',
    },
  ],
  evaluate({ tls }, target) {
    const data = {
      host: target.host ?? '-',
      target: hostPort(target.host ?? '-', target.port),
      protocol: tls.protocol ?? '-',
      issuer: tls.issuer ?? '-',
      names: tls.subjectNames?.join(', ') || '-',
      validTo: tls.validTo ?? '-',
      code: tls.errorCode ?? '-',
      text: tls.errorMessage ?? '-',
      caFile: tls.caFile ?? '-',
    };

    switch (tls.outcome) {
      case 'disabled':
        return { status: 'skip', message: 'disabled' };
      case 'not-run':
        return { status: 'skip', message: 'notRun' };
      case 'not-offered':
        if (target.tls === 'required')
          return { status: 'fail', message: 'notOfferedRequired', data };
        return { status: 'warn', message: 'notOffered', data };
      case 'failed':
        return { status: 'fail', message: failureMessage(tls), data };
      case 'verified': {
        const days = daysLeft(tls);
        if (days !== undefined && days < WARN_DAYS)
          return { status: 'warn', message: 'expiresSoon', data: { ...data, days } };
        return { status: 'pass', message: 'verified', data };
      }
    }
  },
});

function failureMessage(tls: TlsProbe) {
  const code = tls.errorCode ?? '';
  if (code === 'CERT_HAS_EXPIRED') return 'expired';
  if (UNKNOWN_CA.has(code)) return tls.caFile ? 'otherCa' : 'unknownCa';
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') return 'hostMismatch';
  // Without a certificate the handshake itself failed; with one, the certificate did not verify.
  if (tls.issuer === undefined) return 'handshakeFailed';

  return 'verifyFailed';
}

// Judged as of the probe, so that replaying a saved report gives the same result.
function daysLeft(tls: TlsProbe): number | undefined {
  const validTo = Date.parse(tls.validTo ?? '');
  if (Number.isNaN(validTo)) return undefined;

  const checkedAt = Date.parse(tls.checkedAt ?? '');

  return Math.floor((validTo - (Number.isNaN(checkedAt) ? Date.now() : checkedAt)) / DAY_MS);
}
