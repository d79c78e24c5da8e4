// Only one endpoint in a VPC can hold a private DNS name: the one with private DNS enabled owns
// the name, and clients resolving it reach that endpoint's interfaces, not this one's.
import type { VpcEndpoint } from '../../src/engine/facts.js';
import { isSameDnsName } from '../../src/engine/dns-names.js';
import { defineRule } from '../../src/engine/rule.js';

// Endpoints in these states hold no addresses and no DNS names any more.
const GONE = ['deleted', 'rejected', 'failed', 'expired'];

export default defineRule(import.meta.url, {
  title: {
    en: "No other endpoint in the VPC claims the cluster's private DNS name",
    ja: 'VPC 内のほかのエンドポイントがクラスタのプライベート DNS 名を使っていない',
  },
  severity: 'critical',
  needs: ['endpoint', 'vpcEndpointsInVpc'],
  uses: ['endpointService'],
  description: {
    en: "Looks for other endpoints in the same VPC for the same endpoint service, or carrying the cluster's private DNS name. If one of them has private DNS enabled, the name resolves to that endpoint's addresses, whatever the state of the endpoint being checked.",
    ja: '同じ VPC 内で、同じエンドポイントサービスを使うか、クラスタのプライベート DNS 名を持つほかのエンドポイントを探します。そのいずれかでプライベート DNS が有効なら、確認中のエンドポイントの状態にかかわらず、名前はそちらのアドレスに解決されます。',
  },
  messages: {
    alone: {
      en: "Endpoint '{endpointId}' is the only endpoint for '{serviceName}' in VPC '{vpcId}'",
      ja: "エンドポイント '{endpointId}' は VPC '{vpcId}' で '{serviceName}' を使う唯一のエンドポイントです",
    },
    conflict: {
      en: "Endpoint '{otherIds}' in VPC '{vpcId}' also serves '{serviceName}' with private DNS enabled: the cluster's name resolves to its addresses, not to those of endpoint '{endpointId}'",
      ja: "VPC '{vpcId}' のエンドポイント '{otherIds}' も '{serviceName}' をプライベート DNS 有効で使っています。クラスタ名はエンドポイント '{endpointId}' ではなく、そちらのアドレスに解決されます",
    },
    duplicates: {
      en: "Endpoint '{otherIds}' in VPC '{vpcId}' also serves '{serviceName}' without private DNS: it does not take the name, but make sure the application uses endpoint '{endpointId}'",
      ja: "VPC '{vpcId}' のエンドポイント '{otherIds}' も '{serviceName}' をプライベート DNS なしで使っています。名前は奪いませんが、アプリケーションがエンドポイント '{endpointId}' を使っていることを確認してください",
    },
    noEndpoint: {
      en: 'There is no endpoint to look at',
      ja: '確認するエンドポイントがありません',
    },
  },
  remediation: {
    summary: {
      en: "Keep one endpoint per VPC for the cluster. Delete the extra endpoint, or turn its private DNS off and turn it on for endpoint '{endpointId}'.",
      ja: "クラスタ用のエンドポイントは VPC ごとに 1 つにしてください。余分なエンドポイントを削除するか、そのプライベート DNS を無効にしてエンドポイント '{endpointId}' で有効にしてください。",
    },
    cli: [
      'aws ec2 modify-vpc-endpoint --vpc-endpoint-id {otherId} --no-private-dns-enabled',
      'aws ec2 modify-vpc-endpoint --vpc-endpoint-id {endpointId} --private-dns-enabled',
      'aws ec2 delete-vpc-endpoints --vpc-endpoint-ids {otherId}',
    ],
    console: {
      en: [
        "Open the VPC console and choose Endpoints; filter on VPC '{vpcId}'",
        "Decide which endpoint the application should use; for '{otherId}', choose Actions > Modify private DNS name and clear the check box, or delete it",
        "Then enable private DNS on '{endpointId}' if it is not already",
      ],
      ja: [
        "VPC コンソールで「エンドポイント」を開き、VPC '{vpcId}' で絞り込みます",
        "アプリケーションが使うエンドポイントを決め、'{otherId}' は「アクション」>「プライベート DNS 名を変更」でチェックを外すか、削除します",
        "そのうえで、まだなら '{endpointId}' でプライベート DNS を有効にします",
      ],
    },
  },
  evaluate({ endpoint, vpcEndpointsInVpc, endpointService }, target) {
    if (!endpoint) return { status: 'skip', message: 'noEndpoint' };

    const names = [target.host, endpointService?.privateDnsName].filter((n) => n !== undefined);
    const others = vpcEndpointsInVpc.filter(
      (other) =>
        other.id !== endpoint.id &&
        !GONE.includes(other.state.toLowerCase()) &&
        (other.serviceName === endpoint.serviceName || carriesName(other, names)),
    );
    const data = {
      endpointId: endpoint.id,
      vpcId: endpoint.vpcId,
      serviceName: endpoint.serviceName,
    };
    const claiming = others.filter((other) => other.privateDnsEnabled);
    const shown = claiming.length > 0 ? claiming : others;
    const [first] = shown;
    if (!first) return { status: 'pass', message: 'alone', data };

    const found = { ...data, otherIds: shown.map((o) => o.id).join("', '"), otherId: first.id };
    if (claiming.length > 0) return { status: 'fail', message: 'conflict', data: found };

    return { status: 'info', message: 'duplicates', data: found };
  },
});

function carriesName(endpoint: VpcEndpoint, names: readonly string[]): boolean {
  return endpoint.dnsEntries.some((entry) =>
    names.some((name) => isSameDnsName(entry.dnsName, name)),
  );
}
