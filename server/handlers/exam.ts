// exam.start / exam.answer / exam.finish (PROTOCOL.md 6). The engine is exam/exam-service.ts.
import { CHOICES, type Choice } from '../../protocol/messages.js';
import type { RequestContext } from '../app.js';
import { oneOf, str, type Args } from '../validate.js';
import { courseArg } from './courses.js';

export const attemptIdArg = (args: Args) => ({ attemptId: str(args, 'attemptId', { max: 64 }) });

export function answerArgs(args: Args): { attemptId: string; questionId: string; choice: Choice } {
  return { ...attemptIdArg(args), questionId: str(args, 'questionId', { max: 64 }), choice: oneOf(args, 'choice', CHOICES) };
}

export const startArgs = (args: Args) => ({ course: courseArg(args) });

export function startExam(args: { course: string }, { app, session, address }: RequestContext) {
  return app.exams.start(session.username!, args.course, address);
}

export function answerQuestion(args: { attemptId: string; questionId: string; choice: Choice }, { app, session }: RequestContext) {
  return app.exams.answer(session.username!, args.attemptId, args.questionId, args.choice);
}

export function finishExam(args: { attemptId: string }, { app, session, address }: RequestContext) {
  return app.exams.finish(session.username!, args.attemptId, address);
}
