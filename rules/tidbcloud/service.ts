// Guide, endpoint service states: TiDB Cloud creates one private link service per cluster a few
// minutes after the cluster; an endpoint works only against that ACTIVE service, in its zones.
import { defineRule } from '../../src/engine/rule.js';

const API = 'https://dedicated.tidbapi.com/v1beta1';
const AUTH = 'curl --digest --user "$TIDB_CLOUD_PUBLIC_KEY:$TIDB_CLOUD_PRIVATE_KEY"';

export default defineRule(import.meta.url, {
  title: {
    en: "The cluster's private link service is ACTIVE and serves the endpoint",
    ja: 'クラスタのプライベートリンクサービスが ACTIVE で、エンドポイントに対応している',
  },
  severity: 'critical',
  needs: ['tidbCloudService'],
  uses: ['endpoint', 'subnets'],
  description: {
    en: "Asks the TiDB Cloud Dedicated API for the cluster's private link service: its state must be ACTIVE, its service name must be the endpoint's, and its zones (zone ids) must include the zone of every endpoint subnet.",
    ja: 'TiDB Cloud Dedicated API でクラスタのプライベートリンクサービスを確認します。状態が ACTIVE で、サービス名がエンドポイントのものと一致し、そのゾーン (ゾーン ID) がエンドポイントのすべてのサブネットのゾーンを含む必要があります。',
  },
  messages: {
    active: {
      en: "Private link service '{serviceName}' of cluster '{clusterId}' is ACTIVE and serves zones '{zoneIds}' of endpoint '{endpointId}'",
      ja: "クラスタ '{clusterId}' のプライベートリンクサービス '{serviceName}' は ACTIVE で、エンドポイント '{endpointId}' のゾーン '{zoneIds}' に対応しています",
    },
    activeAlone: {
      en: "Private link service '{serviceName}' of cluster '{clusterId}' is ACTIVE; there is no endpoint to compare it with",
      ja: "クラスタ '{clusterId}' のプライベートリンクサービス '{serviceName}' は ACTIVE です。比較するエンドポイントはありません",
    },
    creating: {
      en: "TiDB Cloud is still creating the private link service of cluster '{clusterId}' (CREATING): it is ready 3 to 5 minutes after the cluster is created",
      ja: "TiDB Cloud はクラスタ '{clusterId}' のプライベートリンクサービスをまだ作成中です (CREATING)。クラスタ作成の 3〜5 分後に使えるようになります",
      remediation: {
        summary: {
          en: 'Wait a few minutes, then run tidb-pe again. Endpoints can be created only once the service is ACTIVE.',
          ja: '数分待ってから tidb-pe をもう一度実行してください。エンドポイントはサービスが ACTIVE になってから作成できます。',
        },
        cli: [
          `${AUTH} ${API}/clusters/{clusterId}/tidbNodeGroups/{nodeGroupId}/privateLinkService`,
        ],
      },
    },
    deleting: {
      en: "The private link service of cluster '{clusterId}' is being deleted (DELETING), together with the cluster or its endpoint service",
      ja: "クラスタ '{clusterId}' のプライベートリンクサービスは削除中です (DELETING)。クラスタまたはエンドポイントサービスが削除されています",
      remediation: {
        summary: {
          en: 'If the cluster is not meant to be deleted, contact TiDB Cloud support. Otherwise point the application at another cluster.',
          ja: 'クラスタを削除するつもりがなければ、TiDB Cloud サポートに連絡してください。そうでなければ、アプリケーションを別のクラスタに向けてください。',
        },
      },
    },
    otherState: {
      en: "The private link service of cluster '{clusterId}' is in state '{state}', which tidb-pe does not know",
      ja: "クラスタ '{clusterId}' のプライベートリンクサービスの状態 '{state}' は tidb-pe が知らない状態です",
    },
    serviceMismatch: {
      en: "Endpoint '{endpointId}' uses service '{endpointServiceName}', but the private link service of cluster '{clusterId}' is '{serviceName}': the endpoint leads to another cluster",
      ja: "エンドポイント '{endpointId}' はサービス '{endpointServiceName}' を使っていますが、クラスタ '{clusterId}' のプライベートリンクサービスは '{serviceName}' です。このエンドポイントは別のクラスタにつながっています",
      remediation: {
        summary: {
          en: "Create an endpoint for service '{serviceName}' in VPC '{vpcId}', or run tidb-pe with the --tidb-cluster-id of the cluster that owns '{endpointServiceName}'.",
          ja: "VPC '{vpcId}' にサービス '{serviceName}' のエンドポイントを作成するか、'{endpointServiceName}' を持つクラスタの ID を --tidb-cluster-id に指定して tidb-pe を実行してください。",
        },
        cli: [
          'aws ec2 create-vpc-endpoint --vpc-id {vpcId} --vpc-endpoint-type Interface --service-name {serviceName} --subnet-ids {subnetArgs}',
        ],
      },
    },
    zonesNotCovered: {
      en: "Endpoint subnet '{subnetIds}' is in zone '{missingZoneIds}', which the private link service of cluster '{clusterId}' does not serve (it serves '{serviceZoneIds}')",
      ja: "エンドポイントのサブネット '{subnetIds}' はゾーン '{missingZoneIds}' にありますが、クラスタ '{clusterId}' のプライベートリンクサービスはそのゾーンに対応していません (対応ゾーン: '{serviceZoneIds}')",
      remediation: {
        summary: {
          en: "Move the endpoint to subnets in zones '{serviceZoneIds}'. If the cluster should serve that zone, contact TiDB Cloud support.",
          ja: "エンドポイントをゾーン '{serviceZoneIds}' のサブネットに移してください。クラスタがそのゾーンに対応すべきであれば、TiDB Cloud サポートに連絡してください。",
        },
        cli: [
          'aws ec2 modify-vpc-endpoint --vpc-endpoint-id {endpointId} --remove-subnet-ids {subnetArgs}',
        ],
      },
    },
    zonesUnknown: {
      en: "The zone ids of endpoint subnets '{subnetIds}' are not known, so they cannot be compared with the zones of the private link service",
      ja: "エンドポイントのサブネット '{subnetIds}' のゾーン ID が不明なため、プライベートリンクサービスのゾーンと比較できません",
    },
  },
  remediation: {
    summary: {
      en: "Look at the cluster's private endpoint page in the TiDB Cloud console, or ask the API as below.",
      ja: 'TiDB Cloud コンソールのクラスタのプライベートエンドポイントのページを確認するか、次のように API に問い合わせてください。',
    },
    cli: [`${AUTH} ${API}/clusters/{clusterId}/tidbNodeGroups/{nodeGroupId}/privateLinkService`],
    console: {
      en: [
        'Open the TiDB Cloud console and the project that owns the cluster',
        'Choose Project Settings > Network Access > Private Endpoint and look at the endpoint service status',
      ],
      ja: [
        'TiDB Cloud コンソールで、クラスタを持つプロジェクトを開きます',
        '「プロジェクト設定」>「ネットワークアクセス」>「プライベートエンドポイント」で、エンドポイントサービスの状態を確認します',
      ],
    },
  },
  evaluate({ tidbCloudService: service, endpoint, subnets }, target) {
    const data = {
      clusterId: target.tidbClusterId ?? '',
      serviceName: service.serviceName,
      state: service.state,
      ...(service.tidbNodeGroupId && { nodeGroupId: service.tidbNodeGroupId }),
    };
    const state = service.state.toUpperCase();
    if (state === 'CREATING') return { status: 'fail', message: 'creating', data };
    if (state === 'DELETING') return { status: 'fail', message: 'deleting', data };
    if (state !== 'ACTIVE') return { status: 'unknown', message: 'otherState', data };
    if (!endpoint) return { status: 'pass', message: 'activeAlone', data };

    const ours = { ...data, endpointId: endpoint.id, vpcId: endpoint.vpcId };
    if (endpoint.serviceName.toLowerCase() !== service.serviceName.toLowerCase()) {
      const subnetArgs = endpoint.subnetIds.join(' ');
      const found = { ...ours, endpointServiceName: endpoint.serviceName, subnetArgs };
      return { status: 'fail', message: 'serviceMismatch', data: found };
    }

    // The API gives zone ids, the same in every account, so subnets are compared by zone id.
    const zoneOf = new Map((subnets ?? []).map((subnet) => [subnet.id, subnet.availabilityZoneId]));
    const known = endpoint.subnetIds.flatMap((id) => {
      const zoneId = zoneOf.get(id);
      return zoneId ? [{ id, zoneId }] : [];
    });
    const unknown = endpoint.subnetIds.filter((id) => !known.some((subnet) => subnet.id === id));
    if (unknown.length > 0) {
      const found = { ...ours, subnetIds: unknown.join("', '") };
      return { status: 'unknown', message: 'zonesUnknown', data: found };
    }

    const outside = known.filter((subnet) => !service.availableZones.includes(subnet.zoneId));
    if (outside.length > 0) {
      const found = {
        ...ours,
        subnetIds: outside.map((subnet) => subnet.id).join("', '"),
        subnetArgs: outside.map((subnet) => subnet.id).join(' '),
        missingZoneIds: outside.map((subnet) => subnet.zoneId).join("', '"),
        serviceZoneIds: service.availableZones.join("', '"),
      };
      return { status: 'fail', message: 'zonesNotCovered', data: found };
    }

    const zoneIds = [...new Set(known.map((subnet) => subnet.zoneId))].join("', '");

    return { status: 'pass', message: 'active', data: { ...ours, zoneIds } };
  },
});
