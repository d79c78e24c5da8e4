// HTTP digest authentication on the server side (RFC 7616 with MD5, and RFC 2069 without qop), as
// the TiDB Cloud API asks for it: a 401 challenge with a nonce, then a hashed answer to check.

import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Issues challenges and checks the answers for one user name and password. */
export class DigestGuard {
  private readonly nonces = new Set<string>();
  private readonly opaque = randomBytes(16).toString('hex');

  constructor(
    private readonly realm: string,
    private readonly username: string,
    private readonly password: string,
  ) {}

  /** A fresh `WWW-Authenticate` value. */
  challenge(): string {
    const nonce = randomBytes(16).toString('hex');
    this.nonces.add(nonce);

    const fields = [`realm="${this.realm}"`, `nonce="${nonce}"`, 'qop="auth"', 'algorithm=MD5'];

    return `Digest ${[...fields, `opaque="${this.opaque}"`].join(', ')}`;
  }

  /** Whether an `Authorization` header proves the password for this method and request target. */
  accepts(header: string | undefined, method: string, target: string): boolean {
    if (!header?.startsWith('Digest ')) return false;

    const fields = parseDigestFields(header.slice('Digest '.length));
    const { username, realm, nonce, uri, response } = fields;
    const algorithm = fields.algorithm?.toUpperCase() ?? 'MD5';
    const known =
      username === this.username &&
      realm === this.realm &&
      nonce !== undefined &&
      this.nonces.has(nonce) &&
      uri === target &&
      algorithm === 'MD5';
    if (!known || response === undefined) return false;

    const ha1 = md5(`${this.username}:${this.realm}:${this.password}`);
    const ha2 = md5(`${method}:${uri}`);
    const expected =
      fields.qop === 'auth'
        ? md5(`${ha1}:${nonce}:${fields.nc ?? ''}:${fields.cnonce ?? ''}:auth:${ha2}`)
        : md5(`${ha1}:${nonce}:${ha2}`);

    return (
      response.length === expected.length &&
      timingSafeEqual(Buffer.from(response), Buffer.from(expected))
    );
  }
}

/** The `name=value` pairs of a digest header; values may be quoted or bare. */
export function parseDigestFields(text: string): Record<string, string | undefined> {
  const fields: Record<string, string> = {};
  for (const match of text.matchAll(/([a-zA-Z]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))/g)) {
    const [, name, quoted, bare] = match;
    if (name) fields[name.toLowerCase()] = quoted?.replace(/\\(.)/g, '$1') ?? bare ?? '';
  }

  return fields;
}

function md5(text: string): string {
  return createHash('md5').update(text).digest('hex');
}
