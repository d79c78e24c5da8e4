export {
  EC2Client,
  DescribeVpcEndpointsCommand,
  DescribeVpcEndpointServicesCommand,
  DescribeVpcsCommand,
  DescribeVpcAttributeCommand,
  DescribeDhcpOptionsCommand,
  DescribeSubnetsCommand,
  DescribeSecurityGroupsCommand,
  DescribeNetworkInterfacesCommand,
  DescribeNetworkAclsCommand,
  DescribeInstancesCommand,
  GetManagedPrefixListEntriesCommand,
} from '@aws-sdk/client-ec2';
