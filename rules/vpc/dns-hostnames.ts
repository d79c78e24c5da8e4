// Guide troubleshooting: private DNS also needs the VPC attribute enableDnsHostnames, which is
// off in VPCs made in the AWS console other than the default VPC.
import { defineRule } from '../../src/engine/rule.js';

const ENABLE_SUPPORT =
  'aws ec2 modify-vpc-attribute --vpc-id {vpcId} --enable-dns-support "{\\"Value\\":true}"';
const ENABLE_HOSTNAMES =
  'aws ec2 modify-vpc-attribute --vpc-id {vpcId} --enable-dns-hostnames "{\\"Value\\":true}"';

export default defineRule(import.meta.url, {
  title: {
    en: 'DNS hostnames are enabled in the VPC',
    ja: 'VPC で DNS ホスト名が有効になっている',
  },
  severity: 'critical',
  needs: ['vpcDnsAttributes'],
  uses: ['vpc', 'endpoint'],
  description: {
    en: "Looks at the enableDnsHostnames attribute of the endpoint's VPC. AWS only serves an endpoint's private DNS name when it is on, and refuses to enable private DNS on the endpoint while it is off. It is off by default in VPCs other than the default VPC.",
    ja: 'エンドポイントの VPC の enableDnsHostnames 属性を確認します。有効な場合にだけ AWS はエンドポイントのプライベート DNS 名に応答し、無効の間はエンドポイントのプライベート DNS の有効化を拒否します。デフォルト VPC 以外では既定で無効です。',
  },
  messages: {
    enabled: {
      en: "VPC '{vpcId}' has DNS hostnames (enableDnsHostnames) enabled",
      ja: "VPC '{vpcId}' では DNS ホスト名 (enableDnsHostnames) が有効です",
    },
    disabled: {
      en: "VPC '{vpcId}' has DNS hostnames (enableDnsHostnames) disabled",
      ja: "VPC '{vpcId}' では DNS ホスト名 (enableDnsHostnames) が無効です",
    },
    bothDisabled: {
      en: "VPC '{vpcId}' has DNS hostnames (enableDnsHostnames) disabled, and DNS resolution (enableDnsSupport) too",
      ja: "VPC '{vpcId}' では DNS ホスト名 (enableDnsHostnames) が無効で、DNS 解決 (enableDnsSupport) も無効です",
      remediation: {
        summary: {
          en: 'AWS only lets DNS hostnames be enabled once DNS resolution is on: enable DNS resolution first, then DNS hostnames, each in its own call.',
          ja: 'DNS ホスト名は DNS 解決が有効になってからでないと有効にできません。まず DNS 解決を、次に DNS ホスト名を、それぞれ別の呼び出しで有効にしてください。',
        },
        cli: [ENABLE_SUPPORT, ENABLE_HOSTNAMES],
        console: {
          en: [
            "In the VPC console, choose Your VPCs and select '{vpcId}'",
            'Choose Actions > Edit VPC settings',
            'Tick Enable DNS resolution and Enable DNS hostnames, and save',
          ],
          ja: [
            "VPC コンソールの「お使いの VPC」で '{vpcId}' を選びます",
            '「アクション」>「VPC の設定を編集」を選びます',
            '「DNS 解決を有効化」と「DNS ホスト名を有効化」にチェックを入れて保存します',
          ],
        },
      },
    },
  },
  remediation: {
    summary: {
      en: 'Enable DNS hostnames on the VPC, then enable private DNS on the endpoint if it is still off.',
      ja: 'VPC で DNS ホスト名を有効にし、エンドポイントのプライベート DNS がまだ無効なら有効にしてください。',
    },
    cli: [ENABLE_HOSTNAMES],
    console: {
      en: [
        "In the VPC console, choose Your VPCs and select '{vpcId}'",
        'Choose Actions > Edit VPC settings',
        'Tick Enable DNS hostnames and save',
      ],
      ja: [
        "VPC コンソールの「お使いの VPC」で '{vpcId}' を選びます",
        '「アクション」>「VPC の設定を編集」を選びます',
        '「DNS ホスト名を有効化」にチェックを入れて保存します',
      ],
    },
  },
  evaluate({ vpcDnsAttributes, vpc, endpoint }) {
    const data = { vpcId: vpc?.id ?? endpoint?.vpcId ?? '<vpc-id>' };
    if (vpcDnsAttributes.enableDnsHostnames) return { status: 'pass', message: 'enabled', data };
    if (!vpcDnsAttributes.enableDnsSupport) {
      return { status: 'fail', message: 'bothDisabled', data };
    }

    return { status: 'fail', message: 'disabled', data };
  },
});
