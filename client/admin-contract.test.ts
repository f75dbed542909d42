// The admin additions against a real server on 127.0.0.1, through the client's own Api and
// rendering code (not a fake): the features the server announces, item analysis with question
// text, the import preview and all-or-nothing, and users.unlock / users.setPassword.
import { Api } from './api.js';
import { analyticsLines } from './components/Analytics.js';
import { analytics, scoreRows, timeline } from './state/reports.js';
import { realServerWithAdmin, type RealServer } from './testing/real-server.js';
import type { Session } from './session.js';

let h: RealServer;
let adminSession: Session;
let admin: Api;
beforeAll(async () => ({ h, admin, adminSession } = await realServerWithAdmin()));
afterAll(async () => h.stop());

test('the server announces import-preview and users-admin, and the client sees them', () => {
  expect(adminSession.state.features).toEqual(expect.arrayContaining(['import-preview', 'users-admin']));
});

test('item analysis from the real server names each question by its text', async () => {
  const student = new Api(h.session());
  await student.register('item-stu', 'student-pass-1');
  await student.login('item-stu', 'student-pass-1', 'student');
  const attempt = await student.startExam('PF');
  for (const q of attempt.questions) await student.answer(attempt.attemptId, q.id, 'A');
  await student.finish(attempt.attemptId);
  const lines = analyticsLines('Items', await admin.analytics('PF'), 120).map((l) => l.text);
  const first = attempt.questions[0];
  expect(lines.find((l) => l.includes(` ${first.id} `))).toContain(first.text.slice(0, 20));

  // reports.ts reads every field by the server's own name: nothing comes back empty or '?'.
  const [mine] = scoreRows(await student.scoresMine());
  expect(mine).toMatchObject({
    attemptId: attempt.attemptId,
    course: 'PF',
    total: attempt.questions.length,
    at: expect.any(Number),
    started: expect.any(Number),
  });
  expect(mine.concepts.reduce((n, c) => n + c.total, 0)).toBe(attempt.questions.length);
  expect(mine.integrity).toMatchObject({ level: expect.any(String), secondsAbsent: expect.any(Number) });
  const a = analytics(await admin.analytics('PF'));
  expect(a.students.find((x) => x.username === 'item-stu')).toMatchObject({
    attempts: 1,
    mean: mine.percent,
    best: mine.percent,
  });
  expect(a.courses).toEqual([{ course: 'PF', attempts: 1, mean: mine.percent }]);
  expect(a.distribution.reduce((n, d) => n + d.count, 0)).toBe(1);
  expect(a.concepts.every((c) => c.concept !== '?' && c.n !== undefined)).toBe(true);
  const t = timeline(await admin.timeline(attempt.attemptId));
  expect(t).toMatchObject({
    attemptId: attempt.attemptId,
    username: 'item-stu',
    course: 'PF',
    total: attempt.questions.length,
  });
  expect(t.answers.map((x) => x.questionId).sort()).toEqual(attempt.questions.map((q) => q.id).sort());
  expect(t.integrity?.level).toEqual(expect.any(String));
});

test('import: a dry run changes nothing, all-or-nothing refuses a file with errors, then applies a clean one', async () => {
  const header = 'ID,Text,Options,CorrectAnswer,Concept,Difficulty,Course';
  const clean = `${header}\n,Contract question one?,a|b,A,Contract,Easy,CT\n`;
  const bad = `${clean},Contract question two?,same|Same,A,Contract,Easy,CT\n`;
  expect(await admin.importQuestions(bad, { dryRun: true })).toEqual({
    created: 1,
    updated: 0,
    applied: false,
    errors: [{ line: 3, message: "option B repeats option A ('Same')" }],
  });
  expect(await admin.importQuestions(bad, { allOrNothing: true })).toMatchObject({ created: 0, applied: false });
  expect(await admin.questions('CT')).toEqual([]);
  expect(await admin.importQuestions(clean, { allOrNothing: true })).toEqual({
    created: 1,
    updated: 0,
    applied: true,
    errors: [],
  });
  expect((await admin.questions('CT')).map((q) => q.text)).toEqual(['Contract question one?']);
});

test('an admin unlocks a student and sets a new password over the wire', async () => {
  const student = new Api(h.session());
  await student.register('lock-stu', 'student-pass-1');
  for (let i = 0; i < 5; i++) await student.login('lock-stu', 'wrong-pass-x', 'student').catch(() => undefined);
  expect((await admin.users()).find((u) => u.username === 'lock-stu')?.locked).toBe(true);
  expect(await admin.unlockUser('lock-stu', 'checked the student card')).toEqual({ wasLocked: true });
  await admin.setPassword('lock-stu', 'fresh-pass-22', 'forgot it');
  expect(await student.login('lock-stu', 'fresh-pass-22', 'student')).toMatchObject({
    username: 'lock-stu',
    role: 'student',
  });
});
