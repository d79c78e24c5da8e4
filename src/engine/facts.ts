// The plain data that rules judge. Collectors and probes produce it; rules only read it, so a
// saved report can be evaluated again offline.

/** Why a fact could not be gathered: an AWS error code, a timeout, a refused permission. */
export interface FactError {
  code: string;
  message: string;
  /** The IAM action that was denied, when the error is a permission problem. */
  iamAction?: string;
}

/** One gathered fact or probe result, with where it came from or what kept it away. */
export type Fact<T> =
  | { status: 'ok'; source: string; value: T }
  | { status: 'error'; source: string; error: FactError }
  | { status: 'skipped'; source: string; reason: string };

/** What the user asked to check, filled in further by discovery. */
export interface Target {
  region?: string;
  vpcEndpointId?: string;
  serviceName?: string;
  host?: string;
  port: number;
  instanceId?: string;
  resolver?: string;
  tls: 'off' | 'preferred' | 'required';
  user?: string;
  tidbClusterId?: string;
}

/** The client host, from instance metadata (IMDSv2). */
export interface InstanceIdentity {
  instanceId: string;
  region: string;
  availabilityZone?: string;
  availabilityZoneId?: string;
  mac?: string;
  vpcId?: string;
  subnetId?: string;
  securityGroupIds: string[];
  localIpv4?: string;
  /** Every IPv4 block of the VPC, the primary one first. */
  vpcCidrBlocks: string[];
}

/** A DNS entry AWS made for an endpoint: regional, zonal, or the private DNS name. */
export interface DnsEntry {
  dnsName: string;
  hostedZoneId?: string;
}

/** An interface (or other) VPC endpoint, as DescribeVpcEndpoints reports it. */
export interface VpcEndpoint {
  id: string;
  type: string;
  vpcId: string;
  serviceName: string;
  /** As AWS sends it (camel case on the wire); compare case-insensitively. */
  state: string;
  subnetIds: string[];
  securityGroupIds: string[];
  networkInterfaceIds: string[];
  privateDnsEnabled: boolean;
  dnsEntries: DnsEntry[];
  ipAddressType?: string;
  /** The service's region when AWS reports one (cross-region endpoints); else read the name. */
  serviceRegion?: string;
  failureReason?: string;
  lastError?: { code: string; message: string };
  ownerId?: string;
  creationTimestamp?: string;
}

/** How the endpoint was found, and what else could have been meant. */
export interface EndpointDiscovery {
  method: 'id' | 'service-name' | 'private-dns-name' | 'none';
  /** The VPC searched when discovering; absent when the endpoint was named by id. */
  vpcId?: string;
  /** Ids of the endpoints that matched; more than one means the choice was ambiguous. */
  candidates: string[];
  /**
   * How one of several candidates was chosen: it carries the host name, it is the only one not
   * rejected, failed, expired or deleted, or it is the only one holding the private DNS name.
   */
  chosenBy?: 'host' | 'state' | 'private-dns';
}

/** An endpoint service as the consumer account sees it (DescribeVpcEndpointServices). */
export interface EndpointService {
  serviceName: string;
  serviceId?: string;
  serviceType: string[];
  serviceRegion?: string;
  /** AZ names in the consumer account's naming. */
  availabilityZones: string[];
  /** AZ ids, the same in every account. */
  availabilityZoneIds: string[];
  privateDnsName?: string;
  privateDnsNameVerificationState?: string;
  acceptanceRequired?: boolean;
  owner?: string;
}

/** A VPC and the bits of it that matter for DNS and addressing. */
export interface Vpc {
  id: string;
  cidrBlocks: string[];
  ipv6CidrBlocks: string[];
  dhcpOptionsId?: string;
  isDefault?: boolean;
}

/** The two VPC attributes private DNS depends on (DescribeVpcAttribute). */
export interface VpcDnsAttributes {
  enableDnsSupport: boolean;
  enableDnsHostnames: boolean;
}

/** The DHCP options set of the VPC. */
export interface DhcpOptions {
  id: string;
  domainNameServers: string[];
  domainName?: string;
}

/** A subnet with both its AZ name and its AZ id. */
export interface Subnet {
  id: string;
  vpcId: string;
  cidrBlock?: string;
  ipv6CidrBlocks: string[];
  availabilityZone: string;
  availabilityZoneId?: string;
}

/** One ingress or egress permission of a security group. */
export interface SgPermission {
  /** `-1` for all, else `tcp`, `udp`, `icmp`, or a protocol number as text. */
  protocol: string;
  fromPort?: number;
  toPort?: number;
  ipv4Ranges: string[];
  ipv6Ranges: string[];
  groupIds: string[];
  prefixListIds: string[];
}

/** A security group with its rules. */
export interface SecurityGroup {
  id: string;
  name?: string;
  vpcId?: string;
  ingress: SgPermission[];
  egress: SgPermission[];
}

/** A network interface, including the requester-managed ones an endpoint owns. */
export interface NetworkInterface {
  id: string;
  subnetId: string;
  vpcId?: string;
  availabilityZone?: string;
  status: string;
  interfaceType?: string;
  privateIpAddresses: string[];
  ipv6Addresses: string[];
  securityGroupIds: string[];
}

/** One network ACL entry; `protocol` is a number as text (`6` tcp, `-1` all). */
export interface NaclEntry {
  ruleNumber: number;
  protocol: string;
  action: 'allow' | 'deny';
  egress: boolean;
  cidrBlock?: string;
  ipv6CidrBlock?: string;
  portRange?: { from: number; to: number };
}

/** A network ACL and the subnets it is associated with. */
export interface NetworkAcl {
  id: string;
  vpcId: string;
  isDefault: boolean;
  subnetIds: string[];
  entries: NaclEntry[];
}

/** The host the application runs on, as EC2 describes it. */
export interface ClientInstance {
  id: string;
  vpcId: string;
  subnetId: string;
  availabilityZone?: string;
  privateIpAddresses: string[];
  ipv6Addresses: string[];
  securityGroupIds: string[];
}

/** A managed prefix list and its entries. */
export interface PrefixList {
  id: string;
  cidrs: string[];
}

/** A Route 53 private hosted zone associated with the VPC. */
export interface HostedZone {
  id: string;
  name: string;
  /** The AWS service that owns the zone (e.g. `servicediscovery.amazonaws.com`), if not an account. */
  owningService?: string;
  /** What the zone holds for the cluster's host name; read only from zones that cover the name. */
  hostRecords?: ZoneRecordLookup;
}

/** The record sets a hosted zone holds for one name, or why they could not be read. */
export interface ZoneRecordLookup {
  name: string;
  /** The record sets of exactly that name; absent when the lookup failed. */
  records?: ZoneRecord[];
  error?: FactError;
}

/** One record set: its values, or the name an alias record points at. */
export interface ZoneRecord {
  type: string;
  values: string[];
  aliasTarget?: string;
}

/** A Route 53 Resolver rule associated with the VPC. */
export interface ResolverRule {
  id: string;
  name?: string;
  domainName: string;
  ruleType: string;
  targetIps: string[];
}

/** The cluster's private link service, as the TiDB Cloud Dedicated API reports it. */
export interface TidbCloudService {
  serviceName: string;
  serviceDnsName?: string;
  /** AZ ids, e.g. `use1-az1`. */
  availableZones: string[];
  state: string;
  regionId?: string;
  tidbNodeGroupId?: string;
}

/** One private endpoint connection known to TiDB Cloud. */
export interface TidbCloudConnection {
  endpointId: string;
  endpointState: string;
  message?: string;
  tidbNodeGroupId?: string;
  host?: string;
  port?: number;
}

/** One DNS answer record. */
export interface DnsAnswer {
  type: string;
  data: string;
  ttl?: number;
}

/** One DNS question asked of one resolver. */
export interface DnsLookup {
  name: string;
  /** `system`, or the `ip:port` asked directly. */
  resolver: string;
  /** For `system`: the DNS servers its configuration names (/etc/resolv.conf), for support. */
  servers?: string[];
  /** `NOERROR`, `NXDOMAIN`, `SERVFAIL`, ...; `TIMEOUT` when no reply came. */
  rcode: string;
  answers: DnsAnswer[];
  /** Whether the reply came over TCP after a truncated UDP reply. */
  overTcp?: boolean;
  /** The UDP reply was truncated and TCP gave none: the answers are only a part. */
  truncated?: boolean;
  /** The system or socket error behind a failed lookup (`ENOTFOUND`, `ECONNREFUSED`, ...). */
  errorCode?: string;
  durationMs: number;
}

/** A TCP connection attempt. */
export interface TcpResult {
  host: string;
  address?: string;
  port: number;
  outcome: 'connected' | 'refused' | 'reset' | 'timeout' | 'unreachable' | 'error';
  errorCode?: string;
  /** The host's addresses tried before the one that connected: they took no connection. */
  failedAddresses?: string[];
  durationMs: number;
}

/** The MySQL protocol 10 greeting, parsed. */
export interface MysqlGreeting {
  protocolVersion: number;
  serverVersion: string;
  connectionId: number;
  capabilityFlags: number;
  characterSet?: number;
  statusFlags?: number;
  authPluginName?: string;
  tlsOffered: boolean;
  flavour: 'tidb' | 'mysql' | 'mariadb' | 'unknown';
}

/** What the server said first after TCP connected. */
export interface MysqlProbe {
  outcome: 'greeting' | 'error-packet' | 'silent' | 'garbage' | 'closed' | 'not-run';
  greeting?: MysqlGreeting;
  errorPacket?: { code: number; message: string };
  /** The first bytes seen, hex, when they were not a greeting. */
  firstBytesHex?: string;
  /** What the server seems to speak instead of MySQL protocol 10, when the bytes tell. */
  otherProtocol?: 'http' | 'tls' | 'ssh' | 'mysql-protocol-9';
  durationMs: number;
}

/** The TLS upgrade on the MySQL connection. */
export interface TlsProbe {
  outcome: 'verified' | 'not-offered' | 'failed' | 'disabled' | 'not-run';
  protocol?: string;
  issuer?: string;
  subjectNames?: string[];
  validTo?: string;
  errorCode?: string;
  errorMessage?: string;
  /** When the certificate was looked at (ISO 8601), so that replay judges expiry as of then. */
  checkedAt?: string;
  /** The `--ca` file whose CA did not verify the chain; absent when it did, or without --ca. */
  caFile?: string;
  durationMs: number;
}

/** A login with `--user` and `SELECT 1`. */
export interface AuthProbe {
  outcome: 'ok' | 'access-denied' | 'network' | 'tls' | 'error';
  errorCode?: string;
  errorMessage?: string;
  /** No password was sent: TIDB_PASSWORD was unset or empty. */
  withoutPassword?: boolean;
  durationMs: number;
}

/** Every fact the collectors can gather, by name. */
export interface FactValues {
  identity: InstanceIdentity | null;
  endpointDiscovery: EndpointDiscovery;
  endpoint: VpcEndpoint | null;
  endpointService: EndpointService | null;
  vpc: Vpc;
  vpcDnsAttributes: VpcDnsAttributes;
  dhcpOptions: DhcpOptions | null;
  subnets: Subnet[];
  securityGroups: SecurityGroup[];
  networkInterfaces: NetworkInterface[];
  networkAcls: NetworkAcl[];
  clientInstance: ClientInstance | null;
  prefixLists: PrefixList[];
  vpcEndpointsInVpc: VpcEndpoint[];
  hostedZones: HostedZone[];
  resolverRules: ResolverRule[];
  tidbCloudService: TidbCloudService;
  tidbCloudConnections: TidbCloudConnection[];
}

/** Every live probe result, by name. */
export interface ProbeValues {
  dnsSystem: DnsLookup;
  dnsVpc: DnsLookup;
  dnsEndpointNames: DnsLookup[];
  /** Answers from the resolvers asked directly after the first (e.g. 169.254.169.253). */
  dnsOtherResolvers?: DnsLookup[];
  tcp: TcpResult;
  mysql: MysqlProbe;
  tls: TlsProbe;
  auth: AuthProbe;
}

/** The name of a collected fact. */
export type FactName = keyof FactValues;
/** The name of a live probe. */
export type ProbeName = keyof ProbeValues;

/** Facts and probes share one name space so that a rule can need either. */
export type EvidenceValues = FactValues & ProbeValues;
/** The name of a fact or a probe. */
export type EvidenceName = keyof EvidenceValues;

/** The facts of a run, each present once it was gathered, failed or skipped. */
export type Facts = { [K in FactName]?: Fact<FactValues[K]> };
/** The probe results of a run, each present once it ran, failed or was skipped. */
export type Probes = { [K in ProbeName]?: Fact<ProbeValues[K]> };

/** Wraps a value gathered from `source`. */
export function ok<T>(source: string, value: T): Fact<T> {
  return { status: 'ok', source, value };
}

/** Records the error that kept a fact away. */
export function failed<T>(source: string, error: FactError): Fact<T> {
  return { status: 'error', source, error };
}

/** Records that a fact was not gathered on purpose (turned off, or not applicable). */
export function skipped<T>(source: string, reason: string): Fact<T> {
  return { status: 'skipped', source, reason };
}

/** Records the same reason for several facts that were not gathered on purpose. */
export function skipAll<K extends string>(
  names: readonly K[],
  source: string,
  reason: string,
): Record<K, Fact<never>> {
  return Object.fromEntries(names.map((name) => [name, skipped(source, reason)])) as Record<
    K,
    Fact<never>
  >;
}
