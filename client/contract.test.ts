// Contract tests: a real server on 127.0.0.1 is driven through every command of the contract with
// realistic data (students and an admin, the 1.1 commands included), and every real answer and
// event is checked against its schema (protocol/contract/). The answers are then run through the
// client's own code (client/state/reports.ts, attempts-list.ts, live.ts). A command added to the
// contract without a call here fails; all six events are met too (the server's clock can be moved
// past a deadline for exam.expired).
import '../protocol/testing/fast-nacl.js'; // X25519 outside Jest's slow vm sandbox
import { COMMAND_NAMES, EVENTS, type CommandName, type EventOf } from '../protocol/contract/index.js';
import { eventErrors, resultErrors } from '../protocol/contract/validate.js';
import { CHOICES } from '../protocol/messages.js';
import { addAdmin } from '../server/admin-ops.js';
import { Api, call, type Requester } from './api.js';
import { attemptSummaries } from './state/attempts-list.js';
import { liveRows } from './state/live.js';
import { analytics, scoreRows, timeline } from './state/reports.js';
import { faceTemplate } from './testing/contract-fixtures.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from '../protocol/connect.js';
import { startServer, type RunningServer } from '../server/server.js';
import { Session } from './session.js';

/** The server's clock runs `skew` ms ahead of the real one, so a test can reach a deadline at once. */
let skew = 0;
let server: RunningServer;
let dataDir: string;
const sessions: Session[] = [];
const h = {
  session(): Session {
    const s = new Session({
      connect: () => connect({ host: '127.0.0.1', port: server.port, serverKey: server.publicKey }),
      minDelayMs: 50,
      maxDelayMs: 400,
    });
    sessions.push(s);
    s.start();
    return s;
  },
  closeServer: () => server.close(),
};
const exercised = new Set<string>();
const drift: string[] = [];
const events: { who: string; name: string; data: Record<string, unknown> }[] = [];

/** A Requester that records the command and checks its real answer against the result schema. */
function checked(session: Session, who: string): Requester {
  session.onEvent((name, data) => {
    events.push({ who, name, data });
    drift.push(...eventErrors(name, data));
  });
  return {
    async request<T>(cmd: string, args: Record<string, unknown> = {}): Promise<T> {
      const data = await session.request<T>(cmd, args);
      exercised.add(cmd);
      const errors = resultErrors(cmd as CommandName, data);
      drift.push(...errors);
      if (errors.length > 0)
        throw new Error(`the server's ${cmd} answer does not fit the contract:\n${errors.join('\n')}`);
      return data;
    },
  };
}

async function until<T>(what: string, probe: () => T | undefined, ms = 5_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

let admin: Requester;
let adminApi: Api;
let stu: Requester;
let stuApi: Api;
let other: Requester;
const CT_CSV = [
  'ID,Text,Options,CorrectAnswer,Concept,Difficulty,Course',
  ',Which sort is stable?,merge sort|heap sort|quick sort,A,Sorting,Easy,CT',
  ',Which structure is FIFO?,stack|queue,B,Queues,Medium,CT',
  ',"Which is O(log n), on average?",binary search|linear search|bubble sort,A,Searching,Hard,CT',
].join('\n');

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'pp-contract-'));
  server = await startServer({ dataDir, port: 0, quiet: true, now: () => Date.now() + skew });
  await addAdmin(dataDir, 'root', 'admin-pass-1');
  admin = checked(h.session(), 'admin');
  adminApi = new Api(admin);
  stu = checked(h.session(), 'stu');
  stuApi = new Api(stu);
  other = checked(h.session(), 'other');
});
afterAll(async () => {
  for (const s of sessions) await s.close();
  await server.close().catch(() => undefined);
  await rm(dataDir, { recursive: true, force: true });
});

test('accounts: register, login with a resume token, resume on a new connection, logout', async () => {
  expect(await stuApi.register('cara', 'cara-pass-1')).toEqual({ username: 'cara', role: 'student' });
  await new Api(other).register('dev', 'dev-pass-11');
  const login = await stuApi.login('cara', 'cara-pass-1', 'student');
  expect(login).toMatchObject({ username: 'cara', role: 'student', resume: { token: expect.any(String) } });
  await new Api(other).login('dev', 'dev-pass-11', 'student');
  expect(await adminApi.login('root', 'admin-pass-1', 'admin')).toMatchObject({ role: 'admin' });

  const fresh = checked(h.session(), 'fresh');
  const resumed = await call(fresh, 'auth.resume', { token: login.resume!.token });
  expect(resumed).toMatchObject({ username: 'cara', role: 'student' });
  expect(resumed.resume.token).not.toBe(login.resume!.token);
  await call(fresh, 'auth.logout', {});
});

test('the bank: import, list (whole and paged), create, update, delete, export, configure', async () => {
  const imported = await adminApi.importQuestions(CT_CSV, { dryRun: true });
  expect(imported).toEqual({ created: 3, updated: 0, errors: [], applied: false });
  expect(await adminApi.importQuestions(CT_CSV, { allOrNothing: true })).toEqual({
    created: 3,
    updated: 0,
    errors: [],
    applied: true,
  });
  const bank = await adminApi.questions('CT');
  for (const q of bank) keyOf.set(q.id, q.options[CHOICES.indexOf(q.answer)]);
  expect(bank.map((q) => q.text)).toEqual([
    'Which sort is stable?',
    'Which structure is FIFO?',
    'Which is O(log n), on average?',
  ]);
  const page = await call(admin, 'questions.list', { course: 'CT', limit: 2 });
  expect(page).toMatchObject({ questions: bank.slice(0, 2), cursor: expect.any(String) });

  const made = await adminApi.createQuestion({
    text: 'Scratch?',
    options: ['yes', 'no'],
    answer: 'A',
    concept: 'Scratch',
    difficulty: 'Easy',
    course: 'CT',
  });
  const updated = await adminApi.updateQuestion({ ...made, text: 'Scratch, edited?' });
  expect(updated).toMatchObject({ id: made.id, version: 2, text: 'Scratch, edited?' });
  await adminApi.deleteQuestion(made.id, 2);
  expect(await adminApi.exportQuestions('CT')).toMatch(
    /^ID,Text,Options,CorrectAnswer,Concept,Difficulty,Course,Version\r?\n/,
  );
  const exportPage = await call(admin, 'questions.export', { course: 'CT', limit: 1 });
  expect(exportPage.cursor).toEqual(expect.any(String));

  expect(
    await adminApi.configureExam('CT', {
      count: 3,
      minutes: 30,
      proctored: true,
      attempts: 0,
      feedback: 'after-finish',
    }),
  ).toEqual({
    course: 'CT',
    count: 3,
    minutes: 30,
    proctored: true,
    attempts: 0,
    feedback: 'after-finish',
  });
  await adminApi.configureExam('PF', { count: 2, minutes: 30, proctored: false, attempts: 0 });
  const courses = await stuApi.courses();
  expect(courses.find((c) => c.course === 'CT')).toMatchObject({
    questions: 3,
    exam: { proctored: true, feedback: 'after-finish' },
    mine: { used: 0, left: null },
  });
});

const keyOf = new Map<string, string>();
let ctAttempt: string;
let pfAttempt: string;

test('an invigilated, proctored exam: live view, enrolment, probes, answers, extension, notice, end', async () => {
  const snapshot = await adminApi.monitorSubscribe();
  expect(liveRows(snapshot)).toEqual([]);

  const attempt = await stuApi.startExam('CT');
  ctAttempt = attempt.attemptId;
  expect(attempt).toMatchObject({ course: 'CT', proctored: true, answered: [] });
  expect(await stuApi.enrolIdentity(ctAttempt, [faceTemplate(0), faceTemplate(1), faceTemplate(2)])).toEqual({
    enrolled: true,
  });
  const now = Date.now();
  const acked = await stuApi.reportPresence(ctAttempt, [
    { seq: 1, at: now - 2_000, state: 'present', faces: 1, fps: 10, probe: faceTemplate(0) },
    { seq: 2, at: now - 1_000, state: 'absent', faces: 0, fps: 10 },
    { seq: 3, at: now, state: 'present', faces: 1, fps: 10, probe: faceTemplate(40) },
  ]);
  expect(acked).toEqual({ acked: 3 });
  // Feedback after-finish: the answer names the recorded choice only.
  expect(await stuApi.answer(ctAttempt, attempt.questions[0].id, 'A')).toEqual({ choice: 'A' });

  const pf = await new Api(other).startExam('PF');
  pfAttempt = pf.attemptId;
  const pushed = await until('a monitor event with both attempts', () => {
    const ids = new Set(
      events
        .filter((e) => e.who === 'admin' && e.name === 'monitor')
        // Every event's data is checked against the contract (eventErrors) where it is recorded.
        .flatMap((e) => liveRows(e.data as EventOf<'monitor'>).map((r) => r.attemptId)),
    );
    return ids.has(ctAttempt) && ids.has(pfAttempt) ? ids : undefined;
  });
  expect(pushed.size).toBeGreaterThanOrEqual(2);
  const live = liveRows(await adminApi.monitorSubscribe('CT'));
  expect(live).toEqual([
    expect.objectContaining({ attemptId: ctAttempt, student: 'cara', course: 'CT', proctored: true, connected: true }),
  ]);
  expect(['match', 'mismatch', 'unclear']).toContain(live[0].identity);
  await adminApi.monitorUnsubscribe();

  const { deadline } = await adminApi.extendAttempt(pfAttempt, 5, 'fire alarm at 10:05');
  expect(deadline).toBe(pf.deadline + 5 * 60_000);
  expect(await adminApi.sendNotice('Ten minutes left', { student: 'dev' })).toEqual({ delivered: 1 });
  expect(await adminApi.sendNotice('Room change', { course: 'CT' })).toEqual({ delivered: 1 });
  const ended = await adminApi.endAttempt(pfAttempt, 'left the room');
  expect(ended).toMatchObject({ score: 0, total: 2 });
  const seen = (who: string, name: string) => events.find((e) => e.who === who && e.name === name)?.data;
  expect(await until('exam.deadline', () => seen('other', 'exam.deadline'))).toEqual({
    attemptId: pfAttempt,
    deadline,
  });
  expect(await until('notice', () => seen('other', 'notice'))).toMatchObject({
    from: 'root',
    text: 'Ten minutes left',
  });
  expect(await until('exam.ended', () => seen('other', 'exam.ended'))).toEqual({
    attemptId: pfAttempt,
    reason: 'left the room',
    ...ended,
  });
});

test('after the exam: finish, resume, review, scores, and the admin reports through the client code', async () => {
  const result = await stuApi.finish(ctAttempt);
  expect(result).toMatchObject({ total: 3 });
  expect(await stuApi.resumeAttempt(ctAttempt)).toMatchObject({ state: 'finished', result });
  const own = await stuApi.review(ctAttempt);
  // Feedback after-finish: the key is shown once the attempt is finished.
  // Options come in the order the student saw them: the key names the same option text as the bank's.
  expect(own.questions.map((q) => q.answer && q.options[CHOICES.indexOf(q.answer)])).toEqual(
    own.questions.map((q) => keyOf.get(q.id)),
  );
  expect((await adminApi.review(ctAttempt)).attempt).toMatchObject({
    attemptId: ctAttempt,
    student: 'cara',
    state: 'finished',
  });

  const [mine] = scoreRows(await stuApi.scoresMine());
  expect(mine).toMatchObject({
    attemptId: ctAttempt,
    course: 'CT',
    total: 3,
    percent: result.percent,
    at: expect.any(Number),
  });
  expect(mine.concepts.map((c) => c.concept).sort()).toEqual(['Queues', 'Searching', 'Sorting']);
  expect(mine.integrity).toMatchObject({ level: expect.any(String), absences: expect.any(Number) });
  expect(await call(stu, 'scores.mine', { limit: 10 })).toMatchObject({
    attempts: [expect.objectContaining({ attemptId: ctAttempt })],
  });

  const stats = analytics(await adminApi.analytics('CT'));
  expect(stats.students).toEqual([
    expect.objectContaining({ username: 'cara', attempts: 1, mean: expect.closeTo(result.percent, 0) }),
  ]);
  expect(stats.items.map((i) => i.text).sort()).toEqual([
    'Which is O(log n), on average?',
    'Which sort is stable?',
    'Which structure is FIFO?',
  ]);
  expect((await adminApi.exportResults('CT')).split(/\r?\n/)[1]).toContain(ctAttempt);
  expect(await call(admin, 'results.export', { limit: 1 })).toMatchObject({ csv: expect.stringContaining('Username') });

  const raw = await adminApi.timeline(ctAttempt);
  expect(raw.identity.verdicts.map((v) => v.seq)).toEqual([1, 3]);
  expect(raw.intervals.length).toBeGreaterThan(0);
  const t = timeline(raw);
  expect(t).toMatchObject({ attemptId: ctAttempt, username: 'cara', course: 'CT', total: 3 });
  // The screen draws the server's intervals and counts every stored report.
  expect(t.intervals).toEqual(raw.intervals.map(({ state, from, to }) => ({ state, from, to })));
  expect(t.reports).toBe(3);
  expect(t.answers).toEqual([expect.objectContaining({ questionId: expect.any(String), choice: 'A' })]);
  expect(
    await call(admin, 'attempts.timeline', { attemptId: ctAttempt, presenceAfter: 1, presenceLimit: 1 }),
  ).toMatchObject({
    presence: [expect.objectContaining({ seq: 2 })],
    presenceNext: 2,
  });

  const list = attemptSummaries(await adminApi.attemptsList({ state: 'finished' }));
  expect(list.rows.map((r) => r.attemptId).sort()).toEqual([ctAttempt, pfAttempt].sort());
  expect(list.rows.find((r) => r.attemptId === pfAttempt)).toMatchObject({
    student: 'dev',
    course: 'PF',
    state: 'finished',
    total: 2,
  });
  const firstPage = await adminApi.attemptsList({ limit: 1 });
  expect(firstPage).toMatchObject({ attempts: [expect.any(Object)], cursor: expect.stringMatching(/^\d+:/) });
});

test('users and identity administration', async () => {
  const users = await adminApi.users();
  expect(users.map((u) => u.username)).toEqual(expect.arrayContaining(['cara', 'dev', 'root']));
  expect(await adminApi.unlockUser('dev', 'checked the student card')).toEqual({ wasLocked: false });
  await adminApi.setPassword('dev', 'dev-new-pass-1', 'forgot it');
  expect(await adminApi.identityStatus('cara')).toEqual([
    { username: 'cara', enrolled: true, at: expect.any(Number), attemptId: ctAttempt },
  ]);
  await adminApi.resetIdentity('cara', 'new glasses');
  expect(await adminApi.identityStatus('cara')).toEqual([{ username: 'cara', enrolled: false }]);
  await stuApi.logout();
});

test('an attempt past its deadline: exam.finish grades it as expired and the student gets exam.expired', async () => {
  await adminApi.configureExam('OOP', { count: 2, minutes: 1, proctored: false, attempts: 0 });
  const devApi = new Api(other);
  const attempt = await devApi.startExam('OOP');
  skew += 2 * 60_000; // the server's clock passes the deadline
  const result = await devApi.finish(attempt.attemptId);
  const expired = await until(
    'exam.expired',
    () => events.find((e) => e.who === 'other' && e.name === 'exam.expired')?.data,
  );
  expect(expired).toEqual({ attemptId: attempt.attemptId, course: 'OOP', ...result });
  expect(await devApi.resumeAttempt(attempt.attemptId)).toMatchObject({ state: 'expired', result });
});

test('every command of the contract was exercised, every answer and event fit its schema', () => {
  expect(drift).toEqual([]);
  expect([...exercised].sort()).toEqual([...COMMAND_NAMES].sort());
  // The events a student and an admin met are the contract's; server.closing is met at shutdown.
  const names = new Set(events.map((e) => e.name));
  for (const n of ['monitor', 'exam.deadline', 'exam.ended', 'notice', 'exam.expired']) expect(names).toContain(n);
  for (const n of names) expect(Object.keys(EVENTS)).toContain(n);
});

test('server.closing at shutdown fits its schema', async () => {
  const before = events.length;
  await h.closeServer();
  const closing = await until('server.closing', () => events.slice(before).find((e) => e.name === 'server.closing'));
  expect(eventErrors('server.closing', closing.data)).toEqual([]);
});
