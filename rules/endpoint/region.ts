// Guide, limitations and step 2: the private endpoint and the cluster must be in the same
// region; TiDB Cloud does not support cross-region private endpoints.
import { defineRule } from '../../src/engine/rule.js';

// `com.amazonaws.vpce.<region>.vpce-svc-…` for endpoint services, `com.amazonaws.<region>.<name>`
// for AWS services.
const SERVICE_REGION = /^com\.amazonaws\.(?:vpce\.)?([a-z]{2}(?:-[a-z]+)+-\d+)\./;

export default defineRule(import.meta.url, {
  title: {
    en: 'The endpoint and the cluster are in the same region',
    ja: 'エンドポイントとクラスタが同じリージョンにある',
  },
  severity: 'critical',
  needs: ['endpoint'],
  uses: ['endpointService'],
  description: {
    en: "Compares the region the endpoint was found in with the endpoint service's region, taken from the service (ServiceRegion) or else from its name (com.amazonaws.vpce.<region>.vpce-svc-…). TiDB Cloud does not support private endpoints in another region than the cluster.",
    ja: 'エンドポイントが見つかったリージョンと、エンドポイントサービスのリージョンを比べます。サービスのリージョンはサービスの ServiceRegion、なければサービス名 (com.amazonaws.vpce.<region>.vpce-svc-…) から取ります。TiDB Cloud はクラスタと異なるリージョンのプライベートエンドポイントに対応していません。',
  },
  messages: {
    sameRegion: {
      en: "Endpoint '{endpointId}' and service '{serviceName}' are both in region '{endpointRegion}'",
      ja: "エンドポイント '{endpointId}' とサービス '{serviceName}' はどちらもリージョン '{endpointRegion}' にあります",
    },
    crossRegion: {
      en: "Endpoint '{endpointId}' is in region '{endpointRegion}' but service '{serviceName}' is in region '{serviceRegion}'",
      ja: "エンドポイント '{endpointId}' はリージョン '{endpointRegion}' にありますが、サービス '{serviceName}' はリージョン '{serviceRegion}' にあります",
    },
    undecided: {
      en: "The regions of endpoint '{endpointId}' ('{endpointRegion}') and service '{serviceName}' ('{serviceRegion}') could not both be told",
      ja: "エンドポイント '{endpointId}' ('{endpointRegion}') とサービス '{serviceName}' ('{serviceRegion}') のリージョンを両方とも特定できません",
      remediation: {
        summary: {
          en: 'Pass --region with the region of the application, and --service-name with the full service name from the TiDB Cloud console.',
          ja: '--region にアプリケーションのリージョンを、--service-name に TiDB Cloud コンソールのサービス名全体を指定してください。',
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
      en: "Create the endpoint in region '{serviceRegion}', in a VPC there, and register it with TiDB Cloud. An application in another region has to reach that VPC first (for example through VPC peering or Transit Gateway), or use a cluster in its own region.",
      ja: "リージョン '{serviceRegion}' の VPC にエンドポイントを作成し、TiDB Cloud に登録してください。別リージョンのアプリケーションは、VPC ピアリングや Transit Gateway などでまずその VPC に到達するか、同じリージョンのクラスタを使う必要があります。",
    },
    cli: [
      'aws ec2 create-vpc-endpoint --vpc-id <vpc-id-in-{serviceRegion}> --region {serviceRegion} --service-name {serviceName} --vpc-endpoint-type Interface --subnet-ids <subnet-ids>',
    ],
    console: {
      en: [
        "Switch the AWS console to region '{serviceRegion}' and open the VPC console",
        'Choose Endpoints > Create endpoint and create an interface endpoint for the service in a VPC of that region',
        'Give the new endpoint id to TiDB Cloud on the private endpoint page',
      ],
      ja: [
        "AWS コンソールをリージョン '{serviceRegion}' に切り替えて VPC コンソールを開きます",
        '「エンドポイント」>「エンドポイントを作成」で、そのリージョンの VPC にサービス向けのインターフェイスエンドポイントを作成します',
        '新しいエンドポイント ID をプライベートエンドポイントのページで TiDB Cloud に登録します',
      ],
    },
  },
  evaluate({ endpoint, endpointService }, target) {
    if (!endpoint) return { status: 'skip', message: 'noEndpoint' };

    const endpointRegion = target.region;
    const serviceRegion =
      endpoint.serviceRegion ??
      endpointService?.serviceRegion ??
      SERVICE_REGION.exec(endpoint.serviceName)?.[1];
    const data = {
      endpointId: endpoint.id,
      serviceName: endpoint.serviceName,
      endpointRegion: endpointRegion ?? 'unknown',
      serviceRegion: serviceRegion ?? 'unknown',
    };
    if (!endpointRegion || !serviceRegion) {
      return { status: 'unknown', message: 'undecided', data };
    }
    if (endpointRegion !== serviceRegion) return { status: 'fail', message: 'crossRegion', data };

    return { status: 'pass', message: 'sameRegion', data };
  },
});
