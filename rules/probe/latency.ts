// AWS PrivateLink keeps traffic inside the region: from a client in the endpoint's VPC a lookup
// and a connect take a few milliseconds, so far longer times point at a detour or an overload.
import { defineRule } from '../../src/engine/rule.js';

// Inside a VPC each of these is normally well under 10 ms. The limits leave room for a client
// on premises over Direct Connect or a VPN while still catching resolver retries (a lost UDP
// reply costs a whole retry interval), cross-region paths and a server too busy to greet.
const LIMITS_MS = { dns: 100, connect: 100, greeting: 500 };

export default defineRule(import.meta.url, {
  title: { en: 'DNS, connect and greeting times are short', ja: 'DNS、接続、初期応答の時間が短い' },
  severity: 'warning',
  needs: ['tcp'],
  uses: ['dnsSystem', 'mysql'],
  description: {
    en: `Times the system resolver's lookup, the TCP connect and the wait for the MySQL greeting, and warns when one takes longer than its limit: DNS ${LIMITS_MS.dns} ms, connect ${LIMITS_MS.connect} ms, greeting ${LIMITS_MS.greeting} ms. Within a VPC each normally takes a few milliseconds.`,
    ja: `システムのリゾルバーでの名前解決、TCP 接続、MySQL の初期ハンドシェイクの待ち時間を測り、上限 (DNS ${LIMITS_MS.dns} ms、接続 ${LIMITS_MS.connect} ms、初期応答 ${LIMITS_MS.greeting} ms) を超えると警告します。VPC 内ではいずれも通常は数ミリ秒です。`,
  },
  messages: {
    fast: {
      en: 'DNS {dnsMs} ms, connect {connectMs} ms, greeting {greetingMs} ms: all within their limits',
      ja: 'DNS {dnsMs} ms、接続 {connectMs} ms、初期応答 {greetingMs} ms: いずれも上限以内です',
    },
    slow: {
      en: 'Slow: {slow} (limits: DNS {dnsLimit} ms, TCP connect {connectLimit} ms, MySQL greeting {greetingLimit} ms)',
      ja: '時間がかかっています: {slow} (上限: DNS {dnsLimit} ms、TCP 接続 {connectLimit} ms、MySQL 初期応答 {greetingLimit} ms)',
    },
    notConnected: {
      en: 'No connection was made, so there is nothing to time',
      ja: '接続できなかったため、時間は測っていません',
    },
  },
  remediation: {
    summary: {
      en: "Run the client in the endpoint's region and, for the lowest latency, in an Availability Zone where the endpoint has a network interface. A slow lookup points at the resolver (retries, a distant DNS server); a slow greeting at a busy server.",
      ja: 'クライアントはエンドポイントと同じリージョンで、できればエンドポイントのネットワークインターフェイスがあるアベイラビリティーゾーンで動かしてください。名前解決が遅い場合はリゾルバー (再送、遠くの DNS サーバー)、初期応答が遅い場合はサーバーの負荷が疑われます。',
    },
    cli: [
      'getent ahostsv4 {host}',
      "aws ec2 describe-network-interfaces --filters Name=vpc-endpoint-id,Values={endpointId} --query 'NetworkInterfaces[].[AvailabilityZone,PrivateIpAddress]' --output text",
    ],
  },
  limitations: [
    {
      en: 'The limits are fixed and cannot be changed from the command line.',
      ja: '上限は固定で、コマンドラインから変更できません。',
    },
  ],
  evaluate({ tcp, dnsSystem, mysql }) {
    if (tcp.outcome !== 'connected') return { status: 'skip', message: 'notConnected' };

    const times = {
      DNS: dnsSystem?.durationMs,
      TCP: tcp.durationMs,
      MySQL: mysql?.greeting && mysql.durationMs,
    };
    const limits = { DNS: LIMITS_MS.dns, TCP: LIMITS_MS.connect, MySQL: LIMITS_MS.greeting };
    const shown = (ms: number | undefined) => (ms === undefined ? '-' : String(Math.round(ms)));
    const data = {
      host: tcp.host,
      dnsMs: shown(times.DNS),
      connectMs: shown(times.TCP),
      greetingMs: shown(times.MySQL),
      dnsLimit: LIMITS_MS.dns,
      connectLimit: LIMITS_MS.connect,
      greetingLimit: LIMITS_MS.greeting,
    };
    const slow = (Object.keys(times) as Array<keyof typeof times>)
      .filter((step) => (times[step] ?? 0) > limits[step])
      .map((step) => `${step} ${shown(times[step])} ms`);
    if (slow.length > 0)
      return { status: 'warn', message: 'slow', data: { ...data, slow: slow.join(', ') } };

    return { status: 'pass', message: 'fast', data };
  },
});
