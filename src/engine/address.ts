import { BlockList, isIP } from 'node:net';

// Address math goes through Node's BlockList so that IPv4 and IPv6 prefixes are handled by
// well-tested code, not by hand-written bit twiddling.

/** The address family of `ip` for BlockList, or undefined when it is not an address. */
export function familyOf(ip: string): 'ipv4' | 'ipv6' | undefined {
  const version = isIP(ip);
  if (version === 4) return 'ipv4';
  if (version === 6) return 'ipv6';

  return undefined;
}

/** `host:port` as clients and commands take it: an IPv6 address goes in brackets. */
export function hostPort(host: string, port: number): string {
  return isIP(host) === 6 ? `[${host}]:${port}` : `${host}:${port}`;
}

/** Whether `cidr` (e.g. `10.0.0.0/16`, `::/0`) contains `ip`; false for malformed input. */
export function cidrContains(cidr: string, ip: string): boolean {
  const [network, bits] = cidr.split('/');
  const family = familyOf(network ?? '');
  const ipFamily = familyOf(ip);
  if (!family || family !== ipFamily) return false;

  const prefix = bits === undefined ? (family === 'ipv4' ? 32 : 128) : Number(bits);
  const max = family === 'ipv4' ? 32 : 128;
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > max) return false;

  const list = new BlockList();
  list.addSubnet(network as string, prefix, family);

  return list.check(ip, family);
}

/** Whether any of `cidrs` contains `ip`. */
export function anyCidrContains(cidrs: readonly string[], ip: string): boolean {
  return cidrs.some((cidr) => cidrContains(cidr, ip));
}

const PRIVATE_RANGES = [
  '10.0.0.0/8',
  '172.16.0.0/12',
  '192.168.0.0/16',
  '100.64.0.0/10',
  'fc00::/7',
];

/** Whether `ip` is a private (RFC 1918, shared or unique local) address, as endpoint ENIs have. */
export function isPrivateAddress(ip: string): boolean {
  return anyCidrContains(PRIVATE_RANGES, ip);
}

/** The VPC's Amazon DNS address: the base of its primary IPv4 CIDR plus two. */
export function vpcResolverAddress(cidr: string): string | undefined {
  const [network] = cidr.split('/');
  if (familyOf(network ?? '') !== 'ipv4') return undefined;

  // VPC blocks are /16 to /28, so the base's last octet is a multiple of 16 and adding two
  // never carries into the next octet.
  const octets = (network as string).split('.');
  octets[3] = String(Number(octets[3]) + 2);

  return octets.join('.');
}
