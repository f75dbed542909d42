// Typed wrapper over the protocol: one method per command of PROTOCOL.md 6. Everything the UI needs
// goes through the PandaApi interface so component tests can use an in-memory fake
// (client/testing/fake-api.ts) and the app can use a reconnecting session (client/session.ts).
import type {
  Attempt,
  AttemptReview,
  ResumeResult,
  Choice,
  CourseInfo,
  ExamConfig,
  FinishResult,
  PresenceEvent,
  Question,
  Role,
} from '../protocol/messages.js';

/** identity.status row (PROTOCOL.md 8): never a template. */
export interface EnrolmentInfo { username: string; enrolled: boolean; at?: number; attemptId?: string }

/** Something that can send one request: a ClientChannel or the reconnecting Session. */
export interface Requester {
  request<T = unknown>(cmd: string, args?: Record<string, unknown>): Promise<T>;
}

export type NewQuestion = Omit<Question, 'id' | 'version'>;
export interface ImportResult { created: number; updated: number; errors: { line: number; message: string }[]; applied?: boolean }
/** questions.import options (docs/protocol.md, feature `import-preview`): a dry run changes nothing; all-or-nothing applies no row when any row has an error. */
export interface ImportOptions { dryRun?: boolean; allOrNothing?: boolean }
export interface UserInfo { username: string; role: Role; created: number | string; locked: boolean }
/** `correct`/`answer` are absent when the course's feedback setting hides them (PROTOCOL.md 8). */
export interface AnswerResult { correct?: boolean; answer?: Choice; choice?: Choice }

export interface PandaApi {
  register(username: string, password: string): Promise<{ username: string; role: 'student' }>;
  login(username: string, password: string, role: Role): Promise<{ username: string; role: Role }>;
  logout(): Promise<void>;
  courses(): Promise<CourseInfo[]>;
  questions(course?: string): Promise<Question[]>;
  createQuestion(q: NewQuestion): Promise<Question>;
  updateQuestion(q: Question): Promise<Question>;
  deleteQuestion(id: string, version: number): Promise<void>;
  importQuestions(csv: string, opts?: ImportOptions): Promise<ImportResult>;
  exportQuestions(course?: string): Promise<string>;
  configureExam(course: string, cfg: ExamConfig): Promise<unknown>;
  startExam(course: string): Promise<Attempt>;
  answer(attemptId: string, questionId: string, choice: Choice): Promise<AnswerResult>;
  finish(attemptId: string): Promise<FinishResult>;
  reportPresence(attemptId: string, events: PresenceEvent[]): Promise<{ acked: number }>;
  /** Raw shapes: client/state/reports.ts normalises them. */
  scoresMine(): Promise<unknown>;
  analytics(course?: string): Promise<unknown>;
  exportResults(course?: string): Promise<string>;
  timeline(attemptId: string): Promise<unknown>;
  users(): Promise<UserInfo[]>;
  /** Feature `users-admin` (docs/protocol.md): audited with the admin's reason. */
  unlockUser(username: string, reason: string): Promise<{ wasLocked: boolean }>;
  setPassword(username: string, password: string, reason: string): Promise<void>;
  /** The student's attempt by id after a reconnect; never starts one (feature `review`). */
  resumeAttempt(attemptId: string): Promise<ResumeResult>;
  /** PROTOCOL.md 8 attempts.review (feature `review`). */
  review(attemptId: string): Promise<AttemptReview>;
  // PROTOCOL.md 8 (features `attempts`, `monitor`): raw shapes, client/state/live.ts normalises them.
  attemptsList(q: AttemptsQuery): Promise<unknown>;
  monitorSubscribe(course?: string): Promise<unknown>;
  monitorUnsubscribe(): Promise<void>;
  extendAttempt(attemptId: string, minutes: number, reason: string): Promise<{ deadline: number }>;
  endAttempt(attemptId: string, reason: string): Promise<FinishResult>;
  sendNotice(text: string, to: { student: string } | { course: string }): Promise<{ delivered: number }>;
  enrolIdentity(attemptId: string, templates: Uint8Array[]): Promise<{ enrolled: boolean }>;
  identityStatus(username?: string): Promise<EnrolmentInfo[]>;
  resetIdentity(username: string, reason: string): Promise<void>;
}

export interface AttemptsQuery { course?: string; state?: 'open' | 'finished' | 'expired' | 'all'; student?: string; limit?: number; cursor?: string }

/** Drops undefined values so optional args are absent on the wire, not nil. */
function args(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

export class Api implements PandaApi {
  constructor(private readonly r: Requester) {}
  register(username: string, password: string) {
    return this.r.request<{ username: string; role: 'student' }>('auth.register', { username, password });
  }
  login(username: string, password: string, role: Role) {
    return this.r.request<{ username: string; role: Role }>('auth.login', { username, password, role });
  }
  async logout() {
    await this.r.request('auth.logout', {});
  }
  courses() {
    return this.r.request<CourseInfo[]>('courses.list', {});
  }
  questions(course?: string) {
    return this.r.request<Question[]>('questions.list', args({ course }));
  }
  createQuestion(q: NewQuestion) {
    return this.r.request<Question>('questions.create', { ...q });
  }
  updateQuestion(q: Question) {
    return this.r.request<Question>('questions.update', { ...q });
  }
  async deleteQuestion(id: string, version: number) {
    await this.r.request('questions.delete', { id, version });
  }
  importQuestions(csv: string, opts: ImportOptions = {}) {
    return this.r.request<ImportResult>('questions.import', args({ csv, dryRun: opts.dryRun || undefined, allOrNothing: opts.allOrNothing || undefined }));
  }
  async exportQuestions(course?: string) {
    return (await this.r.request<{ csv: string }>('questions.export', args({ course }))).csv;
  }
  configureExam(course: string, cfg: ExamConfig) {
    return this.r.request('exams.configure', { course, ...cfg });
  }
  startExam(course: string) {
    return this.r.request<Attempt>('exam.start', { course });
  }
  answer(attemptId: string, questionId: string, choice: Choice) {
    return this.r.request<AnswerResult>('exam.answer', { attemptId, questionId, choice });
  }
  finish(attemptId: string) {
    return this.r.request<FinishResult>('exam.finish', { attemptId });
  }
  reportPresence(attemptId: string, events: PresenceEvent[]) {
    return this.r.request<{ acked: number }>('presence.report', { attemptId, events });
  }
  scoresMine() {
    return this.r.request('scores.mine', {});
  }
  analytics(course?: string) {
    return this.r.request('analytics.summary', args({ course }));
  }
  async exportResults(course?: string) {
    return (await this.r.request<{ csv: string }>('results.export', args({ course }))).csv;
  }
  timeline(attemptId: string) {
    return this.r.request('attempts.timeline', { attemptId });
  }
  users() {
    return this.r.request<UserInfo[]>('users.list', {});
  }  // PROTOCOL.md 8 identity (check welcome.features first)
  async enrolIdentity(attemptId: string, templates: Uint8Array[]) {
    return this.r.request<{ enrolled: boolean }>('identity.enrol', { attemptId, templates });
  }
  unlockUser(username: string, reason: string) {
    return this.r.request<{ wasLocked: boolean }>('users.unlock', { username, reason });
  }
  async setPassword(username: string, password: string, reason: string) {
    await this.r.request('users.setPassword', { username, password, reason });
  }
  resumeAttempt(attemptId: string) {
    return this.r.request<ResumeResult>('exam.resume', { attemptId });
  }
  review(attemptId: string) {
    return this.r.request<AttemptReview>('attempts.review', { attemptId });
  }
  attemptsList(q: AttemptsQuery) {
    return this.r.request('attempts.list', args({ ...q }));
  }
  monitorSubscribe(course?: string) {
    return this.r.request('monitor.subscribe', args({ course }));
  }
  async monitorUnsubscribe() {
    await this.r.request('monitor.unsubscribe', {});
  }
  extendAttempt(attemptId: string, minutes: number, reason: string) {
    return this.r.request<{ deadline: number }>('attempts.extend', { attemptId, minutes, reason });
  }
  endAttempt(attemptId: string, reason: string) {
    return this.r.request<FinishResult>('attempts.end', { attemptId, reason });
  }
  sendNotice(text: string, to: { student: string } | { course: string }) {
    return this.r.request<{ delivered: number }>('notice.send', { text, ...to });
  }
  async identityStatus(username?: string) {
    return this.r.request<EnrolmentInfo[]>('identity.status', args({ username }));
  }
  async resetIdentity(username: string, reason: string) {
    await this.r.request('identity.reset', { username, reason });
  }

}
