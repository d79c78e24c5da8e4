// Guide step 3: the endpoint must be created for the endpoint service name that the TiDB Cloud
// console shows for this cluster; an endpoint for another service reaches another cluster.
import { defineRule } from '../../src/engine/rule.js';

export default defineRule(import.meta.url, {
  title: {
    en: "The endpoint uses the cluster's endpoint service",
    ja: 'エンドポイントがクラスタのエンドポイントサービスを使っている',
  },
  severity: 'critical',
  needs: ['endpoint'],
  uses: ['tidbCloudService'],
  description: {
    en: "Compares the endpoint's service name with the cluster's: the one given with --service-name, or else the one the TiDB Cloud API reports with --tidb-cluster-id. When the service name was only read from the endpoint itself there is nothing to compare, and the rule says so.",
    ja: 'エンドポイントのサービス名をクラスタのサービス名と比べます。クラスタのサービス名は --service-name の値、なければ --tidb-cluster-id で TiDB Cloud API から得た値です。サービス名がエンドポイント自身から読んだものしかない場合は比べる相手がないため、その旨を示します。',
  },
  messages: {
    matches: {
      en: "Endpoint '{endpointId}' uses the cluster's service '{expected}'",
      ja: "エンドポイント '{endpointId}' はクラスタのサービス '{expected}' を使っています",
    },
    mismatch: {
      en: "Endpoint '{endpointId}' uses service '{actual}', but the cluster's service is '{expected}'",
      ja: "エンドポイント '{endpointId}' はサービス '{actual}' を使っていますが、クラスタのサービスは '{expected}' です",
    },
    notCompared: {
      en: "Endpoint '{endpointId}' uses service '{actual}'; no service name was given to compare it with",
      ja: "エンドポイント '{endpointId}' はサービス '{actual}' を使っています。比較するサービス名が指定されていません",
      remediation: {
        summary: {
          en: "To confirm that this is the cluster's endpoint, pass --service-name with the endpoint service name shown in the TiDB Cloud console, or --tidb-cluster-id.",
          ja: 'クラスタのエンドポイントであることを確かめるには、TiDB Cloud コンソールに表示されるエンドポイントサービス名を --service-name で、または --tidb-cluster-id を指定してください。',
        },
      },
    },
    noEndpoint: {
      en: 'There is no endpoint to look at',
      ja: '確認するエンドポイントがありません',
    },
  },
  remediation: {
    summary: {
      en: "An endpoint's service cannot be changed. If another endpoint in the VPC uses the right service, pass its id with --vpc-endpoint-id; otherwise create one for the cluster's service and give its id to TiDB Cloud.",
      ja: 'エンドポイントのサービスは変更できません。VPC 内に正しいサービスを使う別のエンドポイントがあれば、その ID を --vpc-endpoint-id で指定してください。なければクラスタのサービス向けに作成し、その ID を TiDB Cloud に登録してください。',
    },
    cli: [
      "aws ec2 describe-vpc-endpoints --filters Name=vpc-id,Values={vpcId} Name=service-name,Values={expected} --query 'VpcEndpoints[].[VpcEndpointId,State,PrivateDnsEnabled]' --output table",
      'aws ec2 create-vpc-endpoint --vpc-id {vpcId} --service-name {expected} --vpc-endpoint-type Interface --subnet-ids {subnetIds}',
    ],
    console: {
      en: [
        'In the TiDB Cloud console, open Project Settings > Network Access > Private Endpoint and note the endpoint service name of the cluster',
        "In the VPC console, choose Endpoints and look for an endpoint in VPC '{vpcId}' whose service name is '{expected}'",
        'If there is none, create one for that service with a subnet in each Availability Zone of the cluster',
      ],
      ja: [
        'TiDB Cloud コンソールで「プロジェクト設定」>「ネットワークアクセス」>「プライベートエンドポイント」を開き、クラスタのエンドポイントサービス名を確認します',
        "VPC コンソールの「エンドポイント」で、VPC '{vpcId}' 内のサービス名が '{expected}' のエンドポイントを探します",
        'なければ、そのサービス向けに、クラスタの各アベイラビリティーゾーンのサブネットを選んで作成します',
      ],
    },
  },
  evaluate({ endpoint, tidbCloudService }, target) {
    if (!endpoint) return { status: 'skip', message: 'noEndpoint' };

    const expected = target.serviceName ?? tidbCloudService?.serviceName;
    const data = {
      endpointId: endpoint.id,
      actual: endpoint.serviceName,
      expected: expected ?? '',
      vpcId: endpoint.vpcId,
      subnetIds: endpoint.subnetIds.join(' ') || '<subnet-ids>',
    };
    if (!expected) return { status: 'info', message: 'notCompared', data };
    if (expected.trim().toLowerCase() !== endpoint.serviceName.toLowerCase()) {
      return { status: 'fail', message: 'mismatch', data };
    }

    return { status: 'pass', message: 'matches', data };
  },
});
