// Per-student budgets hold whatever the exam settings: a script cannot start attempts in a loop,
// flood presence, or grow the data directory faster than the documented rates.
import { DEFAULT_STUDENT_BUDGETS } from './limits.js';
import { WeightedBuckets } from './budgets.js';
import { withTestServer } from './testing/harness.js';

test('a bucket refuses what it does not hold, says how long to wait, and refills', () => {
  const b = new WeightedBuckets(10, 2);
  expect(b.wait('k', 10, 0)).toBe(0);
  b.take('k', 10, 0);
  expect(b.wait('k', 1, 0)).toBe(500);
  expect(b.wait('k', 4, 1_000)).toBe(1_000);
  expect(b.wait('k', 11, 1_000)).toBe(Infinity);
  expect(b.wait('k', 10, 60_000)).toBe(0);
});

test('new attempts per course are budgeted (unlimited attempts in the settings or not); resuming is free', async () => {
  let now = 1_800_000_000_000;
  await withTestServer({ now: () => now }, async (s) => {
    const student = await s.user('student');
    const { startsPerCourseBurst, startsPerCoursePerHour } = DEFAULT_STUDENT_BUDGETS;
    for (let i = 0; i < startsPerCourseBurst; i++) {
      const a = await s.call(student, 'exam.start', { course: 'PF' });
      expect((await s.call(student, 'exam.start', { course: 'PF' })).attemptId).toBe(a.attemptId); // resume: no charge
      await s.call(student, 'exam.finish', { attemptId: a.attemptId });
    }
    const refused = await s.call(student, 'exam.start', { course: 'PF' }).catch((e) => e);
    expect(refused.code).toBe('RATE_LIMITED');
    expect(refused.message).toMatch(/PF too often .* try again in \d+ minutes?\./);
    // Other courses have their own budget, and the course's refills at the documented rate.
    await s.call(student, 'exam.start', { course: 'OOP' });
    now += Math.ceil(3_600_000 / startsPerCoursePerHour);
    await s.call(student, 'exam.start', { course: 'PF' });
  });
}, 60_000);

test('presence events per attempt are budgeted at what a proctor sends, and a refusal stores nothing', async () => {
  let now = 1_800_000_000_000;
  await withTestServer({ now: () => now }, async (s) => {
    const student = await s.user('student');
    const a = await s.call(student, 'exam.start', { course: 'DSA' });
    const { presenceEventsBurst, presenceEventsPerSecond } = DEFAULT_STUDENT_BUDGETS;
    let seq = 0;
    const report = (n: number) =>
      s.call(student, 'presence.report', {
        attemptId: a.attemptId,
        events: Array.from({ length: n }, () => ({ seq: seq++, at: now, state: 'present', faces: 1, fps: 10 })),
      });
    now += 1_000;
    for (let sent = 0; sent < presenceEventsBurst; sent += 500) await report(500);
    const before = s.app.db.model.attempts.get(a.attemptId)!.presenceCount;
    expect(before).toBe(presenceEventsBurst);
    const refused = await report(10).catch((e) => e);
    expect(refused.code).toBe('RATE_LIMITED');
    expect(s.app.db.model.attempts.get(a.attemptId)!.presenceCount).toBe(before);
    // An honest proctor's pace (a heartbeat every 5 s) is never refused.
    for (let i = 0; i < 50; i++) {
      now += 5_000;
      await report(1);
    }
    now += Math.ceil((10 / presenceEventsPerSecond) * 1000);
    await report(10);
  });
}, 60_000);

test('bytes added per student per hour are budgeted across attempts and courses', async () => {
  let now = 1_800_000_000_000;
  await withTestServer({ now: () => now, budgets: { bytesPerHour: 64 * 1024 } }, async (s) => {
    const student = await s.user('student');
    let refused: { code?: string; message?: string } | null = null;
    let seq = 0;
    for (let round = 0; round < 50 && !refused; round++) {
      const a = await s.call(student, 'exam.start', { course: ['DSA', 'OOP'][round % 2] }).catch((e) => e);
      if (a.code) {
        refused = a;
        break;
      }
      now += 1_000;
      const r = await s
        .call(student, 'presence.report', {
          attemptId: a.attemptId,
          events: Array.from({ length: 500 }, () => ({ seq: seq++, at: now, state: 'present', faces: 1, fps: 10 })),
        })
        .catch((e) => e);
      if (r.code) refused = r;
      await s.call(student, 'exam.finish', { attemptId: a.attemptId });
      now += 60_000;
    }
    expect(refused?.code).toBe('RATE_LIMITED');
    expect(refused?.message).toMatch(/more than 64 KB to the exam record in the last hour/);
  });
}, 60_000);

test('scores.mine asked for hundreds of times at once is refused cheaply after the burst', async () => {
  let now = 1_800_000_000_000;
  await withTestServer({ now: () => now }, async (s) => {
    const student = await s.user('student');
    const codes = await Promise.all(Array.from({ length: 256 }, () => s.code(student, 'scores.mine', {})));
    expect(codes.filter((c) => c === 'ok')).toHaveLength(DEFAULT_STUDENT_BUDGETS.scoresBurst);
    expect(codes.filter((c) => c === 'RATE_LIMITED')).toHaveLength(256 - DEFAULT_STUDENT_BUDGETS.scoresBurst);
    now += 1_000 / DEFAULT_STUDENT_BUDGETS.scoresPerSecond;
    expect(await s.code(student, 'scores.mine', {})).toBe('ok');
  });
}, 60_000);
