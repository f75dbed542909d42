// scores.mine (PROTOCOL.md 6): the student's own attempts with score, concept breakdown and
// integrity summary. Answer keys are never included (PROTOCOL.md 6, no answers to students).
import type { RequestContext } from '../app.js';
import { conceptBreakdown, grade, integrityOf } from '../exam/view.js';
import type { AttemptState } from '../store/model.js';
import type { Args } from '../validate.js';
import { pageArgs, slicePage, type PageArgs } from './paging.js';

export const scoresArgs = (args: Args): PageArgs => pageArgs(args);

export async function myScores(args: PageArgs, { app, session }: RequestContext) {
  const username = session.username!;
  // A finish is listed once its row is durable, as exam.finish acknowledges it: a finish still being
  // written (or failed) could come back after a crash as an open attempt the student can continue.
  const pending = (app.db.model.attemptsByUser.get(username) ?? []).flatMap((a) => (a.finish?.durable ? [a.finish.durable] : []));
  await Promise.allSettled(pending);
  const now = app.now();
  // "past attempts": finished ones; an open attempt is resumed through exam.start.
  const past = (app.db.model.attemptsByUser.get(username) ?? []).filter((a) => a.finish !== null && a.finish.durable === null);
  // Paged (docs/protocol.md "Paging"): {attempts, cursor?}; without paging arguments the 1.0 list.
  if (args.page) {
    const { items, cursor } = slicePage(past, args.page);
    return cursor === undefined ? { attempts: items.map((a) => pastAttempt(a, now)) } : { attempts: items.map((a) => pastAttempt(a, now)), cursor };
  }
  return past.map((a) => pastAttempt(a, now));
}

function pastAttempt(a: AttemptState, now: number) {
  return {
    attemptId: a.attemptId,
    course: a.course,
    startedAt: a.startedAt,
    deadline: a.deadline,
    finishedAt: a.finish!.at,
    reason: a.finish!.reason,
    answered: a.answers.size,
    ...grade(a),
    concepts: conceptBreakdown(a),
    integrity: integrityOf(a, now),
  };
}
