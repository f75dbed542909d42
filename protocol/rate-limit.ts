// Token buckets for pre-login budgets (frames, requests, pings), per connection and per address.
// Pure apart from the clock the caller passes in. A bucket may go into debt by the one frame that
// emptied it: the caller then stops reading that peer for `waitMs`, so a flood costs the server
// one frame per refill period instead of the event loop (docs/server.md "Threats and limits").

export interface Rate {
  /** Frames (or requests, pings) allowed at once. */
  burst: number;
  /** Refill per second. */
  perSec: number;
}

export class TokenBucket {
  private tokens: number;
  private at: number;

  constructor(
    private readonly rate: Rate,
    now: number,
  ) {
    this.tokens = rate.burst;
    this.at = now;
  }

  /** Takes `n` tokens (possibly into debt); returns ms until the bucket is back at >= 0 tokens (0 = go on). */
  charge(now: number, n = 1): number {
    this.refill(now);
    this.tokens -= n;
    return this.tokens >= 0 ? 0 : Math.ceil((-this.tokens / this.rate.perSec) * 1000);
  }

  /** Takes one token only if one is there (never into debt). */
  tryTake(now: number): boolean {
    this.refill(now);
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Tokens left now (may be negative while in debt). */
  level(now: number): number {
    this.refill(now);
    return this.tokens;
  }

  private refill(now: number): void {
    const dt = Math.max(0, now - this.at) / 1000;
    this.at = now;
    this.tokens = Math.min(this.rate.burst, this.tokens + dt * this.rate.perSec);
  }
}

/** One bucket per key (a remote address), bounded: the least recently used is forgotten first. */
export class KeyedBuckets {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(
    private readonly rate: Rate,
    private readonly maxKeys = 50_000,
  ) {}

  charge(key: string, now: number, n = 1): number {
    return this.bucket(key, now).charge(now, n);
  }

  tryTake(key: string, now: number): boolean {
    return this.bucket(key, now).tryTake(now);
  }

  private bucket(key: string, now: number): TokenBucket {
    let b = this.buckets.get(key);
    if (b) this.buckets.delete(key);
    else {
      b = new TokenBucket(this.rate, now);
      if (this.buckets.size >= this.maxKeys) this.buckets.delete(this.buckets.keys().next().value!);
    }
    this.buckets.set(key, b); // re-insert: Map order is the LRU order
    return b;
  }

  get size(): number {
    return this.buckets.size;
  }
}
