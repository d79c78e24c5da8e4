// AWS creates public regional and zonal DNS names for every interface endpoint, answered with
// the endpoint's private addresses from anywhere; they test the resolver path without private DNS.
import { answerAddresses } from '../../src/engine/dns-names.js';
import { defineRule } from '../../src/engine/rule.js';

export default defineRule(import.meta.url, {
  title: {
    en: "The endpoint's own DNS names resolve to its addresses",
    ja: 'エンドポイント固有の DNS 名がそのアドレスに解決される',
  },
  severity: 'warning',
  needs: ['dnsEndpointNames'],
  uses: ['networkInterfaces', 'endpoint'],
  description: {
    en: "Looks up the endpoint's regional and zonal names (vpce-...vpce.amazonaws.com) through the VPC resolver. They do not depend on private DNS, so when they resolve but the cluster's name does not, the fault is in private DNS; when they do not resolve either, the resolver path itself is broken.",
    ja: 'エンドポイントのリージョン DNS 名とゾーン DNS 名 (vpce-...vpce.amazonaws.com) を VPC リゾルバーで引きます。これらはプライベート DNS に依存しないため、これらが解決できてクラスタ名が解決できない場合はプライベート DNS の問題、これらも解決できない場合はリゾルバーへの経路そのものの問題です。',
  },
  messages: {
    resolved: {
      en: "The endpoint's {count} DNS names resolve to its addresses through '{resolver}'",
      ja: "エンドポイントの DNS 名 {count} 件が '{resolver}' でエンドポイントのアドレスに解決されます",
    },
    resolvedUnverified: {
      en: "The endpoint's {count} DNS names resolve through '{resolver}' to {addresses}; the endpoint's addresses are not known, so they were not compared",
      ja: "エンドポイントの DNS 名 {count} 件が '{resolver}' で {addresses} に解決されます。エンドポイントのアドレスが不明なため、照合はしていません",
    },
    noNames: {
      en: "The endpoint's own DNS names are not known",
      ja: 'エンドポイント固有の DNS 名が不明です',
    },
    unresolved: {
      en: "{failures} of the endpoint's {count} DNS names do not resolve through '{resolver}': {names}: the resolver path itself is broken, whatever private DNS does",
      ja: "エンドポイントの DNS 名 {count} 件のうち {failures} 件が '{resolver}' で解決できません: {names}。プライベート DNS とは別に、リゾルバーへの経路そのものに問題があります",
    },
    wrongAddresses: {
      en: "The endpoint's DNS names resolve through '{resolver}' to {others}, which are not its addresses ({eniAddresses})",
      ja: "エンドポイントの DNS 名が '{resolver}' で {others} に解決されますが、これはエンドポイントのアドレス ({eniAddresses}) ではありません",
    },
  },
  remediation: {
    summary: {
      en: 'Check that this host reaches a working resolver: the VPC resolver (VPC CIDR base plus two, or 169.254.169.253) or a DNS server that forwards to it. A private hosted zone or Resolver rule for amazonaws.com can also capture these names.',
      ja: 'このホストが正常なリゾルバー (VPC リゾルバー: VPC CIDR の先頭 + 2 または 169.254.169.253、あるいはそこへ転送する DNS サーバー) に届くことを確認してください。amazonaws.com のプライベートホストゾーンや Resolver ルールがこれらの名前を横取りしていることもあります。',
    },
    cli: [
      'dig +short {firstName} @169.254.169.253',
      "aws ec2 describe-vpc-endpoints --vpc-endpoint-ids {endpointId} --query 'VpcEndpoints[0].DnsEntries[].DnsName'",
      'aws route53resolver list-resolver-rule-associations --filters Name=VPCId,Values={vpcId}',
    ],
  },
  evaluate({ dnsEndpointNames, networkInterfaces, endpoint }) {
    const [first] = dnsEndpointNames;
    if (!first) return { status: 'skip', message: 'noNames' };

    const data = {
      count: dnsEndpointNames.length,
      resolver: first.resolver,
      firstName: first.name,
      ...(endpoint && { endpointId: endpoint.id, vpcId: endpoint.vpcId }),
    };
    const failures = dnsEndpointNames.filter((lookup) => answerAddresses(lookup).length === 0);
    if (failures.length > 0) {
      const names = failures.map((lookup) => `${lookup.name} (${lookup.rcode})`).join(', ');
      return {
        status: 'fail',
        message: 'unresolved',
        data: { ...data, failures: failures.length, names },
      };
    }

    const addresses = [
      ...new Set(
        dnsEndpointNames.flatMap((lookup) =>
          lookup.answers.filter((a) => a.type === 'A').map((a) => a.data),
        ),
      ),
    ];
    if (!networkInterfaces) {
      return {
        status: 'pass',
        message: 'resolvedUnverified',
        data: { ...data, addresses: addresses.join(', ') },
      };
    }

    const eniAddresses = networkInterfaces.flatMap((eni) => eni.privateIpAddresses);
    const others = addresses.filter((address) => !eniAddresses.includes(address));
    if (others.length > 0) {
      const detail = { others: others.join(', '), eniAddresses: eniAddresses.join(', ') || '-' };
      return { status: 'fail', message: 'wrongAddresses', data: { ...data, ...detail } };
    }

    return { status: 'pass', message: 'resolved', data };
  },
});
