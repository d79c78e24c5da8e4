import { describe, expect, it } from 'vitest';

import type { FactValues, NaclEntry } from '../../../src/engine/facts.js';
import rule from '../../../rules/nacl/path.js';
import { IDS } from '../../helpers/evidence.js';
import {
  runRule,
  type Situation,
  UNDESCRIBED_CLIENT,
  UNDESCRIBED_CLIENT_MESSAGE,
} from '../../helpers/run-rule.js';

const OPEN: NaclEntry[] = [
  { ruleNumber: 100, protocol: '-1', action: 'allow', egress: false, cidrBlock: '0.0.0.0/0' },
  { ruleNumber: 100, protocol: '-1', action: 'allow', egress: true, cidrBlock: '0.0.0.0/0' },
  { ruleNumber: 32767, protocol: '-1', action: 'deny', egress: false, cidrBlock: '0.0.0.0/0' },
  { ruleNumber: 32767, protocol: '-1', action: 'deny', egress: true, cidrBlock: '0.0.0.0/0' },
];

/** Gives the client's subnet A and the endpoint's subnet B each their own ACL. */
function split(client: NaclEntry[], endpoint: NaclEntry[]): Situation {
  return {
    facts: (f: FactValues) => {
      f.networkAcls = [
        {
          id: 'acl-client',
          vpcId: IDS.vpc,
          isDefault: false,
          subnetIds: [IDS.subnetA],
          entries: client,
        },
        {
          id: 'acl-endpoint',
          vpcId: IDS.vpc,
          isDefault: false,
          subnetIds: [IDS.subnetB],
          entries: endpoint,
        },
      ];
    },
  };
}

const tcp = (from: number, to: number) => ({ protocol: '6', portRange: { from, to } });
const deny4000ToB: NaclEntry = {
  ruleNumber: 50,
  action: 'deny',
  egress: true,
  cidrBlock: '10.0.2.0/24',
  ...tcp(4000, 4000),
};
const only443In: NaclEntry[] = [
  { ruleNumber: 100, action: 'allow', egress: false, cidrBlock: '0.0.0.0/0', ...tcp(443, 443) },
  ...OPEN.filter((e) => e.egress),
];
const noRepliesOut: NaclEntry[] = [
  { ruleNumber: 100, action: 'deny', egress: true, cidrBlock: '10.0.1.0/24', ...tcp(1024, 65535) },
  ...OPEN,
];
const noRepliesIn: NaclEntry[] = [
  { ruleNumber: 10, protocol: '-1', action: 'deny', egress: false, cidrBlock: '10.0.2.25/32' },
  ...OPEN,
];
const highRepliesOnly = (egress: boolean): NaclEntry[] => [
  { ruleNumber: 100, action: 'allow', egress, cidrBlock: '0.0.0.0/0', ...tcp(32768, 65535) },
  ...OPEN.filter((e) => e.egress !== egress),
];

const ipv6Client: Situation = {
  facts: (f) => {
    f.identity = null;
    f.clientInstance!.privateIpAddresses = [];
    f.clientInstance!.ipv6Addresses = ['2600:1f14:aaaa:1::12'];
    f.networkInterfaces[1]!.ipv6Addresses = ['2600:1f14:aaaa:2::25'];
  },
};

const cases: Array<[string, Situation, string, RegExp]> = [
  ['passes when the ACLs allow everything', {}, 'pass', /'acl-0ea1f54ca7example' allow TCP 4000/],
  [
    'passes when the client shares the only endpoint subnet',
    {
      facts: (f) => {
        f.endpoint!.networkInterfaceIds = [IDS.eniA];
        f.networkAcls = [];
      },
    },
    'pass',
    /do not filter traffic inside a subnet/,
  ],
  [
    'fails when the client subnet denies the port outbound',
    split([deny4000ToB, ...OPEN], OPEN),
    'fail',
    /'acl-client' of client subnet 'subnet-0aaaaaaaaaaaaaaa1' denies outbound TCP 4000 to endpoint address '10.0.2.25' \(rule 50\)/,
  ],
  [
    'fails when the endpoint subnet admits other ports only',
    split(OPEN, only443In),
    'fail',
    /'acl-endpoint' of endpoint subnet 'subnet-0bbbbbbbbbbbbbbb2' denies inbound TCP 4000 from client '10.0.1.12' \(rule \*\)/,
  ],
  [
    'fails when the endpoint subnet blocks the replies',
    split(OPEN, noRepliesOut),
    'fail',
    /denies the replies to client '10.0.1.12' on ports 1024-65535 \(rule 100\): network ACLs are stateless/,
  ],
  [
    'fails when the client subnet blocks the replies',
    split(noRepliesIn, OPEN),
    'fail',
    /'acl-client' .* denies the replies from endpoint address '10.0.2.25' on ports 1024-65535 \(rule 10\)/,
  ],
  [
    'warns when the endpoint subnet lets only some reply ports out',
    split(OPEN, highRepliesOnly(true)),
    'warn',
    /lets replies to client '10.0.1.12' out only on ports 32768-65535 \(rule \* denies/,
  ],
  [
    'warns when the client subnet lets only some reply ports in',
    split(highRepliesOnly(false), OPEN),
    'warn',
    /lets replies from endpoint address '10.0.2.25' in only on ports 32768-65535/,
  ],
  [
    'checks only the endpoint side for a client in another VPC',
    {
      facts: (f) => {
        f.clientInstance!.vpcId = 'vpc-0fedcba9876543210';
        f.clientInstance!.subnetId = 'subnet-0ccccccccccccccc9';
        f.clientInstance!.privateIpAddresses = ['172.16.0.10'];
      },
    },
    'pass',
    /client's subnet is outside VPC 'vpc-0123456789abcdef0' and was not checked/,
  ],
  [
    'cannot decide when the client subnet has no ACL in the facts',
    { facts: (f) => void (f.networkAcls[0]!.subnetIds = [IDS.subnetB]) },
    'unknown',
    /associated with subnet 'subnet-0aaaaaaaaaaaaaaa1'/,
  ],
  [
    'cannot decide when the endpoint interfaces are missing',
    { facts: (f) => void (f.networkInterfaces = []) },
    'unknown',
    /None of the network interfaces of endpoint 'vpce-0a1b2c3d4e5f67890'/,
  ],
  [
    'fails for an IPv6 client when the ACLs only allow IPv4',
    ipv6Client,
    'fail',
    /denies outbound TCP 4000 to endpoint address '2600:1f14:aaaa:2::25' \(rule \*\)/,
  ],
  [
    'passes for an IPv6 client when IPv6 entries allow it',
    {
      facts: (f) => {
        ipv6Client.facts?.(f);
        for (const egress of [false, true]) {
          f.networkAcls[0]!.entries.push({
            ruleNumber: 101,
            protocol: '-1',
            action: 'allow',
            egress,
            ipv6CidrBlock: '::/0',
          });
        }
      },
    },
    'pass',
    /allow TCP 4000 from '2600:1f14:aaaa:1::12'/,
  ],
  [
    'skips when no client is known',
    {
      facts: (f) => {
        f.clientInstance = null;
        f.identity = null;
      },
      target: { instanceId: undefined },
    },
    'skip',
    /No client address is known/,
  ],
  [
    'is unknown when the host named with --instance-id was not described',
    UNDESCRIBED_CLIENT,
    'unknown',
    UNDESCRIBED_CLIENT_MESSAGE,
  ],
  [
    'skips when there is no endpoint',
    { facts: (f) => void (f.endpoint = null) },
    'skip',
    /no endpoint/,
  ],
  [
    'speaks Japanese',
    { ...split(OPEN, noRepliesOut), lang: 'ja' },
    'fail',
    /ネットワーク ACL はステートレス/,
  ],
];

describe('nacl.path', () => {
  it.each(cases)('%s', (_name, situation, status, message) => {
    const result = runRule(rule, situation);

    expect(result.status).toBe(status);
    expect(result.message).toMatch(message);
  });

  it('gives the exact entry to add, numbered before the deny', () => {
    const result = runRule(rule, split([deny4000ToB, ...OPEN], OPEN));

    expect(result.remediation?.cli).toEqual([
      'aws ec2 create-network-acl-entry --network-acl-id acl-client --egress --rule-number 49 --protocol tcp --port-range From=4000,To=4000 --cidr-block 10.0.2.25/32 --rule-action allow',
    ]);
  });

  it('opens the whole reply range on the endpoint subnet', () => {
    const result = runRule(rule, split(OPEN, noRepliesOut));

    expect(result.remediation?.cli?.[0]).toBe(
      'aws ec2 create-network-acl-entry --network-acl-id acl-endpoint --egress --rule-number 99 --protocol tcp --port-range From=1024,To=65535 --cidr-block 10.0.1.12/32 --rule-action allow',
    );
  });
});
