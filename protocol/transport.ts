// A byte transport under a channel: a TCP socket in production, an in-memory pair in tests
// (protocol/testing/). Writes made in one tick go out together (cork/uncork: one writev per tick).
import type net from 'node:net';

export interface TransportHandlers {
  onData(chunk: Buffer): void;
  /** Called once, when the transport is fully closed (either side). */
  onClose(error?: Error): void;
  /** Called when written data that was queued has gone out (see writeBacklog). */
  onDrain?(): void;
}

export interface Transport {
  readonly remoteAddress: string;
  setHandlers(h: TransportHandlers): void;
  write(data: Buffer): void;
  /** Bytes written but not yet handed to the OS. */
  readonly writeBacklog: number;
  /** Flushes what was written, then closes. */
  end(): void;
  /** Closes at once, dropping unsent data. */
  destroy(): void;
  pause(): void;
  resume(): void;
}

export class SocketTransport implements Transport {
  readonly remoteAddress: string;
  private corked = false;
  private handlers?: TransportHandlers;
  private error?: Error;
  private closed = false;
  // Bound once so the hot path allocates no closures (issue 3: performance).
  private readonly uncork = (): void => {
    this.corked = false;
    this.socket.uncork();
  };

  constructor(private readonly socket: net.Socket) {
    this.remoteAddress = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}`;
    // A socket handed over late (e.g. after an admission queue) may already be gone: report it closed.
    this.closed = socket.destroyed;
    if (!socket.destroyed) socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.handlers?.onData(chunk));
    socket.on('drain', () => this.handlers?.onDrain?.());
    socket.on('error', (err) => {
      this.error ??= err;
    });
    socket.on('close', () => {
      this.closed = true;
      this.handlers?.onClose(this.error);
    });
  }

  setHandlers(h: TransportHandlers): void {
    this.handlers = h;
    if (this.closed) queueMicrotask(() => h.onClose(this.error));
  }

  get writeBacklog(): number {
    return this.socket.writableLength;
  }

  write(data: Buffer): void {
    if (this.socket.destroyed || this.socket.writableEnded) return;
    if (!this.corked) {
      this.corked = true;
      this.socket.cork();
      process.nextTick(this.uncork);
    }
    this.socket.write(data);
  }

  end(): void {
    if (!this.socket.writableEnded) this.socket.end();
  }

  destroy(): void {
    this.socket.destroy();
  }

  pause(): void {
    this.socket.pause();
  }

  resume(): void {
    this.socket.resume();
  }
}
