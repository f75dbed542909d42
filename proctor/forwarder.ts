// Queues the proctor's PresenceEvents and sends them in batches with `send` (the client's
// presence.report, PROTOCOL.md 6). An event leaves the queue only when the server's `acked` (the
// highest seq it stored) covers it, so events survive a dropped connection and are sent again
// after the reconnect; the server ignores seqs it already has.
//
// The forwarder numbers events itself: `seq` rises across proctor restarts (each child starts at
// 1) and starts at the wall-clock ms when the forwarder is created, so a restarted client never
// reuses a seq of the same attempt (fewer than one event per ms is sent).
import type { PresenceEvent } from '../protocol/messages.js';
import { FORWARDER_LIMITS, IDENTITY_LIMITS } from './limits.js';
import { backoffDelay } from '../common/backoff.js';

export interface ForwarderOptions {
  send: (events: PresenceEvent[]) => Promise<{ acked: number }>;
  /** First seq (default Date.now()). */
  firstSeq?: number;
  maxBatch?: number;
  batchDelayMs?: number;
  retryMs?: number;
  maxRetryMs?: number;
  maxQueue?: number;
  /** Failed sends, for logs (the forwarder retries on its own). */
  onError?: (err: unknown) => void;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (t: unknown) => void;
}

export class PresenceForwarder {
  private readonly queue: PresenceEvent[] = [];
  private nextSeq: number;
  private acked = 0;
  private inFlight: Promise<void> | null = null;
  private timer: unknown = null;
  private failures = 0;
  private closed = false;
  /** Events dropped because the queue was full (oldest first). */
  dropped = 0;
  private readonly o: Required<Omit<ForwarderOptions, 'onError' | 'firstSeq'>> & Pick<ForwarderOptions, 'onError'>;

  constructor(opts: ForwarderOptions) {
    this.o = {
      maxBatch: FORWARDER_LIMITS.maxBatch,
      batchDelayMs: FORWARDER_LIMITS.batchDelayMs,
      retryMs: FORWARDER_LIMITS.retryMs,
      maxRetryMs: FORWARDER_LIMITS.maxRetryMs,
      maxQueue: FORWARDER_LIMITS.maxQueue,
      setTimer: (fn, ms) => setTimeout(fn, ms),
      clearTimer: (t) => clearTimeout(t as NodeJS.Timeout),
      ...opts,
    };
    this.nextSeq = Math.floor(opts.firstSeq ?? Date.now());
  }

  /** Events not yet acknowledged by the server. */
  get pending(): number {
    return this.queue.length;
  }

  /** The highest seq the server acknowledged. */
  get lastAcked(): number {
    return this.acked;
  }

  /** Queues one event under the forwarder's own seq; returns the event as it will be sent. */
  push(e: PresenceEvent): PresenceEvent {
    const ev: PresenceEvent = {
      seq: this.nextSeq++,
      at: Math.round(e.at),
      state: e.state,
      faces: e.faces,
      fps: e.fps,
      ...(e.probe ? { probe: e.probe } : {}),
    };
    if (this.closed) return ev;
    this.queue.push(ev);
    if (this.queue.length > this.o.maxQueue) {
      const n = this.queue.length - this.o.maxQueue;
      this.queue.splice(0, n);
      this.dropped += n;
    }
    if (this.failures === 0) this.schedule(this.queue.length >= this.o.maxBatch ? 0 : this.o.batchDelayMs);
    return ev;
  }

  /** The connection is back: send what is unacked now instead of waiting for the retry timer. */
  reconnected(): void {
    this.failures = 0;
    this.schedule(0);
  }

  /** Sends everything queued; resolves when the queue is empty, rejects if a send fails. */
  async flush(): Promise<void> {
    this.cancelTimer();
    while (this.queue.length > 0) {
      if (this.inFlight) {
        await this.inFlight;
        continue;
      }
      const before = this.failures;
      await this.sendBatch();
      if (this.failures > before) throw new Error(`presence report failed; ${this.queue.length} events still queued`);
    }
  }

  /** Stops timers; queued events are kept in `pending` but no longer sent. */
  close(): void {
    this.closed = true;
    this.cancelTimer();
  }

  private schedule(ms: number): void {
    if (this.closed || this.timer !== null || this.queue.length === 0) return;
    this.timer = this.o.setTimer(() => {
      this.timer = null;
      if (this.inFlight) return; // the running send reschedules when it ends
      void this.sendBatch();
    }, ms);
  }

  private cancelTimer(): void {
    if (this.timer !== null) this.o.clearTimer(this.timer);
    this.timer = null;
  }

  private sendBatch(): Promise<void> {
    // Probes are kilobytes each: cap them per report so it stays under the 64 KiB student frame (PROTOCOL.md 4).
    let end = 0;
    let probes = 0;
    while (end < this.queue.length && end < this.o.maxBatch) {
      if (this.queue[end].probe && ++probes > IDENTITY_LIMITS.maxProbesPerBatch) break;
      end++;
    }
    const batch = this.queue.slice(0, end);
    const cut = end < this.queue.length && end < this.o.maxBatch; // more probes wait: send them at once
    if (batch.length === 0) return Promise.resolve();
    const run = (async () => {
      try {
        const { acked } = await this.o.send(batch);
        if (Number.isFinite(acked)) this.acked = Math.max(this.acked, acked);
        // Drop what the server has: acked is the highest seq stored (PROTOCOL.md 6).
        let n = 0;
        while (n < this.queue.length && this.queue[n].seq <= this.acked) n++;
        this.queue.splice(0, n);
        this.failures = 0;
        if (!this.closed && this.queue.length > 0)
          this.schedule(this.queue.length >= this.o.maxBatch || cut ? 0 : this.o.batchDelayMs);
      } catch (err) {
        this.failures++;
        this.o.onError?.(err);
        const delay = backoffDelay(this.failures - 1, { baseMs: this.o.retryMs, maxMs: this.o.maxRetryMs });
        this.schedule(delay);
      } finally {
        this.inFlight = null;
      }
    })();
    this.inFlight = run;
    return run;
  }
}
