// PrivateLink private DNS: the endpoint's hidden private hosted zone answers only inside the
// endpoint's own VPC, so a client in a peered VPC, behind a Transit Gateway or on premises does
// not get the endpoint's addresses for the cluster's name.
import {
  CLIENT_UNDESCRIBED,
  NO_CLIENT_HOST,
  isClientUndescribed,
  undescribedData,
} from '../../src/engine/client-host.js';
import { defineRule } from '../../src/engine/rule.js';

export default defineRule(import.meta.url, {
  title: {
    en: "The client host is in the endpoint's VPC",
    ja: 'クライアントホストがエンドポイントと同じ VPC にある',
  },
  severity: 'warning',
  needs: ['endpoint'],
  uses: ['clientInstance', 'identity'],
  description: {
    en: "Compares the client host's VPC (from EC2, else from instance metadata) with the endpoint's VPC. Private DNS for an endpoint works only inside the endpoint's VPC; a client reaching it over peering, a Transit Gateway or a VPN needs its own way to resolve the cluster's name.",
    ja: 'クライアントホストの VPC (EC2 の情報、なければインスタンスメタデータ) とエンドポイントの VPC を比べます。エンドポイントのプライベート DNS はエンドポイントの VPC 内でしか効きません。ピアリング、Transit Gateway、VPN 経由のクライアントには、クラスタ名を解決する別の仕組みが必要です。',
  },
  messages: {
    sameVpc: {
      en: "Client '{clientId}' is in VPC '{vpcId}', the same VPC as endpoint '{endpointId}'",
      ja: "クライアント '{clientId}' はエンドポイント '{endpointId}' と同じ VPC '{vpcId}' にあります",
    },
    otherVpc: {
      en: "Client '{clientId}' is in VPC '{clientVpcId}' but endpoint '{endpointId}' is in VPC '{vpcId}': the endpoint's private DNS name does not resolve to the endpoint from there",
      ja: "クライアント '{clientId}' は VPC '{clientVpcId}' にありますが、エンドポイント '{endpointId}' は VPC '{vpcId}' にあります。そこではエンドポイントのプライベート DNS 名がエンドポイントのアドレスに解決されません",
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
      en: "Give the client's VPC its own way to the cluster: create an interface endpoint for the same service in the client's VPC (and register it in TiDB Cloud), or keep this endpoint and make the name resolve in the client's VPC with a private hosted zone for '{host}' that points at the endpoint, or, for on-premises clients, forward '{host}' to a Route 53 Resolver inbound endpoint in VPC '{vpcId}'.",
      ja: "クライアントの VPC からクラスタに届く経路を用意してください。クライアントの VPC に同じサービスのインターフェイスエンドポイントを作成して TiDB Cloud に登録するか、このエンドポイントを使い続ける場合は '{host}' のプライベートホストゾーンを作ってエンドポイントを指すレコードを置き、クライアントの VPC に関連付けます。オンプレミスのクライアントは、VPC '{vpcId}' の Route 53 Resolver インバウンドエンドポイントへ '{host}' を転送します。",
    },
    cli: [
      'aws ec2 create-vpc-endpoint --region {region} --vpc-id {clientVpcId} --vpc-endpoint-type Interface --service-name {serviceName} --subnet-ids {clientSubnetId} --security-group-ids {securityGroupId}',
      'aws route53 create-hosted-zone --name {host} --caller-reference tidb-pe-{clientVpcId} --vpc VPCRegion={region},VPCId={clientVpcId}',
      'aws route53 change-resource-record-sets --hosted-zone-id {newHostedZoneId} --change-batch \'{"Changes":[{"Action":"CREATE","ResourceRecordSet":{"Name":"{host}","Type":"A","AliasTarget":{"HostedZoneId":"{endpointHostedZoneId}","DNSName":"{endpointDnsName}","EvaluateTargetHealth":false}}}]}\'',
    ],
    console: {
      en: [
        "Either: in the VPC console, create an endpoint for service '{serviceName}' in VPC '{clientVpcId}', then add its id in the TiDB Cloud console under Network Access > Private Endpoint",
        "Or: in the Route 53 console, create a private hosted zone named '{host}' associated with VPC '{clientVpcId}', and add an alias A record for '{host}' to the endpoint's regional DNS name '{endpointDnsName}'",
        "For on-premises clients: in the Route 53 Resolver console, create an inbound endpoint in VPC '{vpcId}' and have the on-premises DNS servers forward '{host}' to its addresses",
      ],
      ja: [
        "方法 1: VPC コンソールで VPC '{clientVpcId}' にサービス '{serviceName}' のエンドポイントを作成し、その ID を TiDB Cloud コンソールの「ネットワークアクセス」>「プライベートエンドポイント」で追加します",
        "方法 2: Route 53 コンソールで '{host}' という名前のプライベートホストゾーンを VPC '{clientVpcId}' に関連付けて作成し、'{host}' のエイリアス A レコードをエンドポイントのリージョン DNS 名 '{endpointDnsName}' に向けます",
        "オンプレミスのクライアント: Route 53 Resolver コンソールで VPC '{vpcId}' にインバウンドエンドポイントを作成し、オンプレミスの DNS サーバーから '{host}' をそのアドレスへ転送します",
      ],
    },
  },
  evaluate({ endpoint, clientInstance, identity }, target) {
    if (!endpoint) return { status: 'skip', message: 'noEndpoint' };

    if (isClientUndescribed(target, clientInstance, identity)) {
      return { status: 'unknown', message: 'clientUndescribed', data: undescribedData(target) };
    }

    const clientVpcId = clientInstance?.vpcId ?? identity?.vpcId;
    const clientId = clientInstance?.id ?? identity?.instanceId;
    if (!clientVpcId || !clientId) return { status: 'skip', message: 'noClient' };

    const data = { clientId, clientVpcId, vpcId: endpoint.vpcId, endpointId: endpoint.id };
    if (clientVpcId === endpoint.vpcId) return { status: 'pass', message: 'sameVpc', data };

    const regional = endpoint.dnsEntries[0];
    const clientSubnetId = clientInstance?.subnetId ?? identity?.subnetId;

    // Values that are not known stay as {placeholders} in the commands for the user to fill.
    return {
      status: 'warn',
      message: 'otherVpc',
      data: {
        ...data,
        serviceName: endpoint.serviceName,
        ...(target.region && { region: target.region }),
        ...(target.host && { host: target.host }),
        ...(clientSubnetId && { clientSubnetId }),
        ...(regional && { endpointDnsName: regional.dnsName }),
        ...(regional?.hostedZoneId && { endpointHostedZoneId: regional.hostedZoneId }),
      },
    };
  },
});
