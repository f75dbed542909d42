// Which events of one presence.report are stored, and at what server time: the same rules at
// arrival (handlers/presence.ts) and when presence.csv is replayed at start-up (store/database.ts),
// so a restart shows exactly what was shown before it. Pure apart from the returned clock.
import type { PresenceEvent } from '../../protocol/messages.js';
import type { AttemptState, PlacedPresenceRow } from '../store/model.js';
import { PRESENCE_LIMITS } from '../limits.js';
import { extendSegments } from './presence-segments.js';
import { place, reportRefusal, startReport, type PresenceClock } from './presence-clock.js';

export function attemptEndsAt(a: Pick<AttemptState, 'finish' | 'deadline'>): number {
  return a.finish ? a.finish.at : a.deadline;
}

/**
 * The events to store (in report order, seqs increasing) and the clock after them; `a.clock` is not
 * changed, so a caller that refuses the report keeps memory as it was.
 */
export function admitReport(
  a: Pick<AttemptState, 'attemptId' | 'clock' | 'finish' | 'deadline'>,
  events: readonly PresenceEvent[],
  receivedAt: number,
): { rows: PlacedPresenceRow[]; clock: PresenceClock } {
  const clock = { ...a.clock };
  startReport(clock, events, receivedAt);
  const w = { endsAt: attemptEndsAt(a) };
  const rows: PlacedPresenceRow[] = [];
  for (const e of events) {
    const t = place(clock, w, e.seq, e.at, receivedAt);
    if (t === null) continue;
    rows.push({
      attemptId: a.attemptId,
      seq: e.seq,
      at: e.at,
      receivedAt,
      state: e.state,
      faces: e.faces,
      fps: e.fps,
      t,
    });
  }
  return { rows, clock };
}

/** Stores admitted rows in the attempt's memory (the caller writes them to presence.csv). */
export function keepRows(a: AttemptState, rows: readonly PlacedPresenceRow[], clock: PresenceClock): void {
  a.clock = clock;
  for (const row of rows) {
    extendSegments(a.segments, row.t, row.state, row.faces);
    a.presence.push(row);
    a.presenceCount++;
    a.maxSeq = Math.max(a.maxSeq, row.seq);
  }
  const over = a.presence.length - PRESENCE_LIMITS.recentInMemory;
  if (over > 0) a.presence.splice(0, over);
}

/** Widens the attempt's byte range of presence.csv to include [from, to). */
export function noteDisk(a: AttemptState, from: number, to: number): void {
  a.presenceDisk = a.presenceDisk
    ? { from: Math.min(a.presenceDisk.from, from), to: Math.max(a.presenceDisk.to, to) }
    : { from, to };
}

/**
 * presence.csv replayed row by row through the arrival rules: consecutive rows of one attempt with
 * one ReceivedAt are one report (arrivals are strictly increasing per attempt), so each event gets
 * the time it got when it arrived. Rows the rules refuse (written before they existed) stay on disk
 * as evidence but count for nothing.
 */
export class PresenceReplay {
  private a: AttemptState | null = null;
  private receivedAt = 0;
  private events: PresenceEvent[] = [];
  private from = 0;
  private to = 0;

  /** `from`, `to`: the row's bytes in presence.csv. */
  add(a: AttemptState, row: PresenceEvent & { receivedAt: number }, from: number, to: number): void {
    if (a !== this.a || row.receivedAt !== this.receivedAt) this.flush();
    if (this.events.length === 0) this.from = from;
    this.a = a;
    this.receivedAt = row.receivedAt;
    this.to = to;
    this.events.push({ seq: row.seq, at: row.at, state: row.state, faces: row.faces, fps: row.fps });
  }

  flush(): void {
    const a = this.a;
    if (a && this.events.length > 0) {
      noteDisk(a, this.from, this.to); // refused rows too: the timeline shows what the file holds
      if (!reportRefusal(a.clock, { endsAt: attemptEndsAt(a) }, this.receivedAt)) {
        const { rows, clock } = admitReport(a, this.events, this.receivedAt);
        keepRows(a, rows, clock);
      }
    }
    this.a = null;
    this.events = [];
  }
}
