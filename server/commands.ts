// The one command table (PROTOCOL.md 6): command -> role, argument validator, handler
// (CONVENTIONS.md: node-redis style, one handler module per area).
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
import { myScores, scoresArgs } from './handlers/scores.js';
import * as users from './handlers/users.js';
import { none, type Args } from './validate.js';

/** Who may call: `anon` = only before login, `any` = everyone, `user` = student or admin. */
export type Access = 'anon' | 'any' | 'user' | 'student' | 'admin';

export interface CommandSpec<A> {
  access: Access;
  validate: (args: Args) => A;
  handle: (args: A, ctx: RequestContext) => unknown;
  /** Never log these argument values (passwords). */
  secret?: boolean;
}

function cmd<A>(spec: CommandSpec<A>): CommandSpec<unknown> {
  return spec as CommandSpec<unknown>;
}

export const COMMANDS: Readonly<Record<string, CommandSpec<unknown>>> = {
  'auth.register': cmd({ access: 'anon', validate: auth.credentials, handle: auth.register, secret: true }),
  'auth.login': cmd({ access: 'anon', validate: auth.loginArgs, handle: auth.login, secret: true }),
  'auth.resume': cmd({ access: 'anon', validate: resume.resumeArgs, handle: resume.resume, secret: true }),
  'auth.logout': cmd({ access: 'any', validate: none, handle: auth.logout }),
  'courses.list': cmd({ access: 'user', validate: none, handle: courses.listCourses }),
  'questions.list': cmd({ access: 'admin', validate: questions.listArgs, handle: questions.listQuestions }),
  'questions.create': cmd({ access: 'admin', validate: questions.questionFields, handle: questions.createQuestion }),
  'questions.update': cmd({
    access: 'admin',
    validate: (a) => ({ ...questions.questionFields(a), ...questions.idVersion(a) }),
    handle: questions.updateQuestion,
  }),
  'questions.delete': cmd({ access: 'admin', validate: questions.idVersion, handle: questions.deleteQuestion }),
  'questions.import': cmd({ access: 'admin', validate: questions.importArgs, handle: questions.importQuestions }),
  'questions.export': cmd({ access: 'admin', validate: questions.exportArgs, handle: questions.exportQuestions }),
  'exams.configure': cmd({ access: 'admin', validate: courses.configureArgs, handle: courses.configureExam }),
  'exam.start': cmd({ access: 'student', validate: exam.startArgs, handle: exam.startExam }),
  'exam.answer': cmd({ access: 'student', validate: exam.answerArgs, handle: exam.answerQuestion }),
  'exam.finish': cmd({ access: 'student', validate: exam.attemptIdArg, handle: exam.finishExam }),
  'presence.report': cmd({ access: 'student', validate: presence.reportArgs, handle: presence.reportPresence }),
  'scores.mine': cmd({ access: 'student', validate: scoresArgs, handle: myScores }),
  'analytics.summary': cmd({ access: 'admin', validate: questions.optionalCourse, handle: analytics.summary }),
  'results.export': cmd({ access: 'admin', validate: analytics.exportArgs, handle: analytics.exportResults }),
  'attempts.timeline': cmd({ access: 'admin', validate: analytics.timelineArgs, handle: analytics.timeline }),
  'users.list': cmd({ access: 'admin', validate: none, handle: users.listUsers }),
  // Feature `users-admin` (docs/protocol.md): unlock and set a student's password over the wire, audited with a reason.
  'users.unlock': cmd({ access: 'admin', validate: users.unlockArgs, handle: users.unlockUser }),
  'users.setPassword': cmd({ access: 'admin', validate: users.setPasswordArgs, handle: users.setPassword, secret: true }),
  // PROTOCOL.md 8 (feature `review`): students review their own finished attempts, admins any.
  'attempts.review': cmd({ access: 'user', validate: exam.attemptIdArg, handle: review.reviewAttempt }),
  // The reconnect path: the student's attempt by id, never a new one (docs/protocol.md, feature `review`).
  'exam.resume': cmd({ access: 'student', validate: exam.attemptIdArg, handle: review.resumeExam }),
  // PROTOCOL.md 8: live invigilation (features `attempts` and `monitor`).
  'attempts.list': cmd({ access: 'admin', validate: live.listArgs, handle: live.listAttempts }),
  'attempts.extend': cmd({ access: 'admin', validate: live.extendArgs, handle: live.extendAttempt }),
  'attempts.end': cmd({ access: 'admin', validate: live.endArgs, handle: live.endAttempt }),
  'notice.send': cmd({ access: 'admin', validate: live.noticeArgs, handle: live.sendNotice }),
  'monitor.subscribe': cmd({ access: 'admin', validate: live.subscribeArgs, handle: live.subscribe }),
  'monitor.unsubscribe': cmd({ access: 'admin', validate: none, handle: live.unsubscribe }),
  // PROTOCOL.md 8 identity
  'identity.enrol': cmd({ access: 'student', validate: identity.enrolArgs, handle: identity.enrol }),
  'identity.status': cmd({ access: 'admin', validate: identity.statusArgs, handle: identity.status }),
  'identity.reset': cmd({ access: 'admin', validate: identity.resetArgs, handle: identity.reset }),
};
