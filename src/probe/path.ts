// The connection part of a run, on one socket as an application would open it: TCP, the MySQL
// greeting, the TLS upgrade; then a login on a connection of its own. A step that cannot run
// because an earlier one failed is skipped with the reason.
import { isIP } from 'node:net';

import type { Socket } from 'node:net';
import type { Fact, MysqlGreeting, MysqlProbe, Probes, TlsProbe } from '../engine/facts.js';
import { hostPort } from '../engine/address.js';
import { answerAddresses } from '../engine/dns-names.js';
import { ok, skipped } from '../engine/facts.js';
import { reasonText } from '../engine/reasons.js';
import { probeAuth } from './auth.js';
import { probeGreeting } from './mysql.js';
import { step } from './run.js';
import { probeTcp } from './tcp.js';
import { probeTls } from './tls.js';
import { trustedCertificates } from './trust.js';
import type { ProbeRequest } from './index.js';
import type { Run } from './run.js';

/** The probes of the connection path. */
export type PathProbes = Pick<Probes, 'tcp' | 'mysql' | 'tls' | 'auth'>;

/** Why there is nothing to connect to after the system resolver's answer, if there is nothing. */
export function unresolvedReason(host: string, dnsSystem: Probes['dnsSystem']): string | undefined {
  if (isIP(host) || dnsSystem?.status === 'skipped') return undefined;
  if (
    dnsSystem?.status === 'error' &&
    ['DeadlineExceeded', 'Aborted'].includes(dnsSystem.error.code)
  ) {
    return reasonText('cutBeforeResolved', { host, why: dnsSystem.error.message });
  }
  if (dnsSystem?.status !== 'ok') return reasonText('notResolved', { host });
  if (answerAddresses(dnsSystem.value).length === 0) {
    return reasonText('resolvedEmpty', { host, rcode: dnsSystem.value.rcode });
  }

  return undefined;
}

/** Connects, reads the greeting, upgrades to TLS and logs in, each step after the one before. */
export async function probePath(run: Run, dnsSystem: Probes['dnsSystem']): Promise<PathProbes> {
  const { request, budget, timeouts } = run;
  const target = hostPort(request.host, request.port);
  const unresolved = unresolvedReason(request.host, dnsSystem);
  if (unresolved) return skipAfter(unresolved, { tcp: skipped('probe:tcp', unresolved) });

  let socket: Socket | undefined;
  try {
    const tcp = await step(run, 'probe:tcp', async () => {
      request.debug?.('tcp', `connecting to ${target}`);
      const { host, port, address } = dialTarget(request, dnsSystem);
      const addresses = dnsSystem?.status === 'ok' ? answerAddresses(dnsSystem.value) : [];
      const connection = await probeTcp({
        host,
        port,
        ...(!address && { addresses }),
        timeoutMs: timeouts.tcp,
        signal: budget.signal,
      });
      socket = connection.socket;

      // A simulated run reports the address the application would have reached, not the
      // loopback listener that played it.
      return address
        ? { ...connection.result, host: request.host, port: request.port, address }
        : connection.result;
    });
    if (!socket) return skipAfter(reasonText('noTcp', { target }), { tcp });

    const open = socket;
    const mysql = await step(run, 'probe:mysql', () =>
      probeGreeting(open, { timeoutMs: timeouts.greeting, signal: budget.signal }),
    );
    const greeting = mysql.status === 'ok' ? mysql.value.greeting : undefined;
    if (!greeting) return skipAfter(reasonText('noGreeting', { target }), { tcp, mysql });

    const tls = await probeTlsStep(run, open, greeting, mysql);
    open.destroy();
    const auth = await probeAuthStep(run, greeting, tls, dnsSystem);

    return { tcp, mysql, tls, auth };
  } finally {
    socket?.destroy();
  }
}

// In a simulated run the first address the simulated resolver gave is dialled through the
// simulation's map; in a real run the host name is handed to the operating system.
function dialTarget(
  request: ProbeRequest,
  dnsSystem: Probes['dnsSystem'],
): { host: string; port: number; address?: string } {
  const { network } = request;
  if (!network) return { host: request.host, port: request.port };

  const answer = dnsSystem?.status === 'ok' ? answerAddresses(dnsSystem.value)[0] : undefined;
  const address = answer ?? request.host;

  return { ...network.dial(address, request.port), address };
}

function skipAfter(reason: string, done: Partial<PathProbes>): PathProbes {
  return {
    mysql: skipped('probe:mysql', reason),
    tls: skipped('probe:tls', reason),
    auth: skipped('probe:auth', reason),
    ...done,
  };
}

async function probeTlsStep(
  run: Run,
  socket: Socket,
  greeting: MysqlGreeting,
  mysql: Fact<MysqlProbe>,
): Promise<Fact<TlsProbe>> {
  const { request, budget, timeouts } = run;
  if (request.tls === 'off') return ok('probe:tls', { outcome: 'disabled', durationMs: 0 });
  // A server that greets only after the probe spoke first (see mysql.ts) takes those bytes for
  // the client's reply and hangs up on the upgrade: the failure would be the probe's own.
  if (socket.bytesWritten > 0) {
    const ms = mysql.status === 'ok' ? Math.round(mysql.value.durationMs) : '?';
    return skipped('probe:tls', reasonText('lateGreeting', { ms }));
  }

  return step(run, 'probe:tls', () => {
    request.debug?.('mysql', `upgrading to TLS (${request.tls})`);
    const ca = trustedCertificates(request.caFile);

    return probeTls(socket, greeting, {
      host: request.host,
      ca,
      ...(request.caFile && { caFile: request.caFile }),
      timeoutMs: timeouts.tls,
      signal: budget.signal,
    });
  });
}

async function probeAuthStep(
  run: Run,
  greeting: MysqlGreeting,
  tls: Fact<TlsProbe>,
  dnsSystem: Probes['dnsSystem'],
): Promise<Probes['auth']> {
  const { request, budget, timeouts } = run;
  const { user } = request;
  if (!user) return skipped('probe:auth', reasonText('noUser'));

  return step(run, 'probe:auth', () => {
    request.debug?.('mysql', `logging in as '${user}'`);

    const { host, port, address } = dialTarget(request, dnsSystem);
    const addresses = dnsSystem?.status === 'ok' ? answerAddresses(dnsSystem.value) : [];

    return probeAuth({
      host,
      port,
      ...(!address && { addresses }),
      user,
      password: request.password,
      tls: loginTls(request, greeting, tls),
      timeoutMs: timeouts.auth,
      signal: budget.signal,
    });
  });
}

// `preferred` logs in over TLS when the server offers it. When the certificate failed the check
// above, the login still goes over TLS without verifying (as MySQL's PREFERRED mode does), so
// that it reports on the credentials; the certificate is already reported by the TLS probe.
function loginTls(request: ProbeRequest, greeting: MysqlGreeting, tls: Fact<TlsProbe>) {
  if (request.tls === 'off') return undefined;
  if (request.tls === 'preferred' && !greeting.tlsOffered) return undefined;

  const verified = tls.status === 'ok' && tls.value.outcome === 'verified';
  const verify = request.tls === 'required' || verified;
  let ca: string[] = [];
  try {
    ca = trustedCertificates(request.caFile);
  } catch {
    // The TLS probe has reported the unreadable file; with no CA to trust, a verifying login
    // fails in TLS and says so.
  }

  return { ca, verify };
}
