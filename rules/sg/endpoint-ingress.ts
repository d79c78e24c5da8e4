// Guide step 3 and troubleshooting: a security group on the endpoint must admit TCP on the
// cluster's port (4000 unless changed) from the application's host.
import type { ClientInstance, InstanceIdentity, Vpc } from '../../src/engine/facts.js';
import type { SgPeer, SgVerdict } from '../../src/engine/security-groups.js';
import {
  CLIENT_UNDESCRIBED,
  isClientUndescribed,
  undescribedData,
} from '../../src/engine/client-host.js';
import { defineRule } from '../../src/engine/rule.js';
import {
  findAdmittingPermission,
  quoteAll,
  quoteSources,
} from '../../src/engine/security-groups.js';

const CONSOLE = {
  en: [
    "In the VPC console, choose Endpoints, select '{endpointId}' and open its Security groups tab",
    "Open security group '{groupId}' and choose Edit inbound rules",
    "Add a rule of type Custom TCP, port {port}, with source '{clientGroupId}' (the client's security group) or '{clientCidr}', and save",
  ],
  ja: [
    "VPC コンソールの「エンドポイント」で '{endpointId}' を選び、「セキュリティグループ」タブを開きます",
    "セキュリティグループ '{groupId}' を開き、「インバウンドルールを編集」を選びます",
    "タイプ「カスタム TCP」、ポート {port}、ソース '{clientGroupId}' (クライアントのセキュリティグループ) または '{clientCidr}' のルールを追加して保存します",
  ],
};

export default defineRule(import.meta.url, {
  title: {
    en: "The endpoint's security groups admit the client on the cluster's port",
    ja: 'エンドポイントのセキュリティグループがクラスタのポートへのクライアントの接続を許可している',
  },
  severity: 'critical',
  needs: ['endpoint', 'securityGroups'],
  uses: ['clientInstance', 'identity', 'vpc', 'prefixLists'],
  description: {
    en: "Looks for an inbound rule, in any security group on the endpoint, that admits TCP on the port (protocol tcp or all, port in range) from the client: its address, a CIDR block holding it, one of its security groups, or a prefix list holding it. A prefix list whose entries are not known leaves the answer undecided. When no client host is known (off EC2 without --instance-id), the rule only asks whether the port is open to some part of the VPC and reports that as information, or as a warning when it is open only to addresses outside the VPC. A reference to the client's group is taken at face value; whether the client's network can use it is for client.vpc.",
    ja: 'エンドポイントのいずれかのセキュリティグループに、クライアントからのポートへの TCP (プロトコル tcp または全て、ポートが範囲内) を許可するインバウンドルールがあるかを調べます。許可元はクライアントのアドレス、それを含む CIDR、クライアントのセキュリティグループ、またはそれを含むプレフィックスリストです。エントリが不明なプレフィックスリストがあると判定不能になります。クライアントのホストが不明な場合 (EC2 外で --instance-id なし)、ポートが VPC のどこかに開いているかだけを調べて情報として示し、VPC 外のアドレスにしか開いていなければ警告します。クライアントのグループへの参照はそのまま認めます。クライアントのネットワークからその参照が効くかは client.vpc が判定します。',
  },
  messages: {
    admitted: {
      en: "Security group '{groupId}' of endpoint '{endpointId}' admits TCP port {port} from the client ({client}) through '{source}'",
      ja: "エンドポイント '{endpointId}' のセキュリティグループ '{groupId}' が '{source}' によってクライアント ({client}) からの TCP ポート {port} を許可しています",
    },
    openToVpc: {
      en: "No client host is known, so only the VPC was judged: security group '{groupId}' of endpoint '{endpointId}' admits TCP port {port} from '{source}'",
      ja: "クライアントのホストが不明なため VPC だけを判定しました: エンドポイント '{endpointId}' のセキュリティグループ '{groupId}' が '{source}' からの TCP ポート {port} を許可しています",
      remediation: {
        summary: {
          en: "Run the check on the application's EC2 host, or pass --instance-id, to judge the application itself.",
          ja: 'アプリケーション自体を判定するには、アプリケーションの EC2 ホスト上で実行するか --instance-id を指定してください。',
        },
      },
    },
    outsideVpcOnly: {
      en: "No client host is known, and the security groups of endpoint '{endpointId}' admit TCP port {port} only from {sources}, outside VPC '{vpcId}' ({client})",
      ja: "クライアントのホストが不明で、エンドポイント '{endpointId}' のセキュリティグループは TCP ポート {port} を VPC '{vpcId}' ({client}) の外の {sources} からしか許可していません",
    },
    notAdmitted: {
      en: "No security group of endpoint '{endpointId}' ({groupIds}) admits TCP port {port} from the client ({client}); the port is open only to {sources}",
      ja: "エンドポイント '{endpointId}' のセキュリティグループ ({groupIds}) はどれもクライアント ({client}) からの TCP ポート {port} を許可していません。このポートは {sources} にだけ開いています",
    },
    portClosed: {
      en: "No security group of endpoint '{endpointId}' ({groupIds}) admits TCP port {port} from anywhere",
      ja: "エンドポイント '{endpointId}' のセキュリティグループ ({groupIds}) はどれも TCP ポート {port} への接続を許可していません",
    },
    noGroups: {
      en: "Endpoint '{endpointId}' has no security groups",
      ja: "エンドポイント '{endpointId}' にセキュリティグループがありません",
      remediation: {
        summary: {
          en: 'Attach a security group that admits TCP {port} from the application to the endpoint.',
          ja: 'アプリケーションからの TCP {port} を許可するセキュリティグループをエンドポイントに関連付けてください。',
        },
        cli: [
          'aws ec2 modify-vpc-endpoint --vpc-endpoint-id {endpointId} --add-security-group-ids <security-group-id>',
        ],
      },
    },
    prefixListUnknown: {
      en: "Whether endpoint '{endpointId}' admits TCP port {port} from {client} depends on prefix lists {prefixListIds}, whose entries are not known",
      ja: "エンドポイント '{endpointId}' が {client} からの TCP ポート {port} を許可するかは、エントリが不明なプレフィックスリスト {prefixListIds} 次第です",
      remediation: {
        summary: {
          en: 'Allow ec2:GetManagedPrefixListEntries so that the entries can be read, or look at them with the command below.',
          ja: 'エントリを読めるよう ec2:GetManagedPrefixListEntries を許可するか、次のコマンドでエントリを確認してください。',
        },
        cli: ['aws ec2 get-managed-prefix-list-entries --prefix-list-id {prefixListId}'],
      },
    },
    groupsNotDescribed: {
      en: "Security groups {missingGroups} of endpoint '{endpointId}' were not described, and the others do not admit TCP port {port} from {client}",
      ja: "エンドポイント '{endpointId}' のセキュリティグループ {missingGroups} の内容が取得できず、ほかのグループは {client} からの TCP ポート {port} を許可していません",
      remediation: {
        summary: {
          en: 'Allow ec2:DescribeSecurityGroups for these groups and run the check again, or look at them with the command below.',
          ja: 'これらのグループに対する ec2:DescribeSecurityGroups を許可して再度チェックするか、次のコマンドで確認してください。',
        },
        cli: ['aws ec2 describe-security-groups --group-ids {missingGroupIds}'],
      },
    },
    clientUndescribed: CLIENT_UNDESCRIBED,
    noEndpoint: {
      en: 'There is no endpoint to look at',
      ja: '確認するエンドポイントがありません',
    },
  },
  remediation: {
    summary: {
      en: "Add an inbound rule for TCP {port} to security group '{groupId}' on the endpoint, from the client's security group (first command) or from its address range (second command).",
      ja: "エンドポイントのセキュリティグループ '{groupId}' に、クライアントのセキュリティグループ (1 つ目のコマンド) またはアドレス範囲 (2 つ目のコマンド) からの TCP {port} のインバウンドルールを追加してください。",
    },
    cli: [
      'aws ec2 authorize-security-group-ingress --group-id {groupId} --protocol tcp --port {port} --source-group {clientGroupId}',
      'aws ec2 authorize-security-group-ingress --group-id {groupId} --protocol tcp --port {port} --cidr {clientCidr}',
    ],
    console: CONSOLE,
  },
  limitations: [
    {
      en: "Without a known client host, the VPC's address blocks stand in for the client and any security group reference counts as coming from inside the VPC.",
      ja: 'クライアントのホストが不明な場合は、VPC のアドレス範囲をクライアントの代わりとし、セキュリティグループへの参照はすべて VPC 内からのものとみなします。',
    },
    {
      en: 'A client with several addresses passes when any of them is admitted; which one it really sends from is not worked out.',
      ja: '複数のアドレスを持つクライアントは、どれか 1 つが許可されていれば合格とします。実際にどのアドレスから送信するかは判定しません。',
    },
  ],
  evaluate({ endpoint, securityGroups, clientInstance, identity, vpc, prefixLists }, target) {
    if (!endpoint) return { status: 'skip', message: 'noEndpoint' };
    if (isClientUndescribed(target, clientInstance, identity)) {
      return { status: 'unknown', message: 'clientUndescribed', data: undescribedData(target) };
    }

    const groupIds = endpoint.securityGroupIds;
    const groups = securityGroups.filter((group) => groupIds.includes(group.id));
    const missing = groupIds.filter((id) => !groups.some((group) => group.id === id));
    const client = clientPeer(clientInstance, identity);
    const peer = client ?? vpcPeer(vpc, identity);
    const verdict = findAdmittingPermission(groups, 'ingress', target.port, peer, prefixLists);
    const data = {
      ...peerData(peer),
      ...verdictData(verdict, groupIds),
      endpointId: endpoint.id,
      port: target.port,
      vpcId: vpc?.id ?? identity?.vpcId ?? endpoint.vpcId,
      groupIds: quoteAll(groupIds),
      missingGroups: quoteAll(missing),
      missingGroupIds: missing.join(' '),
    };
    const seen = { data, evidence: { peer, verdict } };

    if (verdict.outcome === 'admitted') {
      if (!client) return { status: 'info', message: 'openToVpc', ...seen };

      return { status: 'pass', message: 'admitted', ...seen };
    }
    if (groupIds.length === 0) return { status: 'fail', message: 'noGroups', ...seen };
    if (missing.length > 0) return { status: 'unknown', message: 'groupsNotDescribed', ...seen };
    if (verdict.outcome === 'undecidable') {
      return { status: 'unknown', message: 'prefixListUnknown', ...seen };
    }
    if (verdict.openTo.length === 0) return { status: 'fail', message: 'portClosed', ...seen };
    if (!client) return { status: 'warn', message: 'outsideVpcOnly', ...seen };

    return { status: 'fail', message: 'notAdmitted', ...seen };
  },
});

// The client as EC2 describes it, else as its own instance metadata does.
function clientPeer(
  instance: ClientInstance | null | undefined,
  identity: InstanceIdentity | null | undefined,
): SgPeer | undefined {
  const addresses = instance
    ? [...instance.privateIpAddresses, ...instance.ipv6Addresses]
    : identity?.localIpv4
      ? [identity.localIpv4]
      : [];
  const groupIds = instance?.securityGroupIds ?? identity?.securityGroupIds ?? [];
  if (addresses.length === 0 && groupIds.length === 0) return undefined;

  return { addresses, groupIds };
}

// Without a client, any part of the VPC counts, and any group reference (groups live in a VPC);
// when even the VPC's blocks are unknown, any source at all counts.
function vpcPeer(vpc: Vpc | undefined, identity: InstanceIdentity | null | undefined): SgPeer {
  const cidrs = vpc ? [...vpc.cidrBlocks, ...vpc.ipv6CidrBlocks] : (identity?.vpcCidrBlocks ?? []);

  return { addresses: cidrs.length > 0 ? cidrs : ['0.0.0.0/0', '::/0'], groupIds: 'any' };
}

// The client's ids, for messages and for the commands that would admit it.
function peerData(peer: SgPeer) {
  const ipv4 = peer.addresses.find((address) => !address.includes(':'));
  const groupIds = peer.groupIds === 'any' ? [] : peer.groupIds;

  return {
    client: quoteAll([...peer.addresses, ...groupIds]),
    clientCidr: !ipv4 ? '<client-cidr>' : ipv4.includes('/') ? ipv4 : `${ipv4}/32`,
    clientGroupId: groupIds[0] ?? '<client-security-group-id>',
  };
}

// What decided, or what was seen instead: the admitting rule, the open sources, the prefix lists.
function verdictData(verdict: SgVerdict, groupIds: readonly string[]) {
  const admitted = verdict.outcome === 'admitted' ? verdict : undefined;
  const lists = verdict.outcome === 'undecidable' ? verdict.prefixListIds : [];

  return {
    groupId: admitted?.groupId ?? groupIds[0] ?? '<security-group-id>',
    source: admitted?.source.value ?? '',
    sources: verdict.outcome === 'admitted' ? '' : quoteSources(verdict.openTo),
    prefixListIds: quoteAll(lists),
    prefixListId: lists[0] ?? '',
  };
}
