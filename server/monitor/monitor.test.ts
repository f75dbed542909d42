// The monitor's coalescing, silence and bounded memory (PROTOCOL.md 8), driven by an injected clock.
import type { LiveAttempt } from './live-attempt.js';
import { FakeConn, serverPerTest, type TestServer } from '../testing/harness.js';

describe('monitor', () => {
  let s: TestServer;
  let clock = 1_800_000_000_000;
  const now = () => clock;
  const pushed = (c: FakeConn): LiveAttempt[] =>
    c.events.filter((e) => e.name === 'monitor').flatMap((e) => e.data.attempts as LiveAttempt[]);
  // monitorFlushMs 0: the test decides when a flush happens.
  serverPerTest({ now, monitorFlushMs: 0 }, (server) => {
    s = server;
  });

  test('the snapshot lists open attempts only, filtered by course', async () => {
    const adm = await s.user('admin');
    const a = await s.user('student');
    const b = await s.user('student');
    const dsa = await s.call(a, 'exam.start', { course: 'DSA' });
    await s.call(b, 'exam.start', { course: 'OOP' });
    const done = await s.call(b, 'exam.start', { course: 'PF' });
    await s.call(b, 'exam.finish', { attemptId: done.attemptId });
    expect((await s.call(adm, 'monitor.subscribe', {})).attempts.map((x: LiveAttempt) => x.course).sort()).toEqual([
      'DSA',
      'OOP',
    ]);
    const only = await s.call(adm, 'monitor.subscribe', { course: 'DSA' });
    expect(only.attempts).toEqual([
      expect.objectContaining({
        attemptId: dsa.attemptId,
        connected: true,
        presence: { state: 'none', since: clock },
        alerts: [],
      }),
    ]);
  });

  test('many changes between flushes are one update carrying the latest state', async () => {
    const adm = await s.user('admin');
    const stu = await s.user('student');
    await s.call(adm, 'monitor.subscribe', {});
    const a = await s.call(stu, 'exam.start', { course: 'DSA' });
    for (const q of a.questions.slice(0, 6))
      await s.call(stu, 'exam.answer', { attemptId: a.attemptId, questionId: q.id, choice: 'A' });
    s.app.monitor.flush();
    expect(pushed(adm).map((x) => x.answered)).toEqual([6]);
    s.app.monitor.flush();
    expect(pushed(adm)).toHaveLength(1); // nothing changed: nothing sent
  });

  test("a proctored attempt without a report for 15 s turns 'silent', and back on the next report", async () => {
    const adm = await s.user('admin');
    const stu = await s.user('student');
    await s.call(adm, 'monitor.subscribe', {});
    const a = await s.call(stu, 'exam.start', { course: 'DSA' });
    await s.call(stu, 'presence.report', {
      attemptId: a.attemptId,
      events: [{ seq: 0, at: 5, state: 'present', faces: 1, fps: 9 }],
    });
    const heard = clock;
    clock += 14_000;
    s.app.monitor.flush();
    expect(pushed(adm).at(-1)!.presence.state).toBe('present');
    clock += 1_000;
    s.app.monitor.flush();
    expect(pushed(adm).at(-1)!.presence).toEqual({ state: 'silent', since: heard });
    expect(pushed(adm).at(-1)!.alerts).toEqual([{ kind: 'silent', at: heard + 15_000 }]);
    await s.call(stu, 'presence.report', {
      attemptId: a.attemptId,
      events: [{ seq: 1, at: 20_000, state: 'present', faces: 1, fps: 9 }],
    });
    s.app.monitor.flush();
    expect(pushed(adm).at(-1)!.presence).toEqual({ state: 'present', since: clock });
  });

  test("a stopped proctor stays 'stopped', not 'silent': it sends no heartbeats by design", async () => {
    const adm = await s.user('admin');
    const stu = await s.user('student');
    await s.call(adm, 'monitor.subscribe', {});
    const a = await s.call(stu, 'exam.start', { course: 'DSA' });
    await s.call(stu, 'presence.report', {
      attemptId: a.attemptId,
      events: [{ seq: 0, at: 5, state: 'stopped', faces: 0, fps: 0 }],
    });
    clock += 60_000;
    s.app.monitor.flush();
    expect(pushed(adm).at(-1)!.presence.state).toBe('stopped');
    expect(
      pushed(adm)
        .at(-1)!
        .alerts.map((x) => x.kind),
    ).toEqual(['stopped']);
  });

  test('a subscriber that does not read is skipped and holds at most one entry per attempt', async () => {
    const adm = await s.user('admin');
    const slow = await s.user('admin');
    (slow as FakeConn & { writeBacklog: number }).writeBacklog = 10 * 1024 * 1024;
    await s.call(adm, 'monitor.subscribe', {});
    await s.call(slow, 'monitor.subscribe', {});
    const students = await Promise.all(Array.from({ length: 5 }, () => s.user('student')));
    const attempts = await Promise.all(students.map((c) => s.call(c, 'exam.start', { course: 'DSA' })));
    for (let round = 0; round < 4; round++) {
      for (const [i, c] of students.entries())
        await s.call(c, 'exam.answer', {
          attemptId: attempts[i].attemptId,
          questionId: attempts[i].questions[round].id,
          choice: 'B',
        });
      s.app.monitor.flush();
    }
    expect(pushed(slow)).toEqual([]);
    expect(pushed(adm)).toHaveLength(20);
    // It reads again: it gets the latest state of each attempt once, not the 20 updates it missed.
    (slow as FakeConn & { writeBacklog: number }).writeBacklog = 0;
    s.app.monitor.flush();
    expect(pushed(slow).map((x) => x.answered)).toEqual([4, 4, 4, 4, 4]);
  });

  test('a snapshot over the answer limit sends the rest in the first push', async () => {
    const adm = await s.user('admin');
    const students = await Promise.all(Array.from({ length: 3 }, () => s.user('student')));
    for (const c of students) {
      clock += 1_000;
      await s.call(c, 'exam.start', { course: 'DSA' });
    }
    const limits = (await import('../limits.js')).MONITOR_LIMITS as { snapshotMax: number };
    const saved = limits.snapshotMax;
    (limits as { snapshotMax: number }).snapshotMax = 2;
    try {
      const snap = await s.call(adm, 'monitor.subscribe', {});
      expect(snap.attempts).toHaveLength(2);
      s.app.monitor.flush();
      const all = [...snap.attempts, ...pushed(adm)].map((x: LiveAttempt) => x.attemptId);
      expect(new Set(all).size).toBe(3);
    } finally {
      (limits as { snapshotMax: number }).snapshotMax = saved;
    }
  });

  test('logout and a closed connection end the subscription', async () => {
    const adm = await s.user('admin');
    await s.call(adm, 'monitor.subscribe', {});
    expect(s.app.monitor.subscribers).toBe(1);
    await s.call(adm, 'auth.logout');
    expect(s.app.monitor.subscribers).toBe(0);
    const other = await s.user('admin');
    await s.call(other, 'monitor.subscribe', {});
    s.app.sessions.drop(other);
    expect(s.app.monitor.subscribers).toBe(0);
  });
});
