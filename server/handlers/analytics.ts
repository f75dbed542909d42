// analytics.summary, results.export, attempts.timeline (PROTOCOL.md 6). The statistics are pure
// functions in exam/analytics.ts and exam/integrity.ts; this maps the stored attempts into them.
import { AppError } from '../../protocol/errors.js';
import type { App, RequestContext } from '../app.js';
import { computeAnalytics } from '../exam/analytics.js';
import { integritySummary, presenceIntervals } from '../exam/integrity.js';
import { answeredItems, grade, integrityInput, integrityOf, scoredAttempt } from '../exam/view.js';
import { PAGING_LIMITS, PRESENCE_LIMITS } from '../limits.js';
import type { ArgsOf, ResultOf } from '../../protocol/contract/index.js';
import { pageOf, slicePage, yieldToOthers } from './paging.js';
import { formatExportCsv } from '../store/csv.js';
import type { AttemptState } from '../store/model.js';
import { identityTimeline } from './identity.js';

function finished(app: App, course?: string): AttemptState[] {
  return [...app.db.model.attempts.values()].filter(
    (a) => a.finish !== null && (course === undefined || a.course === course),
  );
}

export function summary(args: ArgsOf<'analytics.summary'>, { app }: RequestContext) {
  const stats = computeAnalytics(
    finished(app, args.course).map(scoredAttempt),
    args.course === undefined ? {} : { course: args.course },
  );
  // Scores imported from the original student_scores.csv have no course, so only the overall view shows them.
  // Item analysis names each question by its text as the bank has it now ('' once deleted), so an
  // admin reading a flagged item sees which question it is without looking its id up.
  const items = stats.items.map((it) => ({ ...it, text: app.db.model.questions.get(it.questionId)?.text ?? '' }));
  return { ...stats, items, legacyScores: args.course === undefined ? app.db.model.legacyScores : [] };
}

const RESULTS_HEADER = [
  'Username',
  'Course',
  'AttemptId',
  'StartedAt',
  'FinishedAt',
  'Reason',
  'Score',
  'Total',
  'Percent',
  'Review',
  'ReviewScore',
];

/** Paged (docs/protocol.md "Paging"): the header only on the first page, so pages concatenate. */
export async function exportResults(args: ArgsOf<'results.export'>, { app }: RequestContext) {
  const now = app.now();
  const all = finished(app, args.course);
  const page = pageOf(args);
  const { items, cursor } = page ? slicePage(all, page) : { items: all, cursor: undefined };
  const rows: (string | number)[][] = [];
  for (const a of items) {
    // Rendered in chunks: a large export never holds the event loop from students' answers.
    if (rows.length > 0 && rows.length % PAGING_LIMITS.chunkRows === 0) await yieldToOthers();
    const g = grade(a);
    const integrity = integrityOf(a, now, app.db.identityByAttempt.get(a.attemptId));
    rows.push([
      a.username,
      a.course,
      a.attemptId,
      new Date(a.startedAt).toISOString(),
      new Date(a.finish!.at).toISOString(),
      a.finish!.reason,
      g.score,
      g.total,
      g.percent,
      integrity.priority.level,
      integrity.priority.score,
    ]);
  }
  const csv = formatExportCsv(RESULTS_HEADER, rows);
  const body = page && page.offset > 0 ? csv.slice(csv.indexOf('\n') + 1) : csv;
  return cursor === undefined ? { csv: body } : { csv: body, cursor };
}

export async function timeline(
  args: ArgsOf<'attempts.timeline'>,
  { app }: RequestContext,
): Promise<ResultOf<'attempts.timeline'>> {
  const a = app.db.model.attempts.get(args.attemptId);
  if (!a) throw new AppError('NOT_FOUND', `No attempt '${args.attemptId}'; pick one in Attempts & integrity.`);
  const input = integrityInput(a, app.now(), app.db.identityByAttempt.get(a.attemptId));
  const page = await app.db.presenceEvents(a, args.presenceLimit ?? PRESENCE_LIMITS.timelineEvents, args.presenceAfter);
  return {
    attempt: {
      attemptId: a.attemptId,
      username: a.username,
      course: a.course,
      startedAt: a.startedAt,
      deadline: a.deadline,
      proctored: a.proctored,
      finishedAt: a.finish?.at ?? null,
      reason: a.finish?.reason ?? null,
      ...grade(a),
      // Admins see the key (PROTOCOL.md 6 only hides it from students).
      questions: a.items.map((it) => ({
        id: it.id,
        text: it.text,
        options: it.options,
        answer: it.answer,
        concept: it.concept,
        difficulty: it.difficulty,
        version: it.version,
      })),
    },
    answers: answeredItems(a).map((x) => ({ ...x, at: a.answers.get(x.questionId)!.at })),
    // The raw events come from disk: the newest ones (1.0), or a page after `presenceAfter` (a seq).
    presence: page.events.map(({ attemptId: _id, ...e }) => e),
    presenceTotal: a.presenceCount,
    ...(page.next === undefined ? {} : { presenceNext: page.next }),
    intervals: presenceIntervals(input),
    integrity: integritySummary(input),
    identity: identityTimeline(app, a), // PROTOCOL.md 8: the verdict per probe
  };
}
