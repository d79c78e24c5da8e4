// The simulated Route 53 APIs on one loopback server: ListHostedZonesByVPC and
// ListResourceRecordSets in Route 53's REST-XML protocol (by path), and the Route 53 Resolver's
// JSON 1.1 protocol (by `X-Amz-Target`).

import { randomUUID } from 'node:crypto';

import type { ServerResponse } from 'node:http';
import type { LoopbackServer } from './http-server.js';
import type { FaultInjector } from './faults.js';
import type { Scenario } from './scenario.js';
import { delay, listenHttp, send } from './http-server.js';
import { answerResolver } from './resolver-api.js';
import { el, xmlDocument } from './xml.js';

const NAMESPACE = 'https://route53.amazonaws.com/doc/2013-04-01/';
const ZONES_BY_VPC = '/2013-04-01/hostedzonesbyvpc';
const RECORD_SETS = /^\/2013-04-01\/hostedzone\/([^/]+)\/rrset$/;
const XML = 'text/xml';

/** Starts the simulated Route 53 and Route 53 Resolver APIs on 127.0.0.1. */
export async function startRoute53Server(
  scenario: Scenario,
  faults: FaultInjector,
): Promise<LoopbackServer> {
  return listenHttp(async (req, res) => {
    await delay(faults.delayMs);
    if (req.headers['x-amz-target']) return answerResolver(scenario, faults, req, res);

    const requestId = randomUUID();
    const fail = (status: number, code: string, message: string) =>
      sendError(res, requestId, { status, code, message });
    const [rawPath, query = ''] = (req.url ?? '').split('?');
    const path = rawPath?.replace(/\/+/g, '/') ?? '';
    const zoneId = RECORD_SETS.exec(path)?.[1];
    if (req.method === 'GET' && zoneId) {
      const fault = faults.next('route53:ListResourceRecordSets');
      if (fault?.kind === 'denied') return fail(403, 'AccessDenied', fault.message);
      if (fault?.kind === 'throttled') return fail(400, 'Throttling', 'Rate exceeded');

      return listRecordSets(scenario, decodeURIComponent(zoneId), new URLSearchParams(query), res);
    }
    if (req.method !== 'GET' || path !== ZONES_BY_VPC) {
      return fail(
        404,
        'InvalidInput',
        'The simulator only answers ListHostedZonesByVPC and ListResourceRecordSets',
      );
    }

    const fault = faults.next('route53:ListHostedZonesByVPC');
    if (fault?.kind === 'denied') return fail(403, 'AccessDenied', fault.message);
    if (fault?.kind === 'throttled') return fail(400, 'Throttling', 'Rate exceeded');

    listZonesByVpc(scenario, new URLSearchParams(query), res, requestId);
  });
}

function listZonesByVpc(
  s: Scenario,
  query: URLSearchParams,
  res: ServerResponse,
  requestId: string,
) {
  const vpcId = query.get('vpcid') ?? '';
  if (!s.vpcs[vpcId] || query.get('vpcregion') !== s.region) {
    const message = `The VPC ID '${vpcId}' in region '${query.get('vpcregion') ?? ''}' either isn't a valid ID or the current account is not authorized to access this VPC.`;
    return sendError(res, requestId, { status: 400, code: 'InvalidVPCId', message });
  }

  const zones = Object.entries(s.hostedZones).filter(([, zone]) => zone.vpcIds.includes(vpcId));
  const maxItems = Number(query.get('maxitems') ?? 100) || 100;
  const offset = Number(query.get('nexttoken') ?? 0) || 0;
  const page = zones.slice(offset, offset + maxItems);
  const next = offset + maxItems < zones.length ? String(offset + maxItems) : undefined;
  const summaries = page.map(([id, zone]) =>
    el('HostedZoneSummary', [
      el('HostedZoneId', id),
      el('Name', zone.name.endsWith('.') ? zone.name : `${zone.name}.`),
      el('Owner', [
        zone.owningService
          ? el('OwningService', zone.owningService)
          : el('OwningAccount', s.accountId),
      ]),
    ]),
  );

  const body = xmlDocument('ListHostedZonesByVPCResponse', NAMESPACE, [
    el('HostedZoneSummaries', summaries),
    el('MaxItems', maxItems),
    el('NextToken', next),
  ]);
  send(res, 200, XML, body, { 'x-amzn-requestid': requestId });
}

// Route 53 sorts record sets by name with the labels reversed, and starts at the name asked for.
function listRecordSets(s: Scenario, zoneId: string, query: URLSearchParams, res: ServerResponse) {
  const requestId = randomUUID();
  const zone = s.hostedZones[zoneId.replace(/^\/?hostedzone\//, '')];
  if (!zone) {
    const message = `No hosted zone found with ID: ${zoneId}`;
    return sendError(res, requestId, { status: 404, code: 'NoSuchHostedZone', message });
  }

  const apex = absolute(zone.name);
  const sets: Array<{ name: string; type: string; values: string[] }> = [
    { name: apex, type: 'NS', values: ['ns-512.awsdns-00.net.'] },
    {
      name: apex,
      type: 'SOA',
      values: ['ns-512.awsdns-00.net. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400'],
    },
    ...Object.entries(zone.records ?? {}).map(([name, values]) => ({
      name: absolute(name),
      type: 'A',
      values,
    })),
  ];
  const order = (name: string) => name.split('.').reverse().join('.');
  sets.sort((a, b) => order(a.name).localeCompare(order(b.name)) || a.type.localeCompare(b.type));
  const start = query.get('name') ? order(absolute(query.get('name') ?? '')) : '';
  const maxItems = Number(query.get('maxitems') ?? 300) || 300;
  const from = sets.filter((set) => order(set.name) >= start);
  const page = from.slice(0, maxItems);
  const next = from[maxItems];

  const body = xmlDocument('ListResourceRecordSetsResponse', NAMESPACE, [
    el(
      'ResourceRecordSets',
      page.map((set) =>
        el('ResourceRecordSet', [
          el('Name', set.name),
          el('Type', set.type),
          el('TTL', 300),
          el(
            'ResourceRecords',
            set.values.map((value) => el('ResourceRecord', [el('Value', value)])),
          ),
        ]),
      ),
    ),
    el('IsTruncated', next !== undefined),
    el('NextRecordName', next?.name),
    el('NextRecordType', next?.type),
    el('MaxItems', maxItems),
  ]);
  send(res, 200, XML, body, { 'x-amzn-requestid': requestId });
}

function absolute(name: string): string {
  return `${name.toLowerCase().replace(/\.+$/, '')}.`;
}

function sendError(
  res: ServerResponse,
  requestId: string,
  error: { status: number; code: string; message: string },
): void {
  const type = error.status >= 500 ? 'Receiver' : 'Sender';
  const body = xmlDocument('ErrorResponse', NAMESPACE, [
    el('Error', [el('Type', type), el('Code', error.code), el('Message', error.message)]),
    el('RequestId', requestId),
  ]);
  send(res, error.status, XML, body, { 'x-amzn-requestid': requestId });
}
