// An interface endpoint has an address in each of its subnets' zones; a client in a zone
// without one always crosses zones, which adds latency and inter-AZ data transfer charges.
import type {
  ClientInstance,
  InstanceIdentity,
  Subnet,
  VpcEndpoint,
} from '../../src/engine/facts.js';
import {
  CLIENT_UNDESCRIBED,
  NO_CLIENT_HOST,
  isClientUndescribed,
  undescribedData,
} from '../../src/engine/client-host.js';
import { defineRule } from '../../src/engine/rule.js';

export default defineRule(import.meta.url, {
  title: {
    en: "The endpoint has a network interface in the client's Availability Zone",
    ja: 'クライアントのアベイラビリティゾーンにエンドポイントのネットワークインターフェイスがある',
  },
  severity: 'warning',
  needs: ['endpoint', 'subnets'],
  uses: ['clientInstance', 'identity'],
  description: {
    en: "Compares the client's Availability Zone with the zones of the endpoint's subnets, by zone id where the subnets give one (zone names differ between accounts). A client in a zone without an endpoint interface still connects, but across zones.",
    ja: 'クライアントのアベイラビリティゾーンとエンドポイントのサブネットのゾーンを比べます。サブネットにゾーン ID があれば ID で比べます (ゾーン名はアカウントごとに異なるため)。エンドポイントインターフェイスのないゾーンのクライアントも接続はできますが、ゾーンをまたぎます。',
  },
  messages: {
    local: {
      en: "Client '{clientId}' is in zone '{zone}', where endpoint '{endpointId}' has a network interface",
      ja: "クライアント '{clientId}' はゾーン '{zone}' にあり、そこにエンドポイント '{endpointId}' のネットワークインターフェイスがあります",
    },
    remote: {
      en: "Client '{clientId}' is in zone '{zone}', but endpoint '{endpointId}' has interfaces only in '{zones}': every connection crosses zones, adding latency and inter-AZ data charges",
      ja: "クライアント '{clientId}' はゾーン '{zone}' にありますが、エンドポイント '{endpointId}' のインターフェイスは '{zones}' にしかありません。すべての接続がゾーンをまたぐため、遅延とゾーン間のデータ転送料金が増えます",
    },
    zoneUnknown: {
      en: "The Availability Zone of client '{clientId}' or of the endpoint's subnets is not known",
      ja: "クライアント '{clientId}' またはエンドポイントのサブネットのアベイラビリティゾーンが不明です",
    },
    noClient: NO_CLIENT_HOST,
    clientUndescribed: CLIENT_UNDESCRIBED,
    noEndpoint: {
      en: 'There is no endpoint to compare with',
      ja: '比較するエンドポイントがありません',
    },
  },
  remediation: {
    summary: {
      en: "Add a subnet in zone '{zone}' to endpoint '{endpointId}', if the endpoint service supports that zone (see endpoint.az-coverage), or run the client in one of the zones '{zones}'.",
      ja: "エンドポイントサービスがゾーン '{zone}' に対応していれば (endpoint.az-coverage を参照)、そのゾーンのサブネットをエンドポイント '{endpointId}' に追加するか、クライアントをゾーン '{zones}' のいずれかで動かしてください。",
    },
    cli: [
      'aws ec2 describe-subnets --filters Name=vpc-id,Values={vpcId} Name={zoneFilter},Values={zone}',
      'aws ec2 modify-vpc-endpoint --vpc-endpoint-id {endpointId} --add-subnet-ids {subnetInZone}',
    ],
    console: {
      en: [
        "Open the VPC console, choose Endpoints and select '{endpointId}'",
        "Choose Actions > Manage subnets, tick a subnet in zone '{zone}' and save",
      ],
      ja: [
        "VPC コンソールで「エンドポイント」を開き、'{endpointId}' を選びます",
        "「アクション」>「サブネットの管理」でゾーン '{zone}' のサブネットにチェックを入れて保存します",
      ],
    },
  },
  evaluate({ endpoint, subnets, clientInstance, identity }, target) {
    if (!endpoint) return { status: 'skip', message: 'noEndpoint' };
    if (isClientUndescribed(target, clientInstance, identity)) {
      return { status: 'unknown', message: 'clientUndescribed', data: undescribedData(target) };
    }

    const clientId = clientInstance?.id ?? identity?.instanceId;
    if (!clientId) return { status: 'skip', message: 'noClient' };

    const data = { clientId, endpointId: endpoint.id, vpcId: endpoint.vpcId };
    const zones = zonesOf(endpoint, subnets, clientInstance ?? null, identity ?? null);
    if (!zones) return { status: 'skip', message: 'zoneUnknown', data };

    const found = {
      ...data,
      zone: zones.client,
      zones: [...new Set(zones.endpoint)].join("', '"),
      zoneFilter: zones.byId ? 'availability-zone-id' : 'availability-zone',
    };
    if (zones.endpoint.includes(zones.client))
      return { status: 'info', message: 'local', data: found };

    return { status: 'warn', message: 'remote', data: found };
  },
});

interface Zones {
  client: string;
  endpoint: string[];
  byId: boolean;
}

function zonesOf(
  endpoint: VpcEndpoint,
  subnets: readonly Subnet[],
  clientInstance: ClientInstance | null,
  identity: InstanceIdentity | null,
): Zones | undefined {
  const clientSubnetId = clientInstance?.subnetId ?? identity?.subnetId;
  const clientSubnet = subnets.find((subnet) => subnet.id === clientSubnetId);
  const endpointSubnets = subnets.filter((subnet) => endpoint.subnetIds.includes(subnet.id));
  if (endpointSubnets.length === 0) return undefined;

  // Zone ids first: they mean the same zone in every account. Instance metadata describes the
  // host tidb-pe runs on, so it speaks for the client only when that host is the client.
  const isThisHost = !clientInstance || clientInstance.id === identity?.instanceId;
  const clientZoneId =
    clientSubnet?.availabilityZoneId ?? (isThisHost ? identity?.availabilityZoneId : undefined);
  const zoneIds = endpointSubnets.flatMap((subnet) => subnet.availabilityZoneId ?? []);
  if (clientZoneId && zoneIds.length === endpointSubnets.length) {
    return { client: clientZoneId, endpoint: zoneIds, byId: true };
  }

  // Zone names only compare within one account, so only inside the endpoint's own VPC.
  const clientZone =
    clientSubnet?.availabilityZone ??
    clientInstance?.availabilityZone ??
    (isThisHost ? identity?.availabilityZone : undefined);
  const inVpc = (clientInstance?.vpcId ?? identity?.vpcId) === endpoint.vpcId;
  if (!clientZone || !inVpc) return undefined;

  return {
    client: clientZone,
    endpoint: endpointSubnets.map((s) => s.availabilityZone),
    byId: false,
  };
}
