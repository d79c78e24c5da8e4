// Looks at every EC2 reply before the SDK parses it. The SDK reads whatever it is given as an
// answer: an empty body, a web server's page or an error sent with HTTP 200 would parse as an
// answer holding nothing, which the rules would read as "that resource does not exist". Values
// laid out with whitespace around them are trimmed on the way.

import type * as Ec2Sdk from '@aws-sdk/client-ec2';

// EC2 names the root of every success `<Action>Response`, and of every error `<Response>`.
const PROLOGUE = String.raw`^\s*(?:<\?xml[^>]*\?>\s*)?`;
const SUCCESS_ROOT = new RegExp(`${PROLOGUE}<(?:[\\w-]+:)?(\\w+)Response[\\s/>]`);
const ERROR_ROOT = new RegExp(`${PROLOGUE}<(?:[\\w-]+:)?Response[\\s>]`);
const ENTITIES: Record<string, string> = {
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&apos;': "'",
  '&amp;': '&',
};

/** Makes the client refuse successes that are not EC2 answers, and raise errors sent as one. */
export function checkEc2Answers(client: Ec2Sdk.EC2Client): void {
  client.middlewareStack.add(
    (next) => async (args) => {
      const result = await next(args);
      const response = result.response as { statusCode?: number; body?: unknown };
      const status = response.statusCode ?? 0;
      if (status < 200 || status >= 300) return result;

      const text = (await readBody(response.body)).toString('utf8');
      const problem = problemOf(text, status);
      if (problem) throw problem;

      response.body = Buffer.from(trimValues(text), 'utf8');

      return result;
    },
    // Low priority runs after the SDK's deserializer is entered, so it sees the raw reply first.
    { step: 'deserialize', priority: 'low', name: 'tidbPeCheckEc2Answers' },
  );
}

function problemOf(text: string, status: number): Error | undefined {
  const fail = (name: string, message: string) =>
    Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });

  // An error sent with a success status is still the error it names.
  const code = ERROR_ROOT.test(text) ? /<Code>([^<]+)<\/Code>/.exec(text)?.[1] : undefined;
  if (code) {
    const message = /<Message>([^<]*)<\/Message>/.exec(text)?.[1] ?? '';

    return fail(decode(code.trim()), decode(message));
  }

  const shape = shapeProblemOf(text);

  return shape ? fail('UnreadableResponse', shape) : undefined;
}

// What makes a body something other than an EC2 answer the SDK can read, if anything.
function shapeProblemOf(text: string): string | undefined {
  const root = SUCCESS_ROOT.exec(text);
  if (!root) {
    const seen = text.slice(0, 512).replace(/\s+/g, ' ').trim().slice(0, 60);

    return seen ? `its body starts with '${seen}'` : 'its body is empty';
  }

  // AWS Query wraps members in `<ActionResult>` and lists items as `<member>`; EC2 does neither,
  // and the SDK reads EC2's form only.
  const head = text.slice(root[0].length - 1, 2048);
  if (new RegExp(`<(?:[\\w-]+:)?${root[1]}Result[\\s>]`).test(head)) {
    return `it wraps its members in <${root[1]}Result>, which EC2 answers do not`;
  }
  if (/<member[\s>]/.test(text)) return 'it lists items as <member>, where EC2 answers use <item>';

  // EC2 names members in camel case (`<requestId>`, `<vpcEndpointSet>`).
  const first = /^[^>]*>\s*<(?:[\w-]+:)?([A-Za-z]\w*)/.exec(head)?.[1];
  if (first && /^[A-Z]/.test(first)) {
    return `its elements are named in Pascal case, like <${first}>, where EC2 names them in camel case`;
  }

  return undefined;
}

// The SDK keeps the whitespace around an element's text, so an answer that lays its values out
// on lines of their own gives states, types and CIDR blocks that match nothing, and timestamps
// it cannot parse. No EC2 value has meaningful whitespace around it, and EC2 sends no mixed
// content, so the text between any two tags is trimmed.
function trimValues(text: string): string {
  return text
    .split('<')
    .map((part, index) => {
      const end = part.indexOf('>');
      if (index === 0 || end < 0) return part;

      return part.slice(0, end + 1) + part.slice(end + 1).trim();
    })
    .join('<');
}

function decode(text: string): string {
  return text.replace(/&(?:lt|gt|quot|apos|amp);/g, (entity) => ENTITIES[entity] ?? entity);
}

async function readBody(body: unknown): Promise<Buffer> {
  if (body instanceof Uint8Array) return Buffer.from(body);
  if (!isAsyncIterable(body)) return Buffer.alloc(0);

  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(Buffer.from(chunk as Uint8Array));

  return Buffer.concat(chunks);
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof (value as AsyncIterable<unknown> | null)?.[Symbol.asyncIterator] === 'function';
}
