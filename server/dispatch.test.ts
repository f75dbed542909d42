// Every command x role (anonymous, student, admin) answers as PROTOCOL.md 6 says.
import type { SessionRole } from '../protocol/messages.js';
import { COMMANDS } from './commands.js';
import { FakeConn, tempDir, testServer, type TestServer, withTestServer } from './testing/harness.js';
import { templateOf } from '../proctor/identity.js';

/** A valid face template (PROTOCOL.md 8) of a synthetic 64x64 crop. */
const TPL = templateOf({
  width: 64,
  height: 64,
  data: Uint8Array.from({ length: 64 * 64 }, (_, i) => (i * 37 + (i >> 6) * 11) & 0xff),
});

type Expect = 'ok' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'BAD_REQUEST';
const ANON_ONLY: Record<SessionRole, Expect> = { anon: 'ok', student: 'FORBIDDEN', admin: 'FORBIDDEN' };
const ANY: Record<SessionRole, Expect> = { anon: 'ok', student: 'ok', admin: 'ok' };
const USER: Record<SessionRole, Expect> = { anon: 'UNAUTHENTICATED', student: 'ok', admin: 'ok' };
const STUDENT: Record<SessionRole, Expect> = { anon: 'UNAUTHENTICATED', student: 'ok', admin: 'FORBIDDEN' };
const ADMIN: Record<SessionRole, Expect> = { anon: 'UNAUTHENTICATED', student: 'FORBIDDEN', admin: 'ok' };

interface Fixture {
  endable: string;
  resumeTokens: string[];
  dsaAttempt: string;
  dsaQuestion: string;
  oopAttempt: string;
  finishedAttempt: string;
  editable: { id: string; version: number };
  deletable: { id: string; version: number };
}
let regSeq = 0;

const question = {
  text: 'Is 2 prime?',
  options: ['yes', 'no'],
  answer: 'A',
  concept: 'Numbers',
  difficulty: 'Easy',
  course: 'PF',
};

/** Valid arguments per command (a function: some need fixture ids or fresh names). `bad`: arguments that must give BAD_REQUEST. */
const TABLE: Record<
  string,
  { who: Record<SessionRole, Expect>; args: (f: Fixture) => Record<string, unknown>; bad?: Record<string, unknown> }
> = {
  'auth.register': {
    who: ANON_ONLY,
    args: () => ({ username: `newbie${++regSeq}`, password: 'long enough' }),
    bad: { username: 'x', password: 'long enough' },
  },
  'auth.login': {
    who: ANON_ONLY,
    args: () => ({ username: 'stu', password: 'correct horse', role: 'student' }),
    bad: { username: 'stu', password: 'correct horse', role: 'root' },
  },
  'auth.resume': { who: ANON_ONLY, args: (f) => ({ token: f.resumeTokens.pop() }), bad: { token: 7 } },
  'auth.logout': { who: ANY, args: () => ({}) },
  'courses.list': { who: USER, args: () => ({}) },
  'questions.list': { who: ADMIN, args: () => ({ course: 'DSA' }), bad: { course: 42 } },
  'questions.create': { who: ADMIN, args: () => question, bad: { ...question, options: ['only one'] } },
  'questions.update': {
    who: ADMIN,
    args: (f) => ({ ...question, ...f.editable }),
    bad: { ...question, id: 'x', version: 'one' },
  },
  'questions.delete': { who: ADMIN, args: (f) => f.deletable, bad: { id: 'x' } },
  'questions.import': {
    who: ADMIN,
    args: () => ({ csv: 'ID,Text,Options,CorrectAnswer,Concept,Difficulty,Course\n,Q?,a|b,A,c,Easy,PF\n' }),
    bad: { csv: 7 },
  },
  'questions.export': { who: ADMIN, args: () => ({}) },
  'exams.configure': {
    who: ADMIN,
    args: () => ({ course: 'PF', count: 5, minutes: 10, proctored: false, attempts: 0 }),
    bad: { course: 'PF', count: 0, minutes: 10, proctored: false, attempts: 0 },
  },
  'exam.start': { who: STUDENT, args: () => ({ course: 'DSA' }), bad: {} },
  'exam.answer': {
    who: STUDENT,
    args: (f) => ({ attemptId: f.dsaAttempt, questionId: f.dsaQuestion, choice: 'A' }),
    bad: { attemptId: 'a', questionId: 'q', choice: 'Z' },
  },
  'exam.finish': { who: STUDENT, args: (f) => ({ attemptId: f.oopAttempt }), bad: { attemptId: 5 } },
  'presence.report': {
    who: STUDENT,
    args: (f) => ({ attemptId: f.dsaAttempt, events: [{ seq: 1, at: 1000, state: 'present', faces: 1, fps: 15 }] }),
    bad: { attemptId: 'a', events: [{ seq: 1, at: 1, state: 'asleep', faces: 1, fps: 1 }] },
  },
  'scores.mine': { who: STUDENT, args: () => ({}) },
  'analytics.summary': { who: ADMIN, args: () => ({ course: 'DSA' }), bad: { course: '' } },
  'results.export': { who: ADMIN, args: () => ({}) },
  'attempts.timeline': { who: ADMIN, args: (f) => ({ attemptId: f.dsaAttempt }), bad: {} },
  'users.list': { who: ADMIN, args: () => ({}) },
  'users.unlock': {
    who: ADMIN,
    args: () => ({ username: 'stu', reason: 'forgot the password twice' }),
    bad: { username: 'stu' },
  },
  'users.setPassword': {
    who: ADMIN,
    args: () => ({ username: 'stu', password: 'correct horse', reason: 'asked at the desk' }),
    bad: { username: 'stu', password: 'short', reason: 'x' },
  },
  // PROTOCOL.md 8: a student reviews an own finished attempt, an admin any attempt.
  'attempts.review': { who: USER, args: (f) => ({ attemptId: f.finishedAttempt }), bad: { attemptId: 7 } },
  'exam.resume': { who: STUDENT, args: (f) => ({ attemptId: f.dsaAttempt }), bad: {} },
  'attempts.list': { who: ADMIN, args: () => ({ course: 'DSA', state: 'open' }), bad: { state: 'paused' } },
  'attempts.extend': {
    who: ADMIN,
    args: (f) => ({ attemptId: f.dsaAttempt, minutes: 5, reason: 'fire alarm' }),
    bad: { attemptId: 'a', minutes: 0, reason: 'x' },
  },
  'attempts.end': {
    who: ADMIN,
    args: (f) => ({ attemptId: f.endable, reason: 'caught copying' }),
    bad: { attemptId: 'a', reason: '' },
  },
  'notice.send': {
    who: ADMIN,
    args: () => ({ text: 'Ten minutes left', course: 'DSA' }),
    bad: { text: 'both', course: 'DSA', student: 'stu' },
  },
  'monitor.subscribe': { who: ADMIN, args: () => ({ course: 'DSA' }), bad: { course: 7 } },
  'monitor.unsubscribe': { who: ADMIN, args: () => ({}) },
  'identity.enrol': {
    who: STUDENT,
    args: (f) => ({ attemptId: f.dsaAttempt, templates: [TPL, TPL, TPL] }),
    bad: { attemptId: 'a', templates: [new Uint8Array(10), TPL, TPL] },
  },
  'identity.status': { who: ADMIN, args: () => ({}), bad: { username: 'x' } },
  'identity.reset': {
    who: ADMIN,
    args: () => ({ username: 'stu', reason: 'new glasses' }),
    bad: { username: 'stu', reason: '' },
  },
};

describe('command x role table', () => {
  let t: Awaited<ReturnType<typeof tempDir>>;
  let s: TestServer;
  let fixture: Fixture;

  beforeAll(async () => {
    t = await tempDir();
    s = await testServer(t.dir);
    const stu = await s.user('student', 'stu');
    const adm = await s.user('admin', 'adm');
    const dsa = await s.call(stu, 'exam.start', { course: 'DSA' });
    const oop = await s.call(stu, 'exam.start', { course: 'OOP' });
    const pf = await s.call(stu, 'exam.start', { course: 'PF' });
    await s.call(stu, 'exam.finish', { attemptId: pf.attemptId });
    // a second PF attempt, open, for attempts.end
    const pf2 = await s.call(stu, 'exam.start', { course: 'PF' });
    const editable = await s.call(adm, 'questions.create', question);
    const deletable = await s.call(adm, 'questions.create', question);
    const resumeTokens: string[] = [];
    for (let i = 0; i < 6; i++)
      resumeTokens.push(
        (await s.call(new FakeConn(), 'auth.login', { username: 'stu', password: 'correct horse', role: 'student' }))
          .resume.token,
      );
    fixture = {
      endable: pf2.attemptId,
      resumeTokens,
      dsaAttempt: dsa.attemptId,
      dsaQuestion: dsa.questions[0].id,
      oopAttempt: oop.attemptId,
      finishedAttempt: pf.attemptId,
      editable,
      deletable,
    };
  });
  afterAll(async () => {
    await s.close();
    await t.cleanup();
  });

  async function connAs(role: SessionRole): Promise<FakeConn> {
    if (role === 'anon') return new FakeConn();
    return s.user(role, role === 'student' ? 'stu' : 'adm');
  }

  test('the table covers every command of the server', () => {
    expect(Object.keys(TABLE).sort()).toEqual(Object.keys(COMMANDS).sort());
  });

  const cases = Object.entries(TABLE).flatMap(([cmd, row]) =>
    (['anon', 'student', 'admin'] as const).map((role) => [cmd, role, row.who[role]] as const),
  );

  test.each(cases)('%s as %s -> %s', async (cmd, role, expected) => {
    const conn = await connAs(role);
    // Bad arguments first: a successful auth.login would change the connection's role.
    if (expected === 'ok' && TABLE[cmd].bad) expect(await s.code(conn, cmd, TABLE[cmd].bad)).toBe('BAD_REQUEST');
    expect(await s.code(conn, cmd, TABLE[cmd].args(fixture))).toBe(expected);
  });

  test.each(['anon', 'student', 'admin'] as const)('an unknown command as %s -> BAD_REQUEST', async (role) => {
    expect(await s.code(await connAs(role), 'exam.cheat', {})).toBe('BAD_REQUEST');
    expect(await s.code(await connAs(role), '__proto__', {})).toBe('BAD_REQUEST');
  });

  test('login sets the role of the connection (frame limits) and logout resets it', async () => {
    const conn = await connAs('admin');
    expect(conn.role).toBe('admin');
    await s.call(conn, 'auth.logout');
    expect(conn.role).toBe('anon');
    expect(await s.code(conn, 'users.list')).toBe('UNAUTHENTICATED');
  });
});

test('a command name with a line break cannot forge a log line, nor send a terminal escape', async () => {
  const lines: string[] = [];
  await withTestServer({ log: (l) => lines.push(l) }, async (s) => {
    const forged = 'x\nconn 1 ada users.list ok 0.1ms';
    expect(await s.code(new FakeConn(), forged)).toBe('BAD_REQUEST');
    expect(lines.filter((l) => l.includes('users.list'))).toEqual([
      expect.stringMatching(/^conn \d+ anon x\?conn 1 ada users\.list ok 0\.1ms BAD_REQUEST /),
    ]);
    expect(lines.every((l) => !l.includes('\n'))).toBe(true);
    // ESC [ 2 J (7-bit) and CSI 2 J (8-bit C1) would clear an operator's terminal.
    expect(await s.code(new FakeConn(), 'a\u001b[2Jb\u009b2Jc')).toBe('BAD_REQUEST');
    expect(lines.at(-1)).toMatch(/^conn \d+ anon a\?\[2Jb\?2Jc BAD_REQUEST /);
  });
});
