// Log lines caused by a remote peer are rate-limited per address: under a flood, the lines beyond
// the budget are counted and replaced by one summary line per address every interval, so five
// anonymous connections can no longer write megabytes of stderr (docs/server.md "Logs").
import { KeyedBuckets, TokenBucket, type Rate } from '../protocol/rate-limit.js';

export interface LogLimits {
  perAddress: Rate;
  /** All peers together. */
  overall: Rate;
  summaryEveryMs: number;
}

export class RateLimitedLog {
  private readonly buckets: KeyedBuckets;
  private readonly overall: TokenBucket;
  private readonly suppressed = new Map<string, number>();
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly sink: (line: string) => void,
    private readonly limits: LogLimits,
    private readonly now: () => number = Date.now,
  ) {
    this.buckets = new KeyedBuckets(limits.perAddress, 10_000);
    this.overall = new TokenBucket(limits.overall, now());
  }

  /** A line caused by the peer at `address`. */
  from(address: string, line: string): void {
    const t = this.now();
    if (this.overall.level(t) >= 1 && this.buckets.tryTake(address, t) && this.overall.tryTake(t)) {
      this.sink(line);
      return;
    }
    this.suppressed.set(address, (this.suppressed.get(address) ?? 0) + 1);
    if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), this.limits.summaryEveryMs);
      this.timer.unref();
    }
  }

  /** Writes one summary line per address whose lines were dropped since the last summary. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const sec = Math.round(this.limits.summaryEveryMs / 1000);
    for (const [address, n] of this.suppressed)
      this.sink(`log: ${n} line(s) caused by ${address} not written in the last ${sec} s (log rate limit)`);
    this.suppressed.clear();
  }
}
