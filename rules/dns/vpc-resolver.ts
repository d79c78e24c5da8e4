// Amazon DNS (the VPC resolver at the VPC's base address plus two) is the only resolver that
// sees an endpoint's private DNS zone; hosts that the DHCP options point at another DNS server
// get the endpoint's addresses only when that server forwards the name to the VPC resolver.
import { vpcResolverAddress } from '../../src/engine/address.js';
import { defineRule } from '../../src/engine/rule.js';

const AMAZON_DNS = 'amazonprovideddns';
const LINK_LOCAL_RESOLVER = '169.254.169.253';
// Amazon DNS over IPv6, on instances built on the Nitro System.
const IPV6_RESOLVER = 'fd00:ec2::253';

export default defineRule(import.meta.url, {
  title: {
    en: "The VPC's DHCP options send DNS queries to Amazon DNS",
    ja: 'VPC の DHCP オプションが DNS クエリを Amazon DNS に送る',
  },
  severity: 'warning',
  needs: ['dhcpOptions'],
  uses: ['vpc', 'endpoint'],
  description: {
    en: "Reads the domain-name-servers of the DHCP options set associated with the endpoint's VPC. AmazonProvidedDNS answers the cluster's name with the endpoint's private addresses; any other DNS server must forward the cluster's domain to the VPC resolver for that to happen.",
    ja: 'エンドポイントの VPC に関連付けられた DHCP オプションセットの domain-name-servers を確認します。AmazonProvidedDNS ならクラスタ名はエンドポイントのプライベートアドレスに解決されます。それ以外の DNS サーバーでは、クラスタのドメインを VPC リゾルバーへ転送していなければそうなりません。',
  },
  messages: {
    amazonDns: {
      en: "DHCP options '{dhcpOptionsId}' use AmazonProvidedDNS",
      ja: "DHCP オプション '{dhcpOptionsId}' は AmazonProvidedDNS を使っています",
    },
    mixed: {
      en: "DHCP options '{dhcpOptionsId}' list AmazonProvidedDNS together with '{servers}': hosts may ask any of them, so each must answer '{domain}' with the endpoint's addresses",
      ja: "DHCP オプション '{dhcpOptionsId}' は AmazonProvidedDNS と '{servers}' を併記しています。ホストはどれに問い合わせるか分からないため、どのサーバーも '{domain}' をエンドポイントのアドレスで答える必要があります",
    },
    customDns: {
      en: "DHCP options '{dhcpOptionsId}' send DNS queries to '{servers}', not to Amazon DNS: those servers must forward '{domain}' to the VPC resolver '{resolverIp}'",
      ja: "DHCP オプション '{dhcpOptionsId}' は DNS クエリを Amazon DNS ではなく '{servers}' に送ります。これらのサーバーは '{domain}' を VPC リゾルバー '{resolverIp}' に転送する必要があります",
    },
    noOptions: {
      en: "VPC '{vpcId}' has no DHCP options set: instances built on Nitro use Amazon DNS at '169.254.169.253', but Xen instances get no DNS server at all and must be set by hand to use the VPC resolver '{resolverIp}'",
      ja: "VPC '{vpcId}' には DHCP オプションセットがありません。Nitro ベースのインスタンスは '169.254.169.253' の Amazon DNS を使いますが、Xen ベースのインスタンスは DNS サーバーを受け取れないため、VPC リゾルバー '{resolverIp}' を使うよう手動で設定する必要があります",
    },
    noServers: {
      en: "DHCP options '{dhcpOptionsId}' list no DNS servers: hosts may get none through DHCP and must then be set by hand to use the VPC resolver '{resolverIp}'",
      ja: "DHCP オプション '{dhcpOptionsId}' には DNS サーバーが指定されていません。ホストは DHCP で DNS サーバーを受け取れないことがあり、その場合は VPC リゾルバー '{resolverIp}' を使うよう手動で設定する必要があります",
    },
  },
  remediation: {
    summary: {
      en: "Either associate a DHCP options set with AmazonProvidedDNS with VPC '{vpcId}', or make every DNS server the hosts use forward '{domain}' to the VPC resolver '{resolverIp}'. A forwarding DNS server must itself run in VPC '{vpcId}', where the endpoint's private DNS zone is visible.",
      ja: "VPC '{vpcId}' に AmazonProvidedDNS を使う DHCP オプションセットを関連付けるか、ホストが使うすべての DNS サーバーで '{domain}' を VPC リゾルバー '{resolverIp}' に転送してください。転送する DNS サーバーは、エンドポイントのプライベート DNS ゾーンが見える VPC '{vpcId}' の中で動いている必要があります。",
    },
    cli: [
      'aws ec2 create-dhcp-options --dhcp-configurations "Key=domain-name-servers,Values=AmazonProvidedDNS"',
      'aws ec2 associate-dhcp-options --dhcp-options-id {newDhcpOptionsId} --vpc-id {vpcId}',
    ],
    console: {
      en: [
        'To use Amazon DNS: in the VPC console, create a DHCP options set with domain name servers AmazonProvidedDNS',
        "Select VPC '{vpcId}', choose Actions > Edit VPC settings, and pick the new DHCP options set",
        "To keep your DNS servers: add a conditional forwarder for '{domain}' to '{resolverIp}' on each of them (BIND: a zone of type forward; Unbound: a forward-zone; Windows DNS: a conditional forwarder)",
      ],
      ja: [
        'Amazon DNS を使う場合: VPC コンソールで、ドメインネームサーバーを AmazonProvidedDNS とした DHCP オプションセットを作成します',
        "VPC '{vpcId}' を選び、「アクション」>「VPC の設定を編集」で新しい DHCP オプションセットを選びます",
        "自前の DNS サーバーを使い続ける場合: 各サーバーで '{domain}' を '{resolverIp}' へ転送する条件付きフォワーダーを設定します (BIND は type forward のゾーン、Unbound は forward-zone、Windows DNS は条件付きフォワーダー)",
      ],
    },
  },
  evaluate({ dhcpOptions, vpc, endpoint }, target) {
    const primaryCidr = vpc?.cidrBlocks[0];
    const resolverIp = (primaryCidr && vpcResolverAddress(primaryCidr)) ?? LINK_LOCAL_RESOLVER;
    const data = {
      resolverIp,
      domain: forwardedDomain(target.host),
      vpcId: vpc?.id ?? endpoint?.vpcId ?? '',
    };
    if (!dhcpOptions) return { status: 'warn', message: 'noOptions', data };

    const servers = dhcpOptions.domainNameServers;
    const amazon = [AMAZON_DNS, resolverIp, LINK_LOCAL_RESOLVER, IPV6_RESOLVER];
    const others = servers.filter((server) => !amazon.includes(server.toLowerCase()));
    const found = { ...data, dhcpOptionsId: dhcpOptions.id, servers: others.join("', '") };
    if (servers.length === 0) return { status: 'warn', message: 'noServers', data: found };
    if (others.length === 0) return { status: 'pass', message: 'amazonDns', data: found };
    if (others.length < servers.length) return { status: 'info', message: 'mixed', data: found };

    return { status: 'warn', message: 'customDns', data: found };
  },
});

// Forwarding the cluster's parent domain covers every TiDB Cloud cluster at once.
function forwardedDomain(host: string | undefined): string {
  if (!host) return 'tidb-cloud.com';

  return /(^|\.)tidb-cloud\.com\.?$/i.test(host) ? 'tidb-cloud.com' : host;
}
