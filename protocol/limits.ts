// Every size, timeout and rate of the protocol layer lives here; nothing else hard-codes them.
import type { SessionRole } from './messages.js';

/** PROTOCOL.md 2: ASCII "PNDP", version 0x01, three zero bytes. */
export const PREAMBLE = Uint8Array.of(0x50, 0x4e, 0x44, 0x50, 0x01, 0x00, 0x00, 0x00);
/** Domain separation prefix of the transcript hash h (PROTOCOL.md 3). */
export const PROTOCOL_LABEL = 'PNDP/1';

export const KEY_BYTES = 32;
/** u32 big-endian length prefix in front of every frame (PROTOCOL.md 3, 4). */
export const LENGTH_PREFIX_BYTES = 4;
/** secretbox (Poly1305) tag bytes: the smallest valid sealed frame body. */
export const SEAL_OVERHEAD_BYTES = 16;

/** PROTOCOL.md 3: unencrypted handshake frame bodies are at most 256 bytes. */
export const MAX_HANDSHAKE_BODY = 256;

/** PROTOCOL.md 4: the largest sealed frame body (`L`) a receiver accepts, by the session's role. */
export const MAX_FRAME_BY_ROLE: Readonly<Record<SessionRole, number>> = {
  anon: 4 * 1024,
  student: 64 * 1024,
  admin: 1024 * 1024,
};
/** The largest limit of all roles; a client applies it to its authenticated server (docs/protocol.md). */
export const MAX_FRAME_ANY_ROLE = MAX_FRAME_BY_ROLE.admin;

/** PROTOCOL.md 3: the whole handshake must finish within 10 s of accept. */
export const HANDSHAKE_TIMEOUT_MS = 10_000;
/** Client default for connect + handshake together (ConnectOptions.timeoutMs). */
export const CONNECT_TIMEOUT_MS = 10_000;
/** Client default for one request (ConnectOptions.requestTimeoutMs). */
export const REQUEST_TIMEOUT_MS = 30_000;
/** PROTOCOL.md 5: either side pings after 20 s of silence ... */
export const PING_AFTER_SILENCE_MS = 20_000;
/** ... and 60 s of silence closes. */
export const CLOSE_AFTER_SILENCE_MS = 60_000;
/** After `bye`, how long we wait for the socket to flush before destroying it. */
export const CLOSE_FLUSH_MS = 2_000;

/** Unsent output (bytes) above which a channel stops reading its peer until the socket drains. */
export const MAX_WRITE_BACKLOG = 4 * 1024 * 1024;

/** Server ephemeral key pairs kept ready (protocol/ephemeral-pool.ts). */
export const EPHEMERAL_POOL_SIZE = 64;

/** Requests one connection may have in flight before the server stops reading from it (backpressure). */
export const MAX_IN_FLIGHT_REQUESTS = 256;

/** Timer settings a channel uses; tests shorten them, production uses the defaults above. */
export interface ChannelTimings {
  pingAfterSilenceMs: number;
  closeAfterSilenceMs: number;
  handshakeTimeoutMs: number;
  closeFlushMs: number;
}

export const DEFAULT_TIMINGS: Readonly<ChannelTimings> = {
  pingAfterSilenceMs: PING_AFTER_SILENCE_MS,
  closeAfterSilenceMs: CLOSE_AFTER_SILENCE_MS,
  handshakeTimeoutMs: HANDSHAKE_TIMEOUT_MS,
  closeFlushMs: CLOSE_FLUSH_MS,
};
