// A loopback EC2 Query API that answers from a scenario, in the wire format AWS uses, so that the
// real SDK cannot tell it from EC2. It only reads: any other kind of action is refused.

import { randomUUID } from 'node:crypto';

import type { LoopbackServer } from './http-server.js';
import type { FaultInjector } from './faults.js';
import type { Scenario } from './scenario.js';
import { EC2_OPERATIONS } from './ec2-operations.js';
import { Ec2Error, parseEc2Request } from './ec2-query.js';
import { delay, listenHttp, readBody, send } from './http-server.js';
import { el, xmlDocument } from './xml.js';

/** The simulated EC2 API, with the number of requests each action received. */
export interface Ec2Server extends LoopbackServer {
  requestCounts(): Record<string, number>;
}

const NAMESPACE = 'http://ec2.amazonaws.com/doc/2016-11-15/';
const XML = 'text/xml;charset=UTF-8';
// The tool must never change an account; anything but a read is a bug worth failing loudly on.
const READ_ACTION = /^(Describe|Get|List)/;

/** Starts the simulated EC2 API on 127.0.0.1. */
export async function startEc2Server(
  scenario: Scenario,
  faults: FaultInjector,
): Promise<Ec2Server> {
  const counts = new Map<string, number>();

  const server = await listenHttp(async (req, res) => {
    const { action, params } = parseEc2Request(await readBody(req));
    counts.set(action, (counts.get(action) ?? 0) + 1);
    await delay(faults.delayMs);

    const requestId = randomUUID();
    const headers = { 'x-amzn-requestid': requestId };
    try {
      const body = answer(scenario, faults, action, params);
      const response = xmlDocument(`${action}Response`, NAMESPACE, [
        el('requestId', requestId),
        ...body,
      ]);
      send(res, 200, XML, response, headers);
    } catch (error) {
      if (!(error instanceof Ec2Error)) throw error;
      send(res, error.status, XML, errorDocument(error, requestId), headers);
    }
  });

  return { ...server, requestCounts: () => Object.fromEntries(counts) };
}

function answer(
  scenario: Scenario,
  faults: FaultInjector,
  action: string,
  params: Record<string, string>,
) {
  if (!READ_ACTION.test(action)) {
    throw new Ec2Error(
      'OperationNotPermitted',
      `The simulated account is read-only: '${action || '(no action)'}' is not a Describe, Get or List action`,
    );
  }

  const operation = EC2_OPERATIONS[action];
  if (!operation) {
    throw new Ec2Error('InvalidAction', `The action ${action} is not valid for this web service.`);
  }

  const fault = faults.next(`ec2:${action}`);
  if (fault?.kind === 'denied') throw new Ec2Error('UnauthorizedOperation', fault.message, 403);
  if (fault?.kind === 'throttled') {
    throw new Ec2Error('RequestLimitExceeded', 'Request limit exceeded.', 503);
  }

  return operation(scenario, params);
}

function errorDocument(error: Ec2Error, requestId: string): string {
  const detail = [el('Code', error.code), el('Message', error.message)];

  return xmlDocument('Response', undefined, [
    el('Errors', [el('Error', detail)]),
    el('RequestID', requestId),
  ]);
}
