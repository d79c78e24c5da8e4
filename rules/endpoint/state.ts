// Guide step 4 and the AWS endpoint states: only an accepted endpoint in state 'available'
// carries traffic. AWS sends states in camel case while the SDK's enum is PascalCase.
import { defineRule } from '../../src/engine/rule.js';

const SHOW_STATE =
  "aws ec2 describe-vpc-endpoints --region {region} --vpc-endpoint-ids {endpointId} --query 'VpcEndpoints[0].[State,FailureReason,LastError.Message]' --output text";
const DELETE = 'aws ec2 delete-vpc-endpoints --region {region} --vpc-endpoint-ids {endpointId}';
const CREATE =
  'aws ec2 create-vpc-endpoint --vpc-id {vpcId} --region {region} --service-name {serviceName} --vpc-endpoint-type Interface --subnet-ids {subnetIds}';

const REGISTER_CONSOLE = {
  en: [
    'In the TiDB Cloud console, open Project Settings > Network Access > Private Endpoint',
    'Create an AWS private endpoint for the cluster and go on to the step that asks for the VPC endpoint id',
    "Enter '{endpointId}', go on, and finish with Create; the status changes to Active within a few minutes",
  ],
  ja: [
    'TiDB Cloud コンソールで「プロジェクト設定」>「ネットワークアクセス」>「プライベートエンドポイント」を開きます',
    'クラスタの AWS プライベートエンドポイントの作成を始め、VPC エンドポイント ID を入力する手順まで進みます',
    "'{endpointId}' を入力して進み、「作成」で完了します。数分で状態が「アクティブ」になります",
  ],
};

/** The status and message of each state AWS documents, keyed in lower case. */
const STATES = {
  available: ['pass', 'available'],
  pendingacceptance: ['fail', 'pendingAcceptance'],
  pending: ['warn', 'pending'],
  rejected: ['fail', 'rejected'],
  failed: ['fail', 'failed'],
  deleting: ['fail', 'deleting'],
  deleted: ['fail', 'deleted'],
  expired: ['fail', 'expired'],
  partial: ['warn', 'partial'],
} as const;

export default defineRule(import.meta.url, {
  title: {
    en: 'The endpoint is in the available state',
    ja: 'エンドポイントが available 状態である',
  },
  severity: 'critical',
  needs: ['endpoint'],
  description: {
    en: "Looks at the endpoint's state, compared without regard to case. Each state AWS documents gets its own explanation and next step; a state this tool does not know is reported as undecided rather than guessed at.",
    ja: 'エンドポイントの状態を大文字小文字を区別せずに確認します。AWS が定める状態ごとに説明と次の手順を示します。このツールが知らない状態は推測せず、判定不能として報告します。',
  },
  messages: {
    available: {
      en: "Endpoint '{endpointId}' is in state '{state}'",
      ja: "エンドポイント '{endpointId}' の状態は '{state}' です",
    },
    pendingAcceptance: {
      en: "Endpoint '{endpointId}' is in state '{state}': TiDB Cloud has not accepted the connection yet",
      ja: "エンドポイント '{endpointId}' の状態は '{state}' です: TiDB Cloud がまだ接続を承認していません",
      remediation: {
        summary: {
          en: "Give the endpoint id '{endpointId}' to TiDB Cloud on the private endpoint page (or through the TiDB Cloud API) and wait for it to accept the connection; private DNS can only be enabled after that.",
          ja: "プライベートエンドポイントのページ (または TiDB Cloud API) でエンドポイント ID '{endpointId}' を TiDB Cloud に登録し、接続が承認されるのを待ってください。プライベート DNS は承認後にしか有効にできません。",
        },
        cli: [SHOW_STATE],
        console: REGISTER_CONSOLE,
      },
    },
    pending: {
      en: "Endpoint '{endpointId}' is in state '{state}': AWS is still setting it up or applying a change",
      ja: "エンドポイント '{endpointId}' の状態は '{state}' です: AWS が設定中、または変更を適用中です",
      remediation: {
        summary: {
          en: 'This usually takes a few minutes. Wait, then run the check again.',
          ja: '通常は数分で終わります。待ってから再度チェックしてください。',
        },
        cli: [SHOW_STATE],
      },
    },
    rejected: {
      en: "Endpoint '{endpointId}' is in state '{state}': the connection was refused by the service owner",
      ja: "エンドポイント '{endpointId}' の状態は '{state}' です: サービスの所有者が接続を拒否しました",
      remediation: {
        summary: {
          en: "A rejected endpoint cannot be accepted again. Delete it, create a new one for the cluster's service, and register the new id in the TiDB Cloud project that owns the cluster; if it is rejected again, contact PingCAP support.",
          ja: '拒否されたエンドポイントは再承認できません。削除してクラスタのサービス向けに作成し直し、新しい ID をクラスタを所有する TiDB Cloud プロジェクトに登録してください。再び拒否される場合は PingCAP サポートに連絡してください。',
        },
        cli: [DELETE, CREATE],
        console: REGISTER_CONSOLE,
      },
    },
    failed: {
      en: "Endpoint '{endpointId}' is in state '{state}': {reason}",
      ja: "エンドポイント '{endpointId}' の状態は '{state}' です: {reason}",
      remediation: {
        summary: {
          en: 'AWS could not set the endpoint up. Fix what the reason names, then delete the endpoint and create it again (a failed private endpoint in the TiDB Cloud console can be retried with Edit).',
          ja: 'AWS がエンドポイントを設定できませんでした。理由に示された問題を直してから、エンドポイントを削除して作成し直してください (TiDB Cloud コンソールで失敗したプライベートエンドポイントは「編集」から再試行できます)。',
        },
        cli: [SHOW_STATE, DELETE, CREATE],
      },
    },
    failedWithoutReason: {
      en: "Endpoint '{endpointId}' is in state '{state}' and AWS gives no reason",
      ja: "エンドポイント '{endpointId}' の状態は '{state}' で、AWS は理由を示していません",
      remediation: {
        summary: {
          en: 'AWS could not set the endpoint up. Delete it and create it again; if that fails too, contact AWS Support with the endpoint id.',
          ja: 'AWS がエンドポイントを設定できませんでした。削除して作成し直してください。それも失敗する場合は、エンドポイント ID を添えて AWS サポートに連絡してください。',
        },
        cli: [DELETE, CREATE],
      },
    },
    deleting: {
      en: "Endpoint '{endpointId}' is in state '{state}': it is being deleted",
      ja: "エンドポイント '{endpointId}' の状態は '{state}' です: 削除中です",
      remediation: {
        summary: {
          en: 'An endpoint that is being deleted carries no traffic. Create a new one, register its id with TiDB Cloud, and check it with --vpc-endpoint-id.',
          ja: '削除中のエンドポイントはトラフィックを運びません。新しく作成して ID を TiDB Cloud に登録し、--vpc-endpoint-id で確認してください。',
        },
        cli: [CREATE],
        console: REGISTER_CONSOLE,
      },
    },
    deleted: {
      en: "Endpoint '{endpointId}' is in state '{state}': it no longer exists",
      ja: "エンドポイント '{endpointId}' の状態は '{state}' です: すでに存在しません",
      remediation: {
        summary: {
          en: 'Create a new endpoint, register its id with TiDB Cloud, and check it with --vpc-endpoint-id.',
          ja: '新しいエンドポイントを作成して ID を TiDB Cloud に登録し、--vpc-endpoint-id で確認してください。',
        },
        cli: [CREATE],
        console: REGISTER_CONSOLE,
      },
    },
    expired: {
      en: "Endpoint '{endpointId}' is in state '{state}': the connection request was not accepted in time",
      ja: "エンドポイント '{endpointId}' の状態は '{state}' です: 接続リクエストが期限内に承認されませんでした",
      remediation: {
        summary: {
          en: 'An expired request cannot be accepted any more. Delete the endpoint, create it again, and register the new id with TiDB Cloud right away.',
          ja: '期限切れのリクエストはもう承認できません。エンドポイントを削除して作成し直し、すぐに新しい ID を TiDB Cloud に登録してください。',
        },
        cli: [DELETE, CREATE],
        console: REGISTER_CONSOLE,
      },
    },
    partial: {
      en: "Endpoint '{endpointId}' is in state '{state}', which AWS does not document: it may be only partly set up",
      ja: "エンドポイント '{endpointId}' の状態は '{state}' で、AWS はこの状態を説明していません: 一部しか設定されていない可能性があります",
      remediation: {
        summary: {
          en: 'Look at the endpoint and its network interfaces in the VPC console. If the state does not change, contact AWS Support with the endpoint id.',
          ja: 'VPC コンソールでエンドポイントとそのネットワークインターフェイスを確認してください。状態が変わらない場合は、エンドポイント ID を添えて AWS サポートに連絡してください。',
        },
        cli: [SHOW_STATE],
      },
    },
    unrecognized: {
      en: "Endpoint '{endpointId}' is in state '{state}', which this tool does not know",
      ja: "エンドポイント '{endpointId}' の状態は '{state}' で、このツールはこの状態を知りません",
      remediation: {
        summary: {
          en: "Only 'available' is known to carry traffic. Look up the state in the AWS PrivateLink documentation and check the endpoint in the VPC console.",
          ja: "トラフィックを運ぶと分かっているのは 'available' だけです。AWS PrivateLink のドキュメントで状態を調べ、VPC コンソールでエンドポイントを確認してください。",
        },
        cli: [SHOW_STATE],
      },
    },
    noEndpoint: {
      en: 'There is no endpoint to look at',
      ja: '確認するエンドポイントがありません',
    },
  },
  remediation: {
    summary: {
      en: 'Bring the endpoint to the available state: register it with TiDB Cloud and wait for acceptance, or create it again.',
      ja: 'エンドポイントを available 状態にしてください。TiDB Cloud に登録して承認を待つか、作成し直してください。',
    },
    cli: [SHOW_STATE],
  },
  limitations: [
    {
      en: "AWS does not document the state 'partial': the rule warns about it without guessing which part of the endpoint is missing.",
      ja: "AWS は 'partial' 状態を説明していません。このルールは警告だけを出し、エンドポイントのどの部分が欠けているかは推測しません。",
    },
  ],
  evaluate({ endpoint }, target) {
    if (!endpoint) return { status: 'skip', message: 'noEndpoint' };

    const reason =
      endpoint.failureReason ??
      (endpoint.lastError && `${endpoint.lastError.code}: ${endpoint.lastError.message}`);
    const data = {
      endpointId: endpoint.id,
      state: endpoint.state,
      reason: reason ?? '',
      region: target.region ?? '<region>',
      vpcId: endpoint.vpcId,
      serviceName: endpoint.serviceName,
      subnetIds: endpoint.subnetIds.join(' ') || '<subnet-ids>',
    };
    const key = endpoint.state.toLowerCase();
    if (!Object.hasOwn(STATES, key)) return { status: 'unknown', message: 'unrecognized', data };

    const [status, message] = STATES[key as keyof typeof STATES];
    if (message === 'failed' && !reason) {
      return { status, message: 'failedWithoutReason', data };
    }

    return { status, message, data };
  },
});
