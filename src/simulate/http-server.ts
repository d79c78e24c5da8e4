// The plumbing the simulated HTTP APIs share: listen on loopback on a port the OS picks, read a
// request body, and close every connection on stop so that the process can exit by itself.

import http from 'node:http';

import type { AddressInfo } from 'node:net';

/** A started loopback server. */
export interface LoopbackServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Handles one request; a thrown error becomes a 500 so that a bug never hangs the client. */
export type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void> | void;

const MAX_BODY_BYTES = 1024 * 1024;

/** Starts an HTTP server on 127.0.0.1 with an OS-chosen port. */
export async function listenHttp(handler: Handler): Promise<LoopbackServer> {
  const server = http.createServer((req, res) => {
    Promise.resolve(handler(req, res)).catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`simulator error: ${message}`);
    });
  });
  // Clients keep connections alive; idle ones must not hold the process open after stop.
  server.keepAliveTimeout = 1_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () => closeHttp(server),
  };
}

/** Reads a whole request body as text (at most 1 MiB). */
export async function readBody(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new Error('request body is larger than 1 MiB');
    chunks.push(chunk as Buffer);
  }

  return Buffer.concat(chunks).toString('utf8');
}

/** Sends a complete answer. */
export function send(
  res: http.ServerResponse,
  status: number,
  contentType: string,
  body: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    'content-type': contentType,
    'content-length': String(Buffer.byteLength(body)),
    ...headers,
  });
  res.end(body);
}

/** Resolves after `ms` milliseconds; 0 resolves at once. */
export function delay(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}

function closeHttp(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
