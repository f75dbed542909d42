// An in-memory linked pair of transports for tests (after the MCP SDK's InMemoryTransport):
// what one side writes, the other receives on a later microtask, in order. No sockets, no timers.
import type { Transport, TransportHandlers } from '../transport.js';

export class InMemoryTransport implements Transport {
  readonly remoteAddress: string;
  private peer?: InMemoryTransport;
  private handlers?: TransportHandlers;
  private inbox: Buffer[] = [];
  private scheduled = false;
  private paused = false;
  private ended = false;
  private isClosed = false;
  /** Every chunk this side wrote, for assertions. */
  readonly written: Buffer[] = [];

  private constructor(name: string) {
    this.remoteAddress = `memory:${name}`;
  }

  static createLinkedPair(): [InMemoryTransport, InMemoryTransport] {
    const a = new InMemoryTransport('client');
    const b = new InMemoryTransport('server');
    a.peer = b;
    b.peer = a;
    return [a, b];
  }

  /** Delivery is immediate (next microtask), so nothing is ever waiting to go out. */
  readonly writeBacklog = 0;

  get closed(): boolean {
    return this.isClosed;
  }

  setHandlers(h: TransportHandlers): void {
    this.handlers = h;
    if (this.isClosed) queueMicrotask(() => h.onClose());
    else this.schedule();
  }

  write(data: Buffer): void {
    if (this.ended || this.isClosed) return;
    this.written.push(data);
    this.peer?.receive(Buffer.from(data));
  }

  end(): void {
    if (this.ended || this.isClosed) return;
    this.ended = true;
    // Close once the peer has had the data already queued for it.
    this.peer?.receive(null);
  }

  destroy(): void {
    if (this.isClosed) return;
    this.inbox = [];
    this.markClosed();
    this.peer?.markClosed();
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    this.schedule();
  }

  /** Delivers bytes to this side as if the peer had written them (fuzzing without a peer channel). */
  inject(data: Uint8Array): void {
    this.receive(Buffer.from(data));
  }

  private receive(chunk: Buffer | null): void {
    if (this.isClosed) return;
    this.inbox.push(chunk ?? END);
    this.schedule();
  }

  private schedule(): void {
    if (this.scheduled || !this.handlers) return;
    this.scheduled = true;
    queueMicrotask(() => this.deliver());
  }

  private deliver(): void {
    this.scheduled = false;
    while (!this.paused && !this.isClosed && this.inbox.length > 0) {
      const chunk = this.inbox.shift()!;
      if (chunk === END) {
        this.markClosed();
        this.peer?.markClosed();
        return;
      }
      this.handlers!.onData(chunk);
    }
  }

  private markClosed(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.inbox = [];
    const h = this.handlers;
    if (h) queueMicrotask(() => h.onClose());
  }
}

const END = Buffer.alloc(0);
