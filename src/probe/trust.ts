// Which certificate authorities a TLS probe trusts. Node carries its own copy of the Mozilla
// roots; the system bundle adds whatever the host's administrator installed, as a MySQL client
// linked against the system OpenSSL would see it.
import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';

import { readCaFile } from './ca-file.js';

// Debian and Ubuntu, then Fedora and Amazon Linux, then Alpine and macOS.
const SYSTEM_BUNDLES = [
  '/etc/ssl/certs/ca-certificates.crt',
  '/etc/pki/tls/certs/ca-bundle.crt',
  '/etc/ssl/cert.pem',
];

let systemRoots: string[] | undefined;

/** The CA certificates to verify against: the `--ca` file alone, or the system's roots. */
export function trustedCertificates(caFile?: string): string[] {
  if (caFile) return readCaFile(caFile);

  systemRoots ??= [...rootCertificates, ...readFirstBundle()];

  return systemRoots;
}

function readFirstBundle(): string[] {
  for (const path of SYSTEM_BUNDLES) {
    try {
      return [readFileSync(path, 'utf8')];
    } catch {
      // Not this distribution's path; try the next.
    }
  }

  return [];
}
