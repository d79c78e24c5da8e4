import { describe, expect, it } from 'vitest';

import type { FactValues, SgPermission } from '../../../src/engine/facts.js';
import type { Status } from '../../../src/engine/rule.js';
import rule from '../../../rules/sg/endpoint-ingress.js';
import { IDS } from '../../helpers/evidence.js';
import {
  runRule,
  type Situation,
  UNDESCRIBED_CLIENT,
  UNDESCRIBED_CLIENT_MESSAGE,
} from '../../helpers/run-rule.js';

function permission(changes: Partial<SgPermission>): SgPermission {
  return {
    protocol: 'tcp',
    fromPort: 4000,
    toPort: 4000,
    ipv4Ranges: [],
    ipv6Ranges: [],
    groupIds: [],
    prefixListIds: [],
    ...changes,
  };
}

// Replaces the inbound rules of the endpoint's security group.
function ingress(...permissions: Array<Partial<SgPermission>>) {
  return (f: FactValues) => void (f.securityGroups[0]!.ingress = permissions.map(permission));
}

function noClient(f: FactValues) {
  f.clientInstance = null;
  f.identity = null;
}

// Off EC2 and without --instance-id: no client host at all.
const NO_HOST = { instanceId: undefined };

function both(...changes: Array<(f: FactValues) => void>) {
  return (f: FactValues) => changes.forEach((change) => change(f));
}

const cases: Array<[string, Situation, Status, string, RegExp]> = [
  [
    "passes when a rule references the client's security group",
    {},
    'pass',
    'admitted',
    /Security group 'sg-0ccccccccccccccc3' of endpoint 'vpce-0a1b2c3d4e5f67890' admits TCP port 4000 from the client \('10\.0\.1\.12', 'sg-0fffffffffffffff6'\) through 'sg-0fffffffffffffff6'/,
  ],
  [
    "passes when a CIDR holds the client's address",
    { facts: ingress({ ipv4Ranges: ['10.0.0.0/16'] }) },
    'pass',
    'admitted',
    /through '10\.0\.0\.0\/16'/,
  ],
  [
    "passes when a rule names the client's address",
    { facts: ingress({ ipv4Ranges: ['10.0.1.12/32'] }) },
    'pass',
    'admitted',
    /through '10\.0\.1\.12\/32'/,
  ],
  [
    "passes when an IPv6 range holds the client's IPv6 address",
    {
      facts: both(
        ingress({ ipv6Ranges: ['2600:1f14:abc::/56'] }),
        (f) => void (f.clientInstance!.ipv6Addresses = ['2600:1f14:abc:1::12']),
      ),
    },
    'pass',
    'admitted',
    /through '2600:1f14:abc::\/56'/,
  ],
  [
    'passes when an all-traffic rule without ports admits the client',
    {
      facts: ingress({
        protocol: '-1',
        fromPort: undefined,
        toPort: undefined,
        ipv4Ranges: ['0.0.0.0/0'],
      }),
    },
    'pass',
    'admitted',
    /through '0\.0\.0\.0\/0'/,
  ],
  [
    'passes when a TCP port range holds the port',
    { facts: ingress({ fromPort: 3000, toPort: 5000, ipv4Ranges: ['10.0.1.0/24'] }) },
    'pass',
    'admitted',
    /through '10\.0\.1\.0\/24'/,
  ],
  [
    'passes when TCP is given as protocol number 6',
    { facts: ingress({ protocol: '6', ipv4Ranges: ['10.0.1.0/24'] }) },
    'pass',
    'admitted',
    /through '10\.0\.1\.0\/24'/,
  ],
  [
    'passes when a prefix list holds the client',
    {
      facts: both(
        ingress({ prefixListIds: ['pl-0123456789abcdef0'] }),
        (f) => void (f.prefixLists = [{ id: 'pl-0123456789abcdef0', cidrs: ['10.0.0.0/20'] }]),
      ),
    },
    'pass',
    'admitted',
    /through 'pl-0123456789abcdef0'/,
  ],
  [
    'passes when a second security group on the endpoint admits the client',
    {
      facts: both(ingress(), (f) => {
        f.endpoint!.securityGroupIds.push('sg-0aaaa');
        f.securityGroups.push({
          id: 'sg-0aaaa',
          ingress: [permission({ ipv4Ranges: ['10.0.0.0/8'] })],
          egress: [],
        });
      }),
    },
    'pass',
    'admitted',
    /Security group 'sg-0aaaa' .* through '10\.0\.0\.0\/8'/,
  ],
  [
    'passes from instance metadata when EC2 did not describe the client',
    { facts: (f) => void delete (f as Partial<FactValues>).clientInstance },
    'pass',
    'admitted',
    /from the client \('10\.0\.1\.12', 'sg-0fffffffffffffff6'\)/,
  ],
  [
    'fails when the port is open only to other addresses',
    { facts: ingress({ ipv4Ranges: ['192.168.0.0/16'] }, { ipv6Ranges: ['::/0'] }) },
    'fail',
    'notAdmitted',
    /No security group of endpoint 'vpce-0a1b2c3d4e5f67890' \('sg-0ccccccccccccccc3'\) admits TCP port 4000 from the client \('10\.0\.1\.12', 'sg-0fffffffffffffff6'\); the port is open only to '192\.168\.0\.0\/16', '::\/0'/,
  ],
  [
    "passes when the endpoint's group admits itself and the client carries that group too",
    {
      facts: both(ingress({ groupIds: [IDS.endpointSg] }), (f) => {
        f.clientInstance!.securityGroupIds.push(IDS.endpointSg);
      }),
    },
    'pass',
    'admitted',
    /through 'sg-0ccccccccccccccc3'/,
  ],
  [
    "fails when the endpoint's group admits only itself and the client does not carry it",
    { facts: ingress({ groupIds: [IDS.endpointSg] }) },
    'fail',
    'notAdmitted',
    /the port is open only to 'sg-0ccccccccccccccc3'/,
  ],
  [
    'fails when a rule references another security group',
    { facts: ingress({ groupIds: ['sg-0999'] }) },
    'fail',
    'notAdmitted',
    /open only to 'sg-0999'/,
  ],
  [
    'fails when the known prefix list does not hold the client',
    {
      facts: both(
        ingress({ prefixListIds: ['pl-0123456789abcdef0'] }),
        (f) => void (f.prefixLists = [{ id: 'pl-0123456789abcdef0', cidrs: ['192.168.0.0/16'] }]),
      ),
    },
    'fail',
    'notAdmitted',
    /open only to 'pl-0123456789abcdef0'/,
  ],
  [
    'fails when the rule opens another port',
    { facts: ingress({ fromPort: 3306, toPort: 3306, ipv4Ranges: ['0.0.0.0/0'] }) },
    'fail',
    'portClosed',
    /\('sg-0ccccccccccccccc3'\) admits TCP port 4000 from anywhere/,
  ],
  [
    'fails when the cluster uses a port the rule does not open',
    { target: { port: 4001 } },
    'fail',
    'portClosed',
    /admits TCP port 4001 from anywhere/,
  ],
  [
    'fails when the rule is for UDP',
    { facts: ingress({ protocol: 'udp', ipv4Ranges: ['0.0.0.0/0'] }) },
    'fail',
    'portClosed',
    /from anywhere/,
  ],
  [
    "fails when the endpoint's group has no inbound rules",
    { facts: ingress() },
    'fail',
    'portClosed',
    /from anywhere/,
  ],
  [
    'fails when the endpoint has no security groups',
    { facts: (f) => void (f.endpoint!.securityGroupIds = []) },
    'fail',
    'noGroups',
    /'vpce-0a1b2c3d4e5f67890' has no security groups/,
  ],
  [
    "is unknown when a prefix list's entries are not known",
    { facts: ingress({ prefixListIds: ['pl-0123456789abcdef0'] }) },
    'unknown',
    'prefixListUnknown',
    /from '10\.0\.1\.12', 'sg-0fffffffffffffff6' depends on prefix lists 'pl-0123456789abcdef0', whose entries are not known/,
  ],
  [
    "is unknown when one of the endpoint's groups was not described",
    { facts: both(ingress(), (f) => void f.endpoint!.securityGroupIds.push('sg-0missing')) },
    'unknown',
    'groupsNotDescribed',
    /Security groups 'sg-0missing' of endpoint 'vpce-0a1b2c3d4e5f67890' were not described/,
  ],
  [
    'reports information when no client is known and a group reference admits the VPC',
    { facts: noClient, target: NO_HOST },
    'info',
    'openToVpc',
    /No client host is known, so only the VPC was judged: security group 'sg-0ccccccccccccccc3' .* admits TCP port 4000 from 'sg-0fffffffffffffff6'/,
  ],
  [
    'reports information when no client is known and a CIDR inside the VPC is admitted',
    { facts: both(noClient, ingress({ ipv4Ranges: ['10.0.7.0/24'] })), target: NO_HOST },
    'info',
    'openToVpc',
    /from '10\.0\.7\.0\/24'/,
  ],
  [
    'warns when no client is known and the port is open only outside the VPC',
    { facts: both(noClient, ingress({ ipv4Ranges: ['192.168.0.0/16'] })), target: NO_HOST },
    'warn',
    'outsideVpcOnly',
    /admit TCP port 4000 only from '192\.168\.0\.0\/16', outside VPC 'vpc-0123456789abcdef0' \('10\.0\.0\.0\/16'\)/,
  ],
  [
    'fails when no client is known and the port is closed',
    { facts: both(noClient, ingress()), target: NO_HOST },
    'fail',
    'portClosed',
    /from anywhere/,
  ],
  [
    'reports information when neither the client nor the VPC is known and the port is open',
    {
      facts: both(
        noClient,
        ingress({ ipv4Ranges: ['192.168.0.0/16'] }),
        (f) => void delete (f as Partial<FactValues>).vpc,
      ),
      target: NO_HOST,
    },
    'info',
    'openToVpc',
    /from '192\.168\.0\.0\/16'/,
  ],
  [
    'is unknown when the host named with --instance-id was not described',
    UNDESCRIBED_CLIENT,
    'unknown',
    'clientUndescribed',
    UNDESCRIBED_CLIENT_MESSAGE,
  ],
  [
    'skips when there is no endpoint',
    { facts: (f) => void (f.endpoint = null) },
    'skip',
    'noEndpoint',
    /no endpoint/,
  ],
];

describe('sg.endpoint-ingress', () => {
  it.each(cases)('%s', (_name, situation, status, messageId, message) => {
    const result = runRule(rule, situation);

    expect(result.status).toBe(status);
    expect(result.messageId).toBe(messageId);
    expect(result.message).toMatch(message);
  });

  it('gives the commands that admit the client by group or by address', () => {
    const result = runRule(rule, { facts: ingress() });

    expect(result.remediation?.cli).toEqual([
      `aws ec2 authorize-security-group-ingress --group-id ${IDS.endpointSg} --protocol tcp --port 4000 --source-group ${IDS.clientSg}`,
      `aws ec2 authorize-security-group-ingress --group-id ${IDS.endpointSg} --protocol tcp --port 4000 --cidr 10.0.1.12/32`,
    ]);
  });

  it('offers the VPC block when no client is known', () => {
    const result = runRule(rule, { facts: both(noClient, ingress()), target: NO_HOST });

    expect(result.remediation?.cli[1]).toMatch(/--cidr 10\.0\.0\.0\/16$/);
  });

  it('tells how to read an unknown prefix list', () => {
    const result = runRule(rule, { facts: ingress({ prefixListIds: ['pl-0123456789abcdef0'] }) });

    expect(result.remediation?.cli).toEqual([
      'aws ec2 get-managed-prefix-list-entries --prefix-list-id pl-0123456789abcdef0',
    ]);
  });

  it('keeps what decided in the evidence', () => {
    const result = runRule(rule);

    expect(result.evidence).toMatchObject({
      verdict: {
        outcome: 'admitted',
        groupId: IDS.endpointSg,
        source: { kind: 'group', value: IDS.clientSg },
      },
    });
  });

  it('speaks Japanese', () => {
    const result = runRule(rule, {
      facts: ingress({ ipv4Ranges: ['192.168.0.0/16'] }),
      lang: 'ja',
    });

    expect(result.message).toBe(
      "エンドポイント 'vpce-0a1b2c3d4e5f67890' のセキュリティグループ ('sg-0ccccccccccccccc3') はどれもクライアント ('10.0.1.12', 'sg-0fffffffffffffff6') からの TCP ポート 4000 を許可していません。このポートは '192.168.0.0/16' にだけ開いています",
    );
    expect(result.remediation?.console[1]).toBe(
      "セキュリティグループ 'sg-0ccccccccccccccc3' を開き、「インバウンドルールを編集」を選びます",
    );
  });
});
