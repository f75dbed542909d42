// Live subscriptions of admin sessions (PROTOCOL.md 8 monitor.subscribe). Changes only mark an
// attempt dirty per subscriber; a flush every MONITOR_LIMITS.flushMs sends each subscriber the
// latest state of what changed. So a subscriber costs at most one entry per open attempt however
// slowly it reads: one that does not read (its socket backlog is over the limit) is skipped, its
// dirty set keeps at most one id per attempt, and it gets the newest state once it reads again.
import type { Model, AttemptState } from '../store/model.js';
import type { Session } from '../session.js';
import { MONITOR_LIMITS } from '../limits.js';
import { AppError } from '../../protocol/errors.js';
import { checkSilence, liveAttempt, noteDisconnect, type LiveAttempt, type LiveIdentity } from './live-attempt.js';

interface Subscription {
  session: Session;
  course?: string;
  dirty: Set<string>;
}

export interface MonitorDeps {
  model: Model;
  now: () => number;
  /** Whether the student has a logged-in connection now. */
  connected: (username: string) => boolean;
  /** Face verification of the attempt (PROTOCOL.md 8 LiveAttempt.identity and its alerts). */
  identity?: (a: AttemptState, now: number) => LiveIdentity;
  /** Flush period (default MONITOR_LIMITS.flushMs); 0 = only when flush() is called (tests drive it). */
  flushMs?: number;
}

export class Monitor {
  private readonly subs = new Map<number, Subscription>();
  private readonly open = new Map<string, AttemptState>();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly deps: MonitorDeps) {
    for (const a of deps.model.attempts.values()) if (!a.finish) this.open.set(a.attemptId, a);
  }

  get subscribers(): number {
    return this.subs.size;
  }

  /** Starts (or restarts, with a new filter) the subscription of this session; returns the snapshot. */
  subscribe(session: Session, course?: string): LiveAttempt[] {
    if (!this.subs.has(session.conn.id) && this.subs.size >= MONITOR_LIMITS.subscribers) {
      throw new AppError(
        'RATE_LIMITED',
        `${this.subs.size} live consoles are already open; close one (monitor.unsubscribe) and try again.`,
      );
    }
    const sub: Subscription = { session, course, dirty: new Set() };
    this.subs.set(session.conn.id, sub);
    const every = this.deps.flushMs ?? MONITOR_LIMITS.flushMs;
    if (every > 0 && !this.timer) {
      this.timer = setInterval(() => this.flush(), every);
      this.timer.unref();
    }
    const now = this.deps.now();
    const out: LiveAttempt[] = [];
    for (const a of this.open.values()) {
      if (course !== undefined && a.course !== course) continue;
      if (checkSilence(a, now)) this.mark(a); // the other consoles learn it in the next flush
      out.push(this.live(a, now));
    }
    out.sort((x, y) => y.started - x.started);
    // PROTOCOL.md 8 asks for every open attempt: those that do not fit one answer come in the next flush.
    for (const rest of out.slice(MONITOR_LIMITS.snapshotMax)) sub.dirty.add(rest.attemptId);
    return out.slice(0, MONITOR_LIMITS.snapshotMax);
  }

  unsubscribe(connId: number): void {
    this.subs.delete(connId);
    if (this.subs.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = null;
    }
  }

  /** An attempt started, was answered, finished, extended, or got presence events. */
  changed(a: AttemptState): void {
    if (a.finish) this.open.delete(a.attemptId);
    else this.open.set(a.attemptId, a);
    this.mark(a);
  }

  /** A session logged in, or logged out / closed. */
  sessionChanged(s: Session, loggedIn: boolean): void {
    if (!loggedIn) this.unsubscribe(s.conn.id);
    if (s.role !== 'student' || !s.username) return;
    const now = this.deps.now();
    const gone = !loggedIn && !this.deps.connected(s.username);
    for (const a of this.deps.model.attemptsByUser.get(s.username) ?? []) {
      if (a.finish) continue;
      if (gone) noteDisconnect(a, now);
      this.mark(a);
    }
  }

  close(): void {
    this.subs.clear();
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private live(a: AttemptState, now: number): LiveAttempt {
    return liveAttempt(a, now, this.deps.connected(a.username), this.deps.identity?.(a, now));
  }

  private mark(a: AttemptState): void {
    for (const sub of this.subs.values())
      if (sub.course === undefined || sub.course === a.course) sub.dirty.add(a.attemptId);
  }

  /** One coalesced push per subscriber (public for tests that drive the clock). */
  flush(): void {
    const now = this.deps.now();
    for (const a of this.open.values()) if (checkSilence(a, now)) this.mark(a);
    const built = new Map<string, LiveAttempt>(); // each attempt built once per flush, shared by subscribers
    for (const [id, sub] of this.subs) {
      const conn = sub.session.conn;
      if (conn.closed) {
        this.unsubscribe(id);
        continue;
      }
      if (sub.dirty.size === 0 || (conn.writeBacklog ?? 0) > MONITOR_LIMITS.backlogBytes) continue;
      const list: LiveAttempt[] = [];
      for (const attemptId of sub.dirty) {
        const a = this.deps.model.attempts.get(attemptId);
        if (!a) continue;
        let l = built.get(attemptId);
        if (!l) built.set(attemptId, (l = this.live(a, now)));
        list.push(l);
      }
      sub.dirty.clear();
      for (let i = 0; i < list.length; i += MONITOR_LIMITS.batch)
        conn.sendEvent('monitor', { attempts: list.slice(i, i + MONITOR_LIMITS.batch) });
    }
  }
}
