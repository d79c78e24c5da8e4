// Only what the EC2 collectors use. The build bundles this file into dist/vendor/ so that the
// tool loads these commands instead of the whole EC2 client (which alone costs about 60 MB of
// memory); the tests import it from here, where it simply re-exports the package.
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
