// An in-memory PandaApi for component tests. It keeps the state the screens notice (first answer
// final, CONFLICT on stale versions, attempts used) but no rules of its own: every call's arguments
// go through the contract's validator, the same code the server runs (protocol/contract/validate.ts),
// and every result it returns, including data a test hands it, is checked against the command's
// result schema, so a test feeding a screen a shape the server never sends fails. Calls are recorded.
import { checkArgs, resultErrors } from '../../protocol/contract/validate.js';
import type { ArgsOf, CommandName, ResultOf } from '../../protocol/contract/index.js';
import { AppError } from '../../protocol/errors.js';
import { analyticsSummary } from './contract-fixtures.js';
import {
  CHOICES,
  type Attempt,
  type AttemptReview,
  type Choice,
  type CourseInfo,
  type ExamConfig,
  type Feedback,
  type PresenceEvent,
  type Question,
  type ResumeResult,
  type Role,
} from '../../protocol/messages.js';
import type {
  AttemptsQuery,
  EnrolmentInfo,
  ImportOptions,
  ImportResult,
  NewQuestion,
  PandaApi,
  UserInfo,
} from '../api.js';

export function sampleQuestions(): Question[] {
  const mk = (i: number, course: string, concept: string): Question => ({
    id: `${course}-${i}`,
    text: `${course} question ${i}: which is right?`,
    options: ['first', 'second', 'third', 'fourth'],
    answer: CHOICES[i % 4],
    concept,
    difficulty: (['Easy', 'Medium', 'Hard'] as const)[i % 3],
    course,
    version: 1,
  });
  return [
    ...[1, 2, 3, 4].map((i) => mk(i, 'DSA', i % 2 ? 'Sorting' : 'Graphs')),
    ...[1, 2, 3].map((i) => mk(i, 'OOP', 'Classes')),
  ];
}

export class FakeApi implements PandaApi {
  calls: { cmd: string; args: unknown[] }[] = [];
  questionsList = sampleQuestions();
  users_: UserInfo[] = [
    { username: 'alice', role: 'student', created: Date.UTC(2026, 0, 2), locked: false },
    { username: 'root', role: 'admin', created: Date.UTC(2026, 0, 1), locked: false },
  ];
  passwords = new Map<string, { password: string; role: Role }>([
    ['alice', { password: 'password1', role: 'student' }],
    ['root', { password: 'adminpass', role: 'admin' }],
  ]);
  attempt?: Attempt;
  answered = new Map<string, Choice>();
  presence: PresenceEvent[] = [];
  /** Results the tests set: typed loosely on purpose, checked against the contract when returned. */
  scores: unknown = [];
  /** analytics.summary: with no finished attempts, as the server answers it, until a test sets it. */
  analyticsData: unknown = analyticsSummary();
  timelineData: unknown = undefined;
  resultsCsv = '';
  /** When set, the next call of this command fails with it (once). */
  failNext = new Map<string, Error>();
  deadline = Date.now() + 10 * 60_000;
  /** Hold answers until release() (to see the pending state). */
  holdAnswers = false;
  private held: (() => void)[] = [];
  private nextId = 100;

  /** Records the call (`args` as the method got them), then checks the wire arguments as the server would. */
  private rec<C extends CommandName>(cmd: C, wire: Record<string, unknown>, ...args: unknown[]): ArgsOf<C> {
    this.calls.push({ cmd, args });
    const f = this.failNext.get(cmd);
    if (f) {
      this.failNext.delete(cmd);
      throw f;
    }
    const sent = Object.fromEntries(Object.entries(wire).filter(([, v]) => v !== undefined));
    const checked = checkArgs(cmd, sent);
    if (!checked.ok) throw new AppError('BAD_REQUEST', checked.message);
    return checked.value;
  }
  /** Results that did not fit the contract (also thrown): a test can assert this stays empty. */
  drift: string[] = [];
  protected out<C extends CommandName>(cmd: C, value: unknown): ResultOf<C> {
    const errors = resultErrors(cmd, value);
    if (errors.length > 0) {
      this.drift.push(...errors);
      throw new Error(
        `FakeApi: this ${cmd} result is not what the server sends (protocol/contract):\n${errors.join('\n')}`,
      );
    }
    return value as ResultOf<C>;
  }
  release(): void {
    for (const r of this.held.splice(0)) r();
  }

  async register(username: string, password: string) {
    this.rec('auth.register', { username, password }, username, password);
    if (this.passwords.has(username)) throw new AppError('CONFLICT', `username ${username} is taken`);
    this.passwords.set(username, { password, role: 'student' });
    return this.out('auth.register', { username, role: 'student' as const });
  }
  async login(username: string, password: string, role: Role) {
    this.rec('auth.login', { username, password, role }, username, password, role);
    const u = this.passwords.get(username);
    if (!u || u.password !== password || u.role !== role)
      throw new AppError('AUTH_FAILED', 'wrong username, password or role');
    return this.out('auth.login', { username, role });
  }
  async logout() {
    this.rec('auth.logout', {});
  }
  async courses(): Promise<CourseInfo[]> {
    this.rec('courses.list', {});
    const names = [...new Set(this.questionsList.map((q) => q.course))].sort();
    return this.out(
      'courses.list',
      names.map((course) => {
        const exam = this.exams.get(course) ?? { count: 3, minutes: 10, proctored: course === 'OOP', attempts: 0 };
        const used = this.used.get(course) ?? 0;
        const open =
          this.attempt?.course === course && !this.attemptEnded
            ? { open: { attemptId: this.attempt.attemptId, deadline: this.attempt.deadline } }
            : {};
        return {
          course,
          questions: this.questionsList.filter((q) => q.course === course).length,
          exam,
          mine: { used, left: exam.attempts === 0 ? null : Math.max(0, exam.attempts - used), ...open },
        };
      }),
    );
  }
  async questions(course?: string) {
    this.rec('questions.list', { course }, course);
    return this.out(
      'questions.list',
      this.questionsList.filter((q) => !course || q.course === course).map((q) => ({ ...q })),
    ) as Question[];
  }
  async createQuestion(q: NewQuestion) {
    const fields = this.rec('questions.create', { ...q }, q);
    const created = { ...fields, id: `Q${this.nextId++}`, version: 1 };
    this.questionsList.push(created);
    return this.out('questions.create', created);
  }
  async updateQuestion(q: Question) {
    const fields = this.rec('questions.update', { ...q }, q);
    const i = this.questionsList.findIndex((x) => x.id === q.id);
    if (i < 0) throw new AppError('NOT_FOUND', `no question ${q.id}`);
    if (this.questionsList[i].version !== q.version)
      throw new AppError('CONFLICT', `${q.id} is at version ${this.questionsList[i].version}`);
    this.questionsList[i] = { ...fields, version: q.version + 1 };
    return this.out('questions.update', this.questionsList[i]);
  }
  async deleteQuestion(id: string, version: number) {
    this.rec('questions.delete', { id, version }, id, version);
    const q = this.questionsList.find((x) => x.id === id);
    if (!q) throw new AppError('NOT_FOUND', `no question ${id}`);
    if (q.version !== version) throw new AppError('CONFLICT', 'stale version');
    this.questionsList = this.questionsList.filter((x) => x.id !== id);
  }
  async importQuestions(csv: string, opts: ImportOptions = {}): Promise<ImportResult> {
    this.rec('questions.import', { csv, ...opts }, csv, opts);
    const rows = csv.trim().split('\n').length - 1;
    return this.out('questions.import', { created: rows, updated: 0, errors: [], applied: !opts.dryRun });
  }
  async exportQuestions(course?: string) {
    this.rec('questions.export', { course }, course);
    return (
      'ID,Text,Options,CorrectAnswer,Concept,Difficulty,Course\n' +
      this.questionsList
        .map((q) => `${q.id},${q.text},${q.options.join('|')},${q.answer},${q.concept},${q.difficulty},${q.course}`)
        .join('\n') +
      '\n'
    );
  }
  exams = new Map<string, ExamConfig>();
  async configureExam(course: string, cfg: ExamConfig) {
    this.rec('exams.configure', { course, ...cfg }, course, cfg);
    // Without `feedback` the course keeps its setting (PROTOCOL.md 8), and the answer says which.
    const config = { ...cfg, feedback: cfg.feedback ?? this.exams.get(course)?.feedback ?? 'immediate' };
    this.exams.set(course, config);
    return this.out('exams.configure', { course, ...config });
  }
  /** Attempts used per course (all attempts count, as on the server); `attemptEnded`: the server ended it. */
  used = new Map<string, number>();
  attemptEnded?: 'finished' | 'expired';
  /** The server's clock (the fake's deadline is judged by it). */
  serverNow: () => number = Date.now;
  reviewData?: AttemptReview;
  private feedbackOf(course: string): Feedback {
    return this.exams.get(course)?.feedback ?? 'immediate';
  }
  async startExam(course: string): Promise<Attempt> {
    this.rec('exam.start', { course }, course);
    const limit = this.exams.get(course)?.attempts ?? 0;
    const open = this.attempt?.course === course && !this.attemptEnded;
    if (!open && limit > 0 && (this.used.get(course) ?? 0) >= limit)
      throw new AppError(
        'CONFLICT',
        `You have used all ${limit} attempt(s) for ${course}; ask your instructor if you need another.`,
      );
    if (!this.attempt || this.attempt.course !== course || this.attemptEnded) {
      this.used.set(course, (this.used.get(course) ?? 0) + 1);
      if (this.attemptEnded) this.answered.clear(); // a new attempt after an ended one starts blank
      this.attemptEnded = undefined;
      const qs = this.questionsList.filter((q) => q.course === course).slice(0, 3);
      this.attempt = {
        attemptId: `att-${course}`,
        course,
        deadline: this.deadline,
        proctored: course === 'OOP',
        answered: [],
        questions: qs.map(({ id, text, options, concept, difficulty }) => ({ id, text, options, concept, difficulty })),
      };
    }
    return this.out('exam.start', {
      ...this.attempt,
      answered: this.answeredItems(this.feedbackOf(course) === 'immediate'),
    });
  }
  private answeredItems(show: boolean) {
    return [...this.answered.entries()].map(([questionId, choice]) => {
      const answer = this.questionsList.find((q) => q.id === questionId)!.answer;
      return show ? { questionId, choice, correct: choice === answer, answer } : { questionId, choice };
    });
  }
  async resumeAttempt(attemptId: string): Promise<ResumeResult> {
    this.rec('exam.resume', { attemptId }, attemptId);
    if (!this.attempt || this.attempt.attemptId !== attemptId)
      throw new AppError('NOT_FOUND', `No attempt '${attemptId}' of yours.`);
    const fb = this.feedbackOf(this.attempt.course);
    if (!this.attemptEnded && this.serverNow() >= this.attempt.deadline) this.attemptEnded = 'expired'; // as the server's timer would
    if (!this.attemptEnded)
      return this.out('exam.resume', {
        state: 'open',
        attempt: { ...this.attempt, answered: this.answeredItems(fb === 'immediate') },
      });
    return this.out('exam.resume', {
      state: this.attemptEnded,
      result: this.grade(),
      answered: this.answeredItems(fb !== 'never'),
      deadline: this.attempt.deadline,
    });
  }
  async review(attemptId: string): Promise<AttemptReview> {
    this.rec('attempts.review', { attemptId }, attemptId);
    if (!this.reviewData) throw new AppError('NOT_FOUND', `No attempt '${attemptId}'.`);
    return this.out('attempts.review', this.reviewData);
  }
  private grade() {
    const total = this.attempt?.questions.length ?? 0;
    const score = [...this.answered.entries()].filter(
      ([id, c]) => this.questionsList.find((q) => q.id === id)?.answer === c,
    ).length;
    // One decimal, as the server rounds it (server/exam/view.ts).
    return { score, total, percent: total ? Math.round((score * 1000) / total) / 10 : 0 };
  }
  async answer(attemptId: string, questionId: string, choice: Choice) {
    this.rec('exam.answer', { attemptId, questionId, choice }, attemptId, questionId, choice);
    if (this.holdAnswers) await new Promise<void>((r) => this.held.push(r));
    if (this.attemptEnded && !this.answered.has(questionId))
      throw new AppError('EXPIRED', 'This attempt is over; answers are no longer accepted.');
    const prev = this.answered.get(questionId);
    if (prev && prev !== choice)
      throw new AppError('CONFLICT', `You already answered this question with ${prev}; the first answer is final.`);
    this.answered.set(questionId, choice);
    const answer = this.questionsList.find((q) => q.id === questionId)!.answer;
    if (this.feedbackOf(this.attempt?.course ?? '') !== 'immediate') return this.out('exam.answer', { choice });
    return this.out('exam.answer', { correct: choice === answer, answer });
  }
  async finish(attemptId: string) {
    this.rec('exam.finish', { attemptId }, attemptId);
    this.attemptEnded ??= 'finished';
    return this.out('exam.finish', this.grade());
  }
  async reportPresence(attemptId: string, events: PresenceEvent[]) {
    this.rec('presence.report', { attemptId, events }, attemptId, events);
    this.presence.push(...events);
    return this.out('presence.report', { acked: Math.max(0, ...events.map((e) => e.seq)) });
  }
  async scoresMine() {
    this.rec('scores.mine', {});
    return this.out('scores.mine', this.scores);
  }
  async analytics(course?: string) {
    this.rec('analytics.summary', { course }, course);
    return this.out('analytics.summary', this.analyticsData);
  }
  async exportResults(course?: string) {
    this.rec('results.export', { course }, course);
    return this.out('results.export', { csv: this.resultsCsv }).csv;
  }
  async timeline(attemptId: string) {
    this.rec('attempts.timeline', { attemptId }, attemptId);
    if (this.timelineData === undefined)
      throw new AppError('NOT_FOUND', `No attempt '${attemptId}'; pick one in Attempts & integrity.`);
    return this.out('attempts.timeline', this.timelineData);
  }
  async users() {
    this.rec('users.list', {});
    return this.out('users.list', this.users_);
  }
  async unlockUser(username: string, reason: string) {
    this.rec('users.unlock', { username, reason }, username, reason);
    const u = this.users_.find((x) => x.username === username);
    if (!u) throw new AppError('NOT_FOUND', `There is no user '${username}'; reload the list.`);
    const wasLocked = u.locked;
    u.locked = false;
    return this.out('users.unlock', { wasLocked });
  }
  async setPassword(username: string, password: string, reason: string) {
    this.rec('users.setPassword', { username, password, reason }, username, password, reason);
    const p = this.passwords.get(username);
    if (p?.role === 'admin')
      throw new AppError(
        'FORBIDDEN',
        `'${username}' is an admin; on the server machine: pandaproctor admin reset-password ${username}`,
      );
    this.passwords.set(username, { password, role: 'student' });
    const u = this.users_.find((x) => x.username === username);
    if (u) u.locked = false;
  }
  /** PROTOCOL.md 8: LiveAttempt / AttemptSummary objects the tests set (checked when returned). */
  liveAttempts: Record<string, unknown>[] = [];
  listedAttempts: Record<string, unknown>[] = [];
  async attemptsList(q: AttemptsQuery) {
    this.rec('attempts.list', { ...q }, q);
    return this.out('attempts.list', {
      attempts: this.listedAttempts.filter((a) => !q.state || q.state === 'all' || a.state === q.state),
    });
  }
  async monitorSubscribe(course?: string) {
    this.rec('monitor.subscribe', { course }, course);
    return this.out('monitor.subscribe', { attempts: this.liveAttempts });
  }
  async monitorUnsubscribe() {
    this.rec('monitor.unsubscribe', {});
  }
  async extendAttempt(attemptId: string, minutes: number, reason: string) {
    this.rec('attempts.extend', { attemptId, minutes, reason }, attemptId, minutes, reason);
    const a = this.liveAttempts.find((x) => x.attemptId === attemptId);
    const deadline = Number(a?.deadline ?? this.deadline) + minutes * 60_000;
    if (a) a.deadline = deadline;
    return this.out('attempts.extend', { deadline });
  }
  async endAttempt(attemptId: string, reason: string) {
    this.rec('attempts.end', { attemptId, reason }, attemptId, reason);
    return this.out('attempts.end', { score: 1, total: 3, percent: 33.3 });
  }
  async sendNotice(text: string, to: { student: string } | { course: string }) {
    this.rec('notice.send', { text, ...to }, text, to);
    return this.out('notice.send', { delivered: 1 });
  }
  // PROTOCOL.md 8 identity
  enrolments: EnrolmentInfo[] = [
    { username: 'alice', enrolled: true, at: Date.UTC(2026, 0, 3, 9, 5), attemptId: 'att-1' },
  ];
  async enrolIdentity(attemptId: string, templates: Uint8Array[]) {
    this.rec('identity.enrol', { attemptId, templates }, attemptId, templates.length);
    return this.out('identity.enrol', { enrolled: true });
  }
  async identityStatus(username?: string) {
    this.rec('identity.status', { username }, username);
    return this.out(
      'identity.status',
      this.enrolments.filter((e) => username === undefined || e.username === username),
    );
  }
  async resetIdentity(username: string, reason: string) {
    this.rec('identity.reset', { username, reason }, username, reason);
    this.enrolments = this.enrolments.map((e) => (e.username === username ? { username, enrolled: false } : e));
  }
}

export { FakeConn, MemFiles } from './fake-conn.js';
