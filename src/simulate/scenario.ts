// The shape of a simulated account once its file and the files it extends are merged. Maps are
// keyed by AWS id so that a scenario can change one resource with a small JSON merge patch.

/** How the cluster's port answers at one address. */
export type ServerBehaviour =
  'tidb' | 'mariadb-greeting' | 'silent' | 'garbage' | 'refused' | 'filtered';

/** Every behaviour a listener can play, in the order they are documented. */
export const SERVER_BEHAVIOURS: readonly ServerBehaviour[] = [
  'tidb',
  'mariadb-greeting',
  'silent',
  'garbage',
  'refused',
  'filtered',
];

/** A DNS reply: addresses, an rcode, `TIMEOUT` for no reply, or addresses with options. */
export type DnsAnswerSpec =
  | string[]
  | 'NXDOMAIN'
  | 'SERVFAIL'
  | 'TIMEOUT'
  | { answers: string[]; ttl?: number; truncate?: boolean };

/** What the user would pass on the command line for this scenario. */
export interface TargetSpec {
  host: string;
  port?: number;
  serviceName?: string;
  vpcEndpointId?: string;
  tidbClusterId?: string;
  /** Logs in as this user, as `--user` would; a `--user` flag takes its place. */
  user?: string;
  /**
   * The TIDB_PASSWORD this account's engineer has set; a TIDB_PASSWORD in the environment takes
   * its place, so that a user can try the right one. It is redacted like any password.
   */
  password?: string;
}

/** A VPC with its two DNS attributes. */
export interface VpcSpec {
  cidrBlocks: string[];
  enableDnsSupport: boolean;
  enableDnsHostnames: boolean;
  dhcpOptionsId: string;
  isDefault?: boolean;
  name?: string;
}

/** A DHCP options set. */
export interface DhcpOptionsSpec {
  domainNameServers: string[];
  domainName?: string;
}

/** A subnet, with its AZ name (as this account names it) and AZ id. */
export interface SubnetSpec {
  vpcId: string;
  cidrBlock: string;
  availabilityZone: string;
  availabilityZoneId: string;
  name?: string;
}

/** One security group permission; no ports when the protocol is `-1`. */
export interface SgRuleSpec {
  protocol: string;
  fromPort?: number;
  toPort?: number;
  cidrs?: string[];
  groups?: string[];
  prefixLists?: string[];
  description?: string;
}

/** A security group. */
export interface SecurityGroupSpec {
  name: string;
  vpcId: string;
  description?: string;
  ingress: SgRuleSpec[];
  egress: SgRuleSpec[];
}

/** One network ACL entry; `protocol` is a number as text (`6` tcp, `-1` all). */
export interface NaclEntrySpec {
  ruleNumber: number;
  egress: boolean;
  protocol: string;
  action: 'allow' | 'deny';
  cidrBlock: string;
  portRange?: { from: number; to: number };
}

/** A network ACL and the subnets it governs. */
export interface NetworkAclSpec {
  vpcId: string;
  isDefault: boolean;
  subnetIds: string[];
  entries: NaclEntrySpec[];
}

/** An EC2 instance; its VPC and zone come from its subnet. */
export interface InstanceSpec {
  subnetId: string;
  privateIp: string;
  mac: string;
  securityGroupIds: string[];
  state?: string;
}

/** A network interface, such as the ones an endpoint owns. */
export interface NetworkInterfaceSpec {
  subnetId: string;
  privateIp: string;
  securityGroupIds: string[];
  status: string;
  interfaceType?: string;
  description?: string;
}

/** A VPC endpoint. Its AWS DNS names are made from `dnsSuffix` and the zones of its subnets. */
export interface VpcEndpointSpec {
  type: string;
  vpcId: string;
  serviceName: string;
  state: string;
  subnetIds: string[];
  securityGroupIds: string[];
  networkInterfaceIds: string[];
  routeTableIds?: string[];
  privateDnsEnabled: boolean;
  dnsSuffix?: string;
  serviceRegion?: string;
  failureReason?: string;
  lastError?: { code: string; message: string };
  creationTimestamp?: string;
}

/** An endpoint service as the account sees it; a service missing from the map is invisible. */
export interface EndpointServiceSpec {
  serviceId: string;
  region: string;
  availabilityZones: string[];
  availabilityZoneIds: string[];
  privateDnsName?: string;
  privateDnsNameVerificationState?: string;
  acceptanceRequired: boolean;
  owner: string;
}

/** A Route 53 private hosted zone, the VPCs it is associated with and its A records. */
export interface HostedZoneSpec {
  name: string;
  vpcIds: string[];
  owningService?: string;
  records?: Record<string, string[]>;
}

/** A Route 53 Resolver rule and the VPCs it is associated with. */
export interface ResolverRuleSpec {
  name: string;
  domainName: string;
  ruleType: 'FORWARD' | 'SYSTEM' | 'RECURSIVE';
  targetIps: string[];
  vpcIds: string[];
}

/** The cluster's private link service in the TiDB Cloud Dedicated API. */
export interface PrivateLinkServiceSpec {
  serviceName: string;
  serviceDnsName: string;
  availableZones: string[];
  state: string;
}

/** The TiDB Cloud side: the cluster, its private link service and endpoint connections. */
export interface TidbCloudSpec {
  clusterId: string;
  nodeGroupId: string;
  displayName: string;
  publicKey: string;
  privateKey: string;
  /** Absent: the API answers 404, as for a cluster whose service was never made. */
  privateLinkService?: PrivateLinkServiceSpec;
  /** Keyed by endpoint id. */
  connections: Record<string, { state: string; message?: string }>;
}

/** Answers that differ from what the simulated VPC resolver works out from the account. */
export interface DnsSpec {
  ttl: number;
  /** Served by the VPC resolver (and the system resolver unless `system` says otherwise). */
  records: Record<string, DnsAnswerSpec>;
  /** Served only by the system resolver, as a hosts file or a custom DNS server would. */
  system: Record<string, DnsAnswerSpec>;
}

/** How the cluster's addresses answer TCP. */
export interface ServerSpec {
  port: number;
  behaviour: ServerBehaviour;
  tls: 'valid' | 'expired' | 'none';
  /** Addresses that answer differently from the endpoint's network interfaces. */
  addresses: Record<string, ServerBehaviour>;
  /** Passwords by user name that the cluster accepts; without it every login is refused. */
  users?: Record<string, string>;
  /** How long a MySQL-speaking listener waits before it greets; absent or 0: at once. */
  greetingDelayMs?: number;
}

/** Faults injected into the AWS APIs, named by IAM action (`ec2:DescribeVpcs`). */
export interface FaultSpec {
  deny: string[];
  /** How many times each action answers RequestLimitExceeded before it succeeds. */
  throttle: Record<string, number>;
  delayMs: number;
}

/** What the lead's end-to-end test expects of `doctor --simulate <name>`. */
export interface ExpectedOutcome {
  exitCode: number;
  statuses: Record<string, string>;
}

/** A whole simulated account, merged and validated. */
export interface Scenario {
  name: string;
  summary: string;
  target: TargetSpec;
  region: string;
  accountId: string;
  clientInstanceId: string;
  vpcs: Record<string, VpcSpec>;
  dhcpOptions: Record<string, DhcpOptionsSpec>;
  subnets: Record<string, SubnetSpec>;
  securityGroups: Record<string, SecurityGroupSpec>;
  networkAcls: Record<string, NetworkAclSpec>;
  prefixLists: Record<string, { cidrs: string[] }>;
  instances: Record<string, InstanceSpec>;
  networkInterfaces: Record<string, NetworkInterfaceSpec>;
  vpcEndpoints: Record<string, VpcEndpointSpec>;
  endpointServices: Record<string, EndpointServiceSpec>;
  hostedZones: Record<string, HostedZoneSpec>;
  resolverRules: Record<string, ResolverRuleSpec>;
  tidbCloud: TidbCloudSpec;
  dns: DnsSpec;
  server: ServerSpec;
  faults: FaultSpec;
  expected: ExpectedOutcome;
}
