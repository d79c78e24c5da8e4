// Guide step 3: TiDB Cloud's endpoint service is reached through an endpoint of type Interface;
// the other endpoint types serve other kinds of service and cannot carry the connection.
import { defineRule } from '../../src/engine/rule.js';

const OTHER_TYPES = {
  gateway: 'gateway',
  gatewayloadbalancer: 'gatewayLoadBalancer',
  resource: 'resource',
  servicenetwork: 'serviceNetwork',
} as const;

export default defineRule(import.meta.url, {
  title: {
    en: 'The endpoint is an interface endpoint',
    ja: 'エンドポイントがインターフェイスエンドポイントである',
  },
  severity: 'critical',
  needs: ['endpoint'],
  description: {
    en: "Looks at the endpoint's VpcEndpointType, compared without regard to case. Only an Interface endpoint gets network interfaces in the VPC that can carry TCP to the cluster.",
    ja: 'エンドポイントの VpcEndpointType を大文字小文字を区別せずに確認します。クラスタへの TCP を運べるネットワークインターフェイスを VPC 内に持つのは Interface タイプだけです。',
  },
  messages: {
    interface: {
      en: "Endpoint '{endpointId}' is of type 'Interface'",
      ja: "エンドポイント '{endpointId}' のタイプは 'Interface' です",
    },
    gateway: {
      en: "Endpoint '{endpointId}' is of type '{type}': gateway endpoints only route to Amazon S3 and DynamoDB",
      ja: "エンドポイント '{endpointId}' のタイプは '{type}' です: ゲートウェイエンドポイントは Amazon S3 と DynamoDB へのルーティング専用です",
    },
    gatewayLoadBalancer: {
      en: "Endpoint '{endpointId}' is of type '{type}': it sends traffic to network appliances, not to an endpoint service",
      ja: "エンドポイント '{endpointId}' のタイプは '{type}' です: ネットワークアプライアンスへトラフィックを送るもので、エンドポイントサービスには接続できません",
    },
    resource: {
      en: "Endpoint '{endpointId}' is of type '{type}': it reaches a VPC Lattice resource, not an endpoint service",
      ja: "エンドポイント '{endpointId}' のタイプは '{type}' です: VPC Lattice のリソースに接続するもので、エンドポイントサービスには接続できません",
    },
    serviceNetwork: {
      en: "Endpoint '{endpointId}' is of type '{type}': it reaches a VPC Lattice service network, not an endpoint service",
      ja: "エンドポイント '{endpointId}' のタイプは '{type}' です: VPC Lattice のサービスネットワークに接続するもので、エンドポイントサービスには接続できません",
    },
    typeMissing: {
      en: "EC2 did not say which type endpoint '{endpointId}' is",
      ja: "EC2 はエンドポイント '{endpointId}' のタイプを返しませんでした",
      remediation: {
        summary: {
          en: "Look at the endpoint's type with the command below; only Interface endpoints can reach the cluster.",
          ja: '次のコマンドでエンドポイントのタイプを確認してください。クラスタに接続できるのは Interface タイプだけです。',
        },
        cli: [
          "aws ec2 describe-vpc-endpoints --vpc-endpoint-ids {endpointId} --query 'VpcEndpoints[0].VpcEndpointType' --output text",
        ],
      },
    },
    other: {
      en: "Endpoint '{endpointId}' is of type '{type}', not 'Interface'",
      ja: "エンドポイント '{endpointId}' のタイプは 'Interface' ではなく '{type}' です",
    },
    noEndpoint: {
      en: 'There is no endpoint to look at',
      ja: '確認するエンドポイントがありません',
    },
  },
  remediation: {
    summary: {
      en: "The type of an endpoint cannot be changed: create an Interface endpoint for the cluster's endpoint service and give its id to TiDB Cloud.",
      ja: 'エンドポイントのタイプは変更できません。クラスタのエンドポイントサービス向けに Interface タイプのエンドポイントを作成し、その ID を TiDB Cloud に登録してください。',
    },
    cli: [
      'aws ec2 create-vpc-endpoint --vpc-id {vpcId} --service-name {serviceName} --vpc-endpoint-type Interface --subnet-ids {subnetIds}',
    ],
    console: {
      en: [
        'In the VPC console, choose Endpoints > Create endpoint',
        'Select the type for endpoint services shared by other accounts, paste the service name from the TiDB Cloud console and verify it',
        "Choose VPC '{vpcId}' and a subnet in each Availability Zone of the cluster, then create the endpoint",
      ],
      ja: [
        'VPC コンソールで「エンドポイント」>「エンドポイントを作成」を選びます',
        '他のアカウントが共有するエンドポイントサービスの種類を選び、TiDB Cloud コンソールのサービス名を貼り付けて確認します',
        "VPC '{vpcId}' とクラスタの各アベイラビリティーゾーンのサブネットを選び、エンドポイントを作成します",
      ],
    },
  },
  evaluate({ endpoint }) {
    if (!endpoint) return { status: 'skip', message: 'noEndpoint' };

    const data = {
      endpointId: endpoint.id,
      type: endpoint.type,
      vpcId: endpoint.vpcId,
      serviceName: endpoint.serviceName,
      subnetIds: endpoint.subnetIds.join(' ') || '<subnet-ids>',
    };
    const type = endpoint.type.toLowerCase();
    if (type === 'interface') return { status: 'pass', message: 'interface', data };
    if (type === '') return { status: 'unknown', message: 'typeMissing', data };

    const message = Object.hasOwn(OTHER_TYPES, type)
      ? OTHER_TYPES[type as keyof typeof OTHER_TYPES]
      : 'other';

    return { status: 'fail', message, data };
  },
});
