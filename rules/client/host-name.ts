// Guide step 6 and AWS PrivateLink DNS: connect with the cluster's private DNS name. The
// endpoint's own vpce-...vpce.amazonaws.com names reach the same addresses but skip private DNS,
// and the server's certificate does not carry them, so TLS host-name checks fail.
import { isIP } from 'node:net';

import { defineRule } from '../../src/engine/rule.js';

const VPCE_NAME = /(^|\.)vpce\.amazonaws\.com\.?$/i;
// TiDB Cloud Dedicated names its public endpoint `tidb.<cluster>.clusters.tidb-cloud.com`; the
// private endpoint's host starts with `privatelink-`.
const PUBLIC_DEDICATED_NAME = /^tidb\.[^.]+\.clusters\.(?:staging\.)?tidb-cloud\.com$/i;

export default defineRule(import.meta.url, {
  title: {
    en: 'The application uses the private DNS name of the endpoint service',
    ja: 'アプリケーションがエンドポイントサービスのプライベート DNS 名を使っている',
  },
  severity: 'critical',
  needs: [],
  uses: ['endpoint', 'endpointService'],
  description: {
    en: "Looks at the host name given with --host: it should be the service's private DNS name (the host in the TiDB Cloud console's Connect dialog), not an endpoint-specific vpce-...vpce.amazonaws.com name or an IP address, on which TLS host-name verification fails, nor the cluster's public endpoint name (tidb.<cluster>.clusters.tidb-cloud.com), which does not use the private endpoint.",
    ja: '--host のホスト名を確認します。エンドポイントサービスのプライベート DNS 名 (TiDB Cloud コンソールの接続ダイアログにあるホスト) であるべきで、エンドポイント固有の vpce-...vpce.amazonaws.com の名前や IP アドレスでは TLS のホスト名検証に失敗し、クラスタのパブリックエンドポイントの名前 (tidb.<cluster>.clusters.tidb-cloud.com) ではプライベートエンドポイントを通りません。',
  },
  messages: {
    privateName: {
      en: "'{host}' is the private DNS name of the endpoint service",
      ja: "'{host}' はエンドポイントサービスのプライベート DNS 名です",
    },
    notVpceName: {
      en: "'{host}' is not an endpoint-specific AWS name; the service's private DNS name is not known, so the two were not compared",
      ja: "'{host}' はエンドポイント固有の AWS の名前ではありません。サービスのプライベート DNS 名が不明なため、比較はしていません",
    },
    vpceName: {
      en: "'{host}' is the endpoint's own AWS name: it skips private DNS, and TLS host-name checks fail on it",
      ja: "'{host}' はエンドポイント固有の AWS の名前です。プライベート DNS を通らず、TLS のホスト名検証にも失敗します",
    },
    address: {
      en: "'{host}' is an IP address: TLS host-name checks fail on it, and it bypasses DNS entirely",
      ja: "'{host}' は IP アドレスです。TLS のホスト名検証に失敗し、DNS もまったく使いません",
    },
    publicName: {
      en: "'{host}' looks like the cluster's public endpoint, which does not go through the private endpoint: the private endpoint's host starts with 'privatelink-'",
      ja: "'{host}' はクラスタのパブリックエンドポイントのように見えます。これはプライベートエンドポイントを通りません。プライベートエンドポイントのホストは 'privatelink-' で始まります",
    },
    otherName: {
      en: "'{host}' is not the endpoint service's private DNS name '{privateName}': unless it is an alias of it that the certificate also names, TLS host-name checks fail",
      ja: "'{host}' はエンドポイントサービスのプライベート DNS 名 '{privateName}' ではありません。その別名で証明書にも含まれる名前でない限り、TLS のホスト名検証に失敗します",
    },
    noHost: {
      en: 'No host name was given (--host)',
      ja: 'ホスト名 (--host) が指定されていません',
    },
  },
  remediation: {
    summary: {
      en: "Configure the application with the host from the TiDB Cloud console's Connect dialog, which is the endpoint service's private DNS name (the command below prints it), and enable private DNS on the endpoint so that the name resolves to the endpoint inside the VPC.",
      ja: 'アプリケーションには TiDB Cloud コンソールの接続ダイアログにあるホストを設定してください。これはエンドポイントサービスのプライベート DNS 名です (下のコマンドで表示できます)。エンドポイントでプライベート DNS を有効にすると、VPC 内でこの名前がエンドポイントに解決されます。',
    },
    cli: [
      "aws ec2 describe-vpc-endpoint-services --service-names {serviceName} --query 'ServiceDetails[0].PrivateDnsName' --output text",
    ],
  },
  evaluate({ endpoint, endpointService }, target) {
    const host = target.host?.replace(/\.$/, '');
    if (!host) return { status: 'skip', message: 'noHost' };

    const privateName =
      endpointService?.privateDnsName ??
      endpoint?.dnsEntries.find((entry) => !VPCE_NAME.test(entry.dnsName))?.dnsName;
    const serviceName = endpointService?.serviceName ?? endpoint?.serviceName ?? target.serviceName;
    const data = { host, ...(privateName && { privateName }), ...(serviceName && { serviceName }) };
    if (isIP(host)) return { status: 'warn', message: 'address', data };
    if (VPCE_NAME.test(host)) return { status: 'fail', message: 'vpceName', data };
    if (!privateName && PUBLIC_DEDICATED_NAME.test(host)) {
      return { status: 'warn', message: 'publicName', data };
    }
    // Not a vpce name is all that is known: worth showing, but not a pass of the title's claim.
    if (!privateName) return { status: 'info', message: 'notVpceName', data };
    if (!isPrivateName(host, privateName)) {
      return { status: 'warn', message: 'otherName', data: { ...data, privateName } };
    }

    return { status: 'pass', message: 'privateName', data };
  },
});

// An endpoint service may have a wildcard private DNS name (`*.example.com`), which covers one
// label more.
function isPrivateName(host: string, privateName: string): boolean {
  const name = privateName.toLowerCase().replace(/\.$/, '');
  const lower = host.toLowerCase();
  if (!name.startsWith('*.')) return lower === name;

  const suffix = name.slice(1);

  return lower.endsWith(suffix) && !lower.slice(0, -suffix.length).includes('.');
}
