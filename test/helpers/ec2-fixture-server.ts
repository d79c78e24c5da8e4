// A stand-in for the EC2 Query API on loopback: it answers each Action from the XML files under
// fixtures/aws/, optionally after a delay, and records what was asked and how much at once.

import { readFileSync } from 'node:fs';
import http from 'node:http';
import { parse } from 'node:querystring';
import { fileURLToPath } from 'node:url';

import type { AddressInfo } from 'node:net';

/** The form parameters of one EC2 request, flat as on the wire (`Filter.1.Value.1`). */
export type FormParams = Record<string, string>;

/** Picks the fixture case (file name without `.xml`) that answers a request. */
export type FixtureChooser = (action: string, params: FormParams) => string;

/** How the server answers. */
export interface Ec2FixtureServerOptions {
  delayMs?: number;
  choose?: FixtureChooser;
  /** Changes the chosen fixture before it is sent, e.g. to split it into pages. */
  rewrite?: (xml: string, action: string, params: FormParams) => string;
}

/** A running fixture server. */
export interface Ec2FixtureServer {
  url: string;
  /** The parameters of every request, in arrival order. */
  requests: FormParams[];
  /** The most requests that were being answered at the same time. */
  maxInFlight(): number;
  close(): Promise<void>;
}

const FIXTURES = fileURLToPath(new URL('../../fixtures/aws/', import.meta.url));

// EC2 answers throttling with 503 and denied calls with 403; every other client error is a 400.
const ERROR_STATUS: Record<string, number> = {
  RequestLimitExceeded: 503,
  UnauthorizedOperation: 403,
  InternalError: 500,
};

/** The text of `fixtures/aws/<operation>/<name>.xml`. */
export function readFixture(operation: string, name: string): string {
  return readFileSync(`${FIXTURES}${operation}/${name}.xml`, 'utf8');
}

/** The HTTP status EC2 sends with a body: 200, or the status of its error code. */
export function fixtureStatus(xml: string): number {
  const code = /<Errors>\s*<Error>\s*<Code>([^<]+)<\/Code>/.exec(xml)?.[1];
  if (!code) return 200;

  return ERROR_STATUS[code] ?? 400;
}

/** The fixtures of the healthy account: one answer per action, the listing for filtered calls. */
export function healthyCase(action: string, params: FormParams): string {
  if (action === 'DescribeVpcAttribute') {
    return params.Attribute === 'enableDnsSupport' ? 'enable-dns-support' : 'enable-dns-hostnames';
  }
  if (action === 'DescribeVpcEndpoints' && params['Filter.1.Name'] === 'vpc-id') return 'in-vpc';

  return 'healthy';
}

/** Starts a fixture server on 127.0.0.1 at a free port. */
export async function startEc2FixtureServer(
  options: Ec2FixtureServerOptions = {},
): Promise<Ec2FixtureServer> {
  const requests: FormParams[] = [];
  const choose = options.choose ?? healthyCase;
  let inFlight = 0;
  let maxInFlight = 0;

  const server = http.createServer((req, res) => {
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const params = parse(Buffer.concat(chunks).toString('utf8')) as FormParams;
      requests.push(params);
      const action = params.Action ?? '';
      const fixture = answerFor(action, params, choose);
      const xml = options.rewrite ? options.rewrite(fixture, action, params) : fixture;

      setTimeout(() => {
        res.writeHead(fixtureStatus(xml), {
          'content-type': 'text/xml;charset=UTF-8',
          'x-amzn-requestid': `fixture-${requests.length}`,
        });
        res.end(xml, () => {
          inFlight -= 1;
        });
      }, options.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    maxInFlight: () => maxInFlight,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// A missing fixture answers as a client error, so that a test fails on it instead of crashing.
function answerFor(action: string, params: FormParams, choose: FixtureChooser): string {
  try {
    return readFixture(action, choose(action, params));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);

    return `<Response><Errors><Error><Code>FixtureMissing</Code><Message>${message}</Message></Error></Errors><RequestID>none</RequestID></Response>`;
  }
}
