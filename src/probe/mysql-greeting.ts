// Reads the first thing a server says after TCP connects. A MySQL-protocol server speaks first
// with a protocol-10 handshake (or an error packet when it turns the client away); anything else
// means the port belongs to another kind of service.
import type { MysqlGreeting, MysqlProbe } from '../engine/facts.js';
import { Capability } from './mysql-protocol.js';

/** What the first bytes from a server turned out to be. */
export type FirstBytes =
  | { kind: 'incomplete' }
  | { kind: 'greeting'; greeting: MysqlGreeting }
  | { kind: 'error-packet'; code: number; message: string }
  | { kind: 'garbage'; otherProtocol?: OtherProtocol };

/** What a server that does not greet with protocol 10 seems to speak. */
export type OtherProtocol = NonNullable<MysqlProbe['otherProtocol']>;

// Greetings are a few hundred bytes; a length far beyond that is not a MySQL header.
const MAX_GREETING = 64 * 1024;
const PROTOCOL_9 = 9;
const PROTOCOL_10 = 10;
const ERR_HEADER = 0xff;
// TLS record types (change_cipher_spec, alert, handshake, application_data) before version 3.x.
const TLS_RECORD_TYPES = new Set([0x14, 0x15, 0x16, 0x17]);

/**
 * Classifies the bytes received so far; `incomplete` means wait for more. `ended` says the
 * server will send nothing more, so a partial packet is judged as it is.
 */
export function readFirstBytes(buffer: Buffer, ended = false): FirstBytes {
  const header = readHeader(buffer);
  if (header === 'wait' && !ended) return { kind: 'incomplete' };
  if (header === 'wait' || header === 'no') return garbage(buffer);

  if (buffer.length < 4 + header.length) {
    return ended ? garbage(buffer) : { kind: 'incomplete' };
  }

  const payload = buffer.subarray(4, 4 + header.length);
  if (payload[0] === ERR_HEADER) return parseErrorPacket(payload);

  const greeting = parseHandshakeV10(payload);

  return greeting ? { kind: 'greeting', greeting } : garbage(buffer);
}

/** Parses a protocol-10 handshake payload (without the 4-byte header); undefined if malformed. */
export function parseHandshakeV10(payload: Buffer): MysqlGreeting | undefined {
  if (payload[0] !== PROTOCOL_10) return undefined;

  const versionEnd = payload.indexOf(0, 1);
  const serverVersion = payload.toString('latin1', 1, Math.max(versionEnd, 1));
  if (versionEnd < 0 || !/^[\x20-\x7e]+$/.test(serverVersion)) return undefined;

  let pos = versionEnd + 1;
  // connection id (4), salt part 1 (8), filler (1), lower capability flags (2)
  if (payload.length < pos + 15) return undefined;
  const connectionId = payload.readUInt32LE(pos);
  pos += 4 + 8 + 1;
  const lowFlags = payload.readUInt16LE(pos);
  pos += 2;

  const greeting: MysqlGreeting = {
    protocolVersion: PROTOCOL_10,
    serverVersion,
    connectionId,
    capabilityFlags: lowFlags,
    tlsOffered: (lowFlags & Capability.SSL) !== 0,
    flavour: flavourOf(serverVersion),
  };
  // Servers from before 4.1 stop here.
  if (payload.length < pos + 16) return greeting;

  greeting.characterSet = payload[pos];
  greeting.statusFlags = payload.readUInt16LE(pos + 1);
  greeting.capabilityFlags = (lowFlags | (payload.readUInt16LE(pos + 3) << 16)) >>> 0;
  const authDataLength = payload[pos + 5] ?? 0;
  pos += 6 + 10;

  if (greeting.capabilityFlags & Capability.SECURE_CONNECTION) {
    const saltPart2 = Math.max(13, authDataLength - 8);
    // The salt's second part ends in a NUL. Where it does not, the server sent less than the
    // protocol asks, and the plugin name cannot be told from the salt: none beats a wrong one.
    if (payload[pos + saltPart2 - 1] !== 0) return greeting;
    pos += saltPart2;
  }
  if (greeting.capabilityFlags & Capability.PLUGIN_AUTH && pos < payload.length) {
    const end = payload.indexOf(0, pos);
    greeting.authPluginName = payload.toString('latin1', pos, end < 0 ? payload.length : end);
  }

  return greeting;
}

/** Which server a version string names: TiDB and MariaDB say so; other MySQL has only numbers. */
export function flavourOf(serverVersion: string): MysqlGreeting['flavour'] {
  if (/tidb/i.test(serverVersion)) return 'tidb';
  if (/mariadb/i.test(serverVersion)) return 'mariadb';
  if (/^\d+\.\d+\.\d+/.test(serverVersion)) return 'mysql';

  return 'unknown';
}

/** What the bytes look like when they are not MySQL. */
function guessProtocol(buffer: Buffer): OtherProtocol | undefined {
  const text = buffer.toString('latin1', 0, 8);
  if (text.startsWith('HTTP/')) return 'http';
  if (text.startsWith('SSH-')) return 'ssh';
  if (TLS_RECORD_TYPES.has(buffer[0] ?? -1) && buffer[1] === 3) return 'tls';
  if (isProtocol9(buffer)) return 'mysql-protocol-9';

  return undefined;
}

// MySQL before 3.21 greeted with protocol 9: the same framing, then a version string.
function isProtocol9(buffer: Buffer): boolean {
  if (buffer.length < 6 || buffer[3] !== 0 || buffer[4] !== PROTOCOL_9) return false;

  const versionEnd = buffer.indexOf(0, 5);

  return versionEnd > 5 && /^[\x20-\x7e]+$/.test(buffer.toString('latin1', 5, versionEnd));
}

/** The first bytes as hex, for the report. */
export function firstBytesHex(buffer: Buffer): string {
  return buffer.subarray(0, 32).toString('hex');
}

function readHeader(buffer: Buffer): { length: number } | 'wait' | 'no' {
  if (buffer.length < 5) return 'wait';

  const length = buffer.readUIntLE(0, 3);
  const sequenceId = buffer[3];
  const first = buffer[4];
  const plausible =
    sequenceId === 0 &&
    length > 0 &&
    length <= MAX_GREETING &&
    (first === PROTOCOL_10 || first === ERR_HEADER);

  return plausible ? { length } : 'no';
}

function parseErrorPacket(payload: Buffer): FirstBytes {
  if (payload.length < 3) return garbage(payload);

  const code = payload.readUInt16LE(1);
  // Servers add `#` and a five-character SQL state only once the client speaks protocol 4.1.
  const start = payload[3] === 0x23 ? 9 : 3;

  return { kind: 'error-packet', code, message: payload.toString('utf8', start) };
}

function garbage(buffer: Buffer): FirstBytes {
  const otherProtocol = guessProtocol(buffer);

  return otherProtocol ? { kind: 'garbage', otherProtocol } : { kind: 'garbage' };
}
