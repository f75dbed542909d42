// Typed wrapper over the protocol: one method per command, every argument and result type taken
// from the contract (protocol/contract/). Everything the UI needs goes through the PandaApi
// interface so component tests can use an in-memory fake (client/testing/fake-api.ts, which checks
// arguments and results against the same contract) and the app a reconnecting session
// (client/session.ts).
import type { ArgsOf, CommandName, ResultOf } from '../protocol/contract/index.js';
import type {
  Attempt,
  AttemptReview,
  Choice,
  CourseInfo,
  ExamConfig,
  FinishResult,
  PresenceEvent,
  Question,
  ResumeResult,
  Role,
} from '../protocol/messages.js';

export type { ArgsOf, CommandName, ResultOf };

/** identity.status row (PROTOCOL.md 8): never a template. */
export type EnrolmentInfo = ResultOf<'identity.status'>[number];

/** Something that can send one request: a ClientChannel or the reconnecting Session. */
export interface Requester {
  request<T = unknown>(cmd: string, args?: Record<string, unknown>): Promise<T>;
}

/** Sends one command with arguments and result typed by the contract. */
export function call<C extends CommandName>(r: Requester, cmd: C, args: ArgsOf<C>): Promise<ResultOf<C>> {
  // Optional arguments left undefined are absent on the wire, not nil.
  const wire = Object.fromEntries(Object.entries(args as Record<string, unknown>).filter(([, v]) => v !== undefined));
  return r.request<ResultOf<C>>(cmd, wire);
}

export type NewQuestion = Omit<Question, 'id' | 'version'>;
export type ImportResult = ResultOf<'questions.import'>;
/** questions.import options (feature `import-preview`): a dry run changes nothing; all-or-nothing applies no row when any row has an error. */
export type ImportOptions = Omit<ArgsOf<'questions.import'>, 'csv'>;
export type UserInfo = ResultOf<'users.list'>[number];
/** `correct`/`answer` are absent when the course's feedback setting hides them (PROTOCOL.md 8). */
export type AnswerResult = ResultOf<'exam.answer'>;
export type AttemptsQuery = ArgsOf<'attempts.list'>;
export type LoginResult = ResultOf<'auth.login'>;
export type ScoresMine = ResultOf<'scores.mine'>;
export type AnalyticsSummary = ResultOf<'analytics.summary'>;
export type Timeline = ResultOf<'attempts.timeline'>;
export type AttemptsPage = ResultOf<'attempts.list'>;
export type MonitorSnapshot = ResultOf<'monitor.subscribe'>;

export interface PandaApi {
  register(username: string, password: string): Promise<ResultOf<'auth.register'>>;
  login(username: string, password: string, role: Role): Promise<LoginResult>;
  logout(): Promise<void>;
  courses(): Promise<CourseInfo[]>;
  /** The whole bank (the 1.0 answer: no paging arguments). */
  questions(course?: string): Promise<Question[]>;
  createQuestion(q: NewQuestion): Promise<Question>;
  updateQuestion(q: Question): Promise<Question>;
  deleteQuestion(id: string, version: number): Promise<void>;
  importQuestions(csv: string, opts?: ImportOptions): Promise<ImportResult>;
  exportQuestions(course?: string): Promise<string>;
  configureExam(course: string, cfg: ExamConfig): Promise<ResultOf<'exams.configure'>>;
  startExam(course: string): Promise<Attempt>;
  answer(attemptId: string, questionId: string, choice: Choice): Promise<AnswerResult>;
  finish(attemptId: string): Promise<FinishResult>;
  reportPresence(attemptId: string, events: PresenceEvent[]): Promise<{ acked: number }>;
  /** Without paging arguments: the newest attempts that fit one student frame. */
  scoresMine(): Promise<ScoresMine>;
  analytics(course?: string): Promise<AnalyticsSummary>;
  exportResults(course?: string): Promise<string>;
  timeline(attemptId: string): Promise<Timeline>;
  users(): Promise<UserInfo[]>;
  /** Feature `users-admin` (docs/protocol.md): audited with the admin's reason. */
  unlockUser(username: string, reason: string): Promise<{ wasLocked: boolean }>;
  setPassword(username: string, password: string, reason: string): Promise<void>;
  /** The student's attempt by id after a reconnect; never starts one (feature `review`). */
  resumeAttempt(attemptId: string): Promise<ResumeResult>;
  /** PROTOCOL.md 8 attempts.review (feature `review`). */
  review(attemptId: string): Promise<AttemptReview>;
  // PROTOCOL.md 8 (features `attempts`, `monitor`).
  attemptsList(q: AttemptsQuery): Promise<AttemptsPage>;
  monitorSubscribe(course?: string): Promise<MonitorSnapshot>;
  monitorUnsubscribe(): Promise<void>;
  extendAttempt(attemptId: string, minutes: number, reason: string): Promise<{ deadline: number }>;
  endAttempt(attemptId: string, reason: string): Promise<FinishResult>;
  sendNotice(text: string, to: { student: string } | { course: string }): Promise<{ delivered: number }>;
  enrolIdentity(attemptId: string, templates: Uint8Array[]): Promise<ResultOf<'identity.enrol'>>;
  identityStatus(username?: string): Promise<EnrolmentInfo[]>;
  resetIdentity(username: string, reason: string): Promise<void>;
}

/** questions.list without paging arguments answers the 1.0 array; a page is `{questions, cursor?}`. */
function wholeBank(r: ResultOf<'questions.list'>): Question[] {
  return Array.isArray(r) ? r : r.questions;
}

export class Api implements PandaApi {
  constructor(private readonly r: Requester) {}
  private call<C extends CommandName>(cmd: C, args: ArgsOf<C>): Promise<ResultOf<C>> {
    return call(this.r, cmd, args);
  }
  register(username: string, password: string) {
    return this.call('auth.register', { username, password });
  }
  login(username: string, password: string, role: Role) {
    return this.call('auth.login', { username, password, role });
  }
  async logout() {
    await this.call('auth.logout', {});
  }
  courses() {
    return this.call('courses.list', {});
  }
  async questions(course?: string) {
    return wholeBank(await this.call('questions.list', { course }));
  }
  createQuestion(q: NewQuestion) {
    return this.call('questions.create', { ...q });
  }
  updateQuestion(q: Question) {
    return this.call('questions.update', { ...q });
  }
  async deleteQuestion(id: string, version: number) {
    await this.call('questions.delete', { id, version });
  }
  importQuestions(csv: string, opts: ImportOptions = {}) {
    // Only `true` is sent: a server without `import-preview` ignores unknown arguments and would apply.
    return this.call('questions.import', {
      csv,
      dryRun: opts.dryRun || undefined,
      allOrNothing: opts.allOrNothing || undefined,
    });
  }
  async exportQuestions(course?: string) {
    return (await this.call('questions.export', { course })).csv;
  }
  configureExam(course: string, cfg: ExamConfig) {
    return this.call('exams.configure', { course, ...cfg });
  }
  startExam(course: string) {
    return this.call('exam.start', { course });
  }
  answer(attemptId: string, questionId: string, choice: Choice) {
    return this.call('exam.answer', { attemptId, questionId, choice });
  }
  finish(attemptId: string) {
    return this.call('exam.finish', { attemptId });
  }
  reportPresence(attemptId: string, events: PresenceEvent[]) {
    return this.call('presence.report', { attemptId, events });
  }
  scoresMine() {
    return this.call('scores.mine', {});
  }
  analytics(course?: string) {
    return this.call('analytics.summary', { course });
  }
  async exportResults(course?: string) {
    return (await this.call('results.export', { course })).csv;
  }
  timeline(attemptId: string) {
    return this.call('attempts.timeline', { attemptId });
  }
  users() {
    return this.call('users.list', {});
  }
  // PROTOCOL.md 8 identity (check welcome.features first)
  enrolIdentity(attemptId: string, templates: Uint8Array[]) {
    return this.call('identity.enrol', { attemptId, templates });
  }
  unlockUser(username: string, reason: string) {
    return this.call('users.unlock', { username, reason });
  }
  async setPassword(username: string, password: string, reason: string) {
    await this.call('users.setPassword', { username, password, reason });
  }
  resumeAttempt(attemptId: string) {
    return this.call('exam.resume', { attemptId });
  }
  review(attemptId: string) {
    return this.call('attempts.review', { attemptId });
  }
  attemptsList(q: AttemptsQuery) {
    return this.call('attempts.list', { ...q });
  }
  monitorSubscribe(course?: string) {
    return this.call('monitor.subscribe', { course });
  }
  async monitorUnsubscribe() {
    await this.call('monitor.unsubscribe', {});
  }
  extendAttempt(attemptId: string, minutes: number, reason: string) {
    return this.call('attempts.extend', { attemptId, minutes, reason });
  }
  endAttempt(attemptId: string, reason: string) {
    return this.call('attempts.end', { attemptId, reason });
  }
  sendNotice(text: string, to: { student: string } | { course: string }) {
    return this.call('notice.send', { text, ...to });
  }
  identityStatus(username?: string) {
    return this.call('identity.status', { username });
  }
  async resetIdentity(username: string, reason: string) {
    await this.call('identity.reset', { username, reason });
  }
}
