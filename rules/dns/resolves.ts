// AWS PrivateLink private DNS: inside the endpoint's VPC the cluster's host name resolves to the
// endpoint's addresses, through the VPC resolver; the application resolves it with the system's.
import { answerAddresses } from '../../src/engine/dns-names.js';
import { defineRule } from '../../src/engine/rule.js';

import type { DnsLookup } from '../../src/engine/facts.js';

const SHOW = [
  'getent ahostsv4 {host}',
  'cat /etc/resolv.conf',
  "aws ec2 describe-vpc-endpoints --vpc-endpoint-ids {endpointId} --query 'VpcEndpoints[0].[State,PrivateDnsEnabled]' --output text",
  'aws ec2 describe-vpc-attribute --vpc-id {vpcId} --attribute enableDnsSupport',
  'aws ec2 describe-vpc-attribute --vpc-id {vpcId} --attribute enableDnsHostnames',
];

export default defineRule(import.meta.url, {
  title: { en: 'The host name resolves', ja: 'ホスト名を名前解決できる' },
  severity: 'critical',
  needs: ['dnsSystem'],
  uses: ['dnsVpc', 'endpoint'],
  description: {
    en: 'Looks up the host name with the system resolver, as the application does (hosts file, local caches and the configured DNS servers all take part), and compares with the VPC resolver asked directly. NXDOMAIN, an empty answer, a failure and a timeout are each told apart.',
    ja: 'アプリケーションと同じくシステムのリゾルバー (hosts ファイル、ローカルキャッシュ、設定済みの DNS サーバー) でホスト名を引き、VPC リゾルバーに直接問い合わせた結果とも比べます。NXDOMAIN、空の応答、失敗、タイムアウトをそれぞれ区別します。',
  },
  messages: {
    resolves: {
      en: "'{host}' resolves to {addresses}",
      ja: "'{host}' は {addresses} に解決されます",
    },
    nxdomain: {
      en: "'{host}' does not exist for the system resolver (NXDOMAIN)",
      ja: "システムのリゾルバーでは '{host}' が存在しません (NXDOMAIN)",
    },
    noAddress: {
      en: "'{host}' has no address records for the system resolver ({rcode})",
      ja: "システムのリゾルバーでは '{host}' にアドレスのレコードがありません ({rcode})",
    },
    failed: {
      en: "The system resolver failed to resolve '{host}': {rcode} ({errorCode})",
      ja: "システムのリゾルバーで '{host}' を解決できませんでした: {rcode} ({errorCode})",
    },
    timeout: {
      en: "The system resolver gave no answer for '{host}' within {durationMs} ms",
      ja: "システムのリゾルバーから '{host}' の応答が {durationMs} ms 以内にありませんでした",
    },
    vpcAnswers: {
      en: "The system resolver cannot resolve '{host}' ({rcode}), yet the VPC resolver '{resolver}' answers {addresses}: this host does not ask the VPC resolver",
      ja: "システムのリゾルバーでは '{host}' を解決できません ({rcode}) が、VPC リゾルバー '{resolver}' は {addresses} と応答します。このホストは VPC リゾルバーに問い合わせていません",
      remediation: {
        summary: {
          en: "Make the host ask the VPC resolver for '{host}': list it (the VPC CIDR base plus two, or 169.254.169.253) in /etc/resolv.conf or the DHCP options set, or have your own DNS server forward the name to it.",
          ja: "このホストが '{host}' を VPC リゾルバーに問い合わせるようにしてください。/etc/resolv.conf または DHCP オプションセットに VPC リゾルバー (VPC CIDR の先頭 + 2、または 169.254.169.253) を設定するか、自前の DNS サーバーからこの名前を VPC リゾルバーへ転送します。",
        },
        cli: [
          'cat /etc/resolv.conf',
          'getent ahostsv4 {host}',
          "aws ec2 describe-dhcp-options --dhcp-options-ids $(aws ec2 describe-vpcs --vpc-ids {vpcId} --query 'Vpcs[0].DhcpOptionsId' --output text)",
        ],
      },
    },
  },
  remediation: {
    summary: {
      en: "The name resolves to the endpoint only when private DNS is on for endpoint '{endpointId}', both DNS attributes of VPC '{vpcId}' are true, and the host asks the VPC resolver. Check each; a private hosted zone or Resolver rule for a parent domain can also hide the name.",
      ja: "エンドポイント '{endpointId}' でプライベート DNS が有効で、VPC '{vpcId}' の DNS 属性が両方とも true で、ホストが VPC リゾルバーに問い合わせている場合にだけ、この名前はエンドポイントに解決されます。それぞれを確認してください。親ドメインのプライベートホストゾーンや Resolver ルールが名前を隠していることもあります。",
    },
    cli: SHOW,
    console: {
      en: [
        "Open the VPC console, choose Endpoints, select '{endpointId}' and check that Private DNS names enabled is Yes",
        "Choose Your VPCs, select '{vpcId}', and check that DNS resolution and DNS hostnames are both Enabled",
      ],
      ja: [
        "VPC コンソールの「エンドポイント」で '{endpointId}' を選び、「プライベート DNS 名を有効化」が「はい」であることを確認します",
        "「お使いの VPC」で '{vpcId}' を選び、「DNS 解決」と「DNS ホスト名」が両方とも有効であることを確認します",
      ],
    },
  },
  limitations: [
    {
      en: 'The system resolver reports NXDOMAIN and an empty answer in fewer ways than DNS does, so a name without address records may show as NXDOMAIN.',
      ja: 'システムのリゾルバーは NXDOMAIN と空の応答を DNS ほど細かく区別しないため、アドレスのレコードがない名前が NXDOMAIN と表示されることがあります。',
    },
  ],
  evaluate({ dnsSystem, dnsVpc, endpoint }) {
    const host = dnsSystem.name;
    const data = {
      host,
      rcode: dnsSystem.rcode,
      ...(endpoint && { endpointId: endpoint.id, vpcId: endpoint.vpcId }),
    };
    if (answerAddresses(dnsSystem).length > 0) {
      return {
        status: 'pass',
        message: 'resolves',
        data: { ...data, addresses: addressesOf(dnsSystem) },
      };
    }

    if (dnsVpc && answerAddresses(dnsVpc).length > 0) {
      const vpcData = { ...data, resolver: dnsVpc.resolver, addresses: addressesOf(dnsVpc) };
      return { status: 'fail', message: 'vpcAnswers', data: vpcData };
    }

    if (dnsSystem.rcode === 'NXDOMAIN') return { status: 'fail', message: 'nxdomain', data };
    if (dnsSystem.rcode === 'NOERROR') return { status: 'fail', message: 'noAddress', data };
    if (dnsSystem.rcode === 'TIMEOUT') {
      return {
        status: 'fail',
        message: 'timeout',
        data: { ...data, durationMs: dnsSystem.durationMs },
      };
    }

    const errorCode = dnsSystem.errorCode ?? dnsSystem.rcode;

    return { status: 'fail', message: 'failed', data: { ...data, errorCode } };
  },
});

function addressesOf(lookup: DnsLookup): string {
  return answerAddresses(lookup).join(', ');
}
