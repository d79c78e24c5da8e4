// Network ACLs are stateless and checked at every subnet boundary: the request needs the port
// allowed out of the client's subnet and into the endpoint's, and the replies need the client's
// ephemeral ports allowed out of the endpoint's subnet and back into the client's.
import type { NetworkAcl } from '../../src/engine/facts.js';
import type { NaclFinding, NaclHop } from '../../src/engine/network-acls.js';
import { familyOf } from '../../src/engine/address.js';
import {
  CLIENT_UNDESCRIBED,
  isClientUndescribed,
  undescribedData,
} from '../../src/engine/client-host.js';
import {
  CATCH_ALL_RULE,
  checkTcpPath,
  formatPorts,
  freeRuleNumberBelow,
} from '../../src/engine/network-acls.js';
import { defineRule } from '../../src/engine/rule.js';

const BLOCKED = {
  clientEgress: 'clientEgressBlocked',
  endpointIngress: 'endpointIngressBlocked',
  endpointEgress: 'endpointEgressBlocked',
  clientIngress: 'clientIngressBlocked',
} as const;

export default defineRule(import.meta.url, {
  title: {
    en: 'Network ACLs let the connection and its replies through',
    ja: 'ネットワーク ACL が接続とその応答を通す',
  },
  severity: 'critical',
  needs: ['endpoint', 'networkAcls', 'networkInterfaces'],
  uses: ['clientInstance', 'identity'],
  description: {
    en: "Evaluates the network ACLs of the client's subnet and of each endpoint subnet the way AWS does: entries in ascending rule number, the first match decides, no memory of connections. The port must be allowed towards the endpoint, and ports 1024-65535 must be allowed for the replies.",
    ja: 'クライアントのサブネットと各エンドポイントサブネットのネットワーク ACL を AWS と同じ方法で評価します。エントリはルール番号の昇順に読まれ、最初に一致したものが決め、接続の状態は記憶されません。エンドポイントへ向かうポートと、応答用のポート 1024-65535 の両方が許可されている必要があります。',
  },
  messages: {
    allowed: {
      en: "Network ACLs '{aclIds}' allow TCP {port} from '{clientIp}' to the endpoint and the replies on ports 1024-65535",
      ja: "ネットワーク ACL '{aclIds}' は '{clientIp}' からエンドポイントへの TCP {port} と、ポート 1024-65535 の応答を許可しています",
    },
    allowedEndpointSide: {
      en: "Network ACLs '{aclIds}' of the endpoint subnets allow TCP {port} from '{clientIp}' and the replies; the client's subnet is outside VPC '{vpcId}' and was not checked",
      ja: "エンドポイントサブネットのネットワーク ACL '{aclIds}' は '{clientIp}' からの TCP {port} と応答を許可しています。クライアントのサブネットは VPC '{vpcId}' の外にあるため確認していません",
    },
    sameSubnet: {
      en: "Client '{clientIp}' shares subnet '{subnetId}' with every endpoint interface: network ACLs do not filter traffic inside a subnet",
      ja: "クライアント '{clientIp}' はすべてのエンドポイントインターフェイスと同じサブネット '{subnetId}' にあります。サブネット内の通信はネットワーク ACL で制限されません",
    },
    clientEgressBlocked: {
      en: "Network ACL '{aclId}' of client subnet '{subnetId}' denies outbound TCP {ports} to endpoint address '{peer}' (rule {rule})",
      ja: "クライアントサブネット '{subnetId}' のネットワーク ACL '{aclId}' が、エンドポイントアドレス '{peer}' への送信 TCP {ports} を拒否しています (ルール {rule})",
    },
    endpointIngressBlocked: {
      en: "Network ACL '{aclId}' of endpoint subnet '{subnetId}' denies inbound TCP {ports} from client '{peer}' (rule {rule})",
      ja: "エンドポイントサブネット '{subnetId}' のネットワーク ACL '{aclId}' が、クライアント '{peer}' からの受信 TCP {ports} を拒否しています (ルール {rule})",
    },
    endpointEgressBlocked: {
      en: "Network ACL '{aclId}' of endpoint subnet '{subnetId}' denies the replies to client '{peer}' on ports {ports} (rule {rule}): network ACLs are stateless, so replies need their own outbound entry",
      ja: "エンドポイントサブネット '{subnetId}' のネットワーク ACL '{aclId}' が、クライアント '{peer}' へのポート {ports} の応答を拒否しています (ルール {rule})。ネットワーク ACL はステートレスなので、応答にも送信エントリが必要です",
    },
    clientIngressBlocked: {
      en: "Network ACL '{aclId}' of client subnet '{subnetId}' denies the replies from endpoint address '{peer}' on ports {ports} (rule {rule}): network ACLs are stateless, so replies need their own inbound entry",
      ja: "クライアントサブネット '{subnetId}' のネットワーク ACL '{aclId}' が、エンドポイントアドレス '{peer}' からのポート {ports} の応答を拒否しています (ルール {rule})。ネットワーク ACL はステートレスなので、応答にも受信エントリが必要です",
    },
    endpointEgressNarrow: {
      en: "Network ACL '{aclId}' of endpoint subnet '{subnetId}' lets replies to client '{peer}' out only on ports {allowedPorts} (rule {rule} denies the rest of 1024-65535): connections from other source ports get no answer",
      ja: "エンドポイントサブネット '{subnetId}' のネットワーク ACL '{aclId}' は、クライアント '{peer}' への応答をポート {allowedPorts} でしか通しません (1024-65535 の残りはルール {rule} が拒否)。ほかの送信元ポートからの接続には応答が返りません",
    },
    clientIngressNarrow: {
      en: "Network ACL '{aclId}' of client subnet '{subnetId}' lets replies from endpoint address '{peer}' in only on ports {allowedPorts} (rule {rule} denies the rest of 1024-65535): connections from other source ports get no answer",
      ja: "クライアントサブネット '{subnetId}' のネットワーク ACL '{aclId}' は、エンドポイントアドレス '{peer}' からの応答をポート {allowedPorts} でしか通しません (1024-65535 の残りはルール {rule} が拒否)。ほかの送信元ポートからの接続には応答が返りません",
    },
    aclMissing: {
      en: "No network ACL in the collected facts is associated with subnet '{subnetId}'",
      ja: "収集した情報の中に、サブネット '{subnetId}' に関連付けられたネットワーク ACL がありません",
    },
    noInterfaces: {
      en: "None of the network interfaces of endpoint '{endpointId}' was found, so there are no addresses to check",
      ja: "エンドポイント '{endpointId}' のネットワークインターフェイスが見つからないため、確認するアドレスがありません",
    },
    noClient: {
      en: 'No client address is known: run tidb-pe on the application host, or give --instance-id',
      ja: 'クライアントのアドレスが不明です。アプリケーションのホストで tidb-pe を実行するか、--instance-id を指定してください',
    },
    clientUndescribed: CLIENT_UNDESCRIBED,
    noEndpoint: {
      en: 'There is no endpoint to check the path to',
      ja: '経路を確認するエンドポイントがありません',
    },
  },
  remediation: {
    summary: {
      en: "Add an allow entry to network ACL '{aclId}' numbered below the entry that denies the traffic (rule {rule}), so that it is read first. Allow the whole range 1024-65535 for replies.",
      ja: "ネットワーク ACL '{aclId}' に、トラフィックを拒否しているエントリ (ルール {rule}) より小さい番号で許可エントリを追加し、先に評価されるようにしてください。応答にはポート 1024-65535 全体を許可してください。",
    },
    cli: [
      'aws ec2 create-network-acl-entry --network-acl-id {aclId} {direction} --rule-number {ruleNumber} --protocol tcp --port-range From={fromPort},To={toPort} {cidrOption} --rule-action allow',
    ],
    console: {
      en: [
        "Open the VPC console and choose Network ACLs, then select '{aclId}'",
        'Open the Inbound rules or Outbound rules tab, as the finding says, and choose Edit',
        "Add rule {ruleNumber}: Custom TCP, ports {fromPort}-{toPort}, '{peerCidr}', Allow; save",
      ],
      ja: [
        "VPC コンソールで「ネットワーク ACL」を開き、'{aclId}' を選びます",
        '検出結果の向きに合わせて「インバウンドルール」または「アウトバウンドルール」のタブを開き「編集」を選びます',
        "ルール {ruleNumber} を追加します: カスタム TCP、ポート {fromPort}-{toPort}、'{peerCidr}'、許可。保存します",
      ],
    },
  },
  evaluate({ endpoint, networkAcls, networkInterfaces, clientInstance, identity }, target) {
    if (!endpoint) return { status: 'skip', message: 'noEndpoint' };
    if (isClientUndescribed(target, clientInstance, identity)) {
      return { status: 'unknown', message: 'clientUndescribed', data: undescribedData(target) };
    }

    const clientIp =
      clientInstance?.privateIpAddresses[0] ??
      identity?.localIpv4 ??
      clientInstance?.ipv6Addresses[0];
    const clientSubnetId = clientInstance?.subnetId ?? identity?.subnetId;
    if (!clientIp || !clientSubnetId) return { status: 'skip', message: 'noClient' };

    const enis = networkInterfaces.filter((eni) => endpoint.networkInterfaceIds.includes(eni.id));
    if (enis.length === 0) {
      return { status: 'unknown', message: 'noInterfaces', data: { endpointId: endpoint.id } };
    }

    const base = { clientIp, port: target.port, vpcId: endpoint.vpcId, subnetId: clientSubnetId };
    const remote = enis.filter((eni) => eni.subnetId !== clientSubnetId);
    if (remote.length === 0) return { status: 'pass', message: 'sameSubnet', data: base };

    const client = hopFor(networkAcls, clientSubnetId);
    const clientVpcId = clientInstance?.vpcId ?? identity?.vpcId;
    if (!client && clientVpcId === endpoint.vpcId) {
      return { status: 'unknown', message: 'aclMissing', data: base };
    }

    const v6 = familyOf(clientIp) === 'ipv6';
    const findings: NaclFinding[] = [];
    const aclIds = new Set(client ? [client.acl.id] : []);
    for (const eni of remote) {
      const hop = hopFor(networkAcls, eni.subnetId);
      const missing = { subnetId: eni.subnetId };
      if (!hop) return { status: 'unknown', message: 'aclMissing', data: missing };

      // An interface without an address of the client's family is not on this client's path.
      const endpointIp = v6 ? eni.ipv6Addresses[0] : eni.privateIpAddresses[0];
      if (!endpointIp) continue;

      aclIds.add(hop.acl.id);
      findings.push(
        ...checkTcpPath({ client, clientIp, endpoint: hop, endpointIp, port: target.port }),
      );
    }

    const blocked = findings.find((finding) => finding.verdict.allowedPorts.length === 0);
    if (blocked) {
      return { status: 'fail', message: BLOCKED[blocked.leg], data: describe(blocked, v6) };
    }

    // Only the reply legs span a range of ports, so only they can be partly allowed.
    const narrow = findings[0];
    if (narrow) {
      const message =
        narrow.leg === 'endpointEgress' ? 'endpointEgressNarrow' : 'clientIngressNarrow';
      return { status: 'warn', message, data: describe(narrow, v6) };
    }

    const data = { ...base, aclIds: [...aclIds].join("', '") };

    return { status: 'pass', message: client ? 'allowed' : 'allowedEndpointSide', data };
  },
});

function hopFor(networkAcls: readonly NetworkAcl[], subnetId: string): NaclHop | undefined {
  const acl = networkAcls.find((candidate) => candidate.subnetIds.includes(subnetId));

  return acl && { subnetId, acl };
}

function describe({ hop, flow, verdict }: NaclFinding, v6: boolean) {
  const deniedBy = verdict.deniedBy ?? CATCH_ALL_RULE;
  const peerCidr = `${flow.peer}/${v6 ? 128 : 32}`;
  const ruleNumber = freeRuleNumberBelow(hop.acl, flow.egress, deniedBy);

  return {
    aclId: hop.acl.id,
    subnetId: hop.subnetId,
    peer: flow.peer,
    ports: formatPorts([flow.ports]),
    allowedPorts: formatPorts(verdict.allowedPorts),
    rule: deniedBy === CATCH_ALL_RULE ? '*' : deniedBy,
    direction: flow.egress ? '--egress' : '--ingress',
    fromPort: flow.ports.from,
    toPort: flow.ports.to,
    peerCidr,
    cidrOption: `${v6 ? '--ipv6-cidr-block' : '--cidr-block'} ${peerCidr}`,
    ...(ruleNumber !== undefined && { ruleNumber }),
  };
}
