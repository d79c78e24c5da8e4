// Guide's connection test: log in with the cluster's user and run a statement. A refusal from
// the server (access denied) is a credentials matter; the path itself is then known to work.
import { defineRule } from '../../src/engine/rule.js';

const OUTCOMES = {
  'access-denied': 'denied',
  network: 'network',
  tls: 'tls',
  error: 'error',
} as const;

export default defineRule(import.meta.url, {
  title: { en: 'The login succeeds and SELECT 1 runs', ja: 'ログインでき、SELECT 1 を実行できる' },
  severity: 'critical',
  needs: ['auth'],
  description: {
    en: 'With --user (the password comes from TIDB_PASSWORD only), logs in through the same MySQL driver an application would use and runs SELECT 1. Access denied is told apart from network and TLS faults. The password never appears in the output.',
    ja: '--user を指定した場合 (パスワードは TIDB_PASSWORD からのみ読みます)、アプリケーションと同じ MySQL ドライバーでログインし SELECT 1 を実行します。アクセス拒否をネットワークや TLS の障害と区別します。パスワードが出力に現れることはありません。',
  },
  messages: {
    ok: {
      en: "'{user}' logged in and ran SELECT 1 in {durationMs} ms",
      ja: "'{user}' でログインし、{durationMs} ms で SELECT 1 を実行しました",
    },
    denied: {
      en: "The server refused '{user}': access denied ({code}): the password, or the hosts the user may connect from, do not match",
      ja: "サーバーが '{user}' を拒否しました: アクセス拒否 ({code})。パスワード、またはユーザーが接続を許可されたホストが一致しません",
    },
    deniedNoPassword: {
      en: "The server refused '{user}': access denied ({code}), and no password was sent because TIDB_PASSWORD is not set or is empty",
      ja: "サーバーが '{user}' を拒否しました: アクセス拒否 ({code})。TIDB_PASSWORD が未設定または空のため、パスワードを送っていません",
      remediation: {
        summary: {
          en: "Put the password of '{user}' in TIDB_PASSWORD (read it without echo, as below) and run the check again.",
          ja: "'{user}' のパスワードを TIDB_PASSWORD に設定し (下のように画面に表示せずに読み込みます)、もう一度確認してください。",
        },
        cli: ['read -rs TIDB_PASSWORD && export TIDB_PASSWORD'],
      },
    },
    deniedWithoutTls: {
      en: "The server refused '{user}' on a login without TLS (--tls off): access denied ({code}): the password or the hosts the user may connect from do not match, or the user may log in over TLS only",
      ja: "TLS なしのログイン (--tls off) で、サーバーが '{user}' を拒否しました: アクセス拒否 ({code})。パスワードかユーザーが接続を許可されたホストが一致しないか、ユーザーが TLS でのログインしか許可されていません",
      remediation: {
        summary: {
          en: "Run the check again without --tls off: when the login then succeeds, '{user}' requires TLS, and the application must connect with TLS too. Otherwise check the password and the user's host pattern.",
          ja: "--tls off を付けずにもう一度確認してください。それでログインできれば '{user}' には TLS が必要なので、アプリケーションも TLS で接続する必要があります。そうでなければパスワードとユーザーのホスト指定を確認します。",
        },
      },
    },
    network: {
      en: "The login as '{user}' failed on the network ({code}): {text}",
      ja: "'{user}' でのログインがネットワークの問題で失敗しました ({code}): {text}",
      remediation: {
        summary: {
          en: 'Fix the connection first: see the results of tcp.connect and mysql.handshake.',
          ja: 'まず接続を直してください。tcp.connect と mysql.handshake の結果を参照してください。',
        },
      },
    },
    tls: {
      en: "The login as '{user}' failed in TLS ({code}): {text}",
      ja: "'{user}' でのログインが TLS の問題で失敗しました ({code}): {text}",
      remediation: {
        summary: {
          en: "Fix TLS first: see the result of tls.handshake, and pass the cluster's CA with --ca.",
          ja: 'まず TLS を直してください。tls.handshake の結果を参照し、クラスタの CA を --ca で指定します。',
        },
      },
    },
    error: {
      en: "The login as '{user}' failed: {code}: {text}",
      ja: "'{user}' でのログインに失敗しました: {code}: {text}",
    },
    noUser: {
      en: 'No --user given: login not tried',
      ja: '--user が指定されていないため、ログインは試していません',
    },
  },
  remediation: {
    summary: {
      en: "Check the user name and password in TIDB_PASSWORD; reset the password in the TiDB Cloud console if it is lost, and make sure the user's host pattern allows this client (e.g. '%').",
      ja: "ユーザー名と TIDB_PASSWORD のパスワードを確認してください。パスワードが分からない場合は TiDB Cloud コンソールで再設定し、ユーザーのホスト指定がこのクライアントを許可していること (例: '%') を確認します。",
    },
    cli: [
      'read -rs TIDB_PASSWORD && export TIDB_PASSWORD',
      'mysql --host {host} --port {port} --user {user} --password --ssl-mode=VERIFY_IDENTITY --ssl-ca <ca.pem> -e "SELECT user, host FROM mysql.user WHERE user = \'{user}\'"',
    ],
    console: {
      en: [
        'In the TiDB Cloud console, open the cluster, then its Connect dialog, and reset the root password there if the password is not known',
      ],
      ja: [
        'TiDB Cloud コンソールでクラスタを開いて接続ダイアログを表示し、パスワードが分からない場合はそこで root のパスワードを設定し直します',
      ],
    },
  },
  evaluate({ auth }, target) {
    if (!target.user) return { status: 'skip', message: 'noUser' };

    const data = {
      user: target.user,
      host: target.host ?? '-',
      port: target.port,
      durationMs: auth.durationMs,
      code: auth.errorCode ?? '-',
      text: auth.errorMessage ?? '-',
    };
    if (auth.outcome === 'ok') return { status: 'pass', message: 'ok', data };
    if (auth.outcome === 'access-denied' && auth.withoutPassword) {
      return { status: 'fail', message: 'deniedNoPassword', data };
    }
    if (auth.outcome === 'access-denied' && target.tls === 'off') {
      return { status: 'fail', message: 'deniedWithoutTls', data };
    }

    return { status: 'fail', message: OUTCOMES[auth.outcome], data };
  },
});
