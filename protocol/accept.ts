// The server side of one connection: handshake, then requests answered in request order
// (PROTOCOL.md 5), events, ping/pong, role-based frame limits (PROTOCOL.md 4).
import type net from 'node:net';
import type { AcceptOptions, RequestHandler, ServerConnection } from './api.js';
import { Channel } from './channel.js';
import type { CloseInfo } from './channel.js';
import { encodeMessage } from './codec.js';
import { dispatchEnvelope, type EnvelopeHandlers } from './envelope-dispatch.js';
import { serverEphemerals } from './ephemeral-pool.js';
import { AppError } from './errors.js';
import { ServerHandshake } from './handshake.js';
import type { ServerHandshakeResult } from './handshake.js';
import { MAX_FRAME_ANY_ROLE, MAX_FRAME_BY_ROLE, MAX_IN_FLIGHT_REQUESTS, MAX_THROTTLE_MS } from './limits.js';
import type { ChannelTimings } from './limits.js';
import type { Envelope, ResMsg, SessionRole } from './messages.js';
import { TokenBucket } from './rate-limit.js';
import { SocketTransport } from './transport.js';
import type { Transport } from './transport.js';

/** AcceptOptions plus hooks for tests and reference vectors (never set in production). */
export interface AcceptTestOptions extends AcceptOptions {
  ephemeralSecret?: Uint8Array;
  timings?: Partial<ChannelTimings>;
}

let nextConnectionId = 1;
const takeEphemeral = () => serverEphemerals.take();

export function acceptConnection(socket: net.Socket, opts: AcceptOptions | AcceptTestOptions): ServerConnection {
  return acceptTransport(new SocketTransport(socket), opts);
}

export function acceptTransport(transport: Transport, opts: AcceptOptions | AcceptTestOptions): ServerConnection {
  return new ServerConnectionImpl(transport, opts);
}

/** One answer waiting for the answers before it (responses go out in request order). */
interface Slot {
  id: number;
  cmd: string;
  res?: ResMsg;
}

class ServerConnectionImpl implements ServerConnection {
  readonly id = nextConnectionId++;
  readonly remoteAddress: string;
  private readonly channel: Channel<ServerHandshakeResult>;
  private readonly handler: RequestHandler;
  private readonly log: (line: string) => void;
  private readonly closeListeners: Array<(info: CloseInfo) => void> = [];
  private closeInfo?: CloseInfo;
  private readonly slots: Slot[] = [];
  private head = 0;
  private role: SessionRole = 'anon';
  /** Pre-login budgets (AcceptOptions.limits); null when the caller sets none. */
  private readonly budgets: {
    frames: TokenBucket;
    requests: TokenBucket;
    pings: TokenBucket;
    studentRequests: TokenBucket;
  } | null;

  constructor(
    transport: Transport,
    private readonly opts: AcceptOptions & Partial<AcceptTestOptions>,
  ) {
    this.remoteAddress = transport.remoteAddress;
    this.handler = opts.handler;
    this.log = opts.log ?? (() => {});
    const now = opts.now ?? Date.now;
    const t0 = Date.now();
    this.budgets = opts.limits
      ? {
          frames: new TokenBucket(opts.limits.anonFrames, t0),
          requests: new TokenBucket(opts.limits.anonRequests, t0),
          pings: new TokenBucket(opts.limits.pings, t0),
          studentRequests: new TokenBucket(opts.limits.studentRequests, t0),
        }
      : null;
    const handshake = new ServerHandshake({
      staticSecret: opts.staticSecret,
      ephemeralSecret: opts.ephemeralSecret,
      ephemeral: takeEphemeral,
      welcome: () =>
        encodeMessage({
          t: 'welcome',
          server: opts.serverName,
          time: now(),
          ...(opts.features ? { features: [...opts.features] } : {}),
        }),
    });
    this.channel = new Channel<ServerHandshakeResult>(
      transport,
      { maxInbound: MAX_FRAME_BY_ROLE.anon, plain: opts.unsafeNoEncryption, timings: opts.timings, now },
      {
        handshake: (chunk) => handshake.feed(chunk),
        opened: (r) => this.channel.writeRaw(r.reply),
        message: (msg) => this.onMessage(msg),
        badRequest: (id, reason) => (
          this.charge('req'),
          this.answerNow(id, '?', { t: 'res', id, ok: false, error: { code: 'BAD_REQUEST', message: reason } })
        ),
        closed: (info) => this.onClosed(info),
      },
    );
  }

  get closed(): boolean {
    return this.channel.closed;
  }

  get writeBacklog(): number {
    return this.channel.writeBacklog;
  }

  setRole(role: SessionRole): void {
    this.channel.setMaxInbound(MAX_FRAME_BY_ROLE[role]);
    const changed = role !== this.role;
    this.role = role;
    if (changed && this.opts.onRoleChange)
      safeCall((r: SessionRole) => this.opts.onRoleChange!(this, r), role, this.log);
    this.flush(); // the in-flight cap follows the role
  }

  /** Budgets (before login, and a student's requests); over budget, this peer is not read until the budget refills. */
  private charge(kind: 'frame' | 'req' | 'ping'): void {
    const b = this.budgets;
    if (!b) return;
    const now = Date.now();
    let wait = kind === 'ping' ? b.pings.charge(now) : 0;
    if (this.role === 'anon') {
      wait = Math.max(wait, b.frames.charge(now));
      if (kind === 'req') wait = Math.max(wait, b.requests.charge(now));
      if (this.opts.addressBudget) wait = Math.max(wait, this.opts.addressBudget(now));
    } else if (this.role === 'student' && kind === 'req') {
      wait = Math.max(wait, b.studentRequests.charge(now));
    }
    if (wait > 0) this.channel.throttle(Math.min(wait, MAX_THROTTLE_MS));
  }

  private get maxInFlight(): number {
    return this.role === 'anon' && this.opts.limits ? this.opts.limits.anonInFlight : MAX_IN_FLIGHT_REQUESTS;
  }

  sendEvent(name: string, data: Record<string, unknown>): void {
    if (this.channel.state !== 'open') return;
    let bytes: Buffer;
    try {
      bytes = encodeMessage({ t: 'evt', name, data });
    } catch (e) {
      this.log(`conn ${this.id}: event ${name} could not be encoded: ${describe(e)}`);
      return;
    }
    if (this.channel.bodySize(bytes.length) > MAX_FRAME_ANY_ROLE) {
      this.log(`conn ${this.id}: event ${name} dropped: ${bytes.length} bytes is over the frame limit`);
      return;
    }
    this.channel.sendEncoded(bytes);
  }

  close(reason: string): void {
    this.channel.close(reason);
  }

  onClose(fn: (info: CloseInfo) => void): void {
    if (this.closeInfo) {
      const info = this.closeInfo;
      queueMicrotask(() => fn(info));
    } else this.closeListeners.push(fn);
  }

  private onClosed(info: CloseInfo): void {
    this.closeInfo = info;
    this.slots.length = 0;
    this.head = 0;
    for (const fn of this.closeListeners.splice(0)) safeCall(fn, info, this.log);
    if (this.opts.onConnectionClosed)
      safeCall((i: CloseInfo) => this.opts.onConnectionClosed!(this, i), info, this.log);
  }

  /** A client may send only requests besides keep-alive and goodbye (docs/protocol.md). */
  private readonly handlers: EnvelopeHandlers = { req: (msg) => this.startRequest(msg.id, msg.cmd, msg.args) };

  private onMessage(msg: Envelope): void {
    this.charge(msg.t === 'req' ? 'req' : msg.t === 'ping' ? 'ping' : 'frame');
    dispatchEnvelope(msg, this.channel, this.handlers, 'a client');
  }

  private startRequest(id: number, cmd: string, args: Record<string, unknown>): void {
    const slot: Slot = { id, cmd };
    this.slots.push(slot);
    if (this.slots.length - this.head >= this.maxInFlight) this.channel.pauseInput();
    let result: unknown;
    try {
      result = this.handler(cmd, args, this);
    } catch (e) {
      this.finish(slot, false, e);
      return;
    }
    if (result !== null && typeof result === 'object' && typeof (result as Promise<unknown>).then === 'function') {
      (result as Promise<unknown>).then(
        (v) => this.finish(slot, true, v),
        (e) => this.finish(slot, false, e),
      );
    } else this.finish(slot, true, result);
  }

  private answerNow(id: number, cmd: string, res: ResMsg): void {
    const slot: Slot = { id, cmd, res };
    this.slots.push(slot);
    this.flush();
  }

  private finish(slot: Slot, ok: boolean, value: unknown): void {
    if (this.closed) return;
    if (ok) slot.res = { t: 'res', id: slot.id, ok: true, data: value === undefined ? null : value };
    else if (value instanceof AppError) {
      slot.res = { t: 'res', id: slot.id, ok: false, error: { code: value.code, message: value.message } };
    } else {
      // Never leak internals to the peer; log the real cause (without args, which may hold passwords).
      this.log(`conn ${this.id}: ${slot.cmd} failed: ${describe(value)}`);
      slot.res = internal(slot.id);
    }
    this.flush();
  }

  private flush(): void {
    while (this.head < this.slots.length) {
      const slot = this.slots[this.head];
      if (!slot.res) break;
      this.head++;
      this.sendRes(slot);
    }
    if (this.head === this.slots.length) {
      this.slots.length = 0;
      this.head = 0;
    } else if (this.head > 1024) {
      this.slots.splice(0, this.head);
      this.head = 0;
    }
    if (this.slots.length - this.head < this.maxInFlight) this.channel.resumeInput();
  }

  private sendRes(slot: Slot): void {
    let bytes: Buffer;
    try {
      bytes = encodeMessage(slot.res!);
    } catch (e) {
      this.log(`conn ${this.id}: ${slot.cmd} answer could not be encoded: ${describe(e)}`);
      bytes = encodeMessage(internal(slot.id));
    }
    if (this.channel.bodySize(bytes.length) > MAX_FRAME_ANY_ROLE) {
      this.log(`conn ${this.id}: ${slot.cmd} answer of ${bytes.length} bytes is over the frame limit`);
      bytes = encodeMessage({
        t: 'res',
        id: slot.id,
        ok: false,
        error: { code: 'INTERNAL', message: 'the answer is too large to send; narrow the request (e.g. by course)' },
      });
    }
    this.channel.sendEncoded(bytes);
  }
}

function internal(id: number): ResMsg {
  return { t: 'res', id, ok: false, error: { code: 'INTERNAL', message: 'internal server error; see the server log' } };
}

function describe(e: unknown): string {
  return e instanceof Error ? (e.stack ?? e.message) : String(e);
}

function safeCall<A>(fn: (a: A) => void, a: A, log: (line: string) => void): void {
  try {
    fn(a);
  } catch (e) {
    log(`close listener failed: ${describe(e)}`);
  }
}
