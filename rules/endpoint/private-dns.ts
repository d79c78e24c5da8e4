// Guide step 5: private DNS must be enabled on the endpoint so that the cluster's name
// resolves to the endpoint's addresses inside the VPC.
import { defineRule } from '../../src/engine/rule.js';

export default defineRule(import.meta.url, {
  title: {
    en: 'Private DNS is enabled on the endpoint',
    ja: 'エンドポイントでプライベート DNS が有効になっている',
  },
  severity: 'critical',
  needs: ['endpoint'],
  description: {
    en: "Looks at the endpoint's PrivateDnsEnabled flag. Without it, the cluster host name from the TiDB Cloud console is not answered with the endpoint's private addresses inside the VPC.",
    ja: 'エンドポイントの PrivateDnsEnabled を確認します。無効の場合、TiDB Cloud コンソールのホスト名は VPC 内でエンドポイントのプライベートアドレスに解決されません。',
  },
  messages: {
    enabled: {
      en: "Endpoint '{endpointId}' has private DNS enabled",
      ja: "エンドポイント '{endpointId}' でプライベート DNS が有効です",
    },
    disabled: {
      en: "Endpoint '{endpointId}' has private DNS disabled",
      ja: "エンドポイント '{endpointId}' でプライベート DNS が無効です",
    },
    notYetAccepted: {
      en: "Endpoint '{endpointId}' has private DNS disabled, and AWS only allows enabling it once TiDB Cloud has accepted the endpoint (state '{state}')",
      ja: "エンドポイント '{endpointId}' でプライベート DNS が無効です。AWS は TiDB Cloud がエンドポイントを承認するまで有効化を許しません (状態 '{state}')",
      remediation: {
        summary: {
          en: 'First give the endpoint id to TiDB Cloud and wait until the endpoint is available (see endpoint.state), then enable private DNS with the command below.',
          ja: 'まずエンドポイント ID を TiDB Cloud に登録し、エンドポイントが available になるのを待ってから (endpoint.state を参照)、次のコマンドでプライベート DNS を有効にしてください。',
        },
        cli: ['aws ec2 modify-vpc-endpoint --vpc-endpoint-id {endpointId} --private-dns-enabled'],
      },
    },
    noEndpoint: {
      en: 'There is no endpoint to look at',
      ja: '確認するエンドポイントがありません',
    },
  },
  remediation: {
    summary: {
      en: 'Enable private DNS on the endpoint. The endpoint must already be accepted by TiDB Cloud, and both VPC DNS attributes must be on.',
      ja: 'エンドポイントでプライベート DNS を有効にしてください。エンドポイントが TiDB Cloud に承認済みで、VPC の DNS 属性が両方とも有効である必要があります。',
    },
    cli: ['aws ec2 modify-vpc-endpoint --vpc-endpoint-id {endpointId} --private-dns-enabled'],
    console: {
      en: [
        'Open the VPC console and choose Endpoints',
        "Select '{endpointId}', then Actions > Modify private DNS name",
        'Tick "Enable for this endpoint" and save the changes',
      ],
      ja: [
        'VPC コンソールを開き「エンドポイント」を選びます',
        "'{endpointId}' を選び、「アクション」>「プライベート DNS 名を変更」を選びます",
        '「このエンドポイントで有効にする」にチェックを入れて保存します',
      ],
    },
  },
  evaluate({ endpoint }) {
    if (!endpoint) return { status: 'skip', message: 'noEndpoint' };

    const data = { endpointId: endpoint.id, state: endpoint.state };
    if (endpoint.privateDnsEnabled) return { status: 'pass', message: 'enabled', data };
    // Guide steps 4 then 5: AWS refuses private DNS while the connection awaits acceptance.
    if (/^pendingacceptance$/i.test(endpoint.state)) {
      return { status: 'fail', message: 'notYetAccepted', data };
    }

    return { status: 'fail', message: 'disabled', data };
  },
});
