// The one command table (PROTOCOL.md 6): command -> role, argument validator, handler
// (CONVENTIONS.md: node-redis style, one handler module per area). Roles, argument schemas, result
// schemas and secrecy come from the contract (protocol/contract/); this file only names each
// command's handler, and the compiler holds every handler to its command's argument and result types.
import {
  COMMAND_NAMES,
  CONTRACT,
  type Access,
  type ArgsOf,
  type CommandName,
  type ResultOf,
} from '../protocol/contract/index.js';
import { parseArgs } from '../protocol/contract/validate.js';
import type { RequestContext } from './app.js';
import * as analytics from './handlers/analytics.js';
import * as auth from './handlers/auth.js';
import * as courses from './handlers/courses.js';
import * as exam from './handlers/exam.js';
import * as live from './handlers/invigilate.js';
import * as identity from './handlers/identity.js';
import * as presence from './handlers/presence.js';
import * as questions from './handlers/questions.js';
import * as review from './handlers/review.js';
import * as resume from './handlers/resume.js';
import { myScores } from './handlers/scores.js';
import * as users from './handlers/users.js';

export type { Access };

type Handler<C extends CommandName> = (args: ArgsOf<C>, ctx: RequestContext) => ResultOf<C> | Promise<ResultOf<C>>;

const HANDLERS: { [C in CommandName]: Handler<C> } = {
  'auth.register': auth.register,
  'auth.login': auth.login,
  'auth.resume': resume.resume,
  'auth.logout': auth.logout,
  'courses.list': courses.listCourses,
  'questions.list': questions.listQuestions,
  'questions.create': questions.createQuestion,
  'questions.update': questions.updateQuestion,
  'questions.delete': questions.deleteQuestion,
  'questions.import': questions.importQuestions,
  'questions.export': questions.exportQuestions,
  'exams.configure': courses.configureExam,
  'exam.start': exam.startExam,
  'exam.answer': exam.answerQuestion,
  'exam.finish': exam.finishExam,
  'exam.resume': review.resumeExam,
  'presence.report': presence.reportPresence,
  'scores.mine': myScores,
  'analytics.summary': analytics.summary,
  'results.export': analytics.exportResults,
  'attempts.timeline': analytics.timeline,
  'attempts.review': review.reviewAttempt,
  'users.list': users.listUsers,
  'users.unlock': users.unlockUser,
  'users.setPassword': users.setPassword,
  'attempts.list': live.listAttempts,
  'attempts.extend': live.extendAttempt,
  'attempts.end': live.endAttempt,
  'notice.send': live.sendNotice,
  'monitor.subscribe': live.subscribe,
  'monitor.unsubscribe': live.unsubscribe,
  'identity.enrol': identity.enrol,
  'identity.status': identity.status,
  'identity.reset': identity.reset,
};

export interface CommandSpec {
  access: Access;
  /** The contract's validator: typed arguments, or BAD_REQUEST naming the field and the rule. */
  validate: (args: Record<string, unknown>) => unknown;
  handle: (args: never, ctx: RequestContext) => unknown;
  /** Never log these argument values (passwords, tokens). */
  secret: boolean;
}

export const COMMANDS: Readonly<Record<string, CommandSpec>> = Object.fromEntries(
  COMMAND_NAMES.map((c): [string, CommandSpec] => [
    c,
    {
      access: CONTRACT[c].access,
      secret: CONTRACT[c].secret,
      validate: (args) => parseArgs(c, args),
      handle: HANDLERS[c] as CommandSpec['handle'],
    },
  ]),
);
