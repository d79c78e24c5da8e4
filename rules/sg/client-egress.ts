// AWS security groups filter outbound traffic too: the client's groups must let TCP on the
// cluster's port out to every address the cluster's name can resolve to, the endpoint's ENIs.
import type { NetworkInterface } from '../../src/engine/facts.js';
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

interface JudgedAddress {
  address: string;
  verdict: SgVerdict;
}

export default defineRule(import.meta.url, {
  title: {
    en: "The client's security groups allow outbound traffic to the endpoint on the cluster's port",
    ja: 'クライアントのセキュリティグループがクラスタのポートでエンドポイントへの送信を許可している',
  },
  severity: 'critical',
  needs: ['endpoint', 'securityGroups', 'networkInterfaces'],
  uses: ['clientInstance', 'identity', 'prefixLists'],
  description: {
    en: "Looks for an outbound rule, in the client's security groups, that lets TCP on the port out to each IPv4 address of the endpoint's network interfaces (IPv6 ones only when the endpoint has no IPv4 address): by a CIDR block holding it, by one of the endpoint's security groups, or by a prefix list holding it. Every address must be allowed, because the cluster's name resolves to any of them. A prefix list whose entries are not known leaves the answer undecided. Without a known client host the rule does not apply.",
    ja: 'クライアントのセキュリティグループに、エンドポイントのネットワークインターフェイスの各 IPv4 アドレス (IPv4 アドレスがない場合だけ IPv6 アドレス) へのポートの TCP 送信を許可するアウトバウンドルールがあるかを調べます。許可先はアドレスを含む CIDR、エンドポイントのセキュリティグループ、またはアドレスを含むプレフィックスリストです。クラスタの名前はどのアドレスにも解決されうるため、すべてのアドレスが許可されている必要があります。エントリが不明なプレフィックスリストがあると判定不能になります。クライアントのホストが不明な場合は対象外です。',
  },
  messages: {
    allowed: {
      en: "The client's security groups ({groupIds}) allow TCP port {port} out to every address of endpoint '{endpointId}': {addresses}",
      ja: "クライアントのセキュリティグループ ({groupIds}) はエンドポイント '{endpointId}' のすべてのアドレスへの TCP ポート {port} の送信を許可しています: {addresses}",
    },
    blocked: {
      en: "The client's security groups ({groupIds}) do not allow TCP port {port} out to endpoint '{endpointId}' at {blockedAddresses}; the port is open only to {sources}",
      ja: "クライアントのセキュリティグループ ({groupIds}) はエンドポイント '{endpointId}' の {blockedAddresses} への TCP ポート {port} の送信を許可していません。このポートの送信先は {sources} だけです",
    },
    closed: {
      en: "The client's security groups ({groupIds}) allow no outbound traffic on TCP port {port}",
      ja: 'クライアントのセキュリティグループ ({groupIds}) は TCP ポート {port} の送信をまったく許可していません',
    },
    partlyBlocked: {
      en: "The client's security groups ({groupIds}) allow TCP port {port} out to {allowedAddresses} but not to {blockedAddresses} of endpoint '{endpointId}': connections fail whenever DNS answers with a blocked address",
      ja: "クライアントのセキュリティグループ ({groupIds}) は TCP ポート {port} の送信を {allowedAddresses} には許可していますが、エンドポイント '{endpointId}' の {blockedAddresses} には許可していません。DNS が許可されていないアドレスを返すたびに接続が失敗します",
    },
    prefixListUnknown: {
      en: "Whether the client's security groups allow TCP port {port} out to {undecidedAddresses} depends on prefix lists {prefixListIds}, whose entries are not known",
      ja: 'クライアントのセキュリティグループが {undecidedAddresses} への TCP ポート {port} の送信を許可するかは、エントリが不明なプレフィックスリスト {prefixListIds} 次第です',
      remediation: {
        summary: {
          en: 'Allow ec2:GetManagedPrefixListEntries so that the entries can be read, or look at them with the command below.',
          ja: 'エントリを読めるよう ec2:GetManagedPrefixListEntries を許可するか、次のコマンドでエントリを確認してください。',
        },
        cli: ['aws ec2 get-managed-prefix-list-entries --prefix-list-id {prefixListId}'],
      },
    },
    groupsNotDescribed: {
      en: "The client's security groups {missingGroups} were not described, and the others do not allow TCP port {port} out to every address of endpoint '{endpointId}'",
      ja: "クライアントのセキュリティグループ {missingGroups} の内容が取得できず、ほかのグループはエンドポイント '{endpointId}' のすべてのアドレスへの TCP ポート {port} の送信を許可していません",
      remediation: {
        summary: {
          en: 'Allow ec2:DescribeSecurityGroups for these groups and run the check again, or look at them with the command below.',
          ja: 'これらのグループに対する ec2:DescribeSecurityGroups を許可して再度チェックするか、次のコマンドで確認してください。',
        },
        cli: ['aws ec2 describe-security-groups --group-ids {missingGroupIds}'],
      },
    },
    noAddresses: {
      en: "The addresses of endpoint '{endpointId}' are not known: none of its network interfaces ({eniIds}) was described",
      ja: "エンドポイント '{endpointId}' のアドレスが不明です: ネットワークインターフェイス ({eniIds}) がどれも取得できませんでした",
      remediation: {
        summary: {
          en: 'Allow ec2:DescribeNetworkInterfaces and run the check again, or look at the interfaces with the command below.',
          ja: 'ec2:DescribeNetworkInterfaces を許可して再度チェックするか、次のコマンドでインターフェイスを確認してください。',
        },
        cli: [
          "aws ec2 describe-network-interfaces --network-interface-ids {eniIdArgs} --query 'NetworkInterfaces[].[NetworkInterfaceId,PrivateIpAddress,Status]' --output table",
        ],
      },
    },
    noClient: {
      en: "No client host is known: run on the application's EC2 host or pass --instance-id",
      ja: 'クライアントのホストが不明です: アプリケーションの EC2 ホスト上で実行するか --instance-id を指定してください',
    },
    clientUndescribed: CLIENT_UNDESCRIBED,
    noEndpoint: {
      en: 'There is no endpoint to look at',
      ja: '確認するエンドポイントがありません',
    },
  },
  remediation: {
    summary: {
      en: "Add an outbound rule for TCP {port} to the client's security group '{clientGroupId}', with the endpoint's security group '{endpointGroupId}' as destination.",
      ja: "クライアントのセキュリティグループ '{clientGroupId}' に、送信先をエンドポイントのセキュリティグループ '{endpointGroupId}' とする TCP {port} のアウトバウンドルールを追加してください。",
    },
    cli: [
      "aws ec2 authorize-security-group-egress --group-id {clientGroupId} --ip-permissions 'IpProtocol=tcp,FromPort={port},ToPort={port},UserIdGroupPairs=[{GroupId={endpointGroupId}}]'",
    ],
    console: {
      en: [
        "In the EC2 console, choose Security Groups and select '{clientGroupId}'",
        'Choose Edit outbound rules',
        "Add a rule of type Custom TCP, port {port}, with destination '{endpointGroupId}', and save",
      ],
      ja: [
        "EC2 コンソールの「セキュリティグループ」で '{clientGroupId}' を選びます",
        '「アウトバウンドルールを編集」を選びます',
        "タイプ「カスタム TCP」、ポート {port}、送信先 '{endpointGroupId}' のルールを追加して保存します",
      ],
    },
  },
  limitations: [
    {
      en: 'When the endpoint has IPv4 addresses only those are judged, so a client that reaches a dual-stack endpoint over IPv6 is not covered.',
      ja: 'エンドポイントに IPv4 アドレスがある場合はそれだけを判定するため、デュアルスタックのエンドポイントに IPv6 で接続するクライアントは対象外です。',
    },
  ],
  evaluate(
    { endpoint, securityGroups, networkInterfaces, clientInstance, identity, prefixLists },
    target,
  ) {
    if (!endpoint) return { status: 'skip', message: 'noEndpoint' };
    if (isClientUndescribed(target, clientInstance, identity)) {
      return { status: 'unknown', message: 'clientUndescribed', data: undescribedData(target) };
    }

    const clientGroupIds = clientInstance?.securityGroupIds ?? identity?.securityGroupIds ?? [];
    if (clientGroupIds.length === 0) return { status: 'skip', message: 'noClient' };

    const groups = securityGroups.filter((group) => clientGroupIds.includes(group.id));
    const missing = clientGroupIds.filter((id) => !groups.some((group) => group.id === id));
    const enis = networkInterfaces.filter((eni) => endpoint.networkInterfaceIds.includes(eni.id));
    const judged = judgeAddresses(enis, endpoint.securityGroupIds, (peer) =>
      findAdmittingPermission(groups, 'egress', target.port, peer, prefixLists),
    );
    const data = {
      ...verdictData(judged),
      endpointId: endpoint.id,
      port: target.port,
      groupIds: quoteAll(clientGroupIds),
      clientGroupId: clientGroupIds[0] ?? '',
      endpointGroupId: endpoint.securityGroupIds[0] ?? '<endpoint-security-group-id>',
      missingGroups: quoteAll(missing),
      missingGroupIds: missing.join(' '),
      eniIds: quoteAll(endpoint.networkInterfaceIds),
      eniIdArgs: endpoint.networkInterfaceIds.join(' '),
    };
    const seen = { data, evidence: { judged } };
    const count = (outcome: SgVerdict['outcome']) =>
      judged.filter((address) => address.verdict.outcome === outcome).length;

    if (judged.length === 0) return { status: 'unknown', message: 'noAddresses', data };
    if (count('admitted') === judged.length) return { status: 'pass', message: 'allowed', ...seen };
    if (missing.length > 0) return { status: 'unknown', message: 'groupsNotDescribed', ...seen };
    if (count('denied') === 0) return { status: 'unknown', message: 'prefixListUnknown', ...seen };
    if (count('admitted') > 0) return { status: 'fail', message: 'partlyBlocked', ...seen };
    if (data.sources === '') return { status: 'fail', message: 'closed', ...seen };

    return { status: 'fail', message: 'blocked', ...seen };
  },
});

// Each endpoint address with its verdict. An ENI carries the endpoint's groups, so a rule naming
// one of them reaches it. DNS answers with IPv4 addresses unless the endpoint has none, so IPv6
// ones are judged only then.
function judgeAddresses(
  enis: NetworkInterface[],
  endpointGroupIds: string[],
  judge: (peer: SgPeer) => SgVerdict,
): JudgedAddress[] {
  const useIpv4 = enis.some((eni) => eni.privateIpAddresses.length > 0);

  return enis.flatMap((eni) => {
    const groupIds = eni.securityGroupIds.length > 0 ? eni.securityGroupIds : endpointGroupIds;
    const addresses = useIpv4 ? eni.privateIpAddresses : eni.ipv6Addresses;

    return addresses.map((address) => ({
      address,
      verdict: judge({ addresses: [address], groupIds }),
    }));
  });
}

// The addresses by outcome, what egress is open to instead, and the prefix lists in the way.
function verdictData(judged: JudgedAddress[]) {
  const addressesWith = (outcome: SgVerdict['outcome']) =>
    quoteAll(judged.filter((item) => item.verdict.outcome === outcome).map((item) => item.address));
  const openTo = judged.flatMap(({ verdict }) =>
    verdict.outcome === 'admitted' ? [] : verdict.openTo,
  );
  const lists = judged.flatMap(({ verdict }) =>
    verdict.outcome === 'undecidable' ? verdict.prefixListIds : [],
  );

  return {
    addresses: quoteAll(judged.map((item) => item.address)),
    allowedAddresses: addressesWith('admitted'),
    blockedAddresses: addressesWith('denied'),
    undecidedAddresses: addressesWith('undecidable'),
    sources: quoteSources(openTo),
    prefixListIds: quoteAll(lists),
    prefixListId: lists[0] ?? '',
  };
}
