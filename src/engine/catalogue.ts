// The order in which results are listed: the order a person walks the path, from the endpoint
// through the network to the server. Ids are a public contract: never rename one.

/** Every rule id, in report order. */
export const RULE_ORDER: readonly string[] = [
  'endpoint.exists',
  'endpoint.type',
  'endpoint.service',
  'endpoint.service-ready',
  'endpoint.state',
  'endpoint.region',
  'endpoint.az-coverage',
  'endpoint.private-dns',
  'endpoint.private-dns-conflict',
  'endpoint.eni',
  'vpc.dns-support',
  'vpc.dns-hostnames',
  'client.vpc',
  'client.az-local',
  'client.host-name',
  'sg.endpoint-ingress',
  'sg.client-egress',
  'nacl.path',
  'dns.vpc-resolver',
  'dns.shadowing',
  'dns.resolves',
  'dns.private-answer',
  'dns.consistent',
  'dns.endpoint-names',
  'tcp.connect',
  'mysql.handshake',
  'tls.handshake',
  'mysql.auth',
  'probe.latency',
  'tidbcloud.service',
  'tidbcloud.connection',
];

/** Sorts ids into report order; ids missing from the list go last, alphabetically. */
export function compareRuleIds(a: string, b: string): number {
  const rank = (id: string) => {
    const index = RULE_ORDER.indexOf(id);
    return index === -1 ? RULE_ORDER.length : index;
  };

  return rank(a) - rank(b) || a.localeCompare(b);
}
