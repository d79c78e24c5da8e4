// DNS names compare without regard to case or a trailing dot, and Route 53 writes characters
// outside letters, digits and hyphens as three-digit octal escapes (`\052` for `*`).
import type { DnsLookup } from './facts.js';

/** A name in the form used for comparing: lower case, escapes decoded, no trailing dot. */
export function normalizeDnsName(name: string): string {
  const decoded = name.replace(/\\(\d{3})/g, (_whole, octal: string) =>
    String.fromCharCode(parseInt(octal, 8)),
  );

  return decoded.toLowerCase().replace(/\.+$/, '');
}

/** Whether `domain` is `name` itself or one of its parents; the root (`.`) is everyone's parent. */
export function isSameOrParentDomain(domain: string, name: string): boolean {
  const parent = normalizeDnsName(domain);
  const child = normalizeDnsName(name);
  if (parent === '') return true;

  return child === parent || child.endsWith(`.${parent}`);
}

/** Whether two names are the same name. */
export function isSameDnsName(a: string, b: string): boolean {
  return normalizeDnsName(a) === normalizeDnsName(b);
}

/**
 * Among `items`, the one whose domain is the longest that equals or contains `name`, the way
 * Route 53 Resolver picks a rule or a private hosted zone.
 */
export function mostSpecificMatch<T>(
  items: readonly T[],
  domainOf: (item: T) => string,
  name: string,
): T | undefined {
  const matches = items.filter((item) => isSameOrParentDomain(domainOf(item), name));
  const depth = (item: T) => normalizeDnsName(domainOf(item)).length;

  return matches.reduce<T | undefined>(
    (best, item) => (best === undefined || depth(item) > depth(best) ? item : best),
    undefined,
  );
}

/** The addresses (A and AAAA records) among a lookup's answers; an alias alone reaches nothing. */
export function answerAddresses(lookup: DnsLookup): string[] {
  return lookup.answers
    .filter((answer) => answer.type === 'A' || answer.type === 'AAAA')
    .map((answer) => answer.data);
}
