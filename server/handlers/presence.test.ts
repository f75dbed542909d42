// presence.report (PROTOCOL.md 6): `acked` is the highest seq *stored*, so an acked event must be
// on disk, even around the per-attempt limit.
import { PRESENCE_LIMITS } from '../limits.js';
import { tempDir, testServer } from '../testing/harness.js';

const ev = (seq: number) => ({ seq, at: 1_000 + seq, state: 'present', faces: 1, fps: 10 });

test('an event refused at the per-attempt limit is not later acked without being written', async () => {
  const t = await tempDir();
  // The per-attempt cap is what is tested here, so the rate budgets (server/budgets.ts) are opened wide.
  const budgets = { presenceEventsBurst: 1e9, bytesPerHour: 1e12 };
  let s = await testServer(t.dir, { budgets });
  try {
    const conn = await s.user('student');
    const a = await s.call(conn, 'exam.start', { course: 'DSA' });
    const max = PRESENCE_LIMITS.eventsPerAttempt;
    const per = PRESENCE_LIMITS.eventsPerReport;
    for (let from = 0; from < max - 1; from += per) {
      const events = Array.from({ length: Math.min(per, max - 1 - from) }, (_, i) => ev(from + i));
      await s.call(conn, 'presence.report', { attemptId: a.attemptId, events });
    }
    // One slot left: a report of two new events is refused as a whole ...
    expect(await s.code(conn, 'presence.report', { attemptId: a.attemptId, events: [ev(max - 1), ev(max)] })).toBe(
      'RATE_LIMITED',
    );
    // ... so the proctor's resend of the first one is stored, and only then acked.
    expect(await s.call(conn, 'presence.report', { attemptId: a.attemptId, events: [ev(max - 1)] })).toEqual({
      acked: max - 1,
    });
    await s.close();
    s = await testServer(t.dir, { budgets });
    // The events are on disk (memory keeps runs and the newest few): read them back page by page.
    expect(s.app.db.model.attempts.get(a.attemptId)!.presenceCount).toBe(max);
    const admin = await s.user('admin');
    const seqs: number[] = [];
    for (let after = -1; ;) {
      const page = await s.call(admin, 'attempts.timeline', {
        attemptId: a.attemptId,
        presenceAfter: after,
        presenceLimit: PRESENCE_LIMITS.timelineEvents,
      });
      seqs.push(...page.presence.map((p: { seq: number }) => p.seq));
      if (page.presenceNext === undefined) break;
      after = page.presenceNext;
    }
    expect(seqs).toHaveLength(max);
    expect(new Set(seqs).size).toBe(max);
    expect(seqs[seqs.length - 1]).toBe(max - 1);
  } finally {
    await s.close();
    await t.cleanup();
  }
}, 60_000);
