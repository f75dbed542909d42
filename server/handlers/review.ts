// attempts.review (PROTOCOL.md 8) and exam.resume (docs/protocol.md): a finished attempt question by
// question, and a student's attempt by id after a reconnect. Students see the key only as the
// course's feedback setting allows (exam/feedback.ts).
import { AppError } from '../../protocol/errors.js';
import type { AttemptReview, ResumeResult } from '../../protocol/messages.js';
import type { RequestContext } from '../app.js';
import { resumeAttempt } from '../exam/exam-service.js';
import { feedbackFor, maskAnswered, showsKey } from '../exam/feedback.js';
import { attemptReview } from '../exam/summary.js';
import { answeredItems, studentAttempt } from '../exam/view.js';

export async function reviewAttempt(
  args: { attemptId: string },
  { app, session }: RequestContext,
): Promise<AttemptReview> {
  const feedback = (course: string) => feedbackFor(app.db.model, course);
  if (session.role === 'admin') {
    const a = app.db.model.attempts.get(args.attemptId);
    if (!a) throw new AppError('NOT_FOUND', `No attempt '${args.attemptId}'; copy the id from the attempts list.`);
    return attemptReview(a, feedback(a.course), true, app.now());
  }
  const a = app.exams.owned(session.username!, args.attemptId);
  // Listed as finished only once the finish is durable (as scores.mine): until then it is open.
  if (a.finish?.durable) await a.finish.durable.catch(() => {});
  if (!a.finish || a.finish.durable)
    throw new AppError('FORBIDDEN', 'This attempt is still open: finish it first, then review it from your dashboard.');
  const f = feedback(a.course);
  return attemptReview(a, f, showsKey(f, true), app.now());
}

export async function resumeExam(args: { attemptId: string }, { app, session }: RequestContext): Promise<ResumeResult> {
  const r = await resumeAttempt(app.exams, session.username!, args.attemptId, app.now());
  if ('open' in r) {
    const attempt = studentAttempt(r.open);
    const show = showsKey(feedbackFor(app.db.model, r.open.course), false);
    return { state: 'open', attempt: { ...attempt, answered: attempt.answered.map((x) => maskAnswered(x, show)) } };
  }
  const show = showsKey(feedbackFor(app.db.model, r.a.course), true);
  return {
    state: r.state,
    result: r.result,
    answered: answeredItems(r.a).map((x) => maskAnswered(x, show)),
    deadline: r.a.deadline,
  };
}
