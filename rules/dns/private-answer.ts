// AWS PrivateLink private DNS answers the service's name with the private addresses of the
// endpoint's network interfaces; with several zones it may return only some of them.
import { isPrivateAddress } from '../../src/engine/address.js';
import { defineRule } from '../../src/engine/rule.js';

export default defineRule(import.meta.url, {
  title: {
    en: "The host name resolves to the endpoint's private addresses",
    ja: 'ホスト名がエンドポイントのプライベートアドレスに解決される',
  },
  severity: 'critical',
  needs: ['dnsSystem'],
  uses: ['networkInterfaces', 'endpoint'],
  description: {
    en: "Takes the addresses the system resolver gives for the host name and checks that there are some, that all are private, and that each belongs to one of the endpoint's network interfaces. A subset is fine: AWS may answer with only some of them. Without AWS facts the last check cannot be made and is said to be left out.",
    ja: 'システムのリゾルバーが返すホスト名のアドレスについて、応答があること、すべてプライベートアドレスであること、それぞれがエンドポイントのネットワークインターフェイスのアドレスであることを確認します。AWS は一部のアドレスだけを返すことがあるため、一部でも問題ありません。AWS の情報がない場合、最後の確認はできないためその旨を示します。',
  },
  messages: {
    endpointAddresses: {
      en: "'{host}' resolves to {addresses}, addresses of endpoint '{endpointId}'",
      ja: "'{host}' はエンドポイント '{endpointId}' のアドレス {addresses} に解決されます",
    },
    privateAddresses: {
      en: "'{host}' resolves to private addresses {addresses}; the endpoint's own addresses are not known, so they were not compared",
      ja: "'{host}' はプライベートアドレス {addresses} に解決されます。エンドポイントのアドレスが不明なため、照合はしていません",
    },
    noAnswers: {
      en: "'{host}' gives no addresses ({rcode}), so nothing points at the endpoint",
      ja: "'{host}' にアドレスがありません ({rcode})。エンドポイントを指すものがありません",
    },
    notPrivate: {
      en: "'{host}' resolves to addresses that are not private: {addresses}: private DNS is not in effect where this host resolves it",
      ja: "'{host}' がプライベートではないアドレス {addresses} に解決されます。このホストの名前解決ではプライベート DNS が効いていません",
    },
    loopback: {
      en: "'{host}' resolves to loopback {addresses}: a tunnel, a local proxy or a hosts-file entry stands in for the endpoint, and the path beyond it is not checked",
      ja: "'{host}' はループバック {addresses} に解決されます。トンネル、ローカルプロキシ、hosts ファイルのいずれかがエンドポイントの代わりになっており、その先の経路は確認していません",
      remediation: {
        summary: {
          en: "Nothing to do if the tunnel or proxy is intended; check its own path to the endpoint. Otherwise remove the hosts-file entry for '{host}'.",
          ja: "トンネルやプロキシを意図して使っているなら対応は不要です。その先のエンドポイントまでの経路を別途確認してください。意図していない場合は hosts ファイルの '{host}' の行を削除します。",
        },
        cli: ['grep -n {host} /etc/hosts'],
      },
    },
    otherAddresses: {
      en: "'{host}' resolves to {others}, which are not addresses of endpoint '{endpointId}' ({eniAddresses})",
      ja: "'{host}' は {others} に解決されますが、これはエンドポイント '{endpointId}' のアドレス ({eniAddresses}) ではありません",
    },
  },
  remediation: {
    summary: {
      en: "Make '{host}' resolve through the VPC resolver with private DNS on for endpoint '{endpointId}'. Remove hosts-file entries and private hosted zone records that pin other addresses, and flush local DNS caches.",
      ja: "エンドポイント '{endpointId}' でプライベート DNS を有効にし、'{host}' を VPC リゾルバーで解決させてください。別のアドレスを固定している hosts ファイルの行やプライベートホストゾーンのレコードを削除し、ローカルの DNS キャッシュを消去します。",
    },
    cli: [
      'getent ahostsv4 {host}',
      'grep -n {host} /etc/hosts',
      "aws ec2 describe-network-interfaces --filters Name=vpc-endpoint-id,Values={endpointId} --query 'NetworkInterfaces[].PrivateIpAddress'",
      'aws ec2 modify-vpc-endpoint --vpc-endpoint-id {endpointId} --private-dns-enabled',
    ],
  },
  limitations: [
    {
      en: "With --live-only there are no AWS facts, so private answers cannot be compared with the endpoint's addresses: the rule passes on private answers and says that the comparison was left out.",
      ja: '--live-only では AWS の情報がないため、プライベートアドレスの応答をエンドポイントのアドレスと照合できません。その場合はプライベートアドレスであれば合格とし、照合していないことを示します。',
    },
  ],
  evaluate({ dnsSystem, networkInterfaces, endpoint }) {
    const host = dnsSystem.name;
    const addresses = dnsSystem.answers
      .filter((answer) => answer.type === 'A' || answer.type === 'AAAA')
      .map((answer) => answer.data);
    const data = {
      host,
      rcode: dnsSystem.rcode,
      addresses: addresses.join(', '),
      ...(endpoint && { endpointId: endpoint.id }),
    };
    if (addresses.length === 0) return { status: 'fail', message: 'noAnswers', data };
    if (addresses.every(isLoopback)) return { status: 'info', message: 'loopback', data };

    const notPrivate = addresses.filter((address) => !isPrivateAddress(address));
    if (notPrivate.length > 0) {
      return {
        status: 'fail',
        message: 'notPrivate',
        data: { ...data, addresses: notPrivate.join(', ') },
      };
    }

    if (!networkInterfaces) return { status: 'pass', message: 'privateAddresses', data };

    const eniAddresses = networkInterfaces.flatMap((eni) => [
      ...eni.privateIpAddresses,
      ...eni.ipv6Addresses,
    ]);
    const others = addresses.filter((address) => !eniAddresses.includes(address));
    if (others.length > 0) {
      const eniList = eniAddresses.join(', ') || '-';
      return {
        status: 'fail',
        message: 'otherAddresses',
        data: { ...data, others: others.join(', '), eniAddresses: eniList },
      };
    }

    return { status: 'pass', message: 'endpointAddresses', data };
  },
});

function isLoopback(address: string): boolean {
  return address.startsWith('127.') || address === '::1';
}
