// Route 53 Resolver answers private DNS names only to those who ask it; a hosts-file entry, a
// stale cache or another DNS server in front of it can give the application other answers.
import { defineRule } from '../../src/engine/rule.js';

import type { DnsLookup } from '../../src/engine/facts.js';

// Replies that say nothing about the name: no reply at all, or a resolver that will not answer
// this client (REFUSED), as one that does not recurse for it does.
const NO_ANSWER = new Set(['TIMEOUT', 'UNREACHABLE', 'REFUSED']);

export default defineRule(import.meta.url, {
  title: {
    en: 'The system resolver and the VPC resolver give the same answers',
    ja: 'システムのリゾルバーと VPC リゾルバーの応答が一致する',
  },
  severity: 'warning',
  needs: ['dnsSystem', 'dnsVpc'],
  uses: ['dnsOtherResolvers', 'networkInterfaces'],
  description: {
    en: "Compares the IPv4 answers of the system resolver (what the application gets) with those of the VPC resolver asked directly, and of any further resolver given. Answers that differ only by which of the endpoint's addresses AWS returned count as the same.",
    ja: 'システムのリゾルバー (アプリケーションが受け取る応答) の IPv4 アドレスを、VPC リゾルバーおよび指定された他のリゾルバーに直接問い合わせた応答と比べます。AWS が返すエンドポイントのアドレスの組み合わせが違うだけなら、一致とみなします。',
  },
  messages: {
    same: {
      en: "The system resolver and the VPC resolver '{resolver}' agree on '{host}': {system}",
      ja: "'{host}' について、システムのリゾルバーと VPC リゾルバー '{resolver}' の応答は一致しています: {system}",
    },
    sameFailure: {
      en: "The system resolver and the VPC resolver '{resolver}' agree that '{host}' has no address ({vpcRcode})",
      ja: "システムのリゾルバーと VPC リゾルバー '{resolver}' はどちらも '{host}' にアドレスがないと応答しています ({vpcRcode})",
    },
    differ: {
      en: "For '{host}' the system resolver answers {system} but the VPC resolver '{resolver}' answers {vpc}: a hosts-file entry, a stale cache or another DNS server answers for this host",
      ja: "'{host}' について、システムのリゾルバーは {system}、VPC リゾルバー '{resolver}' は {vpc} と応答します。hosts ファイル、古いキャッシュ、別の DNS サーバーのいずれかが応答しています",
    },
    onlySystem: {
      en: "Only the system resolver resolves '{host}' ({system}); the VPC resolver '{resolver}' says {vpcRcode}: a hosts-file entry or another DNS server answers for it",
      ja: "'{host}' を解決できるのはシステムのリゾルバーだけです ({system})。VPC リゾルバー '{resolver}' の応答は {vpcRcode} です。hosts ファイルか別の DNS サーバーが応答しています",
    },
    onlyVpc: {
      en: "The VPC resolver '{resolver}' resolves '{host}' to {vpc}, but the system resolver says {systemRcode}: this host does not ask the VPC resolver",
      ja: "VPC リゾルバー '{resolver}' は '{host}' を {vpc} に解決しますが、システムのリゾルバーの応答は {systemRcode} です。このホストは VPC リゾルバーに問い合わせていません",
    },
    otherDiffers: {
      en: "Resolver '{other}' answers {otherAnswers} for '{host}', unlike the VPC resolver '{resolver}' ({vpc})",
      ja: "リゾルバー '{other}' は '{host}' に {otherAnswers} と応答し、VPC リゾルバー '{resolver}' の応答 ({vpc}) と異なります",
    },
    vpcSilent: {
      en: "The VPC resolver '{resolver}' gave no answer ({vpcRcode}), so the answers cannot be compared",
      ja: "VPC リゾルバー '{resolver}' から応答がなかったため ({vpcRcode})、比較できません",
    },
  },
  remediation: {
    summary: {
      en: "Let '{host}' be answered by the VPC resolver alone: remove the name from /etc/hosts, flush local caches (nscd, systemd-resolved, dnsmasq), and make any DNS server of your own forward the name to the VPC resolver instead of answering it.",
      ja: "'{host}' には VPC リゾルバーだけが応答するようにしてください。/etc/hosts からこの名前を削除し、ローカルのキャッシュ (nscd、systemd-resolved、dnsmasq) を消去し、自前の DNS サーバーは自分で応答せず VPC リゾルバーへ転送するようにします。",
    },
    cli: [
      'grep -n {host} /etc/hosts',
      'getent ahostsv4 {host}',
      'dig +short {host} @{resolverAddress}',
      'resolvectl flush-caches',
    ],
  },
  limitations: [
    {
      en: 'Only IPv4 (A) answers are compared: the VPC resolver is asked for A records only.',
      ja: '比較するのは IPv4 (A レコード) の応答だけです。VPC リゾルバーには A レコードだけを問い合わせます。',
    },
  ],
  evaluate({ dnsSystem, dnsVpc, dnsOtherResolvers, networkInterfaces }) {
    const eni = new Set(networkInterfaces?.flatMap((item) => item.privateIpAddresses) ?? []);
    const [system, vpc] = [ipv4Of(dnsSystem), ipv4Of(dnsVpc)];
    const data = {
      host: dnsSystem.name,
      resolver: dnsVpc.resolver,
      resolverAddress: digServer(dnsVpc.resolver),
      system: system.join(', ') || '-',
      vpc: vpc.join(', ') || '-',
      systemRcode: dnsSystem.rcode,
      vpcRcode: dnsVpc.rcode,
    };
    if (NO_ANSWER.has(dnsVpc.rcode)) {
      return { status: 'unknown', message: 'vpcSilent', data };
    }

    if (system.length === 0 && vpc.length === 0)
      return { status: 'pass', message: 'sameFailure', data };
    if (vpc.length === 0) return { status: 'warn', message: 'onlySystem', data };
    if (system.length === 0) return { status: 'warn', message: 'onlyVpc', data };
    if (!agree(system, vpc, eni)) return { status: 'warn', message: 'differ', data };

    const other = (dnsOtherResolvers ?? []).find((lookup) => !agree(ipv4Of(lookup), vpc, eni));
    if (other) {
      const otherAnswers = ipv4Of(other).join(', ') || other.rcode;
      return {
        status: 'warn',
        message: 'otherDiffers',
        data: { ...data, other: other.resolver, otherAnswers },
      };
    }

    return { status: 'pass', message: 'same', data };
  },
});

// `ip:port` or `[ip]:port` as dig takes it: the address after `@`, and the port apart.
function digServer(resolver: string): string {
  const port = /:(\d+)$/.exec(resolver)?.[1] ?? '53';
  const address = resolver.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');

  return port === '53' ? address : `${address} -p ${port}`;
}

function ipv4Of(lookup: DnsLookup): string[] {
  return lookup.answers
    .filter((answer) => answer.type === 'A')
    .map((answer) => answer.data)
    .sort();
}

// AWS may answer with a different subset of the endpoint's addresses each time.
function agree(a: string[], b: string[], eni: Set<string>): boolean {
  if (a.join() === b.join()) return true;

  return eni.size > 0 && [...a, ...b].every((address) => eni.has(address));
}
