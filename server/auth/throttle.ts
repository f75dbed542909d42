// Login throttling (issue 4): an account backs off after repeated failures, and each remote address
// has token buckets for failed logins and registrations. Unknown usernames are tracked like real
// ones so the backoff does not reveal which accounts exist. Pure apart from the injected clock.
import type { AuthLimits } from '../limits.js';

interface Bucket { tokens: number; at: number }

const MAX_TRACKED = 50_000; // bounded memory under a flood of random names/addresses

export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();
  constructor(
    private readonly burst: number,
    private readonly refillPerSec: number,
  ) {}

  take(key: string, now: number): boolean {
    const tokens = this.level(key, now);
    if (tokens < 1) return false;
    this.set(key, { tokens: tokens - 1, at: now });
    return true;
  }

  /** True when `key` has a token left (without taking it). */
  has(key: string, now: number): boolean {
    return this.level(key, now) >= 1;
  }

  private level(key: string, now: number): number {
    const b = this.buckets.get(key);
    if (!b) return this.burst;
    return Math.min(this.burst, b.tokens + ((now - b.at) / 1000) * this.refillPerSec);
  }

  private set(key: string, b: Bucket): void {
    this.buckets.delete(key);
    if (this.buckets.size >= MAX_TRACKED) this.buckets.delete(this.buckets.keys().next().value!);
    this.buckets.set(key, b);
  }
}

interface Failures { count: number; lockedUntil: number }

export class AccountBackoff {
  private readonly failures = new Map<string, Failures>();
  constructor(private readonly limits: Pick<AuthLimits, 'failuresBeforeBackoff' | 'backoffBaseMs' | 'backoffMaxMs'>) {}

  /** ms until `username` may try again (0 = now). */
  waitMs(username: string, now: number): number {
    const f = this.failures.get(username);
    return f ? Math.max(0, f.lockedUntil - now) : 0;
  }

  fail(username: string, now: number): void {
    const f = this.failures.get(username) ?? { count: 0, lockedUntil: 0 };
    f.count++;
    const over = f.count - this.limits.failuresBeforeBackoff;
    if (over >= 0) f.lockedUntil = now + Math.min(this.limits.backoffMaxMs, this.limits.backoffBaseMs * 2 ** Math.min(over, 20));
    this.failures.delete(username);
    if (this.failures.size >= MAX_TRACKED) this.failures.delete(this.failures.keys().next().value!);
    this.failures.set(username, f);
  }

  succeed(username: string): void {
    this.failures.delete(username);
  }

  /** `pandaproctor admin unlock NAME`. */
  unlock(username: string): boolean {
    return this.failures.delete(username);
  }

  isLocked(username: string, now: number): boolean {
    return this.waitMs(username, now) > 0;
  }
}

/** Counts concurrent operations per key, up to `max` each. */
export class InFlight {
  private readonly counts = new Map<string, number>();
  constructor(private readonly max: number) {}

  enter(key: string): boolean {
    const n = this.counts.get(key) ?? 0;
    if (n >= this.max) return false;
    this.counts.set(key, n + 1);
    return true;
  }

  leave(key: string): void {
    const n = (this.counts.get(key) ?? 1) - 1;
    if (n <= 0) this.counts.delete(key);
    else this.counts.set(key, n);
  }
}
