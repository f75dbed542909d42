// exam.start / exam.answer / exam.finish (PROTOCOL.md 6). The engine is exam/exam-service.ts.
import type { ArgsOf } from '../../protocol/contract/index.js';
import type { RequestContext } from '../app.js';
import { feedbackFor, maskAnswered, showsKey } from '../exam/feedback.js';

export async function startExam(args: { course: string }, { app, session, address }: RequestContext) {
  const attempt = await app.exams.start(session.username!, args.course, address);
  // PROTOCOL.md 8 feedback: an open attempt shows right/wrong and the key only when "immediate".
  const show = showsKey(feedbackFor(app.db.model, attempt.course), false);
  return { ...attempt, answered: attempt.answered.map((x) => maskAnswered(x, show)) };
}

export async function answerQuestion(args: ArgsOf<'exam.answer'>, { app, session }: RequestContext) {
  const r = await app.exams.answer(session.username!, args.attemptId, args.questionId, args.choice);
  const course = app.db.model.attempts.get(args.attemptId)!.course;
  // Hidden feedback: the acknowledgement names the recorded choice only (docs/protocol.md).
  return showsKey(feedbackFor(app.db.model, course), false) ? r : { choice: args.choice };
}

export function finishExam(args: { attemptId: string }, { app, session, address }: RequestContext) {
  return app.exams.finish(session.username!, args.attemptId, address);
}
