// Guide steps 4 and 5 and the private endpoint statuses: TiDB Cloud must know the endpoint id
// and have accepted it; until its connection is ACTIVE, the cluster does not take traffic from it.
import { defineRule } from '../../src/engine/rule.js';

const API = 'https://dedicated.tidbapi.com/v1beta1';
const AUTH = 'curl --digest --user "$TIDB_CLOUD_PUBLIC_KEY:$TIDB_CLOUD_PRIVATE_KEY"';
const REGISTER = `${AUTH} --request POST --header 'content-type: application/json' --data '{"endpointId":"{endpointId}","tidbNodeGroupId":"{nodeGroupId}"}' ${API}/clusters/{clusterId}/tidbNodeGroups/{nodeGroupId}/privateEndpointConnections`;
const CONSOLE_STEPS = {
  en: [
    'Open the TiDB Cloud console and the project that owns the cluster',
    "Choose Project Settings > Network Access > Private Endpoint and find endpoint '{endpointId}'",
  ],
  ja: [
    'TiDB Cloud コンソールで、クラスタを持つプロジェクトを開きます',
    "「プロジェクト設定」>「ネットワークアクセス」>「プライベートエンドポイント」でエンドポイント '{endpointId}' を探します",
  ],
};

export default defineRule(import.meta.url, {
  title: {
    en: 'TiDB Cloud has accepted the endpoint and its connection is ACTIVE',
    ja: 'TiDB Cloud がエンドポイントを承認し、接続が ACTIVE になっている',
  },
  severity: 'critical',
  needs: ['tidbCloudConnections'],
  uses: ['endpoint', 'tidbCloudService'],
  description: {
    en: "Looks up the endpoint among the cluster's private endpoint connections in the TiDB Cloud Dedicated API and reads its state: ACTIVE is ready; PENDING, FAILED, DISCOVERED and DELETING each mean the cluster does not accept traffic from it yet, or any more.",
    ja: 'TiDB Cloud Dedicated API でクラスタのプライベートエンドポイント接続の中からエンドポイントを探し、状態を確認します。ACTIVE なら使用可能です。PENDING、FAILED、DISCOVERED、DELETING は、クラスタがまだ (またはもう) そのエンドポイントからの通信を受け付けないことを意味します。',
  },
  messages: {
    active: {
      en: "TiDB Cloud's connection for endpoint '{endpointId}' on cluster '{clusterId}' is ACTIVE",
      ja: "クラスタ '{clusterId}' でエンドポイント '{endpointId}' の TiDB Cloud 側の接続は ACTIVE です",
    },
    pending: {
      en: "TiDB Cloud is still accepting endpoint '{endpointId}' (PENDING): this usually takes a few minutes",
      ja: "TiDB Cloud はエンドポイント '{endpointId}' をまだ承認中です (PENDING)。通常は数分で終わります",
      remediation: {
        summary: {
          en: 'Wait a few minutes and run tidb-pe again. If it stays PENDING for more than about ten minutes, contact TiDB Cloud support with the endpoint id.',
          ja: '数分待ってから tidb-pe をもう一度実行してください。10 分ほど経っても PENDING のままなら、エンドポイント ID を添えて TiDB Cloud サポートに連絡してください。',
        },
        console: CONSOLE_STEPS,
      },
    },
    failed: {
      en: "TiDB Cloud could not set up endpoint '{endpointId}' (FAILED): '{reason}'",
      ja: "TiDB Cloud はエンドポイント '{endpointId}' を設定できませんでした (FAILED): '{reason}'",
      remediation: {
        summary: {
          en: 'Fix what the message names, then retry from the TiDB Cloud console (Edit on the endpoint row), or delete the connection and register the endpoint again.',
          ja: 'メッセージが示す問題を直してから、TiDB Cloud コンソールで再試行する (エンドポイントの行の「編集」) か、接続を削除してエンドポイントを登録し直してください。',
        },
        console: {
          en: [...CONSOLE_STEPS.en, 'Choose Edit on its row to retry the creation'],
          ja: [...CONSOLE_STEPS.ja, 'その行の「編集」を選んで作成を再試行します'],
        },
      },
    },
    discovered: {
      en: "Endpoint '{endpointId}' exists in your VPC for this cluster's service but was never registered in TiDB Cloud (DISCOVERED)",
      ja: "エンドポイント '{endpointId}' はこのクラスタのサービス向けに VPC 内にありますが、TiDB Cloud に登録されていません (DISCOVERED)",
    },
    deleting: {
      en: "TiDB Cloud is deleting the connection for endpoint '{endpointId}' (DELETING)",
      ja: "TiDB Cloud はエンドポイント '{endpointId}' の接続を削除中です (DELETING)",
      remediation: {
        summary: {
          en: 'Wait until the deletion finishes, then register the endpoint again if it is still needed.',
          ja: '削除が終わるのを待ち、まだ必要ならエンドポイントを登録し直してください。',
        },
        cli: [REGISTER],
      },
    },
    notRegistered: {
      en: "TiDB Cloud has no private endpoint connection for endpoint '{endpointId}' on cluster '{clusterId}'",
      ja: "TiDB Cloud のクラスタ '{clusterId}' に、エンドポイント '{endpointId}' のプライベートエンドポイント接続がありません",
    },
    otherState: {
      en: "TiDB Cloud's connection for endpoint '{endpointId}' is in state '{state}', which tidb-pe does not know",
      ja: "エンドポイント '{endpointId}' の TiDB Cloud 側の接続の状態 '{state}' は tidb-pe が知らない状態です",
    },
    noEndpoint: {
      en: 'There is no endpoint to look for in TiDB Cloud',
      ja: 'TiDB Cloud で探すエンドポイントがありません',
    },
  },
  remediation: {
    summary: {
      en: "Register endpoint '{endpointId}' with cluster '{clusterId}': enter its id in the TiDB Cloud console (step 4 of the guide) or call the API as below, then enable private DNS on the endpoint.",
      ja: "エンドポイント '{endpointId}' をクラスタ '{clusterId}' に登録してください。TiDB Cloud コンソールで ID を入力する (ガイドのステップ 4) か、次のように API を呼び出し、そのあとエンドポイントでプライベート DNS を有効にします。",
    },
    cli: [
      REGISTER,
      'aws ec2 modify-vpc-endpoint --vpc-endpoint-id {endpointId} --private-dns-enabled',
    ],
    console: {
      en: [
        'Open the TiDB Cloud console and the project that owns the cluster',
        'Choose Project Settings > Network Access > Private Endpoint, then Create Private Endpoint > AWS',
        "Pick cluster '{clusterId}', go on to the endpoint step and enter '{endpointId}'",
      ],
      ja: [
        'TiDB Cloud コンソールで、クラスタを持つプロジェクトを開きます',
        '「プロジェクト設定」>「ネットワークアクセス」>「プライベートエンドポイント」で「プライベートエンドポイントの作成」>「AWS」を選びます',
        "クラスタ '{clusterId}' を選び、エンドポイントの手順まで進んで '{endpointId}' を入力します",
      ],
    },
  },
  evaluate({ tidbCloudConnections, endpoint, tidbCloudService }, target) {
    const endpointId = endpoint?.id ?? target.vpcEndpointId;
    if (!endpointId) return { status: 'skip', message: 'noEndpoint' };

    const connection = tidbCloudConnections.find(
      (candidate) => candidate.endpointId.toLowerCase() === endpointId.toLowerCase(),
    );
    const nodeGroupId = connection?.tidbNodeGroupId ?? tidbCloudService?.tidbNodeGroupId;
    const data = {
      endpointId,
      clusterId: target.tidbClusterId ?? '',
      ...(nodeGroupId && { nodeGroupId }),
    };
    if (!connection) return { status: 'fail', message: 'notRegistered', data };

    const state = connection.endpointState.toUpperCase();
    const found = { ...data, state, reason: connection.message ?? 'no detail given' };
    if (state === 'ACTIVE') return { status: 'pass', message: 'active', data: found };
    if (state === 'PENDING') return { status: 'warn', message: 'pending', data: found };
    if (state === 'FAILED') return { status: 'fail', message: 'failed', data: found };
    if (state === 'DISCOVERED') return { status: 'fail', message: 'discovered', data: found };
    if (state === 'DELETING') return { status: 'fail', message: 'deleting', data: found };

    return { status: 'unknown', message: 'otherState', data: found };
  },
});
