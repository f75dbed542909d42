// The client side: TCP connect, handshake against the pinned server key (PROTOCOL.md 1-3), then
// pipelined requests whose answers must come back in request order (PROTOCOL.md 5).
import net from 'node:net';
import type { ClientChannel, ConnectOptions } from './api.js';
import { Channel } from './channel.js';
import type { CloseInfo } from './channel.js';
import { encodeMessage } from './codec.js';
import { dispatchEnvelope, type EnvelopeHandlers } from './envelope-dispatch.js';
import { AppError, ERROR_CODES, ProtocolError } from './errors.js';
import type { ErrorCode } from './errors.js';
import { ClientHandshake } from './handshake.js';
import type { ClientHandshakeResult } from './handshake.js';
import { CONNECT_TIMEOUT_MS, MAX_FRAME_ANY_ROLE, MAX_FRAME_BY_ROLE, REQUEST_TIMEOUT_MS } from './limits.js';
import type { ChannelTimings } from './limits.js';
import type { Envelope, ResMsg, SessionRole, WelcomeMsg } from './messages.js';
import { SocketTransport } from './transport.js';
import type { Transport } from './transport.js';

/** ConnectOptions plus hooks for tests and reference vectors (never set in production). */
export interface ConnectTestOptions extends ConnectOptions {
  ephemeralSecret?: Uint8Array;
  timings?: Partial<ChannelTimings>;
}

export async function connect(opts: ConnectOptions | ConnectTestOptions): Promise<ClientChannel> {
  if (!(opts.serverKey instanceof Uint8Array) || opts.serverKey.length !== 32) {
    throw new ProtocolError(
      'HANDSHAKE_FAILED',
      'the server key must be 32 bytes (64 hex characters); check --server-key',
    );
  }
  const timeoutMs = opts.timeoutMs ?? CONNECT_TIMEOUT_MS;
  const started = Date.now();
  const socket = await new Promise<net.Socket>((resolve, reject) => {
    const s = net.connect({
      host: opts.host,
      port: opts.port,
      ...(opts.localAddress ? { localAddress: opts.localAddress } : {}),
    });
    const timer = setTimeout(() => {
      s.destroy();
      reject(
        new ProtocolError(
          'CONNECT_FAILED',
          `could not reach ${opts.host}:${opts.port} within ${timeoutMs} ms; is the server running?`,
        ),
      );
    }, timeoutMs);
    s.once('connect', () => {
      clearTimeout(timer);
      s.removeAllListeners('error');
      resolve(s);
    });
    s.once('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(
        new ProtocolError(
          'CONNECT_FAILED',
          `could not connect to ${opts.host}:${opts.port} (${err.code ?? err.message}); is the server running?`,
          { cause: err },
        ),
      );
    });
  });
  const left = Math.max(1, timeoutMs - (Date.now() - started));
  const o = opts as ConnectTestOptions;
  return connectTransport(new SocketTransport(socket), { ...o, timings: { handshakeTimeoutMs: left, ...o.timings } });
}

/** Runs the client handshake over any transport; resolves once `welcome` has been opened. */
export function connectTransport(
  transport: Transport,
  opts: ConnectOptions | ConnectTestOptions,
): Promise<ClientChannel> {
  return new Promise((resolve, reject) => {
    try {
      new ClientChannelImpl(transport, opts, resolve, reject);
    } catch (e) {
      transport.destroy();
      reject(e);
    }
  });
}

interface Pending {
  resolve(v: unknown): void;
  reject(e: Error): void;
  deadline: number;
  /** Timed out locally; its answer is still expected (order) and then dropped. */
  abandoned: boolean;
}

class ClientChannelImpl implements ClientChannel {
  welcome!: WelcomeMsg;
  private readonly channel: Channel<ClientHandshakeResult>;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private maxOutbound = MAX_FRAME_BY_ROLE.anon;
  private readonly requestTimeoutMs: number;
  private sweepTimer?: NodeJS.Timeout;
  private readonly sweepBound = (): void => this.sweep();
  private readonly eventListeners = new Set<(name: string, data: Record<string, unknown>) => void>();
  private readonly closeListeners = new Set<(info: CloseInfo) => void>();
  private closeInfo?: CloseInfo;

  constructor(
    transport: Transport,
    opts: ConnectOptions & Partial<ConnectTestOptions>,
    private readonly ready: (c: ClientChannel) => void,
    private readonly failed: (e: Error) => void,
  ) {
    this.requestTimeoutMs = opts.requestTimeoutMs ?? REQUEST_TIMEOUT_MS;
    const handshake = new ClientHandshake(opts.serverKey, opts.ephemeralSecret);
    this.channel = new Channel<ClientHandshakeResult>(
      transport,
      {
        // The server is authenticated by its pinned key, so the client accepts any frame up to the
        // largest role limit (docs/protocol.md); role limits guard the server from its clients.
        maxInbound: MAX_FRAME_ANY_ROLE,
        plain: opts.unsafeNoEncryption,
        timings: { handshakeTimeoutMs: opts.timeoutMs ?? CONNECT_TIMEOUT_MS, ...opts.timings },
      },
      {
        handshake: (chunk) => handshake.feed(chunk),
        opened: (r) => {
          this.welcome = r.welcome;
          // Frames that came in the same chunk as the handshake (e.g. an evt) wait until the caller's
          // `await connect()` continuation has run and could subscribe with onEvent.
          this.channel.pauseInput('handover');
          this.ready(this);
          setImmediate(() => this.channel.resumeInput('handover'));
        },
        message: (msg) => this.onMessage(msg),
        badRequest: () => this.channel.fail('BAD_MESSAGE', 'the server sent a request'),
        closed: (info) => this.onClosed(info),
      },
    );
    this.channel.writeRaw(handshake.start());
  }

  get closed(): boolean {
    return this.channel.closed;
  }

  request<T = unknown>(cmd: string, args: Record<string, unknown> = {}): Promise<T> {
    if (this.channel.state !== 'open') {
      return Promise.reject(
        new ProtocolError('CONNECTION_CLOSED', 'not connected to the server; reconnect and try again'),
      );
    }
    const id = this.nextId++;
    let bytes: Buffer;
    try {
      bytes = encodeMessage({ t: 'req', id, cmd, args });
    } catch (e) {
      return Promise.reject(e); // e.g. a BigInt in args: a caller bug, reported on the promise
    }
    const size = this.channel.bodySize(bytes.length);
    if (size > this.maxOutbound) {
      // The server would close the connection for it (PROTOCOL.md 4); refuse locally instead.
      return Promise.reject(
        new ProtocolError(
          'FRAME_TOO_LARGE',
          `request of ${size} bytes is over the ${this.maxOutbound}-byte limit for this role`,
        ),
      );
    }
    return new Promise<T>((resolve, reject) => {
      const deadline = Date.now() + this.requestTimeoutMs;
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, deadline, abandoned: false });
      if (!this.sweepTimer) this.armSweep(this.requestTimeoutMs);
      this.channel.sendEncoded(bytes);
    });
  }

  onEvent(fn: (name: string, data: Record<string, unknown>) => void): () => void {
    this.eventListeners.add(fn);
    return () => this.eventListeners.delete(fn);
  }

  onClose(fn: (info: { reason: string; error?: Error }) => void): () => void {
    if (this.closeInfo) {
      const info = this.closeInfo;
      queueMicrotask(() => fn(info));
      return () => {};
    }
    this.closeListeners.add(fn);
    return () => this.closeListeners.delete(fn);
  }

  setRole(role: SessionRole): void {
    this.maxOutbound = MAX_FRAME_BY_ROLE[role];
  }

  async close(reason = 'client closed'): Promise<void> {
    this.channel.close(reason);
    await this.channel.settled();
  }

  /** A server may send answers and events besides keep-alive and goodbye (docs/protocol.md). */
  private readonly handlers: EnvelopeHandlers = {
    res: (msg) => this.onResponse(msg),
    evt: (msg) => {
      for (const fn of this.eventListeners) {
        try {
          fn(msg.name, msg.data);
        } catch {
          // A listener's bug must not break the channel.
        }
      }
    },
  };

  private onMessage(msg: Envelope): void {
    dispatchEnvelope(msg, this.channel, this.handlers, 'the server');
  }

  private onResponse(msg: ResMsg): void {
    // PROTOCOL.md 5: answers come in request order, so this one must answer the oldest request.
    const first = this.pending.entries().next();
    if (first.done || first.value[0] !== msg.id) {
      this.channel.fail('BAD_MESSAGE', `answer ${msg.id} does not match the oldest open request`);
      return;
    }
    const p = first.value[1];
    this.pending.delete(msg.id);
    if (p.abandoned) return;
    if (msg.ok) p.resolve(msg.data);
    else p.reject(new AppError(toCode(msg.error.code), msg.error.message));
  }

  private armSweep(ms: number): void {
    this.sweepTimer = setTimeout(this.sweepBound, Math.max(1, ms));
    this.sweepTimer.unref();
  }

  /** One timer for all requests: the map is in id order, and ids share one timeout, so it is deadline order. */
  private sweep(): void {
    this.sweepTimer = undefined;
    const now = Date.now();
    for (const [id, p] of this.pending) {
      if (p.abandoned) continue;
      if (p.deadline > now) {
        this.armSweep(p.deadline - now);
        return;
      }
      p.abandoned = true;
      p.reject(
        new ProtocolError(
          'REQUEST_TIMEOUT',
          `the server did not answer request ${id} within ${this.requestTimeoutMs} ms`,
        ),
      );
    }
  }

  private onClosed(info: CloseInfo): void {
    this.closeInfo = info;
    if (this.sweepTimer) clearTimeout(this.sweepTimer);
    const err = new ProtocolError('CONNECTION_CLOSED', `connection closed: ${info.reason}`, { cause: info.error });
    for (const p of this.pending.values()) if (!p.abandoned) p.reject(err);
    this.pending.clear();
    if (!this.welcome) this.failed(info.error ?? err);
    for (const fn of this.closeListeners) {
      try {
        fn(info);
      } catch {
        // ignore listener bugs
      }
    }
    this.closeListeners.clear();
  }
}

function toCode(code: string): ErrorCode {
  return (ERROR_CODES as readonly string[]).includes(code) ? (code as ErrorCode) : 'INTERNAL';
}
