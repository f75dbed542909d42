// Server downtime never costs a student time (docs/server.md "Downtime"): at start the server learns
// when it went down (the uptime mark or its last durable record, whichever is later) and moves the
// deadline of every attempt that was still running then by the time it was down. The plan is pure;
// applyDowntime makes each extension durable (attempts.csv `extend` row) and audits it.
import type { Database } from '../store/database.js';
import type { AttemptState, Model } from '../store/model.js';
import type { UptimeMark } from '../store/uptime-mark.js';

export interface DowntimeExtension {
  attemptId: string;
  username: string;
  /** The deadline before and after. */
  from: number;
  to: number;
  downMs: number;
}

/** The last moment anything was durably recorded (attempt starts, finishes, answers, presence). */
export function lastRecordAt(model: Model): number {
  let last = 0;
  for (const a of model.attempts.values()) {
    last = Math.max(last, a.startedAt);
    if (a.finish && a.finish.reason === 'finished') last = Math.max(last, a.finish.at);
    for (const ans of a.answers.values()) last = Math.max(last, ans.at);
    for (const p of a.presence) last = Math.max(last, p.receivedAt);
  }
  return last;
}

/**
 * When the server went down: the later of the mark and the last durable record, or null without a
 * mark (a data directory from a version that wrote none: its stop time is unknown, so nothing moves).
 */
export function downSince(mark: UptimeMark | null, model: Model): number | null {
  if (!mark) return null;
  return Math.max(mark.at, lastRecordAt(model));
}

/**
 * Open attempts whose deadline was still ahead when the server went down get the downtime added.
 * An attempt whose deadline had passed while the server was up expires as before.
 */
export function planDowntime(attempts: Iterable<AttemptState>, downAt: number, now: number): DowntimeExtension[] {
  const downMs = now - downAt;
  if (downMs <= 0) return []; // a clock that went backwards gives nobody time
  const out: DowntimeExtension[] = [];
  for (const a of attempts) {
    if (a.finish || a.deadline <= downAt) continue;
    out.push({ attemptId: a.attemptId, username: a.username, from: a.deadline, to: a.deadline + downMs, downMs });
  }
  return out;
}

/** Applies the plan to the model and makes every extension durable and audited before it resolves. */
export async function applyDowntime(
  db: Database,
  plan: DowntimeExtension[],
  downAt: number,
  clean: boolean,
  now: number,
): Promise<void> {
  const writes: Promise<void>[] = [];
  for (const x of plan) {
    const a = db.model.attempts.get(x.attemptId);
    if (!a) continue;
    a.deadline = x.to;
    const how = clean ? 'stopped' : 'crashed or was killed';
    writes.push(
      db.appendAttempt({ event: 'extend', attemptId: x.attemptId, at: now, deadline: x.to }),
      db.audit({
        at: now,
        actor: 'server',
        address: '',
        action: 'exam.extend-downtime',
        target: x.attemptId,
        detail: `+${Math.ceil(x.downMs / 1000)}s for ${x.username}: the server ${how} at ${new Date(downAt).toISOString()} and was down until ${new Date(now).toISOString()}; deadline ${new Date(x.from).toISOString()} -> ${new Date(x.to).toISOString()}`,
      }),
    );
  }
  await Promise.all(writes);
}
