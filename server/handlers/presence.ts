// presence.report (PROTOCOL.md 6): stores the proctor's events for the student's own attempt,
// ignoring seqs already stored; answers with the highest seq stored once they are durable. Only an
// open attempt (plus a short grace) takes events, on a clock the server owns (exam/presence-clock.ts).
import type { ArgsOf } from '../../protocol/contract/index.js';
import { AppError } from '../../protocol/errors.js';
import type { RequestContext } from '../app.js';
import { PRESENCE_LIMITS } from '../limits.js';
import { admitReport, attemptEndsAt } from '../exam/presence-admit.js';
import { arrival, reportRefusal } from '../exam/presence-clock.js';
import { presenceRow } from '../store/presence.js';
import { probeVerdicts } from './identity.js';

export async function reportPresence(args: ArgsOf<'presence.report'>, { app, session }: RequestContext) {
  const a = app.exams.owned(session.username!, args.attemptId);
  const receivedAt = arrival(a.clock, app.now());
  if (reportRefusal(a.clock, { endsAt: attemptEndsAt(a) }, receivedAt)) {
    throw new AppError(
      'EXPIRED',
      `This attempt ended more than ${PRESENCE_LIMITS.graceMs / 1000} s ago; its proctor record is closed. Stop the proctor.`,
    );
  }
  // Decide first, change memory after: an event held in memory counts as stored (a resend of its
  // seq is treated as a duplicate and acked), so it must never be kept unless its row is written.
  const { rows: fresh, clock } = admitReport(a, args.events, receivedAt);
  if (a.presenceCount + fresh.length > PRESENCE_LIMITS.eventsPerAttempt) {
    throw new AppError(
      'RATE_LIMITED',
      `This attempt already has ${a.presenceCount} of at most ${PRESENCE_LIMITS.eventsPerAttempt} presence events; the proctor reports far too often, tell the instructor.`,
    );
  }
  if (fresh.length > 0) {
    let bytes = 0;
    for (const r of fresh) bytes += Buffer.byteLength(presenceRow(r));
    app.budgets.presenceEvents(session.username!, a.attemptId, fresh.length, bytes, receivedAt);
  }
  // A probe is judged, never stored (PROTOCOL.md 8): the first copy of each newly stored seq.
  const freshSeqs = new Set(fresh.map((r) => r.seq));
  // Copies: a probe may be a view into the decoded frame's buffer, which is not kept past this request.
  const probed = args.events
    .filter((e) => e.probe && freshSeqs.delete(e.seq))
    .map((e) => ({ ...e, probe: new Uint8Array(e.probe!) }));
  const durable = Promise.all([
    fresh.length > 0 ? app.db.appendPresence(fresh, clock) : Promise.resolve(),
    probeVerdicts(app, a, probed, receivedAt),
  ]);
  // A duplicate may repeat events still being written by an earlier report: wait for those too.
  const acked = a.maxSeq;
  a.presenceDurable = Promise.all([a.presenceDurable, durable]).then(() => {});
  await a.presenceDurable;
  if (fresh.length > 0) app.monitor.changed(a); // PROTOCOL.md 8: a presence change is pushed to live consoles
  return { acked };
}
