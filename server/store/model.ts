// The in-memory indexes the server answers from, so no request reads a file; the CSV files are
// their durable log. `durable` promises let a repeated request wait until the first one's
// write is on disk before it is acknowledged again.
import { Bank } from './bank.js';
import type { Choice, ExamConfig } from '../../protocol/messages.js';
import type { DrawnItem, FinishReason } from './attempts.js';
import { newPresenceClock, type PresenceClock } from '../exam/presence-clock.js';
import type { PresenceSegment } from '../exam/presence-segments.js';
import type { PresenceRow } from './presence.js';
import type { UserRecord } from './users.js';

export interface AnswerState {
  choice: Choice;
  correct: boolean;
  at: number;
  durable: Promise<void> | null;
}

/** A stored event with its server time `t`, fixed when it arrived (exam/presence-clock.ts). */
export type PlacedPresenceRow = PresenceRow & { t: number };

export interface FinishState {
  at: number;
  score: number;
  total: number;
  reason: FinishReason;
  durable: Promise<void> | null;
}

export interface AttemptState {
  attemptId: string;
  username: string;
  course: string;
  startedAt: number;
  deadline: number;
  proctored: boolean;
  items: DrawnItem[];
  itemById: Map<string, DrawnItem>;
  answers: Map<string, AnswerState>;
  finish: FinishState | null;
  /**
   * The newest stored events only (at most PRESENCE_LIMITS.recentInMemory): the whole record is on
   * disk (presence.csv, rows in `presenceDisk`) and summarised in `segments`.
   */
  presence: PlacedPresenceRow[];
  /** Events stored for this attempt. */
  presenceCount: number;
  /** Runs of one state on the server clock: what the integrity summary is computed from. */
  segments: PresenceSegment[];
  /** Byte range of presence.csv holding this attempt's rows (among other attempts'); null before any. */
  presenceDisk: { from: number; to: number } | null;
  maxSeq: number;
  clock: PresenceClock;
  /** Settles when every stored presence event of this attempt is durable. */
  presenceDurable: Promise<void>;
  startDurable: Promise<void> | null;
}

export interface Model {
  users: Map<string, UserRecord>;
  /** Keeps per-course counts as it changes (store/bank.ts). */
  questions: Bank;
  exams: Map<string, ExamConfig>;
  attempts: Map<string, AttemptState>;
  attemptsByUser: Map<string, AttemptState[]>;
  legacyScores: { student: string; score: string }[];
}

export function newAttemptState(
  s: Omit<
    AttemptState,
    | 'itemById'
    | 'answers'
    | 'finish'
    | 'presence'
    | 'presenceCount'
    | 'segments'
    | 'presenceDisk'
    | 'maxSeq'
    | 'clock'
    | 'presenceDurable'
  >,
): AttemptState {
  return {
    ...s,
    itemById: new Map(s.items.map((it) => [it.id, it])),
    answers: new Map(),
    finish: null,
    presence: [],
    presenceCount: 0,
    segments: [],
    presenceDisk: null,
    maxSeq: -1,
    clock: newPresenceClock(),
    presenceDurable: Promise.resolve(),
  };
}

export function indexAttempt(model: Model, a: AttemptState): void {
  model.attempts.set(a.attemptId, a);
  const list = model.attemptsByUser.get(a.username);
  if (list) list.push(a);
  else model.attemptsByUser.set(a.username, [a]);
}

export function unindexAttempt(model: Model, a: AttemptState): void {
  model.attempts.delete(a.attemptId);
  const list = model.attemptsByUser.get(a.username)?.filter((x) => x !== a) ?? [];
  if (list.length > 0) model.attemptsByUser.set(a.username, list);
  else model.attemptsByUser.delete(a.username);
}

/** Clears a durable promise once it settles, so settled state costs nothing to read. */
export function track<T extends { durable: Promise<void> | null }>(holder: T, p: Promise<void>): Promise<void> {
  holder.durable = p;
  p.then(
    () => {
      if (holder.durable === p) holder.durable = null;
    },
    () => {},
  );
  return p;
}
