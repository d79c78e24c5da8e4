// The EC2 API operations the collectors call. The IAM policy is generated from this list and the
// EC2 client only accepts these names, so the two cannot drift apart.

/** Every EC2 operation the collectors send; all of them only read. */
export const EC2_OPERATIONS = [
  'DescribeVpcEndpoints',
  'DescribeVpcEndpointServices',
  'DescribeVpcs',
  'DescribeVpcAttribute',
  'DescribeDhcpOptions',
  'DescribeSubnets',
  'DescribeSecurityGroups',
  'DescribeNetworkInterfaces',
  'DescribeNetworkAcls',
  'DescribeInstances',
  'GetManagedPrefixListEntries',
] as const;

/** The name of one EC2 operation the collectors use. */
export type Ec2Operation = (typeof EC2_OPERATIONS)[number];

/** The IAM actions the EC2 collectors need, e.g. `ec2:DescribeVpcEndpoints`. */
export const EC2_ACTIONS: readonly string[] = EC2_OPERATIONS.map(iamActionOf);

/** The IAM action that allows an EC2 operation. */
export function iamActionOf(operation: Ec2Operation): string {
  return `ec2:${operation}`;
}
