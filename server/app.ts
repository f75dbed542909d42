// Everything a handler may use, built once per server: the database, the exam engine, password
// hashing and throttles, the clock and the log. Handlers get it injected, so tests drive them
// without sockets.
import { AccountBackoff, InFlight, TokenBuckets } from './auth/throttle.js';
import { PasswordHasher } from './auth/password.js';
import { ExamService } from './exam/exam-service.js';
import {
  CONNECTION_LIMITS,
  DEFAULT_AUTH_LIMITS,
  DEFAULT_STUDENT_BUDGETS,
  type AuthLimits,
  type StudentBudgetLimits,
} from './limits.js';
import { StudentBudgets } from './budgets.js';
import { Monitor } from './monitor/monitor.js';
import { integrityOf } from './exam/view.js';
import { liveIdentity } from './handlers/identity.js';
import { Sessions, type Session } from './session.js';
import type { Database } from './store/database.js';
import { ResumeTokens } from './store/tokens.js';
import type { Rng } from './exam/draw.js';

export interface App {
  db: Database;
  exams: ExamService;
  hasher: PasswordHasher;
  backoff: AccountBackoff;
  failuresByAddress: TokenBuckets;
  loginsInFlight: InFlight;
  registersByAddress: TokenBuckets;
  sessions: Sessions;
  /** Live invigilation subscriptions (PROTOCOL.md 8 monitor.*). */
  monitor: Monitor;
  /** auth.resume tokens (PROTOCOL.md 8). */
  tokens: ResumeTokens;
  /** What one student may add to the record (server/budgets.ts). */
  budgets: StudentBudgets;
  now: () => number;
  log: (line: string) => void;
  /** A log line caused by the peer at `address` (rate-limited per address by the server). */
  logFrom: (address: string, line: string) => void;
  /** Addresses exempt from per-address limits (the server machine itself; server/limits.ts). */
  trusted: (address: string) => boolean;
}

export interface RequestContext {
  app: App;
  session: Session;
  address: string;
}

export interface AppOptions {
  now?: () => number;
  log?: (line: string) => void;
  rng?: Rng;
  authLimits?: Partial<AuthLimits>;
  logFrom?: (address: string, line: string) => void;
  trustedAddresses?: readonly string[];
  /** The data directory's token log (ResumeTokens.open); default: tokens kept in memory only. */
  tokens?: ResumeTokens;
  budgets?: Partial<StudentBudgetLimits>;
  /** Live monitor flush period; 0 = tests call app.monitor.flush() themselves. */
  monitorFlushMs?: number;
}

export function createApp(db: Database, opts: AppOptions = {}): App {
  const now = opts.now ?? Date.now;
  const log = opts.log ?? (() => {});
  const limits = { ...DEFAULT_AUTH_LIMITS, ...opts.authLimits };
  // The monitor needs the sessions (who is connected) and the sessions tell the monitor of changes.
  let monitor: Monitor | null = null;
  const tokens = opts.tokens ?? ResumeTokens.memory();
  const sessions = new Sessions(
    (s, loggedIn) => monitor?.sessionChanged(s, loggedIn),
    CONNECTION_LIMITS.sessionsPerUser,
    (family) =>
      void tokens
        .revokeFamily(family, now())
        .catch((e: unknown) => log(`warning: ending a displaced session's tokens: ${(e as Error).message}`)),
  );
  const trusted = new Set(opts.trustedAddresses ?? []);
  const budgets = new StudentBudgets({ ...DEFAULT_STUDENT_BUDGETS, ...opts.budgets });
  const exams = new ExamService(db, {
    admitStart: (username, course, bytes) => budgets.start(username, course, bytes, now()),
    mayStart: (username, course) => budgets.start(username, course, 0, now(), true),
    now,
    rng: opts.rng,
    warn: log,
    onExpired(a, result) {
      // The timer finishes an attempt at its deadline even with no student connected, and tells the
      // student's open connections.
      for (const s of sessions.ofUser(a.username)) {
        if (!s.conn.closed) s.conn.sendEvent('exam.expired', { attemptId: a.attemptId, course: a.course, ...result });
      }
      log(`attempt ${a.attemptId} of ${a.username} expired at its deadline: ${result.score}/${result.total}`);
    },
    onChange: (a) => monitor?.changed(a),
  });
  monitor = new Monitor({
    model: db.model,
    now,
    connected: (username) => sessions.ofUser(username).some((s) => s.role === 'student' && !s.conn.closed),
    identity: (a, t) => {
      const rows = db.identityByAttempt.get(a.attemptId) ?? [];
      return { rows, ...liveIdentity({ db }, a, integrityOf(a, t, rows).identity) };
    },
    flushMs: opts.monitorFlushMs,
  });
  return {
    db,
    exams,
    hasher: new PasswordHasher({
      concurrency: limits.hashConcurrency,
      queueMax: limits.hashQueueMax,
      queuePerAddress: limits.hashQueuePerAddress,
    }),
    backoff: new AccountBackoff(limits),
    failuresByAddress: new TokenBuckets(limits.addressFailureBurst, limits.addressFailureRefillPerSec),
    loginsInFlight: new InFlight(limits.addressLoginsInFlight),
    registersByAddress: new TokenBuckets(limits.addressRegisterBurst, limits.addressRegisterRefillPerSec),
    sessions,
    monitor,
    tokens,
    budgets,
    now,
    log,
    logFrom: opts.logFrom ?? ((_address, line) => log(line)),
    trusted: (address) => trusted.has(address),
  };
}
