import { describe, expect, it } from 'vitest';

import type { FactValues, SgPermission } from '../../../src/engine/facts.js';
import type { Status } from '../../../src/engine/rule.js';
import rule from '../../../rules/sg/client-egress.js';
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

// Replaces the outbound rules of the client's security group.
function egress(...permissions: Array<Partial<SgPermission>>) {
  return (f: FactValues) => void (f.securityGroups[1]!.egress = permissions.map(permission));
}

function both(...changes: Array<(f: FactValues) => void>) {
  return (f: FactValues) => changes.forEach((change) => change(f));
}

const BOTH = "'10.0.1.25', '10.0.2.25'";

const cases: Array<[string, Situation, Status, string, RegExp]> = [
  [
    'passes when an all-traffic rule allows every endpoint address',
    {},
    'pass',
    'allowed',
    new RegExp(
      `\\('sg-0fffffffffffffff6'\\) allow TCP port 4000 out to every address of endpoint 'vpce-0a1b2c3d4e5f67890': ${BOTH}`,
    ),
  ],
  [
    "passes when a rule references the endpoint's security group",
    { facts: egress({ groupIds: [IDS.endpointSg] }) },
    'pass',
    'allowed',
    /every address/,
  ],
  [
    'passes when a CIDR holds every endpoint address',
    { facts: egress({ ipv4Ranges: ['10.0.0.0/16'] }) },
    'pass',
    'allowed',
    /every address/,
  ],
  [
    'passes when a prefix list holds every endpoint address',
    {
      facts: both(
        egress({ prefixListIds: ['pl-0123456789abcdef0'] }),
        (f) => void (f.prefixLists = [{ id: 'pl-0123456789abcdef0', cidrs: ['10.0.0.0/16'] }]),
      ),
    },
    'pass',
    'allowed',
    /every address/,
  ],
  [
    'passes from instance metadata when EC2 did not describe the client',
    { facts: (f) => void delete (f as Partial<FactValues>).clientInstance },
    'pass',
    'allowed',
    /every address/,
  ],
  [
    'fails when only some endpoint addresses are allowed',
    { facts: egress({ ipv4Ranges: ['10.0.1.0/24'] }) },
    'fail',
    'partlyBlocked',
    /allow TCP port 4000 out to '10\.0\.1\.25' but not to '10\.0\.2\.25' of endpoint 'vpce-0a1b2c3d4e5f67890': connections fail whenever DNS answers with a blocked address/,
  ],
  [
    'fails when the port is open only to other destinations',
    { facts: egress({ ipv4Ranges: ['192.168.0.0/16'] }) },
    'fail',
    'blocked',
    new RegExp(
      `do not allow TCP port 4000 out to endpoint 'vpce-0a1b2c3d4e5f67890' at ${BOTH}; the port is open only to '192\\.168\\.0\\.0/16'`,
    ),
  ],
  [
    'fails when a rule references another security group',
    { facts: egress({ groupIds: ['sg-0999'] }) },
    'fail',
    'blocked',
    /open only to 'sg-0999'/,
  ],
  [
    'fails when there is no outbound rule',
    { facts: egress() },
    'fail',
    'closed',
    /\('sg-0fffffffffffffff6'\) allow no outbound traffic on TCP port 4000/,
  ],
  [
    'fails when outbound traffic is allowed on another port only',
    { facts: egress({ fromPort: 443, toPort: 443, ipv4Ranges: ['0.0.0.0/0'] }) },
    'fail',
    'closed',
    /allow no outbound traffic/,
  ],
  [
    "is unknown when a prefix list's entries are not known",
    { facts: egress({ prefixListIds: ['pl-0123456789abcdef0'] }) },
    'unknown',
    'prefixListUnknown',
    new RegExp(`out to ${BOTH} depends on prefix lists 'pl-0123456789abcdef0'`),
  ],
  [
    "is unknown when one of the client's groups was not described",
    { facts: both(egress(), (f) => void f.clientInstance!.securityGroupIds.push('sg-0missing')) },
    'unknown',
    'groupsNotDescribed',
    /The client's security groups 'sg-0missing' were not described/,
  ],
  [
    "is unknown when none of the endpoint's interfaces was described",
    { facts: (f) => void (f.networkInterfaces = []) },
    'unknown',
    'noAddresses',
    /none of its network interfaces \('eni-0ddddddddddddddd4', 'eni-0eeeeeeeeeeeeeee5'\) was described/,
  ],
  [
    'judges IPv6 addresses when the endpoint has no IPv4 ones',
    {
      facts: both(egress({ ipv6Ranges: ['2600:1f14::/32'] }), (f) =>
        f.networkInterfaces.forEach((eni, index) =>
          Object.assign(eni, {
            privateIpAddresses: [],
            ipv6Addresses: [`2600:1f14::${index + 1}`],
          }),
        ),
      ),
    },
    'pass',
    'allowed',
    /'2600:1f14::1', '2600:1f14::2'/,
  ],
  [
    'skips when no client host is known',
    {
      facts: (f) => void Object.assign(f, { clientInstance: null, identity: null }),
      target: { instanceId: undefined },
    },
    'skip',
    'noClient',
    /run on the application's EC2 host or pass --instance-id/,
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

describe('sg.client-egress', () => {
  it.each(cases)('%s', (_name, situation, status, messageId, message) => {
    const result = runRule(rule, situation);

    expect(result.status).toBe(status);
    expect(result.messageId).toBe(messageId);
    expect(result.message).toMatch(message);
  });

  it("gives the command that allows egress to the endpoint's security group", () => {
    const result = runRule(rule, { facts: egress() });

    expect(result.remediation?.cli).toEqual([
      `aws ec2 authorize-security-group-egress --group-id ${IDS.clientSg} --ip-permissions 'IpProtocol=tcp,FromPort=4000,ToPort=4000,UserIdGroupPairs=[{GroupId=${IDS.endpointSg}}]'`,
    ]);
  });

  it('tells how to look at the interfaces when they are unknown', () => {
    const result = runRule(rule, { facts: (f) => void (f.networkInterfaces = []) });

    expect(result.remediation?.cli[0]).toMatch(
      /--network-interface-ids eni-0ddddddddddddddd4 eni-0eeeeeeeeeeeeeee5 /,
    );
  });

  it('speaks Japanese', () => {
    const result = runRule(rule, { facts: egress({ ipv4Ranges: ['10.0.1.0/24'] }), lang: 'ja' });

    expect(result.message).toMatch(
      /^クライアントのセキュリティグループ \('sg-0fffffffffffffff6'\) は TCP ポート 4000 の送信を '10\.0\.1\.25' には許可していますが/,
    );
    expect(result.remediation?.console[0]).toBe(
      "EC2 コンソールの「セキュリティグループ」で 'sg-0fffffffffffffff6' を選びます",
    );
  });
});
