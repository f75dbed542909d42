// The contract between the protocol layer and its users (server/, client/, bench/).
// protocol/ implements these; everything else depends only on this file, messages.ts and errors.ts.
import type { ConnectionLimits } from './limits.js';
import type { SessionRole, WelcomeMsg } from './messages.js';

/** Options for a client connection (client/, bench/, tests). */
export interface ConnectOptions {
  host: string;
  port: number;
  /** The server's X25519 public key (32 bytes). Required: PROTOCOL.md 1. */
  serverKey: Uint8Array;
  /** Whole connect + handshake deadline, ms (default from limits.ts). */
  timeoutMs?: number;
  /** Per-request timeout, ms (default from limits.ts). */
  requestTimeoutMs?: number;
  /** Benchmark only (bench/load "sealing off"): frames carry plaintext after the handshake. Both ends must agree. */
  unsafeNoEncryption?: boolean;
  /** Local address to connect from (benchmarks: one loopback address per simulated machine). */
  localAddress?: string;
}

/** A connected, authenticated-server, encrypted client channel. */
export interface ClientChannel {
  readonly welcome: WelcomeMsg;
  /** Sends `req`; resolves with `data`, rejects with AppError (res ok:false) or ProtocolError. */
  request<T = unknown>(cmd: string, args?: Record<string, unknown>): Promise<T>;
  /** Server events (`evt`): e.g. exam.expired, server.closing. Returns an unsubscribe function. */
  onEvent(fn: (name: string, data: Record<string, unknown>) => void): () => void;
  /** Called once when the connection ends for any reason (`bye` reason, error, or local close). */
  onClose(fn: (info: { reason: string; error?: Error }) => void): () => void;
  /** Tells the protocol layer the frame limit for this role (PROTOCOL.md 4). */
  setRole(role: SessionRole): void;
  /** Sends `bye` with the reason and closes. Pending requests reject with CONNECTION_CLOSED. */
  close(reason?: string): Promise<void>;
  readonly closed: boolean;
}

/** What the server sees of one request. Throw AppError for an error response; any other throw is INTERNAL. */
export type RequestHandler = (
  cmd: string,
  args: Record<string, unknown>,
  conn: ServerConnection,
) => Promise<unknown> | unknown;

/** The server's view of one accepted, encrypted connection. */
export interface ServerConnection {
  readonly id: number;
  readonly remoteAddress: string;
  /** Raise or lower the inbound frame limit for the role now logged in (PROTOCOL.md 4). */
  setRole(role: SessionRole): void;
  sendEvent(name: string, data: Record<string, unknown>): void;
  /** Bytes sent but not yet taken by the peer's socket: lets pushes skip a peer that does not read. */
  readonly writeBacklog?: number;
  /** Sends `bye` and closes the socket once written. */
  close(reason: string): void;
  onClose(fn: (info: { reason: string; error?: Error }) => void): void;
  readonly closed: boolean;
}

export interface AcceptOptions {
  /** The server's long-term X25519 secret key (32 bytes). */
  staticSecret: Uint8Array;
  /** `welcome.server`, e.g. "pandaproctor/1.0.0". */
  serverName: string;
  /** Sent in `welcome.features` (PROTOCOL.md 8). */
  features?: readonly string[];
  handler: RequestHandler;
  /** Server clock for `welcome.time` (injectable for tests). */
  now?: () => number;
  /** Called for every closed connection with why (for logs). */
  onConnectionClosed?: (conn: ServerConnection, info: { reason: string; error?: Error }) => void;
  /** Benchmark only: see ConnectOptions.unsafeNoEncryption. */
  unsafeNoEncryption?: boolean;
  /** Log sink for failures the peer never sees (e.g. the real cause of an INTERNAL). Never given secrets or args. */
  log?: (line: string) => void;
  /** Budgets before login (frames, requests, pings, requests in flight); absent = none (protocol tests). */
  limits?: ConnectionLimits;
  /** A budget shared by every anonymous connection from one remote host; returns ms to wait (0 = go on). */
  addressBudget?: (now: number) => number;
  /** Called when the server changes this connection's role (login, logout). */
  onRoleChange?: (conn: ServerConnection, role: SessionRole) => void;
}
