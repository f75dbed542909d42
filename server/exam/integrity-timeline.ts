// Presence timeline of one attempt (pure): places reported events on the server clock and turns
// them into state intervals. Rules and why: docs/analytics.md "Integrity".
import type { PresenceState } from '../../protocol/messages.js';
import type { IdentityRow } from '../store/identity-log.js';
import type { PresenceRow } from '../store/presence.js';

/** A presence.csv row of the attempt at hand: the attempt is known, so its id is left out. */
export type IntegrityEvent = Omit<PresenceRow, 'attemptId'>;

export interface IntegrityInput {
  /** Server ms: the attempt's start and its end (finish, deadline, or now for an open attempt). */
  startedAt: number;
  endedAt: number;
  proctored: boolean;
  events: IntegrityEvent[];
  /** identity.csv rows of the attempt (PROTOCOL.md 8 identity); absent = none. */
  identity?: IdentityRow[];
  /** Set when the events are already on the server clock: the offset the server fixed for them. */
  clockOffsetMs?: number | null;
  /** Set when `events` stand for more events than they are (runs, exam/presence-segments.ts). */
  eventCount?: number;
}

/** `no-data`: nothing trustworthy is known (before the first report, or a silence). */
export type TimelineState = PresenceState | 'no-data';

/** One interval of the admin timeline, ms relative to startedAt, [from, to). */
export interface PresenceInterval {
  state: TimelineState;
  from: number;
  to: number;
}

export const PRESENCE_RULES = {
  /** The proctor reports at least every 5 s (PROTOCOL.md 6); 3 missed heartbeats is a silence. */
  silenceMs: 15_000,
} as const;

export interface PlacedEvent {
  seq: number;
  /** server ms */
  t: number;
  state: PresenceState;
  faces: number;
}

/**
 * Puts events on the server clock: t = at + offset, offset = min(receivedAt - at).
 * The smallest delay is the best estimate of the clock offset (an event cannot arrive before it
 * happened; batching and reconnects only add delay), and it keeps every t <= its receivedAt.
 * Events are ordered and de-duplicated by seq (PROTOCOL.md 6), and t is made non-decreasing so a
 * proctor clock stepping back cannot reorder states.
 */
export function placeEvents(events: IntegrityEvent[]): { placed: PlacedEvent[]; offsetMs: number | null } {
  const valid = events.filter((e) => Number.isFinite(e.at) && Number.isFinite(e.receivedAt) && Number.isFinite(e.seq));
  if (valid.length === 0) return { placed: [], offsetMs: null };
  const sorted = [...valid].sort((a, b) => a.seq - b.seq);
  let offset = Infinity;
  for (const e of sorted) offset = Math.min(offset, e.receivedAt - e.at);
  const placed: PlacedEvent[] = [];
  let prevT = -Infinity;
  let prevSeq = NaN;
  for (const e of sorted) {
    if (e.seq === prevSeq) continue;
    prevSeq = e.seq;
    const t = Math.max(prevT, e.at + offset);
    prevT = t;
    placed.push({ seq: e.seq, t, state: e.state, faces: e.faces });
  }
  return { placed, offsetMs: offset };
}

/**
 * The state intervals inside [startedAt, endedAt], in absolute server ms, adjacent equal states
 * merged. A reported state (heartbeats included) holds until the next report, but for at most
 * silenceMs: after that the proctor is silent and the interval is `no-data`. `stopped` holds until
 * the next report: a stopped proctor sends no heartbeats, so its silence is expected.
 */
export function absoluteIntervals(placed: PlacedEvent[], startedAt: number, endedAt: number): PresenceInterval[] {
  const out: PresenceInterval[] = [];
  const push = (state: TimelineState, from: number, to: number) => {
    const a = Math.max(from, startedAt);
    const b = Math.min(to, endedAt);
    if (b <= a) return;
    const last = out[out.length - 1];
    if (last && last.state === state && last.to === a) last.to = b;
    else out.push({ state, from: a, to: b });
  };
  if (placed.length === 0) {
    push('no-data', startedAt, endedAt);
    return out;
  }
  push('no-data', startedAt, placed[0].t);
  for (let i = 0; i < placed.length; i++) {
    const e = placed[i];
    const next = i + 1 < placed.length ? placed[i + 1].t : Math.max(endedAt, e.t);
    if (e.state === 'stopped' || next - e.t <= PRESENCE_RULES.silenceMs) {
      push(e.state, e.t, next);
    } else {
      push(e.state, e.t, e.t + PRESENCE_RULES.silenceMs);
      push('no-data', e.t + PRESENCE_RULES.silenceMs, next);
    }
  }
  return out;
}

export interface Silence {
  /** ms relative to startedAt */
  from: number;
  to: number;
  seconds: number;
}

/**
 * Gaps over silenceMs with no report while the proctor was expected to report: from the start to
 * the first report, between reports, and from the last report to endedAt; not after `stopped`.
 * Gaps are clipped to the attempt before they are measured.
 */
export function findSilences(placed: PlacedEvent[], startedAt: number, endedAt: number): Silence[] {
  const gaps: [number, number][] = [];
  if (placed.length === 0) {
    gaps.push([startedAt, endedAt]);
  } else {
    gaps.push([startedAt, placed[0].t]);
    for (let i = 0; i < placed.length; i++) {
      if (placed[i].state === 'stopped') continue;
      const next = i + 1 < placed.length ? placed[i + 1].t : endedAt;
      gaps.push([placed[i].t, next]);
    }
  }
  const out: Silence[] = [];
  for (const [from, to] of gaps) {
    const a = Math.max(from, startedAt);
    const b = Math.min(to, endedAt);
    if (b - a > PRESENCE_RULES.silenceMs) out.push({ from: a - startedAt, to: b - startedAt, seconds: seconds(b - a) });
  }
  return out;
}

/** ms -> seconds with one decimal, for people. */
export function seconds(ms: number): number {
  return Math.round(ms / 100) / 10;
}
