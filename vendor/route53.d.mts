export {
  Route53Client,
  ListHostedZonesByVPCCommand,
  ListResourceRecordSetsCommand,
} from '@aws-sdk/client-route-53';
export {
  Route53ResolverClient,
  ListResolverRuleAssociationsCommand,
  ListResolverRulesCommand,
  GetResolverRuleCommand,
} from '@aws-sdk/client-route53resolver';
