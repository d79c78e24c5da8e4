import { describe, expect, it } from 'vitest';

import { framePacket } from '../../src/probe/mysql-protocol.js';
import { flavourOf, parseHandshakeV10, readFirstBytes } from '../../src/probe/mysql-greeting.js';

/** A protocol-10 greeting as servers write it, with a 20-byte scramble. */
function greeting(version: string, flags: number, plugin = 'mysql_native_password'): Buffer {
  const fixed = Buffer.alloc(31);
  fixed.writeUInt32LE(42, 0);
  fixed.fill(0x61, 4, 12);
  fixed.writeUInt16LE(flags & 0xffff, 13);
  fixed[15] = 46;
  fixed.writeUInt16LE(2, 16);
  fixed.writeUInt16LE(flags >>> 16, 18);
  fixed[20] = 21;

  const payload = Buffer.concat([
    Buffer.from([10]),
    Buffer.from(`${version}\0`),
    fixed,
    Buffer.alloc(12, 0x62),
    Buffer.from([0]),
    Buffer.from(`${plugin}\0`),
  ]);

  return framePacket(0, payload);
}

const TIDB_FLAGS = 0x1ba68f;
const WITH_SSL = TIDB_FLAGS | 0x800;

describe('readFirstBytes', () => {
  it('parses a TiDB greeting', () => {
    const first = readFirstBytes(greeting('8.0.11-TiDB-v7.5.1', WITH_SSL));

    expect(first).toEqual({
      kind: 'greeting',
      greeting: {
        protocolVersion: 10,
        serverVersion: '8.0.11-TiDB-v7.5.1',
        connectionId: 42,
        capabilityFlags: WITH_SSL,
        characterSet: 46,
        statusFlags: 2,
        authPluginName: 'mysql_native_password',
        tlsOffered: true,
        flavour: 'tidb',
      },
    });
  });

  it('sees that TLS is not offered when CLIENT_SSL is clear', () => {
    const first = readFirstBytes(greeting('8.0.11-TiDB-v7.5.1', TIDB_FLAGS));

    expect(first.kind === 'greeting' && first.greeting.tlsOffered).toBe(false);
  });

  it.each([
    ['5.5.5-10.11.19-MariaDB-0+deb12u1', 'mariadb'],
    ['8.0.36', 'mysql'],
    ['5.7.25-TiDB-v6.5.3', 'tidb'],
    ['8.0.11-TiDB-X-CLOUD.202501.1', 'tidb'],
    ['ProxySQL', 'unknown'],
  ])('tells the flavour of %s', (version, flavour) => {
    const first = readFirstBytes(greeting(version, WITH_SSL, 'caching_sha2_password'));

    expect(first).toMatchObject({
      kind: 'greeting',
      greeting: { serverVersion: version, flavour },
    });
    expect(flavourOf(version)).toBe(flavour);
  });

  it('waits while the greeting is incomplete', () => {
    const bytes = greeting('8.0.11-TiDB-v7.5.1', WITH_SSL);

    expect(readFirstBytes(bytes.subarray(0, 3))).toEqual({ kind: 'incomplete' });
    expect(readFirstBytes(bytes.subarray(0, 30))).toEqual({ kind: 'incomplete' });
  });

  it('calls a greeting cut short by the server garbage', () => {
    const bytes = greeting('8.0.11-TiDB-v7.5.1', WITH_SSL);

    expect(readFirstBytes(bytes.subarray(0, 30), true)).toEqual({ kind: 'garbage' });
  });

  it('reads an error packet sent instead of a greeting', () => {
    const payload = Buffer.concat([
      Buffer.from([0xff, 0x69, 0x04]),
      Buffer.from("Host '10.0.1.12' is blocked"),
    ]);

    expect(readFirstBytes(framePacket(0, payload))).toEqual({
      kind: 'error-packet',
      code: 1129,
      message: "Host '10.0.1.12' is blocked",
    });
  });

  it('skips the SQL state of an error packet when there is one', () => {
    const payload = Buffer.concat([
      Buffer.from([0xff, 0x10, 0x04]),
      Buffer.from('#08004Too many connections'),
    ]);

    expect(readFirstBytes(framePacket(0, payload))).toMatchObject({
      code: 1040,
      message: 'Too many connections',
    });
  });

  it.each([
    ['an HTTP response', Buffer.from('HTTP/1.1 400 Bad Request\r\n'), 'http'],
    ['a TLS alert', Buffer.from('15030300020228', 'hex'), 'tls'],
    ['a TLS server hello', Buffer.from('160303003d020000390303', 'hex'), 'tls'],
    ['an SSH banner', Buffer.from('SSH-2.0-OpenSSH_9.2\r\n'), 'ssh'],
    [
      'a MySQL protocol 9 greeting',
      framePacket(0, Buffer.from('\x093.20.32a\0\x01\0\0\0abcdefgh\0', 'latin1')),
      'mysql-protocol-9',
    ],
  ])('recognises %s', (_name, bytes, otherProtocol) => {
    expect(readFirstBytes(bytes)).toEqual({ kind: 'garbage', otherProtocol });
  });

  it.each([
    ['a zero length', Buffer.from('000000000a', 'hex')],
    ['a sequence id other than 0', Buffer.from('4a0000010a', 'hex')],
    ['a first byte other than 10 or 0xff', Buffer.from('4a0000000b', 'hex')],
    ['a length beyond any greeting', Buffer.from('ffffff000a', 'hex')],
  ])('calls a header with %s garbage', (_name, bytes) => {
    expect(readFirstBytes(bytes)).toEqual({ kind: 'garbage' });
  });
});

describe('parseHandshakeV10', () => {
  it('leaves the plugin name out when the second part of the salt is shorter than declared', () => {
    const full = greeting('8.0.11-TiDB-v7.5.1', TIDB_FLAGS).subarray(4);
    // Five bytes of salt instead of twelve and the NUL, then the plugin name.
    const versionEnd = full.indexOf(0);
    const saltStart = versionEnd + 1 + 31;
    const payload = Buffer.concat([
      full.subarray(0, saltStart),
      Buffer.alloc(5, 0x62),
      Buffer.from('mysql_native_password\0'),
    ]);

    const parsed = parseHandshakeV10(payload);

    expect(parsed).toMatchObject({ serverVersion: '8.0.11-TiDB-v7.5.1', flavour: 'tidb' });
    expect(parsed?.authPluginName).toBeUndefined();
  });

  it('reads a pre-4.1 greeting that stops after the lower capability flags', () => {
    const payload = Buffer.concat([Buffer.from('\n4.0.30\0'), Buffer.alloc(15)]);

    expect(parseHandshakeV10(payload)).toMatchObject({
      serverVersion: '4.0.30',
      capabilityFlags: 0,
    });
  });

  it.each([
    ['another protocol version', Buffer.from('\x095.0\0', 'latin1')],
    ['a version without its terminator', Buffer.from('\n8.0.11')],
    [
      'a version with control characters',
      Buffer.concat([Buffer.from('\n8.0\x01\0', 'latin1'), Buffer.alloc(20)]),
    ],
    ['fields missing after the version', Buffer.from('\n8.0.11\0\x01\x02')],
  ])('rejects %s', (_name, payload) => {
    expect(parseHandshakeV10(payload)).toBeUndefined();
  });
});
