// Guide prerequisites: the endpoint's security group must admit TCP on the cluster's port from
// the client. Security groups and network ACLs drop what they refuse, so a block is a timeout.
import { hostPort } from '../../src/engine/address.js';
import { defineRule } from '../../src/engine/rule.js';

const SHOW_ENDPOINT_RULES =
  "aws ec2 describe-security-groups --group-ids {endpointSecurityGroupIds} --query 'SecurityGroups[].IpPermissions'";

/** The message for each way a connection fails. */
const FAILURES = {
  timeout: 'timeout',
  refused: 'refused',
  reset: 'reset',
  unreachable: 'unreachable',
  error: 'error',
} as const;

export default defineRule(import.meta.url, {
  title: {
    en: 'A TCP connection to the cluster port succeeds',
    ja: 'クラスタのポートに TCP 接続できる',
  },
  severity: 'critical',
  needs: ['tcp'],
  uses: ['endpoint', 'identity'],
  description: {
    en: 'Opens a TCP connection to the host and port the application uses, with a time limit. A timeout (packets silently dropped: security group or network ACL), a refusal (nothing accepts on that port), a reset and no route are each explained. When the host has several addresses and only some take the connection, that is a warning: clients that try the others first fail or wait.',
    ja: 'アプリケーションが使うホストとポートに、時間制限付きで TCP 接続します。タイムアウト (パケットが黙って破棄される: セキュリティグループかネットワーク ACL)、拒否 (そのポートで受け付けていない)、リセット、経路なしをそれぞれ説明します。ホストに複数のアドレスがあり、一部しか接続を受け付けない場合は警告とします。ほかのアドレスを先に試すクライアントは失敗するか待たされるためです。',
  },
  messages: {
    connected: {
      en: 'Connected to {target} ({address}) in {durationMs} ms',
      ja: '{target} ({address}) に {durationMs} ms で接続しました',
    },
    someAddresses: {
      en: 'Connected to {target} through {address} only: {failedAddresses} did not take the connection, so clients that try those first fail or wait',
      ja: '{target} には {address} 経由でのみ接続できました。{failedAddresses} は接続を受け付けなかったため、そちらを先に試すクライアントは失敗するか待たされます',
    },
    timeout: {
      en: 'Connecting to {target} timed out after {durationMs} ms: something on the way drops the packets, most often a security group or a network ACL',
      ja: '{target} への接続が {durationMs} ms でタイムアウトしました。途中でパケットが破棄されています。多くの場合、セキュリティグループかネットワーク ACL が原因です',
    },
    refused: {
      en: '{target} refused the connection: the address answers, but nothing accepts connections on port {port}',
      ja: '{target} への接続が拒否されました。アドレスには届いていますが、ポート {port} で接続を受け付けていません',
      remediation: {
        summary: {
          en: "Use the port shown in the TiDB Cloud console's Connect dialog (4000 unless the cluster was created with another), and check that the host name points at the endpoint and not at some other machine.",
          ja: 'TiDB Cloud コンソールの接続ダイアログに表示されるポート (別の値で作成していなければ 4000) を使ってください。また、ホスト名がほかのマシンではなくエンドポイントを指していることを確認します。',
        },
        cli: ['getent ahostsv4 {host}'],
      },
    },
    reset: {
      en: 'The connection to {target} was reset: a firewall or proxy on the way, or the service behind the endpoint, turned it away',
      ja: '{target} への接続がリセットされました。途中のファイアウォールかプロキシ、またはエンドポイントの先のサービスが接続を断っています',
      remediation: {
        summary: {
          en: "Check that endpoint '{endpointId}' is available and shows Active in the TiDB Cloud console, and that no proxy or firewall between this host and the endpoint closes the connection.",
          ja: "エンドポイント '{endpointId}' が available であり、TiDB Cloud コンソールで「アクティブ」と表示されていること、このホストとエンドポイントの間のプロキシやファイアウォールが接続を切っていないことを確認してください。",
        },
        cli: [
          "aws ec2 describe-vpc-endpoints --vpc-endpoint-ids {endpointId} --query 'VpcEndpoints[0].State'",
        ],
      },
    },
    unreachable: {
      en: 'There is no route to {target} ({errorCode}): this host cannot reach the address at all',
      ja: '{target} への経路がありません ({errorCode})。このホストからそのアドレスに届きません',
      remediation: {
        summary: {
          en: "Run the check from a host in the endpoint's VPC, or add the routes (peering, Transit Gateway, VPN) that lead to the endpoint's subnets.",
          ja: 'エンドポイントの VPC 内のホストから実行するか、エンドポイントのサブネットへ届く経路 (ピアリング、Transit Gateway、VPN) を追加してください。',
        },
        cli: ['ip route get {address}'],
      },
    },
    error: {
      en: 'Could not connect to {target}: {errorCode}',
      ja: '{target} に接続できませんでした: {errorCode}',
    },
  },
  remediation: {
    summary: {
      en: "Allow inbound TCP {port} from the client on the endpoint's security group, allow outbound TCP {port} on the client's, and let the network ACLs of both subnets pass the port and the return traffic on ephemeral ports.",
      ja: 'エンドポイントのセキュリティグループでクライアントからの TCP {port} の受信を許可し、クライアントのセキュリティグループで TCP {port} の送信を許可し、両方のサブネットのネットワーク ACL でこのポートと戻りのエフェメラルポートを通してください。',
    },
    cli: [
      SHOW_ENDPOINT_RULES,
      'aws ec2 authorize-security-group-ingress --group-id {endpointSecurityGroupId} --protocol tcp --port {port} --source-group {clientSecurityGroupId}',
      'aws ec2 describe-network-acls --filters Name=association.subnet-id,Values={endpointSubnetIds}',
    ],
    console: {
      en: [
        "Open the VPC console, choose Endpoints, select '{endpointId}' and open its security group on the Security groups tab",
        "Edit inbound rules: add Custom TCP, port {port}, source the client's security group or address range, and save",
      ],
      ja: [
        "VPC コンソールの「エンドポイント」で '{endpointId}' を選び、「セキュリティグループ」タブからセキュリティグループを開きます",
        '「インバウンドルールを編集」で、タイプ「カスタム TCP」、ポート {port}、ソースにクライアントのセキュリティグループかアドレス範囲を指定したルールを追加して保存します',
      ],
    },
  },
  evaluate({ tcp, endpoint, identity }) {
    const data = {
      host: tcp.host,
      port: tcp.port,
      target: hostPort(tcp.host, tcp.port),
      address: tcp.address ?? tcp.host,
      durationMs: tcp.durationMs,
      errorCode: tcp.errorCode ?? tcp.outcome,
      ...(endpoint && {
        endpointId: endpoint.id,
        endpointSecurityGroupIds: endpoint.securityGroupIds.join(' '),
        endpointSubnetIds: endpoint.subnetIds.join(','),
      }),
      ...(endpoint?.securityGroupIds[0] && {
        endpointSecurityGroupId: endpoint.securityGroupIds[0],
      }),
      ...(identity?.securityGroupIds[0] && { clientSecurityGroupId: identity.securityGroupIds[0] }),
    };
    if (tcp.outcome === 'connected' && tcp.failedAddresses?.length) {
      const failedAddresses = tcp.failedAddresses.join(', ');
      return { status: 'warn', message: 'someAddresses', data: { ...data, failedAddresses } };
    }
    if (tcp.outcome === 'connected') return { status: 'pass', message: 'connected', data };

    return { status: 'fail', message: FAILURES[tcp.outcome], data };
  },
});
