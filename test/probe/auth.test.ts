import { rootCertificates } from 'node:tls';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { TidbServer } from '../../src/simulate/tidb-server.js';
import { probeAuth, scrubber } from '../../src/probe/auth.js';
import { startTidbServer } from '../../src/simulate/tidb-server.js';
import { closedPort } from './fake-servers.js';
import { certificates, mariadb } from './services.js';

const certs = certificates();
const maria = mariadb();
const WRONG = 'wrong-Password-7f3a';

describe('probeAuth against MariaDB', () => {
  const login = { host: maria.host, port: maria.port, user: maria.user, timeoutMs: 5000 };

  it('logs in and runs SELECT 1', async () => {
    const probe = await probeAuth({ ...login, password: maria.password });

    expect(probe).toMatchObject({ outcome: 'ok' });
    expect(probe.durationMs).toBeGreaterThan(0);
  });

  it('logs in over TLS verified against the generated CA', async () => {
    const probe = await probeAuth({
      ...login,
      password: maria.password,
      tls: { ca: [certs.ca], verify: true },
    });

    expect(probe.outcome).toBe('ok');
  });

  it('tells access denied apart and keeps the password out of the result', async () => {
    const probe = await probeAuth({ ...login, password: WRONG });

    expect(probe).toMatchObject({ outcome: 'access-denied', errorCode: 'ER_ACCESS_DENIED_ERROR' });
    expect(probe.errorMessage).toMatch(/Access denied for user 'tidbpe'/);
    expect(JSON.stringify(probe)).not.toContain(WRONG);
    expect(JSON.stringify(probe)).not.toContain(maria.password);
  });

  it.each([
    ['unset', undefined],
    ['empty', ''],
  ])('says that no password was sent when it is %s', async (_name, password) => {
    const probe = await probeAuth({ ...login, ...(password !== undefined && { password }) });

    expect(probe).toMatchObject({ outcome: 'access-denied', withoutPassword: true });
    expect(probe.errorMessage).toMatch(/using password: NO/);
  });

  it('tells an unknown user apart as access denied', async () => {
    const probe = await probeAuth({ ...login, user: 'nobody-here', password: WRONG });

    expect(probe.outcome).toBe('access-denied');
    expect(probe.withoutPassword).toBeUndefined();
  });

  it('logs in a user that requires TLS over TLS only', async () => {
    const user = `${maria.user}_tls`;
    const clear = await probeAuth({ ...login, user, password: maria.password });
    const secure = await probeAuth({
      ...login,
      user,
      password: maria.password,
      tls: { ca: [certs.ca], verify: true },
    });

    expect(clear.outcome).toBe('access-denied');
    expect(secure.outcome).toBe('ok');
  });

  it('reports a TLS fault when the CA is not trusted', async () => {
    const probe = await probeAuth({
      ...login,
      password: maria.password,
      tls: { ca: [...rootCertificates], verify: true },
    });

    expect(probe.outcome).toBe('tls');
  });
});

describe('probeAuth against the TiDB-like server', () => {
  let plain: TidbServer;
  let secure: TidbServer;
  const users = { app: 'app-Secret-91c2' };

  beforeAll(async () => {
    plain = await startTidbServer({ users });
    secure = await startTidbServer({ users, tls: certs.localhost });
  });
  afterAll(async () => {
    await Promise.all([plain.close(), secure.close()]);
  });

  it('logs in with mysql_native_password and runs SELECT 1', async () => {
    const probe = await probeAuth({
      host: '127.0.0.1',
      port: plain.port,
      user: 'app',
      password: users.app,
      timeoutMs: 2000,
    });

    expect(probe.outcome).toBe('ok');
  });

  it('logs in after the TLS upgrade', async () => {
    const probe = await probeAuth({
      host: 'localhost',
      port: secure.port,
      user: 'app',
      password: users.app,
      tls: { ca: [certs.ca], verify: true },
      timeoutMs: 2000,
    });

    expect(probe.outcome).toBe('ok');
  });

  it('connects to the addresses given, verifying TLS against the name', async () => {
    // 'localhost' is 127.0.0.1 for the system; the server listens on 127.0.0.2 only.
    const elsewhere = await startTidbServer({ host: '127.0.0.2', users, tls: certs.localhost });
    try {
      const probe = await probeAuth({
        host: 'localhost',
        port: elsewhere.port,
        addresses: ['127.0.0.2'],
        user: 'app',
        password: users.app,
        tls: { ca: [certs.ca], verify: true },
        timeoutMs: 2000,
      });

      expect(probe.outcome).toBe('ok');
    } finally {
      await elsewhere.close();
    }
  });

  it('answers a wrong password with access denied (1045)', async () => {
    const probe = await probeAuth({
      host: '127.0.0.1',
      port: plain.port,
      user: 'app',
      password: WRONG,
      timeoutMs: 2000,
    });

    expect(probe).toMatchObject({ outcome: 'access-denied', errorCode: 'ER_ACCESS_DENIED_ERROR' });
    expect(JSON.stringify(probe)).not.toContain(WRONG);
  });

  it('reports a TLS fault when TLS is required but not offered', async () => {
    const probe = await probeAuth({
      host: '127.0.0.1',
      port: plain.port,
      user: 'app',
      password: users.app,
      tls: { ca: [certs.ca], verify: true },
      timeoutMs: 2000,
    });

    expect(probe).toMatchObject({ outcome: 'tls', errorCode: 'HANDSHAKE_NO_SSL_SUPPORT' });
  });
});

describe('probeAuth on a broken path', () => {
  it('reports a network fault when nothing listens', async () => {
    const port = await closedPort();

    const probe = await probeAuth({
      host: '127.0.0.1',
      port,
      user: 'app',
      password: WRONG,
      timeoutMs: 2000,
    });

    expect(probe).toMatchObject({ outcome: 'network', errorCode: 'ECONNREFUSED' });
  });
});

describe('scrubber', () => {
  it('removes the password wherever a library echoes it', () => {
    const scrub = scrubber('s3cret');

    expect(scrub("Access denied for 's3cret' (s3cret)")).toBe("Access denied for '***' (***)");
  });

  it('removes even a one-character password', () => {
    expect(scrubber('x')('max')).toBe('ma***');
  });

  it('leaves text alone when there is no password', () => {
    expect(scrubber(undefined)('Access denied')).toBe('Access denied');
  });
});
