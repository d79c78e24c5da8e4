// Answers that real EC2 sends rarely or never, but that an EC2-compatible server written from
// the API reference may: enum values in another case, optional elements left out, lists in
// another order, a body that is not XML. The healthy fixtures are changed on the way out, the
// facts go through the real SDK, and the rules are run over them as the doctor would.

import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

import type { Ec2FixtureServer, FormParams } from '../helpers/ec2-fixture-server.js';
import type { RuleResult } from '../../src/engine/evaluate.js';
import type { Facts, Target } from '../../src/engine/facts.js';
import type { Rule } from '../../src/engine/rule.js';
import { collectAwsFacts } from '../../src/collect/aws.js';
import { evaluateRules } from '../../src/engine/evaluate.js';
import { loadRules } from '../../src/engine/load-rules.js';
import { startEc2FixtureServer } from '../helpers/ec2-fixture-server.js';
import { IDS } from '../helpers/evidence.js';
import { BY_ID, stubAwsEnv } from './aws-env.js';

type Rewrite = (xml: string, action: string, params: FormParams) => string;
type Check = (facts: Facts, results: Map<string, RuleResult>, target: Target) => void;

// Changes only the answers to `action`.
function on(action: string, change: (xml: string, params: FormParams) => string): Rewrite {
  return (xml, asked, params) => (asked === action ? change(xml, params) : xml);
}

const SECOND_INTERFACE_FIRST = `<networkInterfaceSet>
            <item>
              <networkInterfaceId>eni-0aaaabbbbccccdddd</networkInterfaceId>
              <subnetId>${IDS.subnetB}</subnetId>
              <vpcId>${IDS.vpc}</vpcId>
              <status>in-use</status>
              <privateIpAddress>10.0.2.77</privateIpAddress>
              <groupSet><item><groupId>sg-0fffffffffffffff6</groupId></item></groupSet>
              <attachment><deviceIndex>1</deviceIndex><status>attached</status></attachment>
              <privateIpAddressesSet><item><privateIpAddress>10.0.2.77</privateIpAddress><primary>true</primary></item></privateIpAddressesSet>
              <ipv6AddressesSet/>
            </item>`;

const ENCODED_DENIAL = `<Response><Errors><Error><Code>UnauthorizedOperation</Code><Message>You are not authorized to perform this operation. Encoded authorization failure message: Zm9vYmFyLWVuY29kZWQtcmVhc29u_0123</Message></Error></Errors><RequestID>5c1f0e6b-example</RequestID></Response>`;

// What a server that ignores ids and filters adds in front of the resources asked for.
const STRANGERS: Record<string, [string, string]> = {
  DescribeVpcEndpoints: [
    '<vpcEndpointSet>',
    '<item><vpcEndpointId>vpce-0feedfacefeedface</vpcEndpointId><vpcEndpointType>Interface</vpcEndpointType><vpcId>vpc-0ddddeeeeffff0000</vpcId><serviceName>com.amazonaws.us-west-2.s3</serviceName><state>available</state></item>',
  ],
  DescribeVpcs: [
    '<vpcSet>',
    '<item><vpcId>vpc-0ddddeeeeffff0000</vpcId><cidrBlock>172.31.0.0/16</cidrBlock><dhcpOptionsId>default</dhcpOptionsId></item>',
  ],
  DescribeSubnets: [
    '<subnetSet>',
    '<item><subnetId>subnet-0ccccccccccccccc9</subnetId><vpcId>vpc-0ddddeeeeffff0000</vpcId><availabilityZone>us-west-2d</availabilityZone></item>',
  ],
  DescribeInstances: [
    '<reservationSet>',
    '<item><instancesSet><item><instanceId>i-0feedfacefeedface</instanceId><subnetId>subnet-0ccccccccccccccc9</subnetId><vpcId>vpc-0ddddeeeeffff0000</vpcId></item></instancesSet></item>',
  ],
};

const cases: Array<[string, Rewrite, Check]> = [
  [
    'keeps to the resources asked for when a server ignores ids and filters',
    (xml, action) => {
      const stranger = STRANGERS[action];

      return stranger ? xml.replace(stranger[0], `${stranger[0]}${stranger[1]}`) : xml;
    },
    (facts) => {
      expect(facts.endpoint).toMatchObject({ value: { id: IDS.endpoint } });
      expect(facts.vpc).toMatchObject({ value: { id: IDS.vpc, cidrBlocks: ['10.0.0.0/16'] } });
      expect(facts.clientInstance).toMatchObject({ value: { id: IDS.instance } });
      const ids = (fact: Facts['subnets'] | Facts['vpcEndpointsInVpc']) =>
        fact?.status === 'ok' ? fact.value.map((item) => item.id) : [];
      expect(ids(facts.subnets)).toEqual([IDS.subnetA, IDS.subnetB]);
      expect(ids(facts.vpcEndpointsInVpc)).not.toContain('vpce-0feedfacefeedface');
    },
  ],
  [
    'reads values laid out on lines of their own as the values they are',
    (xml) => xml.replace(/<(\w+)>([^<\s][^<]*)<\/\1>/g, '<$1>\n    $2\n  </$1>'),
    (facts, results) => {
      expect(facts.endpoint).toMatchObject({
        value: { type: 'Interface', state: 'available', privateDnsEnabled: true },
      });
      expect(facts.vpc).toMatchObject({ value: { cidrBlocks: ['10.0.0.0/16'] } });
      for (const id of ['endpoint.type', 'endpoint.state', 'nacl.path', 'sg.endpoint-ingress']) {
        expect({ id, status: results.get(id)?.status }).toEqual({ id, status: 'pass' });
      }
    },
  ],
  [
    'reads network ACL rule actions sent in capitals as what they say',
    on('DescribeNetworkAcls', (xml) => xml.replace(/<ruleAction>allow</g, '<ruleAction>Allow<')),
    (facts, results) => {
      const acls = facts.networkAcls?.status === 'ok' ? facts.networkAcls.value : [];
      const actions = acls.flatMap((acl) => acl.entries.map((entry) => entry.action));
      expect(actions).toEqual(['allow', 'deny', 'allow', 'deny']);
      expect(results.get('nacl.path')?.status).toBe('pass');
    },
  ],
  [
    'keeps VPC blocks whose association state is sent in capitals, and drops the others',
    on('DescribeVpcs', (xml) =>
      xml
        .replace('<state>associated</state>', '<state>Associated</state>')
        .replace(
          '</cidrBlockAssociationSet>',
          '<item><cidrBlock>10.1.0.0/16</cidrBlock><cidrBlockState><state>Associated</state></cidrBlockState></item>' +
            '<item><cidrBlock>10.2.0.0/16</cidrBlock><cidrBlockState><state>disassociated</state></cidrBlockState></item>' +
            '</cidrBlockAssociationSet>',
        ),
    ),
    (facts) => {
      expect(facts.vpc).toMatchObject({ value: { cidrBlocks: ['10.0.0.0/16', '10.1.0.0/16'] } });
    },
  ],
  [
    'drops subnet IPv6 blocks that are being disassociated',
    on('DescribeSubnets', (xml) =>
      xml.replace(
        '<ipv6CidrBlockAssociationSet/>',
        '<ipv6CidrBlockAssociationSet>' +
          '<item><ipv6CidrBlock>2600:1f14:abc:100::/64</ipv6CidrBlock><ipv6CidrBlockState><state>associated</state></ipv6CidrBlockState></item>' +
          '<item><ipv6CidrBlock>2600:1f14:abc:200::/64</ipv6CidrBlock><ipv6CidrBlockState><state>disassociating</state></ipv6CidrBlockState></item>' +
          '</ipv6CidrBlockAssociationSet>',
      ),
    ),
    (facts) => {
      expect(facts.subnets).toMatchObject({
        value: [{ ipv6CidrBlocks: ['2600:1f14:abc:100::/64'] }, { ipv6CidrBlocks: [] }],
      });
    },
  ],
  [
    'leaves the DNS rules undecided, not failed, when an attribute comes without its value',
    on('DescribeVpcAttribute', (xml, params) =>
      params.Attribute === 'enableDnsSupport'
        ? xml.replace(/<enableDnsSupport>[\s\S]*<\/enableDnsSupport>/, '')
        : xml,
    ),
    (facts, results) => {
      expect(facts.vpcDnsAttributes).toMatchObject({
        status: 'error',
        error: {
          code: 'NotReturned',
          message: `EC2's answer for VPC '${IDS.vpc}' lacks the value of 'enableDnsSupport': check the EC2 endpoint in use`,
        },
      });
      expect(results.get('vpc.dns-support')?.status).toBe('unknown');
      expect(results.get('vpc.dns-hostnames')?.status).toBe('unknown');
    },
  ],
  [
    "takes the service's private DNS name from the list when the single element is absent",
    on('DescribeVpcEndpointServices', (xml) =>
      xml.replace(
        /<privateDnsName>[^<]*<\/privateDnsName>\s*<privateDnsNameSet>/,
        '<privateDnsNameSet>',
      ),
    ),
    (facts, results, target) => {
      expect(facts.endpointService).toMatchObject({ value: { privateDnsName: IDS.host } });
      expect(target.host).toBe(IDS.host);
      expect(results.get('endpoint.service-ready')?.status).toBe('pass');
    },
  ],
  [
    'reads an interface status sent in capitals as in use',
    on('DescribeNetworkInterfaces', (xml) => xml.replace(/<status>in-use</g, '<status>In-use<')),
    (_facts, results) => {
      expect(results.get('endpoint.eni')?.status).toBe('pass');
    },
  ],
  [
    'judges zones by name and the region by the service name when optional elements are absent',
    (xml, action) => {
      if (action === 'DescribeSubnets') {
        return xml.replace(/<availabilityZoneId>[^<]*<\/availabilityZoneId>/g, '');
      }
      if (action === 'DescribeVpcEndpointServices') {
        return xml
          .replace(/<serviceRegion>[^<]*<\/serviceRegion>/, '')
          .replace(/<availabilityZoneIdSet>[\s\S]*?<\/availabilityZoneIdSet>/, '');
      }
      if (action === 'DescribeVpcEndpoints') {
        return xml.replace(/<dnsEntrySet>[\s\S]*?<\/dnsEntrySet>/, '');
      }

      return xml;
    },
    (facts, results) => {
      expect(facts.endpoint).toMatchObject({ value: { dnsEntries: [] } });
      expect(facts.subnets).toMatchObject({ value: [{ availabilityZone: 'us-west-2a' }, {}] });
      expect(results.get('endpoint.az-coverage')).toMatchObject({
        status: 'pass',
        message: expect.stringContaining("'subnet-0aaaaaaaaaaaaaaa1' (us-west-2a)"),
      });
      expect(results.get('endpoint.region')?.status).toBe('pass');
    },
  ],
  [
    "puts the client's primary address first when EC2 lists its interfaces in another order",
    on('DescribeInstances', (xml) =>
      xml
        .replace('<networkInterfaceSet>', SECOND_INTERFACE_FIRST)
        .replace(
          '<privateIpAddressesSet><item><privateIpAddress>10.0.1.12',
          '<privateIpAddressesSet><item><privateIpAddress>10.0.1.99</privateIpAddress><primary>false</primary></item><item><privateIpAddress>10.0.1.12',
        ),
    ),
    (facts, results) => {
      expect(facts.clientInstance).toMatchObject({
        value: { privateIpAddresses: ['10.0.1.12', '10.0.1.99', '10.0.2.77'] },
      });
      expect(results.get('nacl.path')?.message).toContain("'10.0.1.12'");
    },
  ],
  [
    'says an answer that is not XML could not be read, and keeps the other facts',
    on('DescribeSubnets', (xml) => xml.slice(0, xml.indexOf('<subnetSet>') + 40)),
    (facts) => {
      expect(facts.subnets).toMatchObject({
        status: 'error',
        error: {
          code: 'UnreadableResponse',
          message: expect.stringMatching(
            /^The answer to 'ec2:DescribeSubnets' \(HTTP 200\) could not be read: XML parse error: [^\n]+: check that the endpoint in use \(AWS_ENDPOINT_URL_EC2, AWS_ENDPOINT_URL, a proxy\) speaks the AWS API$/,
          ),
        },
      });
      expect(facts.networkAcls?.status).toBe('ok');
      expect(facts.vpc?.status).toBe('ok');
    },
  ],
  [
    'says an empty answer is not an EC2 answer, rather than that the endpoint does not exist',
    on('DescribeVpcEndpoints', (xml, params) => (params['VpcEndpointId.1'] ? '' : xml)),
    (facts, results) => {
      expect(facts.endpoint).toMatchObject({
        status: 'error',
        error: {
          code: 'UnreadableResponse',
          message:
            "The answer to 'ec2:DescribeVpcEndpoints' (HTTP 200) is not an EC2 answer: its body is empty: check that the endpoint in use (AWS_ENDPOINT_URL_EC2, AWS_ENDPOINT_URL, a proxy) speaks the AWS API",
        },
      });
      expect(results.get('endpoint.exists')?.status).toBe('unknown');
    },
  ],
  [
    "says a web server's page is not an EC2 answer, rather than that interfaces are missing",
    on('DescribeNetworkInterfaces', () => '<!DOCTYPE html>\n<html><body>It works!</body></html>'),
    (facts, results) => {
      expect(facts.networkInterfaces).toMatchObject({
        status: 'error',
        error: {
          message: expect.stringContaining(
            "is not an EC2 answer: its body starts with '<!DOCTYPE html> <html><body>It works!</body></html>'",
          ),
        },
      });
      expect(results.get('endpoint.eni')?.status).toBe('unknown');
    },
  ],
  [
    'refuses an answer whose members are wrapped as AWS Query answers are',
    on('DescribeVpcs', (xml) =>
      xml
        .replace('<vpcSet>', '<DescribeVpcsResult><vpcSet>')
        .replace('</vpcSet>', '</vpcSet></DescribeVpcsResult>'),
    ),
    (facts, results) => {
      expect(facts.vpc).toMatchObject({
        status: 'error',
        error: {
          code: 'UnreadableResponse',
          message: expect.stringContaining(
            'is not an EC2 answer: it wraps its members in <DescribeVpcsResult>, which EC2 answers do not',
          ),
        },
      });
      expect(results.get('dns.vpc-resolver')?.status).toBe('unknown');
    },
  ],
  [
    'refuses an answer that lists items as AWS Query answers do',
    on('DescribeSubnets', (xml) => xml.replace(/<(\/?)item>/g, '<$1member>')),
    (facts, results) => {
      expect(facts.subnets).toMatchObject({
        status: 'error',
        error: {
          message: expect.stringContaining(
            'is not an EC2 answer: it lists items as <member>, where EC2 answers use <item>',
          ),
        },
      });
      expect(results.get('endpoint.az-coverage')?.status).toBe('unknown');
    },
  ],
  [
    'refuses an answer whose elements are named as in the JSON of the AWS CLI',
    on('DescribeNetworkInterfaces', (xml) =>
      xml.replace(
        /<(\/?)([a-z])(\w*)([ >])/g,
        (tag, slash: string, first: string, rest: string, end: string) =>
          first + rest === 'item' ? tag : `<${slash}${first.toUpperCase()}${rest}${end}`,
      ),
    ),
    (facts, results) => {
      expect(facts.networkInterfaces).toMatchObject({
        status: 'error',
        error: {
          message: expect.stringContaining(
            'is not an EC2 answer: its elements are named in Pascal case, like <RequestId>, where EC2 names them in camel case',
          ),
        },
      });
      expect(results.get('endpoint.eni')?.status).toBe('unknown');
    },
  ],
  [
    'does not take an endpoint it cannot read for one that does not exist',
    on('DescribeVpcEndpoints', (xml, params) =>
      params['VpcEndpointId.1'] ? xml.replace(/<(\/?)vpcEndpointId>/g, '<$1VpcEndpointId>') : xml,
    ),
    (facts, results) => {
      expect(facts.endpoint).toMatchObject({
        status: 'error',
        error: {
          code: 'NotReturned',
          message: `VPC endpoint '${IDS.endpoint}' was not in EC2's answer: check the id and the region`,
        },
      });
      expect(results.get('endpoint.exists')?.status).toBe('unknown');
    },
  ],
  [
    'passes on the command that decodes an encoded denial',
    on('DescribeNetworkAcls', () => ENCODED_DENIAL),
    (facts) => {
      expect(facts.networkAcls).toMatchObject({
        status: 'error',
        error: {
          code: 'UnauthorizedOperation',
          iamAction: 'ec2:DescribeNetworkAcls',
          message:
            "AWS denied 'ec2:DescribeNetworkAcls' to the AWS credentials in use: allow it in an IAM policy (see `tidb-pe iam-policy`); AWS gave its reason encoded: read it with 'aws sts decode-authorization-message --encoded-message Zm9vYmFyLWVuY29kZWQtcmVhc29u_0123'",
        },
      });
    },
  ],
];

describe('odd but possible EC2 answers', () => {
  let rules: Rule[];
  let server: Ec2FixtureServer | undefined;

  beforeAll(async () => {
    rules = await loadRules();
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
    vi.unstubAllEnvs();
  });
  afterAll(() => vi.unstubAllEnvs());

  it.each(cases)('%s', async (_name, rewrite, check) => {
    server = await startEc2FixtureServer({ rewrite });
    stubAwsEnv({ AWS_ENDPOINT_URL_EC2: server.url, AWS_MAX_ATTEMPTS: '1' });

    const { facts, target } = await collectAwsFacts({
      target: BY_ID,
      deadline: Date.now() + 10_000,
    });
    const results = evaluateRules(rules, facts, {}, target, 'en');

    check(facts, new Map(results.map((result) => [result.id, result])), target);
  });
});
