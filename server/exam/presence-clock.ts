// Admission of reported presence events (pure). The server owns the clock mapping: each event is
// placed on the server clock once, when it arrives, and never moves again, so no later report can
// change an interval the server already holds. Rules and why: docs/analytics.md "Presence clock".
import { PRESENCE_LIMITS } from '../limits.js';

/** Per-attempt state of the mapping; replayed identically from presence.csv at start-up. */
export interface PresenceClock {
  /** Server ms minus proctor ms, fixed by the first report; null before it. */
  offset: number | null;
  /** Server ms of the newest placed event: nothing is placed before it. */
  lastT: number;
  /** Highest seq stored: seqs only move forward (a lower one is a resend, already acked). */
  maxSeq: number;
  /**
   * Arrival of the newest stored report. Arrivals are made strictly increasing per attempt, so the
   * rows of one report are recognisable in presence.csv by their shared ReceivedAt.
   */
  lastReceivedAt: number;
}

export function newPresenceClock(): PresenceClock {
  return { offset: null, lastT: -Infinity, maxSeq: -1, lastReceivedAt: -Infinity };
}

export interface AttemptWindow {
  /** Server ms: the finish, else the deadline. */
  endsAt: number;
}

export type Refusal = 'ended';

/**
 * Whether a report arriving at `receivedAt` may add anything to the attempt at all: only up to
 * graceMs after the end, and after the end only to a record that already has events (a first report
 * after the end would fix the clock mapping from a time when nothing was watched).
 */
export function reportRefusal(clock: PresenceClock, w: AttemptWindow, receivedAt: number): Refusal | null {
  if (receivedAt > w.endsAt + PRESENCE_LIMITS.graceMs) return 'ended';
  if (receivedAt > w.endsAt && clock.offset === null) return 'ended';
  return null;
}

/** The arrival time the server records for a report: strictly after the attempt's previous report. */
export function arrival(clock: PresenceClock, now: number): number {
  return Math.max(now, clock.lastReceivedAt + 1);
}

/**
 * Fixes the offset at the first report from its newest event (the smallest delay in that report is
 * the best estimate; an event cannot arrive before it happened). Only events with increasing seqs
 * count, exactly those the report will store, so replaying the stored rows gives the same offset.
 * Call once per report, before place.
 */
export function startReport(
  clock: PresenceClock,
  events: readonly { seq: number; at: number }[],
  receivedAt: number,
): void {
  if (clock.offset !== null) return;
  let maxAt = -Infinity;
  let seq = clock.maxSeq;
  for (const e of events) {
    if (e.seq <= seq) continue;
    seq = e.seq;
    maxAt = Math.max(maxAt, e.at);
  }
  if (maxAt !== -Infinity) clock.offset = receivedAt - maxAt;
}

/**
 * The server time of one event, or null when it is not stored: a seq at or below the highest stored
 * (a resend, or out of order), or an event placed after the attempt's end. The time is the proctor's
 * `at` on the server clock, clamped to [max(previous event, arrival - lateMs), arrival]: a claim from
 * the future is placed at its arrival, one from the past never before what the server already holds.
 * Updates `clock` for an event it admits.
 */
export function place(
  clock: PresenceClock,
  w: AttemptWindow,
  seq: number,
  at: number,
  receivedAt: number,
): number | null {
  if (seq <= clock.maxSeq) return null;
  const mapped = at + (clock.offset ?? receivedAt - at);
  const low = Math.max(clock.lastT, receivedAt - PRESENCE_LIMITS.lateMs);
  // max with lastT last: even a server clock stepping back never reorders held events.
  const t = Math.max(clock.lastT, Math.min(receivedAt, Math.max(low, mapped)));
  if (t > w.endsAt) return null; // recorded after the end: the grace covers only events from before it
  clock.maxSeq = seq;
  clock.lastT = t;
  clock.lastReceivedAt = receivedAt;
  return t;
}
