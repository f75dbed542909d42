// Per-student budgets (limits.ts StudentBudgetLimits, docs/server.md "Student budgets"): weighted
// token buckets keyed by student, course or attempt. A refusal changes nothing, so a refused request
// can simply be retried later.
import { AppError } from '../protocol/errors.js';
import type { StudentBudgetLimits } from './limits.js';

interface Bucket {
  tokens: number;
  at: number;
}

/** Buckets that hold `burst` and refill `perSec`; idle full ones are forgotten. */
export class WeightedBuckets {
  private readonly buckets = new Map<string, Bucket>();
  constructor(
    private readonly burst: number,
    private readonly perSec: number,
  ) {}

  /** ms until `n` tokens are there (0: now), without taking them. */
  wait(key: string, n: number, now: number): number {
    const tokens = this.level(key, now);
    if (tokens >= n) return 0;
    return n > this.burst ? Infinity : Math.ceil(((n - tokens) / this.perSec) * 1000);
  }

  /** Takes `n` tokens (call after wait() said 0). */
  take(key: string, n: number, now: number): void {
    this.buckets.set(key, { tokens: this.level(key, now) - n, at: now });
    if (this.buckets.size > 50_000) this.sweep(now);
  }

  private level(key: string, now: number): number {
    const b = this.buckets.get(key);
    return b ? Math.min(this.burst, b.tokens + ((now - b.at) / 1000) * this.perSec) : this.burst;
  }

  private sweep(now: number): void {
    for (const [k, b] of this.buckets)
      if (b.tokens + ((now - b.at) / 1000) * this.perSec >= this.burst) this.buckets.delete(k);
  }
}

function wait(ms: number): string {
  if (!Number.isFinite(ms)) return 'this is more than the budget allows at once';
  const min = Math.ceil(ms / 60_000);
  return ms < 60_000 ? `try again in ${Math.ceil(ms / 1000)} s` : `try again in ${min} minute${min === 1 ? '' : 's'}`;
}

export class StudentBudgets {
  private readonly starts: WeightedBuckets;
  private readonly presence: WeightedBuckets;
  private readonly bytes: WeightedBuckets;
  private readonly scores: WeightedBuckets;
  private readonly logins: WeightedBuckets;

  constructor(readonly limits: StudentBudgetLimits) {
    this.starts = new WeightedBuckets(limits.startsPerCourseBurst, limits.startsPerCoursePerHour / 3600);
    this.presence = new WeightedBuckets(limits.presenceEventsBurst, limits.presenceEventsPerSecond);
    this.bytes = new WeightedBuckets(limits.bytesPerHour, limits.bytesPerHour / 3600);
    this.scores = new WeightedBuckets(limits.scoresBurst, limits.scoresPerSecond);
    this.logins = new WeightedBuckets(limits.loginsBurst, limits.loginsPerHour / 3600);
  }

  /**
   * A login or resume of `username` whose password or token was right (so only its holder spends
   * this), before anything is written; `peek`: check only.
   */
  login(username: string, now: number, peek = false): void {
    const ms = this.logins.wait(username, 1, now);
    if (ms > 0)
      throw new AppError(
        'RATE_LIMITED',
        `This account logged in ${this.limits.loginsBurst} times in a short while (then at most ${this.limits.loginsPerHour} an hour); try again in ${Math.ceil(ms / 1000)} s.`,
      );
    if (!peek) this.logins.take(username, 1, now);
  }

  /** Before scores.mine is built: a script asking for it hundreds of times at once gets cheap refusals. */
  readScores(username: string, now: number): void {
    const ms = this.scores.wait(username, 1, now);
    if (ms > 0)
      throw new AppError(
        'RATE_LIMITED',
        `You asked for your scores ${this.limits.scoresBurst} times in a short while; ${wait(ms)}.`,
      );
    this.scores.take(username, 1, now);
  }

  /** Before a new attempt is created (with the bytes its start row adds); `peek`: check only. */
  start(username: string, course: string, bytes: number, now: number, peek = false): void {
    const key = `${username}\n${course}`;
    const ms = this.starts.wait(key, 1, now);
    if (ms > 0)
      throw new AppError(
        'RATE_LIMITED',
        `You have started ${course} too often for now (at most ${this.limits.startsPerCourseBurst} attempts, then ${this.limits.startsPerCoursePerHour} an hour); ${wait(ms)}.`,
      );
    this.checkBytes(username, bytes, now);
    if (peek) return;
    this.starts.take(key, 1, now);
    this.bytes.take(username, bytes, now);
  }

  /** Before presence events are stored: their number per attempt, their bytes per student. */
  presenceEvents(username: string, attemptId: string, events: number, bytes: number, now: number): void {
    const ms = this.presence.wait(attemptId, events, now);
    if (ms > 0)
      throw new AppError(
        'RATE_LIMITED',
        `The proctor reports far more often than a proctor does (${events} events; at most ${this.limits.presenceEventsPerSecond} a second); ${wait(ms)}, and tell the instructor if this persists.`,
      );
    this.checkBytes(username, bytes, now);
    this.presence.take(attemptId, events, now);
    this.bytes.take(username, bytes, now);
  }

  private checkBytes(username: string, bytes: number, now: number): void {
    const ms = this.bytes.wait(username, bytes, now);
    if (ms > 0)
      throw new AppError(
        'RATE_LIMITED',
        `You have added more than ${Math.round(this.limits.bytesPerHour / 1024)} KB to the exam record in the last hour, the most one student may; ${wait(ms)}.`,
      );
  }
}
