// analytics.summary, results.export, attempts.timeline (PROTOCOL.md 6). The statistics are pure
// functions in exam/analytics.ts and exam/integrity.ts; this maps the stored attempts into them.
import { AppError } from '../../protocol/errors.js';
import type { App, RequestContext } from '../app.js';
import { computeAnalytics } from '../exam/analytics.js';
import { integritySummary, presenceIntervals } from '../exam/integrity.js';
import { answeredItems, grade, integrityInput, scoredAttempt } from '../exam/view.js';
import { PRESENCE_LIMITS } from '../limits.js';
import { formatExportCsv } from '../store/csv.js';
import type { AttemptState } from '../store/model.js';

function finished(app: App, course?: string): AttemptState[] {
  return [...app.db.model.attempts.values()].filter((a) => a.finish !== null && (course === undefined || a.course === course));
}

export function summary(args: { course?: string }, { app }: RequestContext) {
  const stats = computeAnalytics(finished(app, args.course).map(scoredAttempt), args.course === undefined ? {} : { course: args.course });
  // Scores imported from the original student_scores.csv have no course, so only the overall view shows them.
  // Item analysis names each question by its text as the bank has it now ('' once deleted), so an
  // admin reading a flagged item sees which question it is without looking its id up.
  const items = stats.items.map((it) => ({ ...it, text: app.db.model.questions.get(it.questionId)?.text ?? '' }));
  return { ...stats, items, legacyScores: args.course === undefined ? app.db.model.legacyScores : [] };
}

export function exportResults(args: { course?: string }, { app }: RequestContext) {
  const now = app.now();
  const rows = finished(app, args.course).map((a) => {
    const g = grade(a);
    const integrity = integritySummary(integrityInput(a, now));
    return [a.username, a.course, a.attemptId, new Date(a.startedAt).toISOString(), new Date(a.finish!.at).toISOString(), a.finish!.reason, g.score, g.total, g.percent, integrity.priority.level, integrity.priority.score];
  });
  const header = ['Username', 'Course', 'AttemptId', 'StartedAt', 'FinishedAt', 'Reason', 'Score', 'Total', 'Percent', 'Review', 'ReviewScore'];
  return { csv: formatExportCsv(header, rows) };
}

export function timeline(args: { attemptId: string }, { app }: RequestContext) {
  const a = app.db.model.attempts.get(args.attemptId);
  if (!a) throw new AppError('NOT_FOUND', `No attempt '${args.attemptId}'; copy the id from the results list.`);
  const input = integrityInput(a, app.now());
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
      questions: a.items.map((it) => ({ id: it.id, text: it.text, options: it.options, answer: it.answer, concept: it.concept, difficulty: it.difficulty, version: it.version })),
    },
    answers: answeredItems(a).map((x) => ({ ...x, at: a.answers.get(x.questionId)!.at })),
    presence: a.presence.slice(-PRESENCE_LIMITS.timelineEvents).map(({ attemptId: _id, ...e }) => e),
    presenceTotal: a.presence.length,
    intervals: presenceIntervals(input),
    integrity: integritySummary(input),
  };
}
