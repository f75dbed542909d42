// scores.mine (PROTOCOL.md 6): the student's own attempts with score, concept breakdown and
// integrity summary. Answer keys are never included (PROTOCOL.md 6, no answers to students).
import type { RequestContext } from '../app.js';
import { integritySummary } from '../exam/integrity.js';
import { conceptBreakdown, grade, integrityInput } from '../exam/view.js';

export async function myScores(_args: unknown, { app, session }: RequestContext) {
  const username = session.username!;
  // A finish is listed once its row is durable, as exam.finish acknowledges it: a finish still being
  // written (or failed) could come back after a crash as an open attempt the student can continue.
  const pending = (app.db.model.attemptsByUser.get(username) ?? []).flatMap((a) => (a.finish?.durable ? [a.finish.durable] : []));
  await Promise.allSettled(pending);
  const now = app.now();
  // "past attempts": finished ones; an open attempt is resumed through exam.start.
  return (app.db.model.attemptsByUser.get(username) ?? []).filter((a) => a.finish !== null && a.finish.durable === null).map((a) => ({
    attemptId: a.attemptId,
    course: a.course,
    startedAt: a.startedAt,
    deadline: a.deadline,
    finishedAt: a.finish!.at,
    reason: a.finish!.reason,
    answered: a.answers.size,
    ...grade(a),
    concepts: conceptBreakdown(a),
    integrity: integritySummary(integrityInput(a, now, app.db.identityByAttempt.get(a.attemptId))),
  }));
}
