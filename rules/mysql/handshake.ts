// Guide's connection test: behind the endpoint a TiDB server greets every new connection with a
// MySQL protocol-10 handshake whose version string names TiDB (e.g. `8.0.11-TiDB-v7.5.1`).
import { hostPort } from '../../src/engine/address.js';
import { defineRule } from '../../src/engine/rule.js';

const FLAVOUR_NAMES = { mysql: 'MySQL', mariadb: 'MariaDB', unknown: '-', tidb: 'TiDB' } as const;
const PROTOCOL_NAMES = { http: 'HTTP', tls: 'TLS', ssh: 'SSH' } as const;
// ER_CON_COUNT_ERROR; ER_HOST_IS_BLOCKED and ER_HOST_NOT_PRIVILEGED, sent before any login.
const TOO_MANY_CONNECTIONS = 1040;
const HOST_REFUSED = new Set([1129, 1130]);

export default defineRule(import.meta.url, {
  title: { en: 'The server greets as TiDB', ja: 'サーバーが TiDB として応答する' },
  severity: 'critical',
  needs: ['mysql'],
  description: {
    en: 'Reads the first packet the server sends after TCP connects and parses the MySQL protocol-10 greeting: version, connection id, capabilities, TLS offered, auth plugin. A TiDB server, another MySQL-compatible server, a silent server, an error packet and a server speaking some other protocol are each reported. A server that is MySQL-compatible but not TiDB is a warning, because the host may point at the wrong database.',
    ja: 'TCP 接続後にサーバーが最初に送るパケットを読み、MySQL プロトコル 10 の初期ハンドシェイク (バージョン、接続 ID、機能フラグ、TLS 対応、認証プラグイン) を解析します。TiDB、TiDB 以外の MySQL 互換サーバー、応答しないサーバー、エラーパケット、別のプロトコルを話すサーバーをそれぞれ報告します。MySQL 互換だが TiDB ではないサーバーは、ホストが別のデータベースを指している可能性があるため警告とします。',
  },
  messages: {
    tidb: {
      en: "TiDB '{version}' greeted in {durationMs} ms",
      ja: "TiDB '{version}' が {durationMs} ms で応答しました",
    },
    notTidb: {
      en: "The server at {target} is MySQL-compatible but not TiDB: '{version}' ({flavour})",
      ja: "{target} のサーバーは MySQL 互換ですが TiDB ではありません: '{version}' ({flavour})",
    },
    errorPacket: {
      en: 'The server at {target} turned the connection away with MySQL error {code}: {text}',
      ja: '{target} のサーバーが MySQL エラー {code} で接続を断りました: {text}',
    },
    tooManyConnections: {
      en: 'The server at {target} is full: MySQL error {code}: {text}',
      ja: '{target} のサーバーは接続数の上限に達しています: MySQL エラー {code}: {text}',
      remediation: {
        summary: {
          en: 'The path to the server works; the server turns new connections away because it has as many as it allows. Close idle connections and lower the connection pool sizes of the applications, or ask for a larger cluster in the TiDB Cloud console, then run the check again.',
          ja: 'サーバーまでの経路は正常です。サーバーが許可する数の接続をすでに抱えているため、新しい接続を断っています。使われていない接続を閉じ、アプリケーションの接続プールを小さくするか、TiDB Cloud コンソールでクラスタを拡張してから、もう一度確認してください。',
        },
      },
    },
    hostRefused: {
      en: "The server at {target} refused this client's address before any login: MySQL error {code}: {text}",
      ja: '{target} のサーバーはログインの前にこのクライアントのアドレスを拒否しました: MySQL エラー {code}: {text}',
      remediation: {
        summary: {
          en: "TiDB does not turn clients away by address before the login, so this is most likely another MySQL server: check that the host name from the TiDB Cloud console's Connect dialog resolves to the endpoint. If the server is meant to be yours, allow this client on it (error 1130: a user for its address; error 1129: FLUSH HOSTS).",
          ja: 'TiDB はログインの前にアドレスでクライアントを拒否しないため、別の MySQL サーバーが応答している可能性が高いです。TiDB Cloud コンソールの接続ダイアログにあるホスト名がエンドポイントに解決されることを確認してください。自分のサーバーに接続するつもりであれば、そのサーバーでこのクライアントを許可します (エラー 1130 はこのアドレス用のユーザーを作成、エラー 1129 は FLUSH HOSTS)。',
        },
        cli: ['getent ahostsv4 {host}'],
      },
    },
    oldProtocol: {
      en: 'The server at {target} greets with MySQL protocol 9, from MySQL before 3.21, which TiDB and current clients do not speak (first bytes {bytes})',
      ja: '{target} のサーバーは MySQL 3.21 より前の MySQL プロトコル 9 で応答しています。TiDB も現在のクライアントもこのプロトコルを使いません (先頭のバイト {bytes})',
    },
    silent: {
      en: 'The server at {target} accepted the connection but sent no greeting within {durationMs} ms',
      ja: '{target} のサーバーは接続を受け付けましたが、{durationMs} ms 以内に初期ハンドシェイクを送りませんでした',
    },
    otherProtocol: {
      en: 'The server at {target} speaks {protocol}, not MySQL (first bytes {bytes})',
      ja: '{target} のサーバーは MySQL ではなく {protocol} を話しています (先頭のバイト {bytes})',
    },
    garbage: {
      en: 'The server at {target} sent bytes that are not a MySQL greeting: {bytes}',
      ja: '{target} のサーバーが MySQL の初期ハンドシェイクではないバイト列を送りました: {bytes}',
    },
    closed: {
      en: 'The server at {target} closed the connection without a greeting',
      ja: '{target} のサーバーは初期ハンドシェイクを送らずに接続を閉じました',
    },
    notRun: {
      en: 'The greeting was not read',
      ja: '初期ハンドシェイクは読み取っていません',
    },
  },
  remediation: {
    summary: {
      en: "Connect to the host and port from the TiDB Cloud console's Connect dialog for this cluster: the host name must resolve to this endpoint's addresses, and the port is the cluster's (4000 unless set otherwise). Another database, a proxy or an HTTP or TLS service on that address means the name or port points elsewhere.",
      ja: 'このクラスタの TiDB Cloud コンソールの接続ダイアログにあるホストとポートに接続してください。ホスト名はこのエンドポイントのアドレスに解決され、ポートはクラスタのもの (別に設定していなければ 4000) である必要があります。別のデータベース、プロキシ、HTTP や TLS のサービスが応答する場合、名前かポートが別の場所を指しています。',
    },
    cli: ['getent ahostsv4 {host}'],
  },
  limitations: [
    {
      en: 'If TiDB Cloud ever put a proxy with its own version string in front of TiDB, that proxy would be reported as MySQL-compatible but not TiDB: the rule warns rather than fails for this reason.',
      ja: 'TiDB Cloud が独自のバージョン文字列を持つプロキシを TiDB の前に置いた場合、そのプロキシは MySQL 互換だが TiDB ではないと報告されます。このため、このルールは失敗ではなく警告とします。',
    },
  ],
  evaluate({ mysql }, target) {
    const data = {
      host: target.host ?? '-',
      target: hostPort(target.host ?? '-', target.port),
      durationMs: mysql.durationMs,
    };
    const bytes = mysql.firstBytesHex ?? '-';

    switch (mysql.outcome) {
      case 'greeting': {
        const greeting = mysql.greeting;
        const version = greeting?.serverVersion ?? '-';
        if (greeting?.flavour === 'tidb')
          return { status: 'pass', message: 'tidb', data: { ...data, version } };

        const flavour = FLAVOUR_NAMES[greeting?.flavour ?? 'unknown'];
        return { status: 'warn', message: 'notTidb', data: { ...data, version, flavour } };
      }
      case 'error-packet': {
        const { code = 0, message: text = '' } = mysql.errorPacket ?? {};
        return { status: 'fail', message: errorPacketMessage(code), data: { ...data, code, text } };
      }
      case 'garbage':
        if (mysql.otherProtocol === 'mysql-protocol-9') {
          return { status: 'fail', message: 'oldProtocol', data: { ...data, bytes } };
        }
        if (mysql.otherProtocol) {
          const protocol = PROTOCOL_NAMES[mysql.otherProtocol];
          return { status: 'fail', message: 'otherProtocol', data: { ...data, protocol, bytes } };
        }
        return { status: 'fail', message: 'garbage', data: { ...data, bytes } };
      case 'silent':
        return { status: 'fail', message: 'silent', data };
      case 'closed':
        return { status: 'fail', message: 'closed', data };
      case 'not-run':
        return { status: 'skip', message: 'notRun' };
    }
  },
});

function errorPacketMessage(code: number) {
  if (code === TOO_MANY_CONNECTIONS) return 'tooManyConnections';

  return HOST_REFUSED.has(code) ? 'hostRefused' : 'errorPacket';
}
