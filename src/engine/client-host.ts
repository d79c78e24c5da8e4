// Rules about the client host read it from EC2 (DescribeInstances) or, for the host tidb-pe
// runs on, from instance metadata. Rules only see facts that were gathered, so a host named with
// --instance-id that EC2 did not describe would look like no host at all.
import type { ClientInstance, InstanceIdentity, Target } from './facts.js';
import type { MessageSpec } from './rule.js';

/** Whether the host named with --instance-id is known only by its id: EC2 did not describe it. */
export function isClientUndescribed(
  target: Target,
  clientInstance: ClientInstance | null | undefined,
  identity: InstanceIdentity | null | undefined,
): boolean {
  const id = target.instanceId;

  return Boolean(id) && !clientInstance && identity?.instanceId !== id;
}

/** The message of a rule that cannot judge the client because EC2 did not describe it. */
export const CLIENT_UNDESCRIBED: MessageSpec = {
  en: "Client host '{instanceId}' is known only by its id: EC2 did not describe it (see the 'clientInstance' fact for why)",
  ja: "クライアントホスト '{instanceId}' は ID しか分かりません: EC2 から情報を取得できませんでした (理由は 'clientInstance' ファクトを参照)",
  remediation: {
    summary: {
      en: "Check that instance '{instanceId}' exists in region '{region}', and allow ec2:DescribeInstances for the identity tidb-pe runs as (see `tidb-pe iam-policy`).",
      ja: "インスタンス '{instanceId}' がリージョン '{region}' に存在することを確認し、tidb-pe を実行する IAM ID に ec2:DescribeInstances を許可してください (`tidb-pe iam-policy` を参照)。",
    },
    cli: [
      "aws ec2 describe-instances --region {region} --instance-ids {instanceId} --query 'Reservations[].Instances[].[InstanceId,VpcId,SubnetId,PrivateIpAddress]' --output table",
    ],
  },
};

/** The message of a rule about the client host when no host is known at all. */
export const NO_CLIENT_HOST: MessageSpec = {
  en: 'No client host is known: run tidb-pe on the application host, or give --instance-id',
  ja: 'クライアントホストが不明です。アプリケーションのホストで tidb-pe を実行するか、--instance-id を指定してください',
};

/** The placeholders of `CLIENT_UNDESCRIBED`. */
export function undescribedData(target: Target): Record<string, string> {
  return { instanceId: target.instanceId ?? '', region: target.region ?? '<region>' };
}
