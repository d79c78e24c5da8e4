// Route 53 Resolver in a VPC sends a name to the most specific forwarding rule that matches it,
// before any private hosted zone; otherwise the most specific private hosted zone answers, and a
// zone without the record answers NXDOMAIN instead of falling back to public DNS.
import type { HostedZone, ResolverRule } from '../../src/engine/facts.js';
import { isSameDnsName, mostSpecificMatch, normalizeDnsName } from '../../src/engine/dns-names.js';
import { readZoneAnswer } from '../../src/engine/hosted-zones.js';
import { defineRule } from '../../src/engine/rule.js';

export default defineRule(import.meta.url, {
  title: {
    en: "No private hosted zone or Resolver forwarding rule captures the cluster's name",
    ja: 'プライベートホストゾーンや Resolver 転送ルールがクラスタ名を横取りしていない',
  },
  severity: 'critical',
  needs: ['hostedZones', 'resolverRules'],
  uses: ['endpoint', 'networkInterfaces'],
  description: {
    en: "Matches the cluster's host name against the Route 53 private hosted zones and the Route 53 Resolver rules associated with the endpoint's VPC. A forwarding rule for the name or a parent domain sends queries away from the VPC resolver; a private hosted zone for the name or a parent domain answers it from its own records, so the records it holds for the name are read and compared with the endpoint's names and addresses.",
    ja: 'クラスタのホスト名を、エンドポイントの VPC に関連付けられた Route 53 プライベートホストゾーンと Route 53 Resolver ルールに照らします。名前そのものか親ドメインの転送ルールがあるとクエリは VPC リゾルバーの外へ送られます。名前そのものか親ドメインのプライベートホストゾーンはそのレコードで答えるため、その名前のレコードを読み、エンドポイントの名前やアドレスと照合します。',
  },
  limitations: [
    {
      en: "AWS does not document whether the endpoint's own hidden zone for the exact name outranks a private hosted zone for a parent domain: such a zone is judged by the records it holds, and dns.private-answer shows what the VPC resolver really answers.",
      ja: '名前そのものに対するエンドポイント自身の隠れたゾーンが、親ドメインのプライベートホストゾーンより優先されるかは AWS が文書化していません。そのようなゾーンは保持するレコードで判定し、VPC リゾルバーの実際の応答は dns.private-answer が示します。',
    },
    {
      en: 'Wildcard records are not looked for: a zone that answers the name only through a wildcard record is reported as holding no address record for it.',
      ja: 'ワイルドカードレコードは探しません。ワイルドカードレコードでのみ名前に答えるゾーンは、その名前のアドレスのレコードがないと報告されます。',
    },
    {
      en: "A zone's records are read with route53:ListResourceRecordSets. Without that permission, or for a zone that another account owns, the rule says the zone answers NXDOMAIN unless it holds the record, and gives the reason in the evidence.",
      ja: 'ゾーンのレコードは route53:ListResourceRecordSets で読みます。その権限がない場合や、別のアカウントが所有するゾーンでは、レコードがなければ NXDOMAIN を返すと述べ、理由をエビデンスに示します。',
    },
  ],
  messages: {
    clear: {
      en: "No private hosted zone or forwarding rule associated with VPC '{vpcId}' covers '{host}'",
      ja: "VPC '{vpcId}' に関連付けられたプライベートホストゾーンや転送ルールで '{host}' を含むものはありません",
    },
    forwarded: {
      en: "Resolver rule '{ruleId}' forwards '{domain}' to '{targets}': queries for '{host}' leave the VPC resolver and never see the endpoint's private DNS",
      ja: "Resolver ルール '{ruleId}' が '{domain}' を '{targets}' に転送しています。'{host}' のクエリは VPC リゾルバーを離れ、エンドポイントのプライベート DNS に届きません",
      remediation: {
        summary: {
          en: "Disassociate rule '{ruleId}' from VPC '{vpcId}', or add a SYSTEM rule for '{host}' so that the VPC resolver answers that name itself.",
          ja: "ルール '{ruleId}' と VPC '{vpcId}' の関連付けを解除するか、'{host}' の SYSTEM ルールを追加して VPC リゾルバー自身がその名前に答えるようにしてください。",
        },
        cli: [
          'aws route53resolver create-resolver-rule --region {region} --rule-type SYSTEM --domain-name {host} --name tidb-cloud-private-dns --creator-request-id tidb-pe-{vpcId}',
          'aws route53resolver associate-resolver-rule --region {region} --resolver-rule-id {newRuleId} --vpc-id {vpcId}',
        ],
        console: {
          en: [
            'Open the Route 53 console and choose Resolver > Rules',
            "Create a rule of type System for domain '{host}' and associate it with VPC '{vpcId}'",
            "Or select '{ruleId}' and disassociate it from VPC '{vpcId}' if it is not needed there",
          ],
          ja: [
            'Route 53 コンソールで「Resolver」>「ルール」を開きます',
            "ドメイン '{host}' のタイプ「システム」のルールを作成し、VPC '{vpcId}' に関連付けます",
            "または '{ruleId}' が不要なら、VPC '{vpcId}' との関連付けを解除します",
          ],
        },
      },
    },
    parentZone: {
      en: "Private hosted zone '{zoneName}' ('{zoneId}') is associated with VPC '{vpcId}' and contains '{host}': unless it holds a record for the name, the VPC resolver answers NXDOMAIN",
      ja: "プライベートホストゾーン '{zoneName}' ('{zoneId}') が VPC '{vpcId}' に関連付けられ、'{host}' を含んでいます。その名前のレコードがなければ、VPC リゾルバーは NXDOMAIN を返します",
    },
    zoneAnswersEndpoint: {
      en: "Private hosted zone '{zoneName}' ('{zoneId}') covers '{host}' and answers it with endpoint '{endpointId}' ('{answer}')",
      ja: "プライベートホストゾーン '{zoneName}' ('{zoneId}') は '{host}' を含み、エンドポイント '{endpointId}' で答えています ('{answer}')",
    },
    zoneAnswersElsewhere: {
      en: "Private hosted zone '{zoneName}' ('{zoneId}') is associated with VPC '{vpcId}' and answers '{host}' with '{answer}', not with the addresses or names of endpoint '{endpointId}'",
      ja: "プライベートホストゾーン '{zoneName}' ('{zoneId}') が VPC '{vpcId}' に関連付けられ、'{host}' に '{answer}' で答えています。エンドポイント '{endpointId}' のアドレスや名前ではありません",
    },
    zoneNoRecord: {
      en: "Private hosted zone '{zoneName}' ('{zoneId}') is associated with VPC '{vpcId}', covers '{host}' and holds no address record for it: the VPC resolver answers the name with no address (NXDOMAIN or an empty answer)",
      ja: "プライベートホストゾーン '{zoneName}' ('{zoneId}') が VPC '{vpcId}' に関連付けられ、'{host}' を含んでいますが、そのアドレスのレコードがありません。VPC リゾルバーはこの名前にアドレスを返しません (NXDOMAIN または空の応答)",
    },
    zoneUnverified: {
      en: "Private hosted zone '{zoneName}' ('{zoneId}') is associated with VPC '{vpcId}' and answers '{host}' with '{answer}'; the endpoint's addresses are not known, so whether they are its own cannot be told",
      ja: "プライベートホストゾーン '{zoneName}' ('{zoneId}') が VPC '{vpcId}' に関連付けられ、'{host}' に '{answer}' で答えています。エンドポイントのアドレスが不明なため、それがエンドポイントのものかは判断できません",
    },
    ownZone: {
      en: "Private hosted zone '{zoneName}' ('{zoneId}') for the cluster's exact name is associated with VPC '{vpcId}': its records, not the endpoint's private DNS, answer '{host}'",
      ja: "クラスタ名と同じ名前のプライベートホストゾーン '{zoneName}' ('{zoneId}') が VPC '{vpcId}' に関連付けられています。'{host}' にはエンドポイントのプライベート DNS ではなく、このゾーンのレコードが答えます",
    },
    systemRule: {
      en: "Resolver rule '{ruleId}' of type SYSTEM for '{domain}' keeps '{host}' with the VPC resolver, even where a broader forwarding rule exists",
      ja: "'{domain}' のタイプ SYSTEM の Resolver ルール '{ruleId}' により、より広い転送ルールがあっても '{host}' は VPC リゾルバーで解決されます",
      remediation: {
        summary: {
          en: "Nothing to change. Keep rule '{ruleId}' associated with VPC '{vpcId}' for as long as a broader forwarding rule is.",
          ja: "変更は不要です。より広い転送ルールが関連付けられている間は、ルール '{ruleId}' を VPC '{vpcId}' に関連付けたままにしてください。",
        },
      },
    },
    noHost: {
      en: "The cluster's host name is not known: give --host",
      ja: 'クラスタのホスト名が不明です。--host を指定してください',
    },
  },
  remediation: {
    summary: {
      en: "Disassociate zone '{zoneId}' from VPC '{vpcId}', or make sure it holds an alias record for '{host}' that points at the endpoint's regional DNS name.",
      ja: "ゾーン '{zoneId}' と VPC '{vpcId}' の関連付けを解除するか、'{host}' のエイリアスレコードがエンドポイントのリージョン DNS 名を指していることを確認してください。",
    },
    cli: [
      'aws route53 list-resource-record-sets --hosted-zone-id {zoneId} --query "ResourceRecordSets[?Name==\'{host}.\']"',
      'aws route53 disassociate-vpc-from-hosted-zone --hosted-zone-id {zoneId} --vpc VPCRegion={region},VPCId={vpcId}',
    ],
    console: {
      en: [
        "Open the Route 53 console, choose Hosted zones and select '{zoneName}'",
        "Look for a record named '{host}'; if it is missing and the zone is not needed in VPC '{vpcId}', remove the VPC from the zone's associated VPCs",
      ],
      ja: [
        "Route 53 コンソールで「ホストゾーン」を開き、'{zoneName}' を選びます",
        "'{host}' という名前のレコードを探します。なく、かつ VPC '{vpcId}' でこのゾーンが不要なら、関連付けられた VPC から外します",
      ],
    },
  },
  evaluate({ hostedZones, resolverRules, endpoint, networkInterfaces }, target) {
    const host = target.host;
    if (!host) return { status: 'skip', message: 'noHost' };

    const base = {
      host: normalizeDnsName(host),
      vpcId: endpoint?.vpcId ?? '',
      ...(target.region && { region: target.region }),
    };
    const rule = mostSpecificMatch(deciding(resolverRules), (r) => r.domainName, host);
    if (rule?.ruleType === 'FORWARD') {
      return { status: 'fail', message: 'forwarded', data: { ...base, ...describeRule(rule) } };
    }

    // Known shortcoming: whether the endpoint's own hidden zone for the exact name outranks a
    // customer zone for a parent domain is not documented; such a zone is judged by what it holds,
    // and the live dns.private-answer result shows what the VPC resolver really answers.
    const zone = mostSpecificMatch(customerZones(hostedZones, host), (z) => z.name, host);
    if (zone) {
      const read = readZoneAnswer(zone, host, endpoint, networkInterfaces);
      const data = {
        ...base,
        zoneId: zone.id,
        zoneName: zone.name,
        endpointId: endpoint?.id ?? '',
        answer: read.answer,
      };
      if (read.verdict !== 'unread') {
        const [status, message] = ZONE_FINDINGS[read.verdict];
        return { status, message, data };
      }

      // Records not read (denied, another account's zone, or a report from before they were read).
      const error = zone.hostRecords?.error;
      const own = isSameDnsName(zone.name, host);
      const evidence = error && { evidence: { recordsError: error.message } };

      return {
        status: own ? 'warn' : 'fail',
        message: own ? 'ownZone' : 'parentZone',
        data,
        ...evidence,
      };
    }

    if (rule)
      return { status: 'info', message: 'systemRule', data: { ...base, ...describeRule(rule) } };

    return { status: 'pass', message: 'clear', data: base };
  },
});

// What each reading of a zone's records for the host means for the name.
const ZONE_FINDINGS = {
  endpoint: ['pass', 'zoneAnswersEndpoint'],
  elsewhere: ['fail', 'zoneAnswersElsewhere'],
  none: ['fail', 'zoneNoRecord'],
  unverified: ['warn', 'zoneUnverified'],
} as const;

// Only FORWARD and SYSTEM rules change where a name goes; the built-in RECURSIVE rule for the
// root domain is what happens when nothing else matches.
function deciding(rules: readonly ResolverRule[]): ResolverRule[] {
  return rules.filter((rule) => rule.ruleType === 'FORWARD' || rule.ruleType === 'SYSTEM');
}

// A zone that an AWS service owns for exactly the cluster's name is the endpoint's own private
// DNS zone, not a zone that gets in its way.
function customerZones(zones: readonly HostedZone[], host: string): HostedZone[] {
  return zones.filter((zone) => !(zone.owningService && isSameDnsName(zone.name, host)));
}

function describeRule(rule: ResolverRule) {
  return {
    ruleId: rule.id,
    domain: normalizeDnsName(rule.domainName) || '.',
    targets: rule.targetIps.join("', '"),
  };
}
