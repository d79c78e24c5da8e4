import { describe, expect, it } from 'vitest';

import type {
  FactValues,
  HostedZone,
  ResolverRule,
  ZoneRecord,
} from '../../../src/engine/facts.js';
import rule from '../../../rules/dns/shadowing.js';
import { IDS } from '../../helpers/evidence.js';
import { runRule, type Situation } from '../../helpers/run-rule.js';

const zones = (...list: HostedZone[]): Situation => ({ facts: (f) => void (f.hostedZones = list) });
const rules = (...list: ResolverRule[]): Situation => ({
  facts: (f) => void (f.resolverRules = list),
});
const both = (zoneList: HostedZone[], ruleList: ResolverRule[]): Situation => ({
  facts: (f) => {
    f.hostedZones = zoneList;
    f.resolverRules = ruleList;
  },
});

const corpZone = { id: 'Z0CORP', name: 'corp.example.com.' };
const parentZone = { id: 'Z0PARENT', name: 'tidb-cloud.com.' };
const forwardAll = (domainName: string): ResolverRule => ({
  id: 'rslvr-rr-0forward',
  domainName,
  ruleType: 'FORWARD',
  targetIps: ['10.20.0.10:53', '10.20.1.10:53'],
});
const system = (domainName: string): ResolverRule => ({
  id: 'rslvr-rr-0system',
  domainName,
  ruleType: 'SYSTEM',
  targetIps: [],
});
const regionalName = `${IDS.endpoint}-abcd1234.vpce-svc-0c1d2e3f4a5b6c7d8.us-west-2.vpce.amazonaws.com`;
const holding = (zone: HostedZone, ...records: ZoneRecord[]): HostedZone => ({
  ...zone,
  hostRecords: { name: IDS.host, records },
});
const alias = (target: string): ZoneRecord => ({ type: 'A', values: [], aliasTarget: target });
const plain = (type: string, ...values: string[]): ZoneRecord => ({ type, values });
const exactZone = { id: 'Z0EXACT', name: `${IDS.host}.` };
const noEnis = (f: FactValues) => void delete (f as Partial<FactValues>).networkInterfaces;
const internet: ResolverRule = {
  id: 'rslvr-autodefined-rr-internet-resolver',
  domainName: '.',
  ruleType: 'RECURSIVE',
  targetIps: [],
};

const cases: Array<[string, Situation, string, RegExp]> = [
  ['passes when nothing is associated', {}, 'pass', /No private hosted zone or forwarding rule/],
  [
    'passes with zones and rules for other names',
    both([corpZone], [forwardAll('corp.example.com'), internet]),
    'pass',
    /covers/,
  ],
  [
    'fails when a zone for a parent domain is associated',
    zones(corpZone, parentZone),
    'fail',
    /'tidb-cloud.com.' \('Z0PARENT'\) is associated with VPC 'vpc-0123456789abcdef0' and contains '.*': unless it holds a record for the name, the VPC resolver answers NXDOMAIN/,
  ],
  [
    'matches zone names without regard to case or trailing dot',
    zones({ id: 'Z0UPPER', name: 'CLUSTERS.TIDB-CLOUD.COM' }),
    'fail',
    /'Z0UPPER'/,
  ],
  [
    'names the most specific of several covering zones',
    zones(parentZone, { id: 'Z0CLUSTERS', name: 'clusters.tidb-cloud.com.' }),
    'fail',
    /'Z0CLUSTERS'/,
  ],
  [
    'warns when a zone of your own has the exact cluster name',
    zones({ id: 'Z0EXACT', name: `${IDS.host}.` }),
    'warn',
    /its records, not the endpoint's private DNS, answer/,
  ],
  [
    'ignores the exact-name zone an AWS service owns for the endpoint',
    zones({ id: 'Z0VPCE', name: `${IDS.host}.`, owningService: 'vpce.amazonaws.com' }),
    'pass',
    /covers/,
  ],
  [
    'fails when a forwarding rule covers a parent domain',
    rules(internet, forwardAll('tidb-cloud.com.')),
    'fail',
    /'rslvr-rr-0forward' forwards 'tidb-cloud.com' to '10.20.0.10:53', '10.20.1.10:53'/,
  ],
  [
    'fails when a forwarding rule covers every name',
    rules(forwardAll('.')),
    'fail',
    /forwards '\.' to/,
  ],
  [
    'fails for a forwarding rule even when a parent zone also matches',
    both([parentZone], [forwardAll('clusters.tidb-cloud.com')]),
    'fail',
    /forwards 'clusters.tidb-cloud.com'/,
  ],
  [
    'notes a SYSTEM rule that overrides a broader forwarding rule',
    rules(forwardAll('tidb-cloud.com'), system('clusters.tidb-cloud.com')),
    'info',
    /'rslvr-rr-0system' of type SYSTEM for 'clusters.tidb-cloud.com' keeps/,
  ],
  [
    'fails when a forwarding rule is more specific than the SYSTEM rule',
    rules(system('tidb-cloud.com'), forwardAll('clusters.tidb-cloud.com')),
    'fail',
    /'rslvr-rr-0forward' forwards/,
  ],
  [
    'still fails for a parent zone under a SYSTEM rule',
    both([parentZone], [system('tidb-cloud.com')]),
    'fail',
    /'Z0PARENT'/,
  ],
  [
    'passes when a parent zone holds an alias to the endpoint for the name',
    zones(holding(parentZone, alias(`${regionalName.toUpperCase()}.`), plain('TXT', '"x"'))),
    'pass',
    /'tidb-cloud.com.' \('Z0PARENT'\) covers '.*' and answers it with endpoint 'vpce-0a1b2c3d4e5f67890'/,
  ],
  [
    "passes when a parent zone's A record holds the endpoint's addresses",
    zones(holding(parentZone, plain('A', IDS.eniIpB, IDS.eniIpA))),
    'pass',
    /answers it with endpoint/,
  ],
  [
    "passes when a parent zone's CNAME names a zonal name of the endpoint",
    zones(
      holding(
        parentZone,
        plain(
          'CNAME',
          `${IDS.endpoint}-abcd1234-us-west-2a.vpce-svc-0c1d2e3f4a5b6c7d8.us-west-2.vpce.amazonaws.com.`,
        ),
      ),
    ),
    'pass',
    /answers it with endpoint/,
  ],
  [
    'passes when a zone of the exact name points its apex at the endpoint',
    zones(holding(exactZone, alias(regionalName))),
    'pass',
    /answers it with endpoint/,
  ],
  [
    'fails when a parent zone answers the name with other addresses',
    zones(holding(parentZone, plain('A', '10.0.9.10'))),
    'fail',
    /'Z0PARENT'\) is associated with VPC 'vpc-0123456789abcdef0' and answers '.*' with 'A 10.0.9.10', not with the addresses or names of endpoint 'vpce-0a1b2c3d4e5f67890'/,
  ],
  [
    "fails when only some of the addresses are the endpoint's",
    zones(holding(parentZone, plain('A', IDS.eniIpA, '10.0.9.10'))),
    'fail',
    /with 'A 10.0.1.25 10.0.9.10', not with/,
  ],
  [
    'fails when a parent zone holds no record of the name',
    zones(holding(parentZone)),
    'fail',
    /'Z0PARENT'\) is associated with VPC 'vpc-0123456789abcdef0', covers '.*' and holds no address record for it: the VPC resolver answers the name with no address/,
  ],
  [
    'fails when the name holds only records that give no address',
    zones(holding(parentZone, plain('TXT', '"owner=platform"'))),
    'fail',
    /holds no address record for it/,
  ],
  [
    'fails when a zone of the exact name holds no address at its apex',
    zones(
      holding(exactZone, plain('SOA', 'ns-1.awsdns-00.com. hostmaster 1 7200 900 1209600 86400')),
    ),
    'fail',
    /'Z0EXACT'\) is associated .* holds no address record for it/,
  ],
  [
    "warns when the zone's addresses cannot be compared with the endpoint's",
    {
      facts: (f) => {
        f.hostedZones = [holding(parentZone, plain('A', IDS.eniIpA))];
        noEnis(f);
      },
    },
    'warn',
    /answers '.*' with 'A 10.0.1.25'; the endpoint's addresses are not known/,
  ],
  [
    'treats records read for another name as not read',
    zones({
      ...parentZone,
      hostRecords: { name: 'other.tidb-cloud.com', records: [alias(regionalName)] },
    }),
    'fail',
    /unless it holds a record for the name/,
  ],
  [
    'falls back to the hedged finding when the records could not be read',
    zones({
      ...parentZone,
      hostRecords: {
        name: IDS.host,
        error: {
          code: 'AccessDenied',
          message: "AWS denied 'route53:ListResourceRecordSets'",
          iamAction: 'route53:ListResourceRecordSets',
        },
      },
    }),
    'fail',
    /unless it holds a record for the name/,
  ],
  ['skips when the host name is not known', { target: { host: undefined } }, 'skip', /give --host/],
  ['speaks Japanese', { ...zones(parentZone), lang: 'ja' }, 'fail', /NXDOMAIN を返します/],
];

describe('dns.shadowing', () => {
  it.each(cases)('%s', (_name, situation, status, message) => {
    const result = runRule(rule, situation);

    expect(result.status).toBe(status);
    expect(result.message).toMatch(message);
  });

  it('shows how to look for the record and how to disassociate the zone', () => {
    const result = runRule(rule, zones(parentZone));

    expect(result.remediation?.cli).toEqual([
      `aws route53 list-resource-record-sets --hosted-zone-id Z0PARENT --query "ResourceRecordSets[?Name=='${IDS.host}.']"`,
      'aws route53 disassociate-vpc-from-hosted-zone --hosted-zone-id Z0PARENT --vpc VPCRegion=us-west-2,VPCId=vpc-0123456789abcdef0',
    ]);
  });

  it("shows why the zone's records could not be read", () => {
    const error = { code: 'AccessDenied', message: "AWS denied 'route53:ListResourceRecordSets'" };
    const result = runRule(rule, zones({ ...parentZone, hostRecords: { name: IDS.host, error } }));

    expect(result.evidence).toMatchObject({ recordsError: error.message });
  });

  it('gives the forwarding case its own fix', () => {
    const result = runRule(rule, rules(forwardAll('tidb-cloud.com')));

    expect(result.remediation?.cli?.[0]).toBe(
      `aws route53resolver create-resolver-rule --region us-west-2 --rule-type SYSTEM --domain-name ${IDS.host} --name tidb-cloud-private-dns --creator-request-id tidb-pe-vpc-0123456789abcdef0`,
    );
  });
});
