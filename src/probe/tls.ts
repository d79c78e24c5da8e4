// Upgrades the probe's MySQL connection to TLS the way a client does (SSLRequest, then the TLS
// handshake on the same socket) and judges the server's certificate. The handshake itself does
// not reject a bad certificate, so that issuer, names and expiry are recorded either way; the
// chain and the host name are then checked apart, each with its own error code.
import { isIP } from 'node:net';
import { checkServerIdentity, connect } from 'node:tls';

import type { Socket } from 'node:net';
import type { PeerCertificate, TLSSocket } from 'node:tls';
import type { MysqlGreeting, TlsProbe } from '../engine/facts.js';
import { sslRequestPacket } from './mysql-protocol.js';
import { elapsedSince, waitFor } from './settle.js';

/** The host name to verify, the CAs to trust, how long to wait, and how to stop early. */
export interface TlsOptions {
  host: string;
  ca: string[];
  /** Where `ca` came from, for the record; absent for the system's CAs. */
  caFile?: string;
  timeoutMs: number;
  signal?: AbortSignal;
}

/** Upgrades `socket` after `greeting` and verifies the certificate; the socket is used up. */
export async function probeTls(
  socket: Socket,
  greeting: MysqlGreeting,
  options: TlsOptions,
): Promise<TlsProbe> {
  const started = performance.now();
  if (!greeting.tlsOffered) return { outcome: 'not-offered', durationMs: 0 };

  const onTimeout = (): TlsProbe => ({
    outcome: 'failed',
    errorCode: 'ETIMEDOUT',
    errorMessage: `The TLS handshake did not finish within ${options.timeoutMs} ms`,
    durationMs: elapsedSince(started),
  });

  return waitFor({ timeoutMs: options.timeoutMs, onTimeout, signal: options.signal }, (settle) => {
    socket.write(sslRequestPacket());
    const secure = connect({
      socket,
      host: options.host,
      ca: options.ca,
      // SNI carries names only; an address is still checked against the certificate below.
      ...(isIP(options.host) === 0 && { servername: options.host }),
      rejectUnauthorized: false,
      // The host name is checked in `judge`, apart from the chain, so that each has its own code.
      checkServerIdentity: () => undefined,
    });

    secure.once('secureConnect', () => settle(judge(secure, options, started)));
    secure.on('error', (error: NodeJS.ErrnoException) =>
      settle({
        outcome: 'failed',
        errorCode: error.code ?? 'TLS_ERROR',
        errorMessage: readableTlsMessage(error.message),
        durationMs: elapsedSince(started),
      }),
    );
    secure.once('close', () =>
      settle({
        outcome: 'failed',
        errorCode: 'ECONNRESET',
        errorMessage: 'The server closed the connection during the TLS handshake',
        durationMs: elapsedSince(started),
      }),
    );

    return () => secure.destroy();
  });
}

function judge(secure: TLSSocket, options: TlsOptions, started: number): TlsProbe {
  const { host, caFile } = options;
  const certificate = secure.getPeerCertificate();
  const details = describeCertificate(certificate);
  const protocol = secure.getProtocol() ?? undefined;
  const checkedAt = new Date().toISOString();
  const base = { ...(protocol && { protocol }), ...details, checkedAt };
  const durationMs = elapsedSince(started);

  const chainError = secure.authorizationError as unknown as Error | string | null;
  if (chainError) {
    const errorCode = typeof chainError === 'string' ? chainError : codeOf(chainError);
    const errorMessage = typeof chainError === 'string' ? chainError : chainError.message;

    // The file is evidence only when its CA did not verify the chain.
    return {
      outcome: 'failed',
      ...base,
      errorCode,
      errorMessage,
      ...(caFile && { caFile }),
      durationMs,
    };
  }

  const nameError = checkServerIdentity(host, certificate) as NodeJS.ErrnoException | undefined;
  if (nameError) {
    const errorCode = nameError.code ?? 'ERR_TLS_CERT_ALTNAME_INVALID';

    return { outcome: 'failed', ...base, errorCode, errorMessage: nameError.message, durationMs };
  }

  return { outcome: 'verified', ...base, durationMs };
}

/**
 * An OpenSSL error as a reader wants it: `…:SSL routines:ssl3_get_record:wrong version
 * number:../deps/…:350:` becomes `wrong version number`. Other messages stay as they are.
 */
export function readableTlsMessage(message: string): string {
  const reason = /^[0-9A-F]+:error:[0-9A-F]+:[^:]*:[^:]*:([^:]+):/.exec(message)?.[1];

  return reason ?? message.trim();
}

function codeOf(error: Error): string {
  return (error as NodeJS.ErrnoException).code ?? error.message;
}

/** Issuer, subject names (CN and SANs) and expiry of a peer certificate, as the report shows. */
function describeCertificate(
  certificate: PeerCertificate,
): Pick<TlsProbe, 'issuer' | 'subjectNames' | 'validTo'> {
  if (!certificate || Object.keys(certificate).length === 0) return {};

  const issuer = Object.entries(certificate.issuer ?? {})
    .map(([key, value]) => `${key}=${Array.isArray(value) ? value.join('+') : value}`)
    .join(', ');
  const altNames = (certificate.subjectaltname ?? '')
    .split(', ')
    .map((entry) => entry.replace(/^(DNS|IP Address):/, ''))
    .filter((entry) => entry !== '');
  const commonName = certificate.subject?.CN;
  const names = [...(commonName ? [String(commonName)] : []), ...altNames];
  const validTo = new Date(certificate.valid_to);

  return {
    ...(issuer && { issuer }),
    subjectNames: [...new Set(names)],
    ...(!Number.isNaN(validTo.getTime()) && { validTo: validTo.toISOString() }),
  };
}
