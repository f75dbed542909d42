// exam.start / exam.answer / exam.finish (PROTOCOL.md 6). The engine is exam/exam-service.ts.
import { CHOICES, type Choice } from '../../protocol/messages.js';
import type { RequestContext } from '../app.js';
import { oneOf, str, type Args } from '../validate.js';
import { feedbackFor, maskAnswered, showsKey } from '../exam/feedback.js';
import { courseArg } from './courses.js';

export const attemptIdArg = (args: Args) => ({ attemptId: str(args, 'attemptId', { max: 64 }) });

export function answerArgs(args: Args): { attemptId: string; questionId: string; choice: Choice } {
  return { ...attemptIdArg(args), questionId: str(args, 'questionId', { max: 64 }), choice: oneOf(args, 'choice', CHOICES) };
}

export const startArgs = (args: Args) => ({ course: courseArg(args) });

export async function startExam(args: { course: string }, { app, session, address }: RequestContext) {
  const attempt = await app.exams.start(session.username!, args.course, address);
  // PROTOCOL.md 8 feedback: an open attempt shows right/wrong and the key only when "immediate".
  const show = showsKey(feedbackFor(app.db.model, attempt.course), false);
  return { ...attempt, answered: attempt.answered.map((x) => maskAnswered(x, show)) };
}

export async function answerQuestion(args: { attemptId: string; questionId: string; choice: Choice }, { app, session }: RequestContext) {
  const r = await app.exams.answer(session.username!, args.attemptId, args.questionId, args.choice);
  const course = app.db.model.attempts.get(args.attemptId)!.course;
  // Hidden feedback: the acknowledgement names the recorded choice only (docs/protocol.md).
  return showsKey(feedbackFor(app.db.model, course), false) ? r : { choice: args.choice };
}

export function finishExam(args: { attemptId: string }, { app, session, address }: RequestContext) {
  return app.exams.finish(session.username!, args.attemptId, address);
}
