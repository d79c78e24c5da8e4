import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rootCertificates } from 'node:tls';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { TidbServer } from '../../src/simulate/tidb-server.js';
import { readCaFile } from '../../src/probe/ca-file.js';
import { runProbes } from '../../src/probe/index.js';
import { startTidbServer } from '../../src/simulate/tidb-server.js';
import { certificates } from './services.js';

const certs = certificates();
const dir = mkdtempSync(join(tmpdir(), 'tidb-pe-ca-'));
const der = Buffer.from(certs.ca.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64');

/** Writes `content` to a file of its own and returns the path. */
function caFile(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);

  return path;
}

describe('readCaFile', () => {
  it('reads every certificate of a PEM bundle, around the text between them', () => {
    const bundle = `Bag Attributes\n${certs.ca}\n# another\n${rootCertificates[0]}\n`;

    expect(readCaFile(caFile('bundle.pem', bundle))).toHaveLength(2);
  });

  it('reads a DER certificate as PEM', () => {
    const [pem] = readCaFile(caFile('ca.der', der));

    expect(pem?.trim()).toBe(certs.ca.trim());
  });

  it.each([
    ['a key', readFileSync(certs.caFile.replace(/ca\.pem$/, 'ca.key'))],
    ['text', 'this is not a certificate\n'],
    ['a damaged PEM block', '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n'],
  ])('refuses a file that holds %s', (_name, content) => {
    expect(() => readCaFile(caFile('wrong.pem', content))).toThrow(
      expect.objectContaining({
        code: 'CaFileInvalid',
        message: expect.stringMatching(/holds no certificate/),
      }),
    );
  });

  it('says when the file cannot be read', () => {
    expect(() => readCaFile(join(dir, 'missing.pem'))).toThrow(
      expect.objectContaining({ code: 'CaFileUnreadable' }),
    );
  });
});

describe('the TLS probe with --ca', () => {
  let server: TidbServer;
  beforeAll(async () => {
    server = await startTidbServer({ tls: certs.localhost });
  });
  afterAll(() => server.close());

  const probeWith = (path: string) =>
    runProbes({
      host: 'localhost',
      port: server.port,
      tls: 'required',
      caFile: path,
      resolvers: [],
      endpointDnsNames: [],
      deadline: Date.now() + 5000,
    });

  it('verifies with the CA saved as DER', async () => {
    const path = caFile('cluster-ca.der', der);

    const probes = await probeWith(path);

    expect(probes.tls).toMatchObject({ status: 'ok', value: { outcome: 'verified' } });
  });

  it('records the file whose CA does not sign the certificate', async () => {
    const path = caFile('other-ca.pem', rootCertificates[0] ?? '');

    const probes = await probeWith(path);

    expect(probes.tls).toMatchObject({
      status: 'ok',
      value: { outcome: 'failed', errorCode: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', caFile: path },
    });
  });
});
