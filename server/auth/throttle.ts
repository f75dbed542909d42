// Login throttling: an account backs off after repeated failures FROM ONE ADDRESS (per account and
// address, so a stranger's wrong guesses never lock the owner out from another machine), and each
// remote address has token buckets for failed logins and registrations. Unknown usernames are
// tracked like real ones so the backoff does not reveal which accounts exist. Pure apart from the
// injected clock. Policy and its limits: docs/server.md "Threats and limits".
import type { AuthLimits } from '../limits.js';

interface Bucket {
  tokens: number;
  at: number;
}

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

  /** Gives back a token taken for an attempt that turned out not to count (a successful login). */
  refund(key: string, now: number): void {
    const b = this.buckets.get(key);
    if (b) this.set(key, { tokens: Math.min(this.burst, this.level(key, now) + 1), at: now });
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

interface Failures {
  count: number;
  lockedUntil: number;
}

/**
 * Backoff per (account, address). `address` may be omitted (offline tools, tests): that is one more
 * address. isLocked/unlock look at every address of the account (users.list, admin unlock).
 */
export class AccountBackoff {
  private readonly failures = new Map<string, Failures>();
  /** username -> keys in `failures`, for unlock and users.list. */
  private readonly byUser = new Map<string, Set<string>>();
  constructor(private readonly limits: Pick<AuthLimits, 'failuresBeforeBackoff' | 'backoffBaseMs' | 'backoffMaxMs'>) {}

  /** ms until `username` may try again from `address` (0 = now). */
  waitMs(username: string, now: number, address = ''): number {
    const f = this.failures.get(key(username, address));
    return f ? Math.max(0, f.lockedUntil - now) : 0;
  }

  fail(username: string, now: number, address = ''): void {
    const k = key(username, address);
    const f = this.failures.get(k) ?? { count: 0, lockedUntil: 0 };
    f.count++;
    const over = f.count - this.limits.failuresBeforeBackoff;
    if (over >= 0)
      f.lockedUntil = now + Math.min(this.limits.backoffMaxMs, this.limits.backoffBaseMs * 2 ** Math.min(over, 20));
    this.failures.delete(k);
    if (this.failures.size >= MAX_TRACKED) this.forget(this.failures.keys().next().value!);
    this.failures.set(k, f);
    let set = this.byUser.get(username);
    if (!set) this.byUser.set(username, (set = new Set()));
    set.add(k);
  }

  succeed(username: string, address = ''): void {
    this.forget(key(username, address));
  }

  /** `pandaproctor admin unlock NAME`: clears the account's backoff from every address. */
  unlock(username: string): boolean {
    const set = this.byUser.get(username);
    if (!set) return false;
    for (const k of [...set]) this.forget(k);
    return true;
  }

  /** Locked from at least one address (users.list `locked`). */
  isLocked(username: string, now: number): boolean {
    for (const k of this.byUser.get(username) ?? []) if ((this.failures.get(k)?.lockedUntil ?? 0) > now) return true;
    return false;
  }

  private forget(k: string): void {
    if (!this.failures.delete(k)) return;
    const username = k.slice(0, k.lastIndexOf('\n'));
    const set = this.byUser.get(username);
    set?.delete(k);
    if (set?.size === 0) this.byUser.delete(username);
  }
}

// The address (an IP, never a newline) comes last, so the username is everything before the last
// newline, whatever characters a login attempt put in it.
function key(username: string, address: string): string {
  return `${username}\n${address}`;
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
