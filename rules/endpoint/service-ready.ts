// Guide step 3 and its status table: TiDB Cloud creates the cluster's endpoint service a few
// minutes after the cluster, and only a service this account can see can be connected to.
import { defineRule } from '../../src/engine/rule.js';

const DESCRIBE_SERVICE =
  "aws ec2 describe-vpc-endpoint-services --region {region} --service-names {serviceName} --query 'ServiceDetails[].[ServiceName,PrivateDnsName,PrivateDnsNameVerificationState]' --output table";

const SUPPORT_CONSOLE = {
  en: [
    'In the TiDB Cloud console, open Project Settings > Network Access > Private Endpoint and check the status of the endpoint service',
    'If the status stays wrong, contact PingCAP support with the service name and this report',
  ],
  ja: [
    'TiDB Cloud コンソールで「プロジェクト設定」>「ネットワークアクセス」>「プライベートエンドポイント」を開き、エンドポイントサービスの状態を確認します',
    '状態が改善しない場合は、サービス名とこのレポートを添えて PingCAP サポートに連絡します',
  ],
};

export default defineRule(import.meta.url, {
  title: {
    en: "The cluster's endpoint service is available to this account",
    ja: 'クラスタのエンドポイントサービスがこのアカウントから利用できる',
  },
  severity: 'critical',
  needs: ['endpointService'],
  uses: ['endpoint', 'tidbCloudService'],
  description: {
    en: "Asks whether DescribeVpcEndpointServices shows the cluster's endpoint service to this account, and whether the service's private DNS name is verified. TiDB Cloud creates the service three to five minutes after the cluster; until then, or when the service is in another region, AWS does not show it.",
    ja: 'DescribeVpcEndpointServices でクラスタのエンドポイントサービスがこのアカウントから見えるか、またサービスのプライベート DNS 名が検証済みかを確認します。TiDB Cloud はクラスタ作成の 3〜5 分後にサービスを作成します。それまでの間や、サービスが別リージョンにある場合、AWS はサービスを表示しません。',
  },
  messages: {
    ready: {
      en: "Endpoint service '{serviceName}' is visible and its private DNS name '{privateDnsName}' is verified",
      ja: "エンドポイントサービス '{serviceName}' が見えており、プライベート DNS 名 '{privateDnsName}' は検証済みです",
    },
    notVisible: {
      en: "Endpoint service '{serviceName}' is not visible to this account in region '{region}'",
      ja: "エンドポイントサービス '{serviceName}' がリージョン '{region}' でこのアカウントから見えません",
    },
    creating: {
      en: "Endpoint service '{serviceName}' is not visible yet: TiDB Cloud reports it as '{tidbState}'",
      ja: "エンドポイントサービス '{serviceName}' はまだ見えません: TiDB Cloud での状態は '{tidbState}' です",
      remediation: {
        summary: {
          en: 'TiDB Cloud is still creating the endpoint service; this takes three to five minutes after the cluster is created. Wait, then run the check again.',
          ja: 'TiDB Cloud がエンドポイントサービスを作成中です。クラスタ作成から 3〜5 分かかります。待ってから再度チェックしてください。',
        },
        cli: [DESCRIBE_SERVICE],
      },
    },
    deleting: {
      en: "Endpoint service '{serviceName}' is not visible: TiDB Cloud reports it as '{tidbState}'",
      ja: "エンドポイントサービス '{serviceName}' が見えません: TiDB Cloud での状態は '{tidbState}' です",
      remediation: {
        summary: {
          en: 'The endpoint service or its cluster is being deleted. Connect to a cluster that is not being deleted.',
          ja: 'エンドポイントサービスまたはそのクラスタが削除中です。削除中でないクラスタに接続してください。',
        },
        console: SUPPORT_CONSOLE,
      },
    },
    noPrivateDnsName: {
      en: "Endpoint service '{serviceName}' offers no private DNS name, so the cluster's host name cannot resolve through the endpoint",
      ja: "エンドポイントサービス '{serviceName}' にプライベート DNS 名がないため、クラスタのホスト名をエンドポイント経由で解決できません",
      remediation: {
        summary: {
          en: "TiDB Cloud endpoint services carry a private DNS name; one without it may not be the cluster's. Check the service name in the TiDB Cloud console.",
          ja: 'TiDB Cloud のエンドポイントサービスにはプライベート DNS 名があります。ない場合はクラスタのサービスではない可能性があります。TiDB Cloud コンソールでサービス名を確認してください。',
        },
        cli: [DESCRIBE_SERVICE],
        console: SUPPORT_CONSOLE,
      },
    },
    pendingVerification: {
      en: "The private DNS name '{privateDnsName}' of service '{serviceName}' is not verified yet (state '{verification}'), so it cannot be used",
      ja: "サービス '{serviceName}' のプライベート DNS 名 '{privateDnsName}' はまだ検証されておらず (状態 '{verification}')、使えません",
      remediation: {
        summary: {
          en: 'The service owner still has to verify the name. Wait a few minutes and run the check again; if it stays unverified, contact PingCAP support.',
          ja: 'サービスの所有者による名前の検証が終わっていません。数分待って再度チェックし、検証されないままなら PingCAP サポートに連絡してください。',
        },
        cli: [DESCRIBE_SERVICE],
      },
    },
    verificationFailed: {
      en: "The private DNS name '{privateDnsName}' of service '{serviceName}' failed verification (state '{verification}'), so it cannot be used",
      ja: "サービス '{serviceName}' のプライベート DNS 名 '{privateDnsName}' の検証に失敗しており (状態 '{verification}')、使えません",
      remediation: {
        summary: {
          en: 'Only the service owner can fix the verification: contact PingCAP support with the service name.',
          ja: '検証を直せるのはサービスの所有者だけです。サービス名を添えて PingCAP サポートに連絡してください。',
        },
        cli: [DESCRIBE_SERVICE],
        console: SUPPORT_CONSOLE,
      },
    },
    noServiceName: {
      en: 'No endpoint service name is known to look for',
      ja: '確認するエンドポイントサービス名が不明です',
    },
  },
  remediation: {
    summary: {
      en: "For a new cluster, wait three to five minutes until the TiDB Cloud console shows the endpoint service as ready. Otherwise check that the service name was copied whole and that the region is the cluster's (cross-region endpoints are not supported). If both are right, the service may not admit this AWS account: contact PingCAP support.",
      ja: '新しいクラスタなら、TiDB Cloud コンソールでエンドポイントサービスの準備完了が表示されるまで 3〜5 分待ってください。そうでなければ、サービス名が欠けずにコピーされているか、リージョンがクラスタと同じか (クロスリージョンは非対応) を確認してください。どちらも正しい場合は、サービスがこの AWS アカウントを許可していない可能性があるため、PingCAP サポートに連絡してください。',
    },
    cli: [DESCRIBE_SERVICE],
    console: SUPPORT_CONSOLE,
  },
  evaluate({ endpointService, endpoint, tidbCloudService }, target) {
    const serviceName = endpointService?.serviceName ?? endpoint?.serviceName ?? target.serviceName;
    if (!serviceName) return { status: 'skip', message: 'noServiceName' };

    const tidbState = tidbCloudService?.state ?? '';
    const data = {
      serviceName,
      region: target.region ?? 'unknown',
      tidbState,
      privateDnsName: endpointService?.privateDnsName ?? '',
      verification: endpointService?.privateDnsNameVerificationState ?? '',
    };
    if (!endpointService) {
      if (/^creating$/i.test(tidbState)) return { status: 'fail', message: 'creating', data };
      if (/^deleting$/i.test(tidbState)) return { status: 'fail', message: 'deleting', data };

      return { status: 'fail', message: 'notVisible', data };
    }

    if (!data.privateDnsName) return { status: 'warn', message: 'noPrivateDnsName', data };

    // AWS sends 'verified', 'pendingVerification' or 'failed'. A missing state is not held
    // against the service: the DNS rules show whether the name really resolves.
    const verification = data.verification.toLowerCase();
    if (verification === 'failed') return { status: 'fail', message: 'verificationFailed', data };
    if (verification && verification !== 'verified') {
      return { status: 'warn', message: 'pendingVerification', data };
    }

    return { status: 'pass', message: 'ready', data };
  },
});
