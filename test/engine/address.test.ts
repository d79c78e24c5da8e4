import { describe, expect, it } from 'vitest';

import {
  anyCidrContains,
  cidrContains,
  familyOf,
  isPrivateAddress,
  vpcResolverAddress,
} from '../../src/engine/address.js';

describe('familyOf', () => {
  it.each([
    ['10.0.1.12', 'ipv4'],
    ['fd00::1', 'ipv6'],
    ['not-an-address', undefined],
    ['10.0.1.12/32', undefined],
  ])('reads %s as %s', (ip, family) => {
    expect(familyOf(ip)).toBe(family);
  });
});

describe('cidrContains', () => {
  it.each<[string, string, string, boolean]>([
    ['holds an address inside an IPv4 block', '10.0.0.0/16', '10.0.255.1', true],
    ['refuses an address outside an IPv4 block', '10.0.0.0/16', '10.1.0.1', false],
    ['holds every IPv4 address in 0.0.0.0/0', '0.0.0.0/0', '203.0.113.9', true],
    ['holds only itself in a /32', '10.0.1.12/32', '10.0.1.12', true],
    ['refuses a neighbour of a /32', '10.0.1.12/32', '10.0.1.13', false],
    ['reads a bare address as a single-address block', '10.0.1.12', '10.0.1.12', true],
    ['holds an address inside an IPv6 block', '2600:1f14::/32', '2600:1f14:1::5', true],
    ['refuses an address outside an IPv6 block', '2600:1f14::/32', '2600:1f15::5', false],
    ['refuses an IPv6 address in an IPv4 block', '0.0.0.0/0', '::1', false],
    ['refuses an IPv4 address in an IPv6 block', '::/0', '10.0.1.12', false],
    ['refuses a prefix longer than the family allows', '10.0.0.0/33', '10.0.0.1', false],
    ['refuses a prefix that is not a number', '10.0.0.0/x', '10.0.0.1', false],
    ['refuses a malformed network', '10.0.0/16', '10.0.0.1', false],
    ['refuses a malformed address', '10.0.0.0/16', 'ten', false],
  ])('%s', (_name, cidr, ip, expected) => {
    expect(cidrContains(cidr, ip)).toBe(expected);
  });
});

describe('anyCidrContains', () => {
  it('holds an address when one of the blocks does', () => {
    expect(anyCidrContains(['192.168.0.0/16', '10.0.0.0/8'], '10.9.9.9')).toBe(true);
  });

  it('refuses an address when no block does, or when there are none', () => {
    expect(anyCidrContains(['192.168.0.0/16'], '10.9.9.9')).toBe(false);
    expect(anyCidrContains([], '10.9.9.9')).toBe(false);
  });
});

describe('isPrivateAddress', () => {
  it.each([
    ['10.0.1.25', true],
    ['172.31.0.5', true],
    ['192.168.10.1', true],
    ['100.64.0.1', true],
    ['fd12:3456::1', true],
    ['172.32.0.1', false],
    ['52.95.110.1', false],
    ['2600:1f14::1', false],
  ])('reads %s as private: %s', (ip, expected) => {
    expect(isPrivateAddress(ip)).toBe(expected);
  });
});

describe('vpcResolverAddress', () => {
  it.each([
    ['10.0.0.0/16', '10.0.0.2'],
    ['172.31.0.0/16', '172.31.0.2'],
    ['10.20.16.0/20', '10.20.16.2'],
    ['fd00::/56', undefined],
    ['nonsense', undefined],
  ])('gives the resolver of %s as %s', (cidr, expected) => {
    expect(vpcResolverAddress(cidr)).toBe(expected);
  });
});
