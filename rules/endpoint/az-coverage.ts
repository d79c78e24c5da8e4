// Guide step 3 (subnets): an endpoint subnet must be in an Availability Zone where the cluster's
// endpoint service runs. AZ names differ between accounts and AZ ids do not, so ids come first.
import type { EndpointService, Subnet } from '../../src/engine/facts.js';
import { defineRule } from '../../src/engine/rule.js';

export default defineRule(import.meta.url, {
  title: {
    en: "The endpoint's subnets are in Availability Zones the service supports",
    ja: 'エンドポイントのサブネットがサービスの対応するアベイラビリティーゾーンにある',
  },
  severity: 'critical',
  needs: ['endpoint', 'subnets', 'endpointService'],
  description: {
    en: "Checks each subnet of the endpoint against the Availability Zones of the endpoint service: by AZ id when both sides know it, else by AZ name (which AWS gives in this account's naming). A subnet in a zone the service does not serve holds a network interface that cannot reach the cluster, so connections through it fail.",
    ja: 'エンドポイントの各サブネットを、エンドポイントサービスのアベイラビリティーゾーンと照合します。両方で分かる場合は AZ ID で、そうでなければ AZ 名 (AWS はこのアカウントでの名前を返します) で比べます。サービスが対応しないゾーンのサブネットにあるネットワークインターフェイスはクラスタに届かず、そこを通る接続は失敗します。',
  },
  messages: {
    covered: {
      en: "Every subnet of endpoint '{endpointId}' is in a zone that service '{serviceName}' supports: {subnets}",
      ja: "エンドポイント '{endpointId}' のサブネットはすべてサービス '{serviceName}' の対応ゾーンにあります: {subnets}",
    },
    someUnsupported: {
      en: "Subnets {badSubnets} of endpoint '{endpointId}' are in zones that service '{serviceName}' does not support; it supports {serviceZones}",
      ja: "エンドポイント '{endpointId}' のサブネット {badSubnets} は、サービス '{serviceName}' が対応しないゾーンにあります。対応ゾーンは {serviceZones} です",
    },
    noneSupported: {
      en: "No subnet of endpoint '{endpointId}' is in a zone that service '{serviceName}' supports: the subnets are {badSubnets}, the service supports {serviceZones}",
      ja: "エンドポイント '{endpointId}' のサブネットはどれもサービス '{serviceName}' の対応ゾーンにありません: サブネットは {badSubnets}、対応ゾーンは {serviceZones} です",
    },
    noSubnets: {
      en: "Endpoint '{endpointId}' has no subnets, so it has no network interface to connect through",
      ja: "エンドポイント '{endpointId}' にはサブネットがなく、接続に使うネットワークインターフェイスがありません",
    },
    undecided: {
      en: "The zones of subnets {unknownSubnets} of endpoint '{endpointId}' are not known",
      ja: "エンドポイント '{endpointId}' のサブネット {unknownSubnets} のゾーンが不明です",
      remediation: {
        summary: {
          en: 'Allow ec2:DescribeSubnets for the subnets and run the check again, or look the zones up with the command below.',
          ja: 'サブネットに対する ec2:DescribeSubnets を許可して再度チェックするか、次のコマンドでゾーンを調べてください。',
        },
        cli: [
          "aws ec2 describe-subnets --subnet-ids {unknownSubnetIds} --query 'Subnets[].[SubnetId,AvailabilityZone,AvailabilityZoneId]' --output table",
        ],
      },
    },
    noServiceZones: {
      en: "Service '{serviceName}' lists no Availability Zones, so the subnets of endpoint '{endpointId}' cannot be judged",
      ja: "サービス '{serviceName}' がアベイラビリティーゾーンを示していないため、エンドポイント '{endpointId}' のサブネットを判定できません",
      remediation: {
        summary: {
          en: "Look at the service's zones with the command below; an empty list means the service shares no zone with this account, which PingCAP support can explain.",
          ja: '次のコマンドでサービスのゾーンを確認してください。空の場合、サービスはこのアカウントと共通のゾーンを持たないため、PingCAP サポートに問い合わせてください。',
        },
        cli: [
          "aws ec2 describe-vpc-endpoint-services --service-names {serviceName} --query 'ServiceDetails[].[AvailabilityZones,AvailabilityZoneIds]'",
        ],
      },
    },
    noEndpoint: {
      en: 'There is no endpoint to look at',
      ja: '確認するエンドポイントがありません',
    },
    noService: {
      en: "The endpoint service of endpoint '{endpointId}' is not visible, so its zones are not known",
      ja: "エンドポイント '{endpointId}' のエンドポイントサービスが見えないため、対応ゾーンが不明です",
    },
  },
  remediation: {
    summary: {
      en: 'Move the endpoint to subnets in the zones the service supports ({serviceZones}): add one such subnet per zone, then remove the others. If the region has a zone the cluster does not use and no subnet can be chosen, contact PingCAP support.',
      ja: 'エンドポイントをサービスの対応ゾーン ({serviceZones}) のサブネットに移してください。ゾーンごとに 1 つ対応するサブネットを追加し、その後ほかのサブネットを削除します。クラスタが使わないゾーンがリージョンにあってサブネットを選べない場合は、PingCAP サポートに連絡してください。',
    },
    cli: [
      "aws ec2 describe-subnets --filters Name=vpc-id,Values={vpcId} Name={zoneFilter},Values={zoneValues} --query 'Subnets[].[SubnetId,AvailabilityZone,AvailabilityZoneId]' --output table",
      'aws ec2 modify-vpc-endpoint --vpc-endpoint-id {endpointId} --add-subnet-ids <subnet-id-in-a-supported-zone>',
      'aws ec2 modify-vpc-endpoint --vpc-endpoint-id {endpointId} --remove-subnet-ids {badSubnetIds}',
    ],
    console: {
      en: [
        "In the VPC console, choose Endpoints and select '{endpointId}'",
        'Choose Actions > Manage subnets',
        'Tick a subnet in each supported zone, clear the subnets {badSubnets}, and save',
      ],
      ja: [
        "VPC コンソールの「エンドポイント」で '{endpointId}' を選びます",
        '「アクション」>「サブネットの管理」を選びます',
        '対応ゾーンごとにサブネットを選び、サブネット {badSubnets} の選択を外して保存します',
      ],
    },
  },
  limitations: [
    {
      en: 'A service that lists no Availability Zones is reported as undecided, not as unsupported, because an empty list can also come from an incomplete collection.',
      ja: 'アベイラビリティーゾーンを示さないサービスは、収集が不完全な場合にも空になるため、非対応ではなく判定不能として報告します。',
    },
  ],
  evaluate({ endpoint, subnets, endpointService }) {
    if (!endpoint) return { status: 'skip', message: 'noEndpoint' };

    const base = { endpointId: endpoint.id, vpcId: endpoint.vpcId };
    if (!endpointService) return { status: 'skip', message: 'noService', data: base };

    const byId = endpointService.availabilityZoneIds.length > 0;
    const serviceZones = byId
      ? endpointService.availabilityZoneIds
      : endpointService.availabilityZones;
    const data = {
      ...base,
      serviceName: endpointService.serviceName,
      serviceZones: quote(serviceZones),
      zoneFilter: byId ? 'availability-zone-id' : 'availability-zone',
      zoneValues: serviceZones.join(','),
    };
    if (endpoint.subnetIds.length === 0) return { status: 'fail', message: 'noSubnets', data };
    if (serviceZones.length === 0) return { status: 'unknown', message: 'noServiceZones', data };

    const judged = endpoint.subnetIds.map((id) => judgeSubnet(id, subnets, endpointService));
    const bad = judged.filter((subnet) => subnet.verdict === 'unsupported');
    const unknown = judged.filter((subnet) => subnet.verdict === 'unknown');
    const found = {
      ...data,
      subnets: judged.map((subnet) => subnet.label).join(', '),
      badSubnets: bad.map((subnet) => subnet.label).join(', '),
      badSubnetIds: bad.map((subnet) => subnet.id).join(' '),
      unknownSubnets: quote(unknown.map((subnet) => subnet.id)),
      unknownSubnetIds: unknown.map((subnet) => subnet.id).join(' '),
    };
    if (bad.length === judged.length) {
      return { status: 'fail', message: 'noneSupported', data: found };
    }
    if (bad.length > 0) return { status: 'fail', message: 'someUnsupported', data: found };
    if (unknown.length > 0) return { status: 'unknown', message: 'undecided', data: found };

    return { status: 'pass', message: 'covered', data: found };
  },
});

interface JudgedSubnet {
  id: string;
  label: string;
  verdict: 'supported' | 'unsupported' | 'unknown';
}

function judgeSubnet(id: string, subnets: Subnet[], service: EndpointService): JudgedSubnet {
  const subnet = subnets.find((candidate) => candidate.id === id);
  if (!subnet) return { id, label: `'${id}'`, verdict: 'unknown' };

  const zoneId = subnet.availabilityZoneId;
  const label = `'${id}' (${[subnet.availabilityZone, zoneId].filter(Boolean).join('/')})`;
  const zones =
    zoneId && service.availabilityZoneIds.length > 0
      ? { mine: zoneId, theirs: service.availabilityZoneIds }
      : { mine: subnet.availabilityZone, theirs: service.availabilityZones };
  if (zones.theirs.length === 0) return { id, label, verdict: 'unknown' };

  return { id, label, verdict: zones.theirs.includes(zones.mine) ? 'supported' : 'unsupported' };
}

function quote(values: readonly string[]): string {
  return values.map((value) => `'${value}'`).join(', ');
}
