// Reads the CA file given with --ca. The TiDB Cloud console offers the CA as PEM, but a file
// saved from a browser or converted by hand may be DER; either is taken. The command line checks
// the file with this before anything runs, and the TLS probe and the login read it with it.
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/g;

/**
 * The certificates in a CA file, as PEM: every PEM certificate in it, or the file as one DER
 * certificate. Throws when it cannot be read or holds none, so that a wrong file is not taken
 * for a server whose certificate does not verify.
 */
export function readCaFile(caFile: string): string[] {
  let content: Buffer;
  try {
    content = readFileSync(caFile);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? String(error);
    throw Object.assign(new Error(`Cannot read the CA file '${caFile}': ${reason}`), {
      code: 'CaFileUnreadable',
    });
  }

  const blocks = content.toString('latin1').match(PEM_CERTIFICATE) ?? [];
  const certificates = (blocks.length > 0 ? blocks : [content]).flatMap(asPem);
  if (certificates.length === 0) {
    throw Object.assign(
      new Error(
        `The CA file '${caFile}' holds no certificate: give the CA certificate downloaded from the TiDB Cloud console (PEM or DER)`,
      ),
      { code: 'CaFileInvalid' },
    );
  }

  return certificates;
}

function asPem(certificate: string | Buffer): string[] {
  try {
    return [new X509Certificate(certificate).toString()];
  } catch {
    // Not a certificate: a key, a damaged block, or text.
    return [];
  }
}
