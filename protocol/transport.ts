// A byte transport under a channel: a TCP socket in production, an in-memory pair in tests
// (protocol/testing/). Writes made in one tick go out together as one buffer (one socket write per
// tick, so a peer that does not read holds one write request per turn, not one per frame).
import type net from 'node:net';
import { WRITE_OVERHEAD_BYTES } from './limits.js';

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
  /** Memory held for output not yet handed to the OS: bytes plus an estimate per queued write. */
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
  private parts: Buffer[] = [];
  private partsBytes = 0;
  private pendingWrites = 0;
  private handlers?: TransportHandlers;
  private error?: Error;
  private closed = false;
  // Bound once so the hot path allocates no closures.
  private readonly flushParts = (): void => {
    const parts = this.parts;
    this.parts = [];
    this.partsBytes = 0;
    if (parts.length === 0 || this.socket.destroyed || this.socket.writableEnded) return;
    this.pendingWrites++;
    this.socket.write(parts.length === 1 ? parts[0] : Buffer.concat(parts), this.written);
  };
  private readonly written = (): void => {
    this.pendingWrites--;
    // Everything handed to the OS: a channel paused for output may read again (a 'drain' event
    // only follows a write that filled the socket's own buffer).
    if (this.pendingWrites === 0 && this.socket.writableLength === 0) this.handlers?.onDrain?.();
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
    return (
      this.socket.writableLength +
      this.partsBytes +
      (this.pendingWrites + (this.parts.length > 0 ? 1 : 0)) * WRITE_OVERHEAD_BYTES
    );
  }

  write(data: Buffer): void {
    if (this.socket.destroyed || this.socket.writableEnded) return;
    if (this.parts.length === 0) process.nextTick(this.flushParts);
    this.parts.push(data);
    this.partsBytes += data.length;
  }

  end(): void {
    this.flushParts(); // what was written this tick goes out before the FIN
    if (!this.socket.writableEnded) this.socket.end();
  }

  destroy(): void {
    this.parts = [];
    this.partsBytes = 0;
    this.socket.destroy();
  }

  pause(): void {
    this.socket.pause();
  }

  resume(): void {
    this.socket.resume();
  }
}
