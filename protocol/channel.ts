// One connection's lifecycle, shared by client and server: handshake phase, then frames
// (PROTOCOL.md 4), ping/pong and idle close (PROTOCOL.md 5), orderly or immediate close.
// The role-specific parts (requests, responses, events) live in accept.ts and connect.ts.
import { decodeMessage, encodeMessage } from './codec.js';
import type { Opener, Sealer } from './crypto.js';
import { ProtocolError } from './errors.js';
import type { ProtocolErrorCode } from './errors.js';
import { encodeFrame, FrameReader, FrameTooLargeError } from './frame.js';
import type { HandshakeResult } from './handshake.js';
import { DEFAULT_TIMINGS, FRAMES_PER_TURN, MAX_WRITE_BACKLOG, SEAL_OVERHEAD_BYTES } from './limits.js';
import type { ChannelTimings } from './limits.js';
import type { Envelope } from './messages.js';
import type { Transport } from './transport.js';

export interface CloseInfo {
  reason: string;
  error?: Error;
}

export interface ChannelHooks<R extends HandshakeResult> {
  /** Feeds handshake bytes; returns the result once complete; throws ProtocolError to abort. */
  handshake(chunk: Buffer): R | null;
  opened(result: R): void;
  message(msg: Envelope): void;
  /** A well-formed `req` with a bad cmd/args (PROTOCOL.md 4). */
  badRequest(id: number, reason: string): void;
  closed(info: CloseInfo): void;
}

export interface ChannelOptions {
  timings?: Partial<ChannelTimings>;
  /** Benchmark only: frames carry plaintext after the handshake. */
  plain?: boolean;
  /** Inbound limit for sealed frame bodies (`L`) once open. */
  maxInbound: number;
  now?: () => number;
}

type State = 'handshake' | 'open' | 'closing' | 'closed';

export type PauseReason = 'in-flight' | 'output' | 'handover' | 'turn' | 'rate';
const PAUSE_BITS: Record<PauseReason, number> = { 'in-flight': 1, output: 2, handover: 4, turn: 8, rate: 16 };

export class Channel<R extends HandshakeResult = HandshakeResult> {
  state: State = 'handshake';
  private readonly reader: FrameReader;
  private sealer?: Sealer;
  private opener?: Opener;
  private readonly plain: boolean;
  private readonly timings: ChannelTimings;
  private readonly now: () => number;
  private lastRecv: number;
  private lastPing = 0;
  private timer?: NodeJS.Timeout;
  private flushTimer?: NodeJS.Timeout;
  private pauseFlags = 0;
  private pumping = false;
  private rateTimer?: NodeJS.Timeout;
  private readonly endTurn = (): void => this.resumeInput('turn');
  private readonly endRateWait = (): void => {
    this.rateTimer = undefined;
    this.resumeInput('rate');
  };
  private readonly whenClosed: Promise<void>;
  private resolveClosed!: () => void;
  private readonly onIdleTimer = (): void => this.checkIdle();

  constructor(
    private readonly transport: Transport,
    opts: ChannelOptions,
    private readonly hooks: ChannelHooks<R>,
  ) {
    this.reader = new FrameReader(opts.maxInbound);
    this.plain = opts.plain === true;
    this.timings = { ...DEFAULT_TIMINGS, ...opts.timings };
    this.now = opts.now ?? Date.now;
    this.lastRecv = this.now();
    this.whenClosed = new Promise((resolve) => (this.resolveClosed = resolve));
    transport.setHandlers({
      onData: (chunk) => this.onData(chunk),
      onClose: (error) => this.onTransportClose(error),
      onDrain: () => this.resumeInput('output'),
    });
    // PROTOCOL.md 3: the whole handshake must finish within the deadline.
    this.timer = setTimeout(() => {
      if (this.state === 'handshake') {
        this.fail('HANDSHAKE_TIMEOUT', `handshake not finished within ${this.timings.handshakeTimeoutMs} ms`);
      }
    }, this.timings.handshakeTimeoutMs);
    this.timer.unref();
  }

  get closed(): boolean {
    return this.state === 'closing' || this.state === 'closed';
  }

  /** Resolves once the underlying transport has closed. */
  settled(): Promise<void> {
    return this.whenClosed;
  }

  /** Raises or lowers the inbound limit (role change, PROTOCOL.md 4). */
  setMaxInbound(n: number): void {
    this.reader.maxBody = n;
  }

  /** Bytes a message of this encoded size occupies as a frame body (`L`). */
  bodySize(plaintextLength: number): number {
    return plaintextLength + (this.plain ? 0 : SEAL_OVERHEAD_BYTES);
  }

  /** Writes raw bytes (handshake only). */
  /** Bytes written but not yet taken by the kernel (a peer that does not read makes this grow). */
  get writeBacklog(): number {
    return this.transport.writeBacklog;
  }

  writeRaw(data: Buffer): void {
    this.transport.write(data);
  }

  send(msg: Envelope): void {
    this.sendEncoded(encodeMessage(msg));
  }

  sendEncoded(plaintext: Uint8Array): void {
    if (this.state !== 'open') return;
    this.transport.write(this.plain ? encodeFrame(plaintext) : this.sealer!.sealFrame(plaintext));
    // A peer that sends requests but never reads answers must not grow our memory without bound:
    // stop reading its requests until the socket drains.
    if (this.transport.writeBacklog > MAX_WRITE_BACKLOG) this.pauseInput('output');
  }

  /**
   * Stops processing inbound frames until resumeInput() with the same reason. Reasons combine:
   * input resumes only when none is left (in-flight requests, unsent output, handshake hand-over).
   */
  pauseInput(reason: PauseReason = 'in-flight'): void {
    const was = this.pauseFlags;
    this.pauseFlags |= PAUSE_BITS[reason];
    if (was === 0) this.transport.pause();
  }

  resumeInput(reason: PauseReason = 'in-flight'): void {
    if (this.pauseFlags === 0) return;
    this.pauseFlags &= ~PAUSE_BITS[reason];
    if (this.pauseFlags !== 0) return;
    this.transport.resume();
    this.pump();
  }

  /** Over a rate budget: read nothing more from this peer for `ms` (it is slowed, not closed). */
  throttle(ms: number): void {
    if (this.closed || ms <= 0) return;
    if (this.rateTimer) clearTimeout(this.rateTimer);
    this.pauseInput('rate');
    this.rateTimer = setTimeout(this.endRateWait, ms);
    this.rateTimer.unref();
  }

  private get paused(): boolean {
    return this.pauseFlags !== 0;
  }

  /** Orderly close: `bye` (if open), flush, then close the socket (PROTOCOL.md 5). */
  close(reason: string, error?: Error): void {
    if (this.closed) return;
    if (this.state === 'open') this.send({ t: 'bye', reason });
    this.beginClose({ reason, error });
    this.transport.end();
    this.flushTimer = setTimeout(() => this.transport.destroy(), this.timings.closeFlushMs);
    this.flushTimer.unref();
  }

  /** Immediate close without a reply (PROTOCOL.md 4: bad frame, bad preamble, oversize ...). */
  fail(code: ProtocolErrorCode, message: string): void {
    if (this.closed) return;
    const error = new ProtocolError(code, message);
    this.beginClose({ reason: message, error });
    this.transport.destroy();
  }

  /** The peer said `bye`: close without answering. */
  peerBye(reason: string): void {
    if (this.closed) return;
    this.beginClose({
      reason: `peer closed: ${reason}`,
      error: new ProtocolError('CONNECTION_CLOSED', `peer closed: ${reason}`),
    });
    this.transport.end();
    this.flushTimer = setTimeout(() => this.transport.destroy(), this.timings.closeFlushMs);
    this.flushTimer.unref();
  }

  private beginClose(info: CloseInfo): void {
    this.state = 'closing';
    if (this.timer) clearTimeout(this.timer);
    if (this.rateTimer) clearTimeout(this.rateTimer);
    this.hooks.closed(info);
  }

  private onTransportClose(error?: Error): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    if (!this.closed) {
      const reason =
        this.state === 'handshake' ? 'connection closed during the handshake' : 'connection closed by peer';
      this.beginClose({ reason, error: new ProtocolError('CONNECTION_CLOSED', reason, { cause: error }) });
    }
    this.state = 'closed';
    this.resolveClosed();
  }

  private onData(chunk: Buffer): void {
    if (this.closed) return;
    if (this.state === 'handshake') {
      this.lastRecv = this.now();
      let result: R | null;
      try {
        result = this.hooks.handshake(chunk);
      } catch (e) {
        const pe = e instanceof ProtocolError ? e : new ProtocolError('HANDSHAKE_FAILED', String(e));
        this.fail(pe.code, pe.message);
        return;
      }
      if (!result) return;
      this.open(result);
      if (this.closed || result.rest.length === 0) return;
      chunk = result.rest;
    }
    this.reader.push(chunk);
    this.pump();
  }

  private open(result: R): void {
    this.state = 'open';
    this.sealer = result.sealer;
    this.opener = result.opener;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(this.onIdleTimer, this.timings.pingAfterSilenceMs);
    this.timer.unref();
    this.hooks.opened(result);
  }

  private pump(): void {
    if (this.pumping) return; // a hook resumed us from inside the loop; the outer loop continues
    this.pumping = true;
    try {
      this.pumpFrames();
    } catch (e) {
      // A throw here is a bug in a hook; close this connection rather than crash the process.
      this.fail('BAD_MESSAGE', `internal error while handling a frame: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      this.pumping = false;
    }
  }

  private pumpFrames(): void {
    let frames = 0;
    while (!this.paused && this.state === 'open') {
      if (frames++ === FRAMES_PER_TURN) {
        // Fair scheduling: let every other socket's callbacks run before this one gets more.
        if (this.reader.buffered > 0) {
          this.pauseInput('turn');
          setImmediate(this.endTurn);
        }
        return;
      }
      let body: Buffer | null;
      try {
        body = this.reader.next();
      } catch (e) {
        if (!(e instanceof FrameTooLargeError)) throw e;
        this.fail('FRAME_TOO_LARGE', e.message);
        return;
      }
      if (!body) return;
      // Only a complete frame ends silence: a peer trickling one byte at a time (slowloris) must
      // still reach the 60 s limit (PROTOCOL.md 5; docs/performance.md finding 3).
      this.lastRecv = this.now();
      const plain = this.plain ? body : this.opener!.open(body);
      if (!plain) {
        this.fail('DECRYPT_FAILED', 'a frame failed to open (altered, replayed, reordered or truncated)');
        return;
      }
      const decoded = decodeMessage(plain);
      if (decoded.kind === 'invalid') this.fail('BAD_MESSAGE', `invalid message: ${decoded.reason}`);
      else if (decoded.kind === 'bad-req') this.hooks.badRequest(decoded.id, decoded.reason);
      else this.hooks.message(decoded.msg);
    }
  }

  /** PROTOCOL.md 5: ping after 20 s of silence, close after 60 s. Checked lazily: no per-frame timer work. */
  private checkIdle(): void {
    if (this.state !== 'open') return;
    const now = this.now();
    const silent = now - this.lastRecv;
    const { pingAfterSilenceMs: pingMs, closeAfterSilenceMs: closeMs } = this.timings;
    if (silent >= closeMs) {
      const message = `no data for ${Math.round(silent / 1000)} s; closing`;
      this.close('idle timeout', new ProtocolError('IDLE_TIMEOUT', message));
      return;
    }
    let wake = this.lastRecv + pingMs;
    if (silent >= pingMs) {
      if (now - this.lastPing >= pingMs) {
        this.lastPing = now;
        this.send({ t: 'ping' });
      }
      wake = Math.min(this.lastRecv + closeMs, this.lastPing + pingMs);
    }
    this.timer = setTimeout(this.onIdleTimer, Math.max(1, wake - now));
    this.timer.unref();
  }
}
