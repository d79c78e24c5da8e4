// An interface endpoint receives traffic through one requester-managed network interface in
// each of its subnets; a missing interface, or one that is not in use, is a zone with no way in.
import { defineRule } from '../../src/engine/rule.js';

export default defineRule(import.meta.url, {
  title: {
    en: 'Each endpoint subnet has one endpoint network interface in use',
    ja: 'エンドポイントの各サブネットに使用中のネットワークインターフェイスが 1 つずつある',
  },
  severity: 'critical',
  needs: ['endpoint', 'networkInterfaces'],
  description: {
    en: "Looks up every network interface the endpoint lists: each must exist, be 'in-use', and sit in one of the endpoint's subnets, one per subnet.",
    ja: "エンドポイントが持つネットワークインターフェイスを調べます。どれも存在し、状態が 'in-use' で、エンドポイントのサブネットに 1 つずつ置かれている必要があります。",
  },
  messages: {
    healthy: {
      en: "Endpoint '{endpointId}' has {count} network interfaces in use, one in each of its subnets",
      ja: "エンドポイント '{endpointId}' には使用中のネットワークインターフェイスが {count} 個あり、各サブネットに 1 つずつあります",
    },
    missing: {
      en: "Network interface '{eniIds}' of endpoint '{endpointId}' was not found",
      ja: "エンドポイント '{endpointId}' のネットワークインターフェイス '{eniIds}' が見つかりません",
    },
    notInUse: {
      en: "Network interface '{eniId}' of endpoint '{endpointId}' is '{eniStatus}', not 'in-use'",
      ja: "エンドポイント '{endpointId}' のネットワークインターフェイス '{eniId}' の状態が 'in-use' ではなく '{eniStatus}' です",
    },
    subnetWithout: {
      en: "Subnet '{subnetIds}' of endpoint '{endpointId}' has no endpoint network interface: clients routed to that zone get no answer",
      ja: "エンドポイント '{endpointId}' のサブネット '{subnetIds}' にエンドポイントのネットワークインターフェイスがありません。そのゾーンに向かうクライアントには応答が返りません",
    },
    unexpected: {
      en: "Endpoint '{endpointId}' has interfaces that do not match its subnets one to one: '{details}'",
      ja: "エンドポイント '{endpointId}' のインターフェイスがサブネットと 1 対 1 に対応していません: '{details}'",
    },
    noInterfaces: {
      en: "Endpoint '{endpointId}' has no network interfaces",
      ja: "エンドポイント '{endpointId}' にネットワークインターフェイスがありません",
    },
    notAvailable: {
      en: "Endpoint '{endpointId}' is '{state}': it gets its network interfaces once it is available",
      ja: "エンドポイント '{endpointId}' は '{state}' です。使用可能になるとネットワークインターフェイスが作成されます",
    },
    noEndpoint: {
      en: 'There is no endpoint to look at',
      ja: '確認するエンドポイントがありません',
    },
  },
  remediation: {
    summary: {
      en: "Endpoint network interfaces are managed by AWS and cannot be repaired by hand. Remove the affected subnet from endpoint '{endpointId}' and add it again, which makes AWS create a new interface; if that does not help, create a new endpoint.",
      ja: "エンドポイントのネットワークインターフェイスは AWS が管理しており、手で修復できません。該当するサブネットをエンドポイント '{endpointId}' から外して追加し直すと、AWS が新しいインターフェイスを作成します。それでも直らなければ、エンドポイントを作り直してください。",
    },
    cli: [
      'aws ec2 describe-vpc-endpoints --vpc-endpoint-ids {endpointId} --query "VpcEndpoints[].[SubnetIds,NetworkInterfaceIds]"',
      'aws ec2 modify-vpc-endpoint --vpc-endpoint-id {endpointId} --remove-subnet-ids {subnetId}',
      'aws ec2 modify-vpc-endpoint --vpc-endpoint-id {endpointId} --add-subnet-ids {subnetId}',
    ],
    console: {
      en: [
        "Open the VPC console, choose Endpoints and select '{endpointId}'",
        'On the Subnets tab, compare the subnets with the network interfaces listed',
        "Choose Actions > Manage subnets, clear subnet '{subnetId}' and save; then add it back and save again",
      ],
      ja: [
        "VPC コンソールで「エンドポイント」を開き、'{endpointId}' を選びます",
        '「サブネット」タブで、サブネットとネットワークインターフェイスの対応を確認します',
        "「アクション」>「サブネットの管理」でサブネット '{subnetId}' のチェックを外して保存し、もう一度追加して保存します",
      ],
    },
  },
  evaluate({ endpoint, networkInterfaces }) {
    if (!endpoint) return { status: 'skip', message: 'noEndpoint' };

    const data = { endpointId: endpoint.id };
    const state = endpoint.state.toLowerCase();
    if (endpoint.networkInterfaceIds.length === 0) {
      if (state === 'available') return { status: 'fail', message: 'noInterfaces', data };

      return { status: 'skip', message: 'notAvailable', data: { ...data, state: endpoint.state } };
    }

    const enis = networkInterfaces.filter((eni) => endpoint.networkInterfaceIds.includes(eni.id));
    const missing = endpoint.networkInterfaceIds.filter((id) => !enis.some((eni) => eni.id === id));
    if (missing.length > 0) {
      return {
        status: 'fail',
        message: 'missing',
        data: { ...data, eniIds: missing.join("', '") },
      };
    }

    const idle = enis.find((eni) => eni.status.toLowerCase() !== 'in-use');
    if (idle) {
      const found = { ...data, eniId: idle.id, eniStatus: idle.status, subnetId: idle.subnetId };
      return { status: 'fail', message: 'notInUse', data: found };
    }

    const empty = endpoint.subnetIds.filter((id) => !enis.some((eni) => eni.subnetId === id));
    const [firstEmpty] = empty;
    if (firstEmpty) {
      const found = { ...data, subnetIds: empty.join("', '"), subnetId: firstEmpty };
      return { status: 'fail', message: 'subnetWithout', data: found };
    }

    const extra = enis.filter(
      (eni, index) =>
        !endpoint.subnetIds.includes(eni.subnetId) ||
        enis.findIndex((other) => other.subnetId === eni.subnetId) !== index,
    );
    const [firstExtra] = extra;
    if (firstExtra) {
      const details = extra.map((eni) => `${eni.id} in ${eni.subnetId}`).join("', '");
      const found = { ...data, details, subnetId: firstExtra.subnetId };
      return { status: 'warn', message: 'unexpected', data: found };
    }

    return { status: 'pass', message: 'healthy', data: { ...data, count: enis.length } };
  },
});
