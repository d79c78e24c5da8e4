import { describe, expect, it } from 'vitest';

import type { PrefixList, SecurityGroup, SgPermission } from '../../src/engine/facts.js';
import type { SgPeer } from '../../src/engine/security-groups.js';
import {
  cidrsOverlap,
  findAdmittingPermission,
  matchPermissionPeer,
  permissionAllowsPort,
  quoteAll,
  quoteSources,
  sourcesOf,
} from '../../src/engine/security-groups.js';

function permission(changes: Partial<SgPermission> = {}): SgPermission {
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

function group(id: string, ingress: SgPermission[], egress: SgPermission[] = []): SecurityGroup {
  return { id, ingress, egress };
}

const client: SgPeer = { addresses: ['10.0.1.12'], groupIds: ['sg-app'] };
const corp: PrefixList = { id: 'pl-corp', cidrs: ['192.168.0.0/16', '10.0.1.0/24'] };
const other: PrefixList = { id: 'pl-other', cidrs: ['172.16.0.0/12'] };

describe('permissionAllowsPort', () => {
  it.each<[string, Partial<SgPermission>, boolean]>([
    [
      'allows any port when the protocol is -1 and no ports are given',
      { protocol: '-1', fromPort: undefined, toPort: undefined },
      true,
    ],
    [
      'allows any port when the protocol is -1 with -1 ports',
      { protocol: '-1', fromPort: -1, toPort: -1 },
      true,
    ],
    ['allows the exact TCP port', {}, true],
    ['allows TCP given by protocol number 6', { protocol: '6' }, true],
    ['reads the protocol without regard to case', { protocol: 'TCP' }, true],
    ['allows a port inside a TCP range', { fromPort: 3000, toPort: 5000 }, true],
    ['allows the lower bound of a range', { fromPort: 4000, toPort: 4010 }, true],
    ['allows the upper bound of a range', { fromPort: 3990, toPort: 4000 }, true],
    ['allows every port of 0-65535', { fromPort: 0, toPort: 65535 }, true],
    [
      'reads a TCP permission without ports as all ports',
      { fromPort: undefined, toPort: undefined },
      true,
    ],
    ['refuses a port below the range', { fromPort: 4001, toPort: 5000 }, false],
    ['refuses a port above the range', { fromPort: 3000, toPort: 3999 }, false],
    ['refuses another single port', { fromPort: 3306, toPort: 3306 }, false],
    ['refuses UDP', { protocol: 'udp' }, false],
    ['refuses protocol number 17', { protocol: '17', fromPort: 0, toPort: 65535 }, false],
    ['refuses ICMP', { protocol: 'icmp', fromPort: -1, toPort: -1 }, false],
  ])('%s', (_name, changes, expected) => {
    expect(permissionAllowsPort(permission(changes), 4000)).toBe(expected);
  });
});

describe('cidrsOverlap', () => {
  it.each<[string, string, string, boolean]>([
    ['a block and an address inside it', '10.0.0.0/16', '10.0.1.12', true],
    ['a block and an address outside it', '10.0.0.0/16', '10.1.0.1', false],
    ['an address and a block holding it', '10.0.1.12', '10.0.0.0/8', true],
    ['a block inside a bigger one', '10.0.1.0/24', '10.0.0.0/16', true],
    ['a bigger block around a smaller one', '10.0.0.0/8', '10.0.1.0/24', true],
    ['two disjoint blocks', '10.0.0.0/16', '10.1.0.0/16', false],
    ['equal addresses', '10.0.1.12', '10.0.1.12', true],
    ['a /32 block and its address', '10.0.1.12/32', '10.0.1.12', true],
    ['0.0.0.0/0 and any IPv4 address', '0.0.0.0/0', '203.0.113.9', true],
    ['an IPv6 block and an address inside it', '2600:1f14:abc::/56', '2600:1f14:abc:1::5', true],
    ['an IPv6 block and an address outside it', '2600:1f14:abc::/56', '2600:1f14:def::5', false],
    ['::/0 and an IPv6 address', '::/0', 'fd00::1', true],
    ['an IPv4 block and an IPv6 address', '0.0.0.0/0', 'fd00::1', false],
    ['an IPv6 block and an IPv4 address', '::/0', '10.0.1.12', false],
    ['a malformed block', '10.0.0.0/99', '10.0.1.12', false],
  ])('%s', (_name, a, b, expected) => {
    expect(cidrsOverlap(a, b)).toBe(expected);
    expect(cidrsOverlap(b, a)).toBe(expected);
  });
});

describe('matchPermissionPeer', () => {
  it.each<[string, Partial<SgPermission>, SgPeer, readonly PrefixList[], unknown]>([
    [
      'matches a CIDR holding the address',
      { ipv4Ranges: ['10.0.0.0/16'] },
      client,
      [],
      { outcome: 'match', source: { kind: 'cidr', value: '10.0.0.0/16' } },
    ],
    [
      'matches the address itself',
      { ipv4Ranges: ['10.0.1.12/32'] },
      client,
      [],
      { outcome: 'match', source: { kind: 'cidr', value: '10.0.1.12/32' } },
    ],
    [
      'matches an IPv6 range holding an IPv6 address',
      { ipv6Ranges: ['2600:1f14::/32'] },
      { addresses: ['2600:1f14::9'], groupIds: [] },
      [],
      { outcome: 'match', source: { kind: 'cidr', value: '2600:1f14::/32' } },
    ],
    [
      'does not match an IPv6 range for an IPv4 address',
      { ipv6Ranges: ['::/0'] },
      client,
      [],
      { outcome: 'no-match' },
    ],
    [
      "matches a reference to the peer's group",
      { groupIds: ['sg-app'] },
      client,
      [],
      { outcome: 'match', source: { kind: 'group', value: 'sg-app' } },
    ],
    [
      'does not match a reference to another group',
      { groupIds: ['sg-other'] },
      client,
      [],
      { outcome: 'no-match' },
    ],
    [
      'matches any reference when any group counts',
      { groupIds: ['sg-other'] },
      { addresses: [], groupIds: 'any' },
      [],
      { outcome: 'match', source: { kind: 'group', value: 'sg-other' } },
    ],
    [
      'matches a prefix list holding the address',
      { prefixListIds: ['pl-corp'] },
      client,
      [corp],
      { outcome: 'match', source: { kind: 'prefix-list', value: 'pl-corp' } },
    ],
    [
      'does not match a prefix list without the address',
      { prefixListIds: ['pl-other'] },
      client,
      [other],
      { outcome: 'no-match' },
    ],
    [
      'cannot decide on a prefix list whose entries are unknown',
      { prefixListIds: ['pl-corp'] },
      client,
      [],
      { outcome: 'undecidable', prefixListIds: ['pl-corp'] },
    ],
    [
      'prefers a known prefix list holding the address over an unknown one',
      { prefixListIds: ['pl-unknown', 'pl-corp'] },
      client,
      [corp],
      { outcome: 'match', source: { kind: 'prefix-list', value: 'pl-corp' } },
    ],
    [
      'prefers a CIDR match over an unknown prefix list',
      { ipv4Ranges: ['10.0.0.0/8'], prefixListIds: ['pl-unknown'] },
      client,
      [],
      { outcome: 'match', source: { kind: 'cidr', value: '10.0.0.0/8' } },
    ],
    [
      'matches a CIDR overlapping a network peer',
      { ipv4Ranges: ['10.0.200.0/24'] },
      { addresses: ['10.0.0.0/16'], groupIds: [] },
      [],
      { outcome: 'match', source: { kind: 'cidr', value: '10.0.200.0/24' } },
    ],
    [
      'does not match a CIDR beside a network peer',
      { ipv4Ranges: ['10.1.0.0/16'] },
      { addresses: ['10.0.0.0/16'], groupIds: [] },
      [],
      { outcome: 'no-match' },
    ],
    [
      'does not match an empty peer',
      { ipv4Ranges: ['0.0.0.0/0'] },
      { addresses: [], groupIds: [] },
      [],
      { outcome: 'no-match' },
    ],
  ])('%s', (_name, changes, peer, lists, expected) => {
    expect(matchPermissionPeer(permission(changes), peer, lists)).toEqual(expected);
  });
});

describe('findAdmittingPermission', () => {
  it('says which group, permission and source admitted the peer', () => {
    const admitting = permission({ groupIds: ['sg-app'] });
    const groups = [
      group('sg-a', [permission({ ipv4Ranges: ['192.168.0.0/16'] })]),
      group('sg-b', [admitting]),
    ];

    expect(findAdmittingPermission(groups, 'ingress', 4000, client)).toEqual({
      outcome: 'admitted',
      groupId: 'sg-b',
      permission: admitting,
      source: { kind: 'group', value: 'sg-app' },
    });
  });

  it('admits through an all-traffic rule without ports', () => {
    const all = permission({
      protocol: '-1',
      fromPort: undefined,
      toPort: undefined,
      ipv4Ranges: ['0.0.0.0/0'],
    });

    expect(findAdmittingPermission([group('sg-a', [all])], 'ingress', 4000, client).outcome).toBe(
      'admitted',
    );
  });

  it('reads egress permissions when asked for egress', () => {
    const groups = [group('sg-a', [], [permission({ ipv4Ranges: ['10.0.0.0/16'] })])];

    expect(findAdmittingPermission(groups, 'egress', 4000, client).outcome).toBe('admitted');
    expect(findAdmittingPermission(groups, 'ingress', 4000, client).outcome).toBe('denied');
  });

  it('lists what the port is open to when the peer is denied', () => {
    const groups = [
      group('sg-a', [permission({ ipv4Ranges: ['192.168.0.0/16'], groupIds: ['sg-other'] })]),
      group('sg-b', [permission({ fromPort: 22, toPort: 22, ipv4Ranges: ['10.0.0.0/8'] })]),
    ];

    expect(findAdmittingPermission(groups, 'ingress', 4000, client)).toEqual({
      outcome: 'denied',
      openTo: [
        { groupId: 'sg-a', source: { kind: 'cidr', value: '192.168.0.0/16' } },
        { groupId: 'sg-a', source: { kind: 'group', value: 'sg-other' } },
      ],
    });
  });

  it('denies with nothing open when no permission covers the port', () => {
    const groups = [group('sg-a', [permission({ protocol: 'udp', ipv4Ranges: ['0.0.0.0/0'] })])];

    expect(findAdmittingPermission(groups, 'ingress', 4000, client)).toEqual({
      outcome: 'denied',
      openTo: [],
    });
  });

  it('denies when there are no groups at all', () => {
    expect(findAdmittingPermission([], 'ingress', 4000, client)).toEqual({
      outcome: 'denied',
      openTo: [],
    });
  });

  it('cannot decide when only a prefix list of unknown entries might admit the peer', () => {
    const groups = [group('sg-a', [permission({ prefixListIds: ['pl-corp'] })])];

    expect(findAdmittingPermission(groups, 'ingress', 4000, client)).toEqual({
      outcome: 'undecidable',
      prefixListIds: ['pl-corp'],
      openTo: [{ groupId: 'sg-a', source: { kind: 'prefix-list', value: 'pl-corp' } }],
    });
  });

  it('decides once the prefix list entries are known', () => {
    const groups = [group('sg-a', [permission({ prefixListIds: ['pl-corp'] })])];

    expect(findAdmittingPermission(groups, 'ingress', 4000, client, [corp]).outcome).toBe(
      'admitted',
    );
    expect(
      findAdmittingPermission(groups, 'ingress', 4000, client, [{ ...corp, cidrs: [] }]).outcome,
    ).toBe('denied');
  });

  it('prefers a definite admission in a later group over an undecidable prefix list', () => {
    const groups = [
      group('sg-a', [permission({ prefixListIds: ['pl-corp'] })]),
      group('sg-b', [permission({ ipv4Ranges: ['10.0.1.0/24'] })]),
    ];

    expect(findAdmittingPermission(groups, 'ingress', 4000, client)).toMatchObject({
      outcome: 'admitted',
      groupId: 'sg-b',
    });
  });

  it('ignores an unknown prefix list on a permission for another port', () => {
    const groups = [
      group('sg-a', [permission({ fromPort: 22, toPort: 22, prefixListIds: ['pl-corp'] })]),
    ];

    expect(findAdmittingPermission(groups, 'ingress', 4000, client).outcome).toBe('denied');
  });
});

describe('formatting sources', () => {
  it('lists every source of a permission in EC2 order', () => {
    const all = permission({
      ipv4Ranges: ['10.0.0.0/16'],
      ipv6Ranges: ['::/0'],
      groupIds: ['sg-a'],
      prefixListIds: ['pl-a'],
    });

    expect(sourcesOf(all).map((source) => source.kind)).toEqual([
      'cidr',
      'cidr',
      'group',
      'prefix-list',
    ]);
  });

  it('quotes distinct sources once each', () => {
    const cidr = { kind: 'cidr' as const, value: '10.0.0.0/16' };
    const openings = [
      { groupId: 'sg-a', source: cidr },
      { groupId: 'sg-b', source: cidr },
      { groupId: 'sg-b', source: { kind: 'group' as const, value: 'sg-x' } },
    ];

    expect(quoteSources(openings)).toBe("'10.0.0.0/16', 'sg-x'");
    expect(quoteAll([])).toBe('');
  });
});
