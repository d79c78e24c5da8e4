// Guide troubleshooting: private DNS needs the VPC attribute enableDnsSupport, which turns on the
// Amazon-provided DNS server that answers the cluster's name with the endpoint's addresses.
import { defineRule } from '../../src/engine/rule.js';

export default defineRule(import.meta.url, {
  title: {
    en: 'DNS resolution is enabled in the VPC',
    ja: 'VPC で DNS 解決が有効になっている',
  },
  severity: 'critical',
  needs: ['vpcDnsAttributes'],
  uses: ['vpc', 'endpoint'],
  description: {
    en: "Looks at the enableDnsSupport attribute of the endpoint's VPC. When it is off, the Amazon-provided DNS server in the VPC answers nothing, so the cluster's private name cannot resolve to the endpoint, and AWS refuses to enable private DNS on the endpoint.",
    ja: 'エンドポイントの VPC の enableDnsSupport 属性を確認します。無効の場合、VPC 内の Amazon 提供 DNS サーバーは何も応答しないため、クラスタのプライベート名はエンドポイントに解決されず、AWS はエンドポイントのプライベート DNS の有効化も拒否します。',
  },
  messages: {
    enabled: {
      en: "VPC '{vpcId}' has DNS resolution (enableDnsSupport) enabled",
      ja: "VPC '{vpcId}' では DNS 解決 (enableDnsSupport) が有効です",
    },
    disabled: {
      en: "VPC '{vpcId}' has DNS resolution (enableDnsSupport) disabled",
      ja: "VPC '{vpcId}' では DNS 解決 (enableDnsSupport) が無効です",
    },
  },
  remediation: {
    summary: {
      en: "Enable DNS resolution on the VPC, then make sure DNS hostnames and the endpoint's private DNS are enabled too.",
      ja: 'VPC で DNS 解決を有効にし、DNS ホスト名とエンドポイントのプライベート DNS も有効になっていることを確認してください。',
    },
    cli: [
      'aws ec2 modify-vpc-attribute --vpc-id {vpcId} --enable-dns-support "{\\"Value\\":true}"',
    ],
    console: {
      en: [
        "In the VPC console, choose Your VPCs and select '{vpcId}'",
        'Choose Actions > Edit VPC settings',
        'Tick Enable DNS resolution and save',
      ],
      ja: [
        "VPC コンソールの「お使いの VPC」で '{vpcId}' を選びます",
        '「アクション」>「VPC の設定を編集」を選びます',
        '「DNS 解決を有効化」にチェックを入れて保存します',
      ],
    },
  },
  evaluate({ vpcDnsAttributes, vpc, endpoint }) {
    const data = { vpcId: vpc?.id ?? endpoint?.vpcId ?? '<vpc-id>' };
    if (!vpcDnsAttributes.enableDnsSupport) return { status: 'fail', message: 'disabled', data };

    return { status: 'pass', message: 'enabled', data };
  },
});
