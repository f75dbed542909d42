// scores.mine (PROTOCOL.md 6): the student's own attempts with score, concept breakdown and
// integrity summary. Answer keys are never included (PROTOCOL.md 6, no answers to students).
import type { IdentityRow } from '../store/identity-log.js';
import type { RequestContext } from '../app.js';
import { conceptBreakdown, grade, integrityOf } from '../exam/view.js';
import type { AttemptState } from '../store/model.js';
import type { ArgsOf } from '../../protocol/contract/index.js';
import { pageOf, slicePage } from './paging.js';
import { PAGING_LIMITS, PRESENCE_LIMITS } from '../limits.js';

export async function myScores(args: ArgsOf<'scores.mine'>, { app, session }: RequestContext) {
  const username = session.username!;
  app.budgets.readScores(username, app.now());
  // A finish is listed once its row is durable, as exam.finish acknowledges it: a finish still being
  // written (or failed) could come back after a crash as an open attempt the student can continue.
  const pending = (app.db.model.attemptsByUser.get(username) ?? []).flatMap((a) =>
    a.finish?.durable ? [a.finish.durable] : [],
  );
  await Promise.allSettled(pending);
  const now = app.now();
  // "past attempts": finished ones; an open attempt is resumed through exam.start.
  const past = (app.db.model.attemptsByUser.get(username) ?? []).filter(
    (a) => a.finish !== null && a.finish.durable === null,
  );
  // Paged (docs/protocol.md "Paging"): {attempts, cursor?}; without paging arguments the 1.0 list.
  const shown = past.map((a) => pastAttempt(a, now, app.db.identityByAttempt.get(a.attemptId)));
  const page = pageOf(args);
  if (page) {
    const { items, cursor } = slicePage(shown, page, approxBytes, PAGING_LIMITS.studentPageBytes);
    return cursor === undefined ? { attempts: items } : { attempts: items, cursor };
  }
  // The 1.0 answer: the newest attempts that fit in one student frame (the whole list of a student
  // with hundreds of attempts could not be sent at all); paging reaches the rest.
  let bytes = 0;
  let from = shown.length;
  while (from > 0 && bytes + approxBytes(shown[from - 1]) <= PAGING_LIMITS.studentPageBytes)
    bytes += approxBytes(shown[--from]);
  return shown.slice(from);
}

const sizes = new WeakMap<object, number>();
/** About the encoded size of one entry (msgpack is smaller than JSON); settled entries are cached. */
function approxBytes(entry: object): number {
  let n = sizes.get(entry);
  if (n === undefined) sizes.set(entry, (n = JSON.stringify(entry).length));
  return n;
}

const shownCache = new WeakMap<AttemptState, ReturnType<typeof buildPast>>();

function pastAttempt(a: AttemptState, now: number, identity?: IdentityRow[]) {
  const cached = shownCache.get(a);
  if (cached) return cached;
  const entry = buildPast(a, now, identity);
  // A finished attempt past its presence grace never changes again (see integrityOf).
  if (now > a.finish!.at + PRESENCE_LIMITS.graceMs) shownCache.set(a, entry);
  return entry;
}

function buildPast(a: AttemptState, now: number, identity?: IdentityRow[]) {
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
    integrity: integrityOf(a, now, identity),
  };
}
