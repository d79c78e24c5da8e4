// The few pieces of the MySQL client/server protocol that the probes and the TiDB-like test
// server share: packet framing and the capability flags (MySQL protocol documentation,
// "Capabilities Flags"; TiDB pkg/parser/mysql/const.go).

/** Capability flags, by the names the protocol documentation gives them. */
export const Capability = {
  LONG_PASSWORD: 0x1,
  FOUND_ROWS: 0x2,
  LONG_FLAG: 0x4,
  CONNECT_WITH_DB: 0x8,
  LOCAL_FILES: 0x80,
  PROTOCOL_41: 0x200,
  INTERACTIVE: 0x400,
  SSL: 0x800,
  TRANSACTIONS: 0x2000,
  SECURE_CONNECTION: 0x8000,
  MULTI_STATEMENTS: 0x10000,
  MULTI_RESULTS: 0x20000,
  PLUGIN_AUTH: 0x80000,
  CONNECT_ATTRS: 0x100000,
  PLUGIN_AUTH_LENENC_CLIENT_DATA: 0x200000,
} as const;

/** utf8mb4_general_ci, the character set the probe asks for. */
const UTF8MB4_GENERAL_CI = 45;

/** Frames a payload as one packet: a three-byte little-endian length and a sequence id. */
export function framePacket(sequenceId: number, payload: Buffer): Buffer {
  const header = Buffer.alloc(4);
  header.writeUIntLE(payload.length, 0, 3);
  header[3] = sequenceId & 0xff;

  return Buffer.concat([header, payload]);
}

/** The SSLRequest a client sends after the greeting to switch the connection to TLS. */
export function sslRequestPacket(): Buffer {
  const payload = Buffer.alloc(32);
  const flags =
    Capability.LONG_PASSWORD |
    Capability.PROTOCOL_41 |
    Capability.SSL |
    Capability.TRANSACTIONS |
    Capability.SECURE_CONNECTION |
    Capability.PLUGIN_AUTH;
  payload.writeUInt32LE(flags, 0);
  payload.writeUInt32LE(16 * 1024 * 1024, 4);
  payload[8] = UTF8MB4_GENERAL_CI;

  return framePacket(1, payload);
}
