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

/**
 * Output held for a peer above which a channel stops reading it until the socket drains: a peer
 * that sends requests but never reads the answers gets no more work done. Counted as the bytes
 * unsent plus WRITE_OVERHEAD_BYTES per queued write (docs/server.md "Threats and limits"): a
 * flood of tiny answers (pongs) costs far more memory in write requests than in bytes, which is
 * how 4 MiB "unsent" once held ~40 MB per connection.
 */
export const MAX_WRITE_BACKLOG = 256 * 1024;
/** Estimated memory of one queued socket write beyond its bytes (write request, buffer headers). */
export const WRITE_OVERHEAD_BYTES = 512;

/**
 * Frames one connection may have handled in one event-loop turn before it yields to the other
 * sockets (fair scheduling): a peer filling its socket as fast as it can gets this many frames per
 * turn, like everyone else, instead of holding the loop for a whole 64 KiB read.
 */
export const FRAMES_PER_TURN = 8;

/** Server ephemeral key pairs kept ready (protocol/ephemeral-pool.ts). */
export const EPHEMERAL_POOL_SIZE = 64;

/** Requests one connection may have in flight before the server stops reading from it (backpressure). */
export const MAX_IN_FLIGHT_REQUESTS = 256;

/**
 * Budgets of a connection before login (the server passes them in AcceptOptions.limits; an honest
 * client sends a handful of frames before it logs in). Over budget, the connection is not read
 * until the budget refills: it is slowed, not closed, and costs the server nothing meanwhile.
 * `perAddress` is shared by every anonymous connection from one remote host.
 */
export interface ConnectionLimits {
  anonFrames: { burst: number; perSec: number };
  anonRequests: { burst: number; perSec: number };
  /** Requests in flight per anonymous connection (each may be a password check). */
  anonInFlight: number;
  /** Pings, every role: PROTOCOL.md 5 needs one per 20 s of silence. */
  pings: { burst: number; perSec: number };
  perAddress: { anonFrames: { burst: number; perSec: number } };
}

/** Longest single pause of an over-budget peer; it is charged again when next read. */
export const MAX_THROTTLE_MS = 30_000;

export const DEFAULT_CONNECTION_LIMITS: Readonly<ConnectionLimits> = {
  anonFrames: { burst: 40, perSec: 4 },
  anonRequests: { burst: 20, perSec: 2 },
  anonInFlight: 4,
  pings: { burst: 5, perSec: 0.5 },
  perAddress: { anonFrames: { burst: 400, perSec: 100 } },
};

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
