// Every server-side size, cost and rate (protocol sizes and timeouts live in protocol/limits.ts).
import { availableParallelism } from 'node:os';
import {
  IDENTITY_ARG_LIMITS,
  MONITOR_ARG_LIMITS,
  PAGE_LIMITS,
  PRESENCE_EVENTS_PER_REPORT,
  TIMELINE_EVENTS_MAX,
} from '../protocol/contract/limits.js';

/** scrypt cost: about 40 ms per hash on the 2-core lab machine (a login must cost an attacker tens of milliseconds of hashing). */
export const SCRYPT_PARAMS = { N: 1 << 14, r: 8, p: 1, keyLen: 32, maxmem: 64 * 1024 * 1024 } as const;
export const SALT_BYTES = 16;
/**
 * New password hashes: Argon2id at OWASP's first listed setting (m=19 MiB, t=2, p=1). Chosen over
 * scrypt at OWASP's minimum by measured cost per login on the 2-core lab machine (docs/server.md
 * "Password hashing"): ~11 ms for this vs ~195 ms for scrypt N=2^14 r=8 p=5 and ~470 ms for N=2^17.
 * Older scrypt rows still verify (their Params column says how) and are rehashed on the next login.
 */
export const ARGON2_PARAMS = { m: 19 * 1024, t: 2, p: 1, keyLen: 32 } as const;
/** The Params column of a hash made now; a stored hash with other Params is upgraded at login. */
export const CURRENT_HASH_PARAMS = `argon2id:${ARGON2_PARAMS.m}:${ARGON2_PARAMS.t}:${ARGON2_PARAMS.p}`;

/**
 * auth.resume tokens (PROTOCOL.md 8): 256 random bits; a login's tokens all expire 12 h after it
 * (the spec's maximum: longer than any exam day's session); a token replaced by a resume is still
 * accepted for 30 s, for a client whose connection dropped before the resume's answer reached it.
 */
export const RESUME_LIMITS = { tokenBytes: 32, lifetimeMs: 12 * 3600_000, graceMs: 30_000 } as const;

// The wire's field limits are the contract's (protocol/contract/limits.ts): both sides use them.
export {
  COURSE_RE,
  EXAM_LIMITS,
  PASSWORD_MAX,
  PASSWORD_MIN,
  QUESTION_LIMITS,
  USERNAME_MAX,
  USERNAME_MIN,
  USERNAME_RE,
} from '../protocol/contract/limits.js';

export interface AuthLimits {
  /** Failed logins of one account before it backs off: enough for typos, too few to guess a password. */
  failuresBeforeBackoff: number;
  /** First backoff; doubles with every further failure up to backoffMaxMs. */
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** Per remote address: failed logins allowed in a burst, and how fast the allowance refills. */
  addressFailureBurst: number;
  addressFailureRefillPerSec: number;
  /** Per remote address: logins being checked at once (a lab behind NAT still logs in together). */
  addressLoginsInFlight: number;
  /** Per remote address: registrations in a burst, and the refill rate. */
  addressRegisterBurst: number;
  addressRegisterRefillPerSec: number;
  /**
   * scrypt jobs run at once, one worker thread each (server/auth/hash-worker.ts; never on the libuv
   * pool, which file writes and fsyncs need). One core fewer than the machine has, so a login storm
   * leaves the event loop a core for the students already answering (measured on 2 cores:
   * answer p99 ~95 ms with 1, ~230 ms with 2); at most 3, since each thread keeps scrypt's 16 MiB
   * buffer and its own V8 heap resident.
   */
  hashConcurrency: number;
  /** Hash jobs allowed to wait; beyond this a login gets RATE_LIMITED instead of an unbounded queue. */
  hashQueueMax: number;
  /** Hash jobs one remote address may have waiting (the queue is round robin across addresses). */
  hashQueuePerAddress: number;
}

export const DEFAULT_AUTH_LIMITS: AuthLimits = {
  failuresBeforeBackoff: 5,
  backoffBaseMs: 30_000,
  backoffMaxMs: 15 * 60_000,
  addressFailureBurst: 20,
  addressFailureRefillPerSec: 0.5,
  addressLoginsInFlight: 1_000,
  // Each registration is a hash on the one hash thread: a class behind one address registers in
  // the burst; a stranger pipelining hundreds gets 1/s after it (the loopback is exempt).
  addressRegisterBurst: 100,
  addressRegisterRefillPerSec: 1,
  hashConcurrency: Math.min(3, Math.max(1, availableParallelism() - 1)),
  hashQueueMax: 5_000,
  hashQueuePerAddress: 256,
};

export const PRESENCE_LIMITS = {
  /** Events in one presence.report (a 64 KiB student frame holds about this many). */
  eventsPerReport: PRESENCE_EVENTS_PER_REPORT,
  /** Events stored per attempt: a 3-hour exam with a heartbeat every 5 s is ~2.2k plus state changes. */
  eventsPerAttempt: 20_000,
  /** Raw events in one attempts.timeline answer (the newest); intervals and summary use them all. Keeps the answer well under the 1 MiB frame. */
  timelineEvents: TIMELINE_EVENTS_MAX,
  /**
   * After an attempt ends, reports are still taken for this long, and only for events recorded
   * before the end: the proctor's last batch may be in flight when the student finishes.
   */
  graceMs: 30_000,
  /**
   * How far before its arrival an event may be placed: a proctor buffers events across a client
   * reconnect, but an older claim could paint over a silence the server already saw.
   */
  lateMs: 60_000,
  /** Newest events of an attempt kept in memory (the live view); the rest are read from disk. */
  recentInMemory: 64,
  /** presence.csv bytes after which the per-attempt summaries are checkpointed (store/presence-snapshot.ts). */
  snapshotEveryBytes: 32 * 1024 * 1024,
} as const;

/** Timers longer than this overflow setTimeout; they are re-armed in steps. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * How often a running server rewrites its "still up" mark (uptime.json). After a crash the server
 * takes the later of this mark and its last durable record as the moment it went down, so a student
 * may get up to this much extra time back after a crash, never less than the real downtime.
 */
export const UPTIME_MARK_MS = 5_000;
/** Live invigilation (PROTOCOL.md 8 monitor.*, attempts.*, notice.send). */
export const MONITOR_LIMITS = {
  /** Pushes to one subscriber are coalesced into at most one `monitor` event per this many ms. */
  flushMs: 250,
  /** A subscriber with more than this unsent is skipped; it gets the latest state once it reads again. */
  backlogBytes: 256 * 1024,
  /** Attempts per `monitor` event (a LiveAttempt with 20 alerts is about 650 bytes of msgpack). */
  batch: 200,
  /** Attempts in the subscribe answer (under the 1 MiB frame); more follow at once as `monitor` events. */
  snapshotMax: 1_000,
  /** The newest alerts kept per attempt. */
  alertsKept: 20,
  /** Live subscriptions at once (each costs a flush pass). */
  subscribers: 64,
  /** attempts.list page size, extension, notice and reason maxima (the contract's). */
  ...MONITOR_ARG_LIMITS,
} as const;

/** Connection room, login deadline and log budget (docs/server.md "Threats and limits"). */
export const CONNECTION_LIMITS = {
  /** Descriptors kept for files, the control socket, hash threads and stdio. */
  fdReserve: 128,
  /** The soft open-files limit is raised to at most this at start (server/fd-limit.ts). */
  fdCeiling: 65_536,
  /** Overall sockets at most (and below the descriptor limit minus fdReserve). */
  maxConnections: 20_000,
  /** Share of the room anonymous sockets may never use: kept for logged-in users. */
  reservedForUsersShare: 0.1,
  reservedForUsersMin: 32,
  /** Anonymous sockets from one address (a lab behind one NAT address logs in a few at a time). */
  anonPerAddress: 64,
  /**
   * All sockets from one address, logged in or not (a lab machine holds one or two; a NAT address
   * is named with --trust): a script logging in connection after connection, with accounts it
   * registered, cannot fill the room the whole lab shares.
   */
  perAddress: 64,
  /** An anonymous session that has not logged in this long after accept is closed (the client reconnects). */
  loginDeadlineMs: 120_000,
  /**
   * New connections per address: each costs a handshake (~8 ms of X25519 in JS); a stranger
   * refilling the room from many addresses is held to this rate, refused at accept at no cost.
   */
  newPerAddress: { burst: 10, perSec: 1 },
  /**
   * Logged-in connections of one account: a client holds one, a reconnect briefly two, an admin a
   * few consoles. A login beyond this closes the account's oldest connection, so one account cannot
   * fill the room kept for logged-in users (nor make every push to it a loop over thousands).
   */
  sessionsPerUser: 8,
} as const;

export const LOG_LIMITS = {
  perAddress: { burst: 200, perSec: 20 },
  overall: { burst: 2_000, perSec: 500 },
  summaryEveryMs: 10_000,
} as const;

/** The server machine itself (the demo, tests, benches): exempt from per-address limits, not from per-connection ones. */
export const TRUSTED_ADDRESSES: readonly string[] = ['127.0.0.1', '::1', '::ffff:127.0.0.1'];
export const PAGING_LIMITS = {
  /** Items in a page when only a cursor is given, and at most (a page stays well under 1 MiB). */
  ...PAGE_LIMITS,
  /** Rows rendered or applied between two yields to the event loop (exports, imports). */
  chunkRows: 500,
  /** About this many encoded bytes per page, whatever `limit` says (frames are at most 1 MiB). */
  pageBytes: 512 * 1024,
  /** The same for answers to students, whose frames are at most 64 KiB (PROTOCOL.md 4). */
  studentPageBytes: 40 * 1024,
} as const;

/**
 * What one student may add, whatever the exam settings (docs/server.md "Student budgets"). Each is a
 * bucket that holds `burst` and refills steadily; an empty one answers RATE_LIMITED saying when to
 * try again. Sized at several times what honest use needs: a proctor heartbeat every 5 s plus state
 * changes, a few practice attempts an hour, and a few hundred KB of record per hour.
 */
export interface StudentBudgetLimits {
  /** New attempts per student and course (resuming an open attempt is free). */
  startsPerCourseBurst: number;
  startsPerCoursePerHour: number;
  /** Presence events per attempt: a reconnect backlog fits in the burst, then ten times a proctor's rate. */
  presenceEventsBurst: number;
  presenceEventsPerSecond: number;
  /** Bytes of attempts.csv and presence.csv rows per student (the burst is one hour's worth). */
  bytesPerHour: number;
  /** scores.mine per student: its answer is the largest a student gets, built from every attempt. */
  scoresBurst: number;
  scoresPerSecond: number;
  /**
   * Successful logins and resumes per account (charged only once the password or token is right,
   * so strangers cannot spend it): each writes audit and token rows, so a login/logout loop would
   * otherwise grow the record without bound.
   */
  loginsBurst: number;
  loginsPerHour: number;
}

export const DEFAULT_STUDENT_BUDGETS: StudentBudgetLimits = {
  startsPerCourseBurst: 5,
  startsPerCoursePerHour: 6,
  presenceEventsBurst: 1_000,
  presenceEventsPerSecond: 2,
  bytesPerHour: 2 * 1024 * 1024,
  scoresBurst: 20,
  scoresPerSecond: 1,
  loginsBurst: 100,
  loginsPerHour: 180,
};

/**
 * Identity verification (PROTOCOL.md 8; why these values: docs/proctor.md "Identity", measured by
 * `npm run bench -- identity-eval`). Distances are LBPH chi-square (0 = identical, 256 at most).
 */
export const IDENTITY_RULES = {
  /** At or below: match (identity-eval: FAR 0/650, FRR ~3 % over all variants; impostors started at 135). */
  matchAtMost: 130,
  /** At or above: mismatch; in between: unclear (identity-eval: genuine at or above 138 under 1 %). */
  mismatchAtLeast: 138,
  /** This many mismatches in a row (no match between) make a "different person" interval. */
  sustainedMismatches: 2,
  /** identity.enrol templates per enrolment and the identity.reset reason (the contract's). */
  ...IDENTITY_ARG_LIMITS,
} as const;
