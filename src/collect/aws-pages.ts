// AWS may page any list, and a server that pages wrongly must not keep the run busy or hand the
// rules half an answer as if it were whole.
import { AwsCallError } from './aws-errors.js';

// A server that keeps sending a NextToken must not keep the run busy forever.
const MAX_PAGES = 50;

/** Every item of an AWS list, following NextToken; a repeated token or endless pages fail. */
export async function collectPages<T>(
  fetchPage: (token: string | undefined) => Promise<{ items: T[]; next?: string }>,
  service = 'EC2',
): Promise<T[]> {
  const all: T[] = [];
  const seen = new Set<string>();
  let token: string | undefined;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const { items, next } = await fetchPage(token);
    all.push(...items);
    if (!next) return all;
    // A token sent twice would loop through the same pages until the limit.
    if (seen.has(next)) {
      throw new AwsCallError({
        code: 'RepeatedNextToken',
        message: `${service} sent NextToken '${next.slice(0, 40)}' a second time: the server does not page correctly, and the answer is incomplete`,
      });
    }
    seen.add(next);
    token = next;
  }

  throw new AwsCallError({
    code: 'TooManyPages',
    message: `${service} kept sending more pages after ${MAX_PAGES}: the answer is incomplete`,
  });
}
