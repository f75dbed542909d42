// Live invigilation end to end (PROTOCOL.md 8) against a real server on 127.0.0.1: the real client
// screens over real sessions. A notice, extra time and an ended attempt show on the student's exam
// screen; the admin's Live screen lists a student mid-exam, rings on an alert, and extends with
// a confirmation.
import { Api } from './api.js';
import { cleanup, fits80x24, KEY, renderApp } from './testing/render-app.js';
import { ADMIN, realServerWithAdmin, type RealServer } from './testing/real-server.js';

let h: RealServer;
let admin: Api;
beforeAll(async () => ({ h, admin } = await realServerWithAdmin()));
afterEach(cleanup);
afterAll(async () => h.stop());

/** A student logged in over a real session, its App already on the PF exam (unproctored). */
async function studentInExam(name: string) {
  const session = h.session();
  const api = new Api(session);
  await api.register(name, 'student-pass-1');
  await api.login(name, 'student-pass-1', 'student');
  const r = renderApp({
    api: api as never,
    conn: session as never,
    initial: { user: { username: name, role: 'student' }, screen: { name: 'exam', course: 'PF' } },
  });
  await r.waitFor('PF · Question 1 of');
  const attempt = await api.startExam('PF'); // the same open attempt (PROTOCOL.md 6)
  return { r, api, attempt };
}

test('a notice and extra time appear on the student exam screen at once', async () => {
  const { r, attempt } = await studentInExam('stud-notice');
  let f = await r.waitFor(/⏱ 1[45]:\d\d left/);
  expect(await admin.sendNotice('Please keep your eyes on your own screen', { student: 'stud-notice' })).toEqual({
    delivered: 1,
  });
  f = await r.waitFor('Notice from root');
  expect(f).toMatch(/✉ Notice from root at \d\d:\d\d: Please keep your eyes on your own screen/);
  expect(fits80x24(f)).toBe(true);

  await admin.extendAttempt(attempt.attemptId, 10, 'fire alarm');
  f = await r.waitFor(/⏱ 2[45]:\d\d left/);
  expect(f).toContain('The invigilator gave you more time');
  expect(fits80x24(f)).toBe(true);
});

test('an ended attempt shows its result and the reason on the student screen', async () => {
  const { r, attempt } = await studentInExam('stud-ended');
  await r.press('a');
  await r.waitFor(/✓ Right!|✗ Wrong/);
  const result = await admin.endAttempt(attempt.attemptId, 'phone on the desk');
  const f = await r.waitFor('The invigilator ended your exam: phone on the desk');
  expect(f).toContain(`Score: ${result.score} / ${result.total}`);
  expect(fits80x24(f)).toBe(true);
});

test("the admin's Live screen shows a student mid-exam, rings on an absence, and extends after confirming", async () => {
  const rings: number[] = [];
  const session = h.session();
  const api = new Api(session);
  await api.login(ADMIN.username, ADMIN.password, 'admin');
  const r = renderApp({
    api: api as never,
    conn: session as never,
    bell: () => rings.push(Date.now()),
    initial: {
      user: { username: ADMIN.username, role: 'admin' },
      screen: { name: 'live' },
      stack: [{ name: 'admin' }],
    },
  });
  await r.waitFor('open ·');

  const stu = new Api(h.session());
  await stu.register('stud-live', 'student-pass-1');
  await stu.login('stud-live', 'student-pass-1', 'student');
  const attempt = await stu.startExam('DSA');
  let f = await r.waitFor(/stud-live\s+DSA/);
  expect(fits80x24(f)).toBe(true);
  await stu.reportPresence(attempt.attemptId, [{ seq: 0, at: Date.now(), state: 'present', faces: 1, fps: 10 }]);
  await r.waitFor(/stud-live\s+DSA\s+● present/);
  expect(rings).toEqual([]);
  await stu.reportPresence(attempt.attemptId, [{ seq: 1, at: Date.now(), state: 'absent', faces: 0, fps: 10 }]);
  f = await r.waitFor(/!stud-live\s+DSA\s+✗ absent/);
  expect(f).toMatch(/1 absent/);
  expect(rings).toHaveLength(1);

  await r.press('+');
  await r.waitFor('Extra time for stud-live');
  await r.type('7');
  await r.press(KEY.enter);
  await r.type('late start');
  await r.press(KEY.enter);
  await r.waitFor('Give stud-live 7 more minute(s)? y/n');
  await r.press('y');
  f = await r.waitFor('stud-live has 7 more minute(s)');
  const again = await stu.startExam('DSA');
  expect(again.deadline).toBe(attempt.deadline + 7 * 60_000);
  r.unmount();
});
