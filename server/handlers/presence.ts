// presence.report (PROTOCOL.md 6): stores the proctor's events for the student's own attempt,
// ignoring seqs already stored; answers with the highest seq stored once they are durable.
import { AppError } from '../../protocol/errors.js';
import { PRESENCE_STATES, type PresenceEvent } from '../../protocol/messages.js';
import type { RequestContext } from '../app.js';
import { PRESENCE_LIMITS } from '../limits.js';
import type { PresenceRow } from '../store/presence.js';
import { int, list, map, num, oneOf, type Args } from '../validate.js';
import { attemptIdArg } from './exam.js';
import { probeVerdicts, templateArg } from './identity.js';

export function reportArgs(args: Args): { attemptId: string; events: PresenceEvent[] } {
  const events = list(args, 'events', 0, PRESENCE_LIMITS.eventsPerReport).map((e, i) => {
    const m = map(e, `events[${i}]`);
    return {
      seq: int(m, 'seq', 0, Number.MAX_SAFE_INTEGER),
      at: int(m, 'at', 0, Number.MAX_SAFE_INTEGER),
      state: oneOf(m, 'state', PRESENCE_STATES),
      faces: int(m, 'faces', 0, 1000),
      fps: num(m, 'fps', 0, 1000),
      ...(m.probe === undefined ? {} : { probe: templateArg(m.probe, `events[${i}].probe`) }), // PROTOCOL.md 8
    };
  });
  return { ...attemptIdArg(args), events };
}

export async function reportPresence(args: { attemptId: string; events: PresenceEvent[] }, { app, session }: RequestContext) {
  const a = app.exams.owned(session.username!, args.attemptId);
  const receivedAt = app.now();
  // Decide first, change memory after: an event held in memory counts as stored (a resend of its
  // seq is treated as a duplicate and acked), so it must never be kept unless its row is written.
  const fresh: PresenceRow[] = [];
  const seen = new Set<number>();
  const probed: PresenceEvent[] = [];
  for (const e of args.events) {
    if (a.presenceSeqs.has(e.seq) || seen.has(e.seq)) continue; // duplicates by seq are ignored (resend after reconnect)
    seen.add(e.seq);
    if (e.probe) probed.push(e);
    const { probe: _probe, ...event } = e; // a probe is judged, never stored
    fresh.push({ attemptId: a.attemptId, receivedAt, ...event });
  }
  if (a.presence.length + fresh.length > PRESENCE_LIMITS.eventsPerAttempt) {
    throw new AppError('RATE_LIMITED', `This attempt already has ${a.presence.length} of at most ${PRESENCE_LIMITS.eventsPerAttempt} presence events; the proctor reports far too often, tell the instructor.`);
  }
  for (const row of fresh) {
    a.presenceSeqs.add(row.seq);
    a.presence.push(row);
    a.maxSeq = Math.max(a.maxSeq, row.seq);
  }
  const durable = Promise.all([
    fresh.length > 0 ? app.db.appendPresence(fresh) : Promise.resolve(),
    probeVerdicts(app, a, probed, receivedAt),
  ]);
  // A duplicate may repeat events still being written by an earlier report: wait for those too.
  const acked = a.maxSeq;
  a.presenceDurable = Promise.all([a.presenceDurable, durable]).then(() => {});
  await a.presenceDurable;
  return { acked };
}
