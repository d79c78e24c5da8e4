// Guide step 3: the application's VPC needs an interface endpoint for the cluster's endpoint
// service before anything else can work.
import type { EndpointDiscovery } from '../../src/engine/facts.js';
import { defineRule } from '../../src/engine/rule.js';

const LIST_ENDPOINTS =
  "aws ec2 describe-vpc-endpoints --region {region} --filters Name=vpc-endpoint-type,Values=Interface --query 'VpcEndpoints[].[VpcEndpointId,VpcId,ServiceName,State,PrivateDnsEnabled]' --output table";

const PICKED = { host: 'picked', state: 'pickedLive', 'private-dns': 'pickedPrivateDns' } as const;

export default defineRule(import.meta.url, {
  title: {
    en: 'The interface endpoint exists',
    ja: 'インターフェイスエンドポイントが存在する',
  },
  severity: 'critical',
  needs: ['endpoint'],
  uses: ['endpointDiscovery', 'identity', 'clientInstance'],
  description: {
    en: "Looks for the endpoint named with --vpc-endpoint-id, or else for the endpoints in the client's VPC that use the cluster's endpoint service or carry a TiDB Cloud private DNS name. When several match, the one whose DNS entries carry the host name is taken, else the only one not rejected, failed, expired or deleted, else (without --host) the only one with private DNS enabled; several matches without a way to choose fail, because every later check would judge an arbitrary endpoint.",
    ja: '--vpc-endpoint-id で指定したエンドポイントを探します。指定がなければ、クライアントの VPC 内でクラスタのエンドポイントサービスを使うエンドポイント、または TiDB Cloud のプライベート DNS 名を持つエンドポイントを探します。複数が一致した場合は DNS エントリにホスト名を持つものを採用し、なければ拒否・失敗・期限切れ・削除のいずれでもない唯一のもの、さらに (--host がなければ) プライベート DNS が有効な唯一のものを採用します。それでも選べない場合は、以降のチェックが任意のエンドポイントを判定することになるため失敗とします。',
  },
  messages: {
    foundById: {
      en: "Endpoint '{endpointId}' exists in VPC '{vpcId}'",
      ja: "エンドポイント '{endpointId}' は VPC '{vpcId}' に存在します",
    },
    discovered: {
      en: "Endpoint '{endpointId}' was found in VPC '{vpcId}'",
      ja: "VPC '{vpcId}' でエンドポイント '{endpointId}' が見つかりました",
    },
    picked: {
      en: "Endpoint '{endpointId}' was chosen, by its host name, from {count} matching endpoints: {candidates}",
      ja: "一致する {count} 個のエンドポイント ({candidates}) から、ホスト名によって '{endpointId}' を選びました",
      remediation: {
        summary: {
          en: 'The endpoint that carries the host name is the one the application reaches. To check another one, or to make scheduled runs independent of DNS entries, pass --vpc-endpoint-id.',
          ja: 'ホスト名を持つエンドポイントがアプリケーションの接続先です。別のエンドポイントを確認する場合や、定期実行を DNS エントリに左右されないようにする場合は --vpc-endpoint-id を指定してください。',
        },
        cli: [LIST_ENDPOINTS],
      },
    },
    pickedLive: {
      en: "Endpoint '{endpointId}' was chosen from {count} matching endpoints ({candidates}) as the only one not rejected, failed, expired or deleted",
      ja: "一致する {count} 個のエンドポイント ({candidates}) のうち、拒否・失敗・期限切れ・削除のいずれでもない唯一のエンドポイントとして '{endpointId}' を選びました",
      remediation: {
        summary: {
          en: 'The others can no longer carry traffic: delete them to keep the VPC tidy, or pass --vpc-endpoint-id to check one of them.',
          ja: 'ほかのエンドポイントはもうトラフィックを運べません。整理のために削除するか、そのいずれかを確認する場合は --vpc-endpoint-id を指定してください。',
        },
        cli: [LIST_ENDPOINTS],
      },
    },
    pickedPrivateDns: {
      en: "Endpoint '{endpointId}' was chosen from {count} matching endpoints ({candidates}) as the only one with private DNS enabled, which the cluster's name leads to",
      ja: "一致する {count} 個のエンドポイント ({candidates}) のうち、クラスタの名前が指す、プライベート DNS が有効な唯一のエンドポイントとして '{endpointId}' を選びました",
      remediation: {
        summary: {
          en: 'An application that connects through another endpoint by its own vpce- name is not judged here: pass --vpc-endpoint-id or --host to check that one.',
          ja: '別のエンドポイントに固有の vpce- 名で接続するアプリケーションはここでは判定されません。そちらを確認する場合は --vpc-endpoint-id または --host を指定してください。',
        },
        cli: [LIST_ENDPOINTS],
      },
    },
    notFoundById: {
      en: "Endpoint '{endpointId}' does not exist in region '{region}'",
      ja: "エンドポイント '{endpointId}' はリージョン '{region}' に存在しません",
      remediation: {
        summary: {
          en: 'Check the endpoint id and the region: list the interface endpoints of the region and pass the right id, or create the endpoint if it was deleted.',
          ja: 'エンドポイント ID とリージョンを確認してください。リージョン内のインターフェイスエンドポイントを一覧し、正しい ID を指定するか、削除済みであればエンドポイントを作成し直してください。',
        },
        cli: [LIST_ENDPOINTS],
      },
    },
    ambiguous: {
      en: '{count} endpoints match and none can be chosen: {candidates}',
      ja: '{count} 個のエンドポイントが一致し、どれを判定すべきか決められません: {candidates}',
      remediation: {
        summary: {
          en: 'Pass --vpc-endpoint-id with the endpoint the application uses, or --host with the host name from the TiDB Cloud Connect dialog.',
          ja: 'アプリケーションが使うエンドポイントを --vpc-endpoint-id で指定するか、TiDB Cloud の接続ダイアログに表示されるホスト名を --host で指定してください。',
        },
        cli: [LIST_ENDPOINTS],
      },
    },
    notSearched: {
      en: "No endpoint was named and none could be searched for in region '{region}': the client's VPC and the service name are both unknown",
      ja: "エンドポイントが指定されておらず、リージョン '{region}' で探すこともできません: クライアントの VPC もサービス名も不明です",
      remediation: {
        summary: {
          en: "Pass --vpc-endpoint-id, or run on the application's EC2 host (or pass --instance-id) together with --service-name from the TiDB Cloud console.",
          ja: '--vpc-endpoint-id を指定するか、アプリケーションの EC2 ホスト上で実行 (または --instance-id を指定) し、TiDB Cloud コンソールのサービス名を --service-name で指定してください。',
        },
        cli: [LIST_ENDPOINTS],
      },
    },
    noneForService: {
      en: "No endpoint for service '{serviceName}' was found in '{scope}'",
      ja: "'{scope}' にサービス '{serviceName}' のエンドポイントが見つかりません",
    },
    noneWithTidbName: {
      en: "No endpoint with a TiDB Cloud private DNS name was found in '{scope}'",
      ja: "'{scope}' に TiDB Cloud のプライベート DNS 名を持つエンドポイントが見つかりません",
    },
  },
  remediation: {
    summary: {
      en: "Create an interface endpoint for the cluster's endpoint service in the application's VPC, with a subnet in each Availability Zone of the cluster, then give its id to TiDB Cloud.",
      ja: 'アプリケーションの VPC に、クラスタのエンドポイントサービス向けのインターフェイスエンドポイントを作成し (クラスタのアベイラビリティーゾーンごとにサブネットを 1 つ)、その ID を TiDB Cloud に登録してください。',
    },
    cli: [
      'aws ec2 create-vpc-endpoint --vpc-id {vpcId} --region {region} --service-name {serviceName} --vpc-endpoint-type Interface --subnet-ids {subnetIds}',
    ],
    console: {
      en: [
        'In the TiDB Cloud console, open Project Settings > Network Access > Private Endpoint, choose to create an AWS private endpoint for the cluster, and copy the endpoint service name',
        'In the VPC console, choose Endpoints > Create endpoint, select the type for endpoint services shared by other accounts, paste the service name and verify it',
        "Choose VPC '{vpcId}', a subnet in each Availability Zone the cluster uses, and a security group that admits TCP on the cluster's port from the application",
        'Create the endpoint, then enter its id on the TiDB Cloud private endpoint page',
      ],
      ja: [
        'TiDB Cloud コンソールで「プロジェクト設定」>「ネットワークアクセス」>「プライベートエンドポイント」を開き、クラスタ用の AWS プライベートエンドポイントの作成を選んで、エンドポイントサービス名を控えます',
        'VPC コンソールで「エンドポイント」>「エンドポイントを作成」を選び、他のアカウントが共有するエンドポイントサービスの種類を選んでサービス名を貼り付け、確認します',
        "VPC '{vpcId}' と、クラスタが使う各アベイラビリティーゾーンのサブネット、アプリケーションからクラスタのポートへの TCP を許可するセキュリティグループを選びます",
        'エンドポイントを作成し、その ID を TiDB Cloud のプライベートエンドポイントのページに入力します',
      ],
    },
  },
  limitations: [
    {
      en: "Discovery searches only the client's VPC (the whole region when the client is not known): an application that reaches an endpoint in another VPC, over peering or a Transit Gateway, needs --vpc-endpoint-id.",
      ja: '探索の対象はクライアントの VPC だけです (クライアントが不明な場合はリージョン全体)。ピアリングや Transit Gateway 経由で別の VPC のエンドポイントに接続するアプリケーションには --vpc-endpoint-id が必要です。',
    },
    {
      en: 'Without --service-name, an endpoint whose private DNS is off is recognised by asking its endpoint service for its private DNS name; at most 25 services of the VPC are asked, so in a VPC with more, pass --service-name or --vpc-endpoint-id.',
      ja: '--service-name がない場合、プライベート DNS が無効なエンドポイントは、そのエンドポイントサービスにプライベート DNS 名を問い合わせて見分けます。問い合わせるのは VPC 内の 25 サービスまでなので、それより多い VPC では --service-name か --vpc-endpoint-id を指定してください。',
    },
  ],
  evaluate({ endpoint, endpointDiscovery, identity, clientInstance }, target) {
    const discovery: EndpointDiscovery = endpointDiscovery ?? {
      method: target.vpcEndpointId ? 'id' : 'none',
      candidates: [],
    };
    const count = discovery.candidates.length;
    const candidates = discovery.candidates.map((id) => `'${id}'`).join(', ');
    const region = target.region ?? 'unknown';

    if (endpoint) {
      const data = { endpointId: endpoint.id, vpcId: endpoint.vpcId, region, count, candidates };
      if (discovery.method === 'id') return { status: 'pass', message: 'foundById', data };
      if (count > 1) return { status: 'info', message: PICKED[discovery.chosenBy ?? 'host'], data };

      return { status: 'pass', message: 'discovered', data };
    }

    // Without a VPC the search covered the whole region; the client's VPC still suits the fix.
    const vpcId = discovery.vpcId ?? clientInstance?.vpcId ?? identity?.vpcId;
    const data = {
      endpointId: target.vpcEndpointId ?? discovery.candidates[0] ?? 'unknown',
      region,
      count,
      candidates,
      scope: discovery.vpcId ?? region,
      vpcId: vpcId ?? '<vpc-id>',
      serviceName: target.serviceName ?? '<service-name>',
      subnetIds: clientInstance?.subnetId ?? identity?.subnetId ?? '<subnet-ids>',
    };
    if (discovery.method === 'id') return { status: 'fail', message: 'notFoundById', data };
    if (count > 1) return { status: 'fail', message: 'ambiguous', data };
    if (discovery.method === 'none') return { status: 'unknown', message: 'notSearched', data };
    if (discovery.method === 'service-name') {
      return { status: 'fail', message: 'noneForService', data };
    }

    return { status: 'fail', message: 'noneWithTidbName', data };
  },
});
