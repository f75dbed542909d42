// presence.report can add to the record only while the attempt is open (plus a short grace for
// events recorded before the end), on a clock the server owns; no later report changes what the
// server already holds, before or after a restart.
import { PRESENCE_LIMITS } from '../limits.js';
import { tempDir, testServer, type TestServer } from '../testing/harness.js';
import type { FakeConn } from '../testing/harness.js';

const T0 = 1_800_000_000_000;
const SKEW = -3_600_000; // the proctor's clock runs an hour behind the server's

function clock() {
  let now = T0;
  return { now: () => now, advance: (ms: number) => (now += ms), at: () => now };
}

type Ev = { seq: number; at: number; state: string; faces: number; fps: number };
const ev = (
  seq: number,
  serverMs: number,
  state: string,
  faces = state === 'multiple' ? 2 : state === 'present' ? 1 : 0,
): Ev => ({ seq, at: serverMs + SKEW, state, faces, fps: 10 });

/** Ten minutes of an honest proctor reporting every 5 s: absent and several-faces episodes included. */
async function honestRecord(
  s: TestServer,
  conn: FakeConn,
  attemptId: string,
  c: ReturnType<typeof clock>,
): Promise<number> {
  let seq = 0;
  for (let sec = 0; sec < 600; sec += 5) {
    c.advance(5_000);
    const minute = Math.floor(sec / 60);
    const state = minute % 3 === 1 ? 'absent' : minute % 3 === 2 && sec % 60 < 20 ? 'multiple' : 'present';
    await s.call(conn, 'presence.report', { attemptId, events: [ev(seq++, c.at() - 200, state)] });
  }
  return seq;
}

async function integrity(s: TestServer, admin: FakeConn, attemptId: string) {
  const t = await s.call(admin, 'attempts.timeline', { attemptId });
  return { intervals: t.intervals, integrity: t.integrity, presence: t.presence };
}

describe('presence.report rules', () => {
  test('a finished attempt takes no presence once the grace is over, and the record stays as it was', async () => {
    const t = await tempDir();
    const c = clock();
    let s = await testServer(t.dir, { now: c.now });
    try {
      const student = await s.user('student', 'rewriter');
      const admin = await s.user('admin');
      const a = await s.call(student, 'exam.start', { course: 'DSA' });
      const seq = await honestRecord(s, student, a.attemptId, c);
      await s.call(student, 'exam.finish', { attemptId: a.attemptId });
      const before = await integrity(s, admin, a.attemptId);
      expect(before.integrity.priority.level).not.toBe('low');
      expect(before.integrity.absences).toBeGreaterThan(0);

      // Inside the grace: only events recorded before the end are taken; 'present' claims stamped
      // after the end (and one far in the future) are not stored.
      c.advance(1_000);
      const late = Array.from({ length: 50 }, (_, i) => ev(seq + i, c.at() + 1_000 + i * 1_000, 'present'));
      late.push(ev(seq + 50, c.at() + 365 * 86_400_000, 'present'));
      await s.call(student, 'presence.report', { attemptId: a.attemptId, events: late });
      expect(await integrity(s, admin, a.attemptId)).toEqual(before);

      // After the grace: refused outright.
      c.advance(PRESENCE_LIMITS.graceMs + 1);
      const flood = Array.from({ length: 500 }, (_, i) => ev(seq + 100 + i, T0 + i * 1_000, 'present'));
      expect(await s.code(student, 'presence.report', { attemptId: a.attemptId, events: flood })).toBe('EXPIRED');
      expect(await integrity(s, admin, a.attemptId)).toEqual(before);
      const mine = await s.call(student, 'scores.mine');
      expect(mine[0].integrity).toEqual(before.integrity);

      await s.close();
      s = await testServer(t.dir, { now: c.now });
      expect(await integrity(s, await s.user('admin'), a.attemptId)).toEqual(before);
    } finally {
      await s.close();
      await t.cleanup();
    }
  }, 60_000);

  test('a far-future time is clamped to its arrival and moves no earlier event', async () => {
    const t = await tempDir();
    const c = clock();
    const s = await testServer(t.dir, { now: c.now });
    try {
      const student = await s.user('student');
      const admin = await s.user('admin');
      const a = await s.call(student, 'exam.start', { course: 'DSA' });
      let seq = 0;
      for (let i = 0; i < 24; i++) {
        c.advance(5_000);
        await s.call(student, 'presence.report', {
          attemptId: a.attemptId,
          events: [ev(seq++, c.at() - 100, i < 12 ? 'absent' : 'multiple')],
        });
      }
      const before = await integrity(s, admin, a.attemptId);
      c.advance(2_000);
      const arrival = c.at();
      await s.call(student, 'presence.report', {
        attemptId: a.attemptId,
        events: [ev(seq++, arrival + 10 * 365 * 86_400_000, 'present')],
      });
      c.advance(3_000);
      const after = await integrity(s, admin, a.attemptId);
      // Every interval the server held before the report is still there, unchanged.
      const held = before.intervals.filter((iv: { to: number }) => iv.to <= arrival - T0 - 2_000 - 100);
      expect(after.intervals.slice(0, held.length)).toEqual(held);
      expect(after.integrity.absences).toBe(before.integrity.absences);
      expect(after.integrity.multipleEpisodes).toBe(before.integrity.multipleEpisodes);
      // The future event sits at its arrival, after everything else.
      expect(after.presence[after.presence.length - 1].seq).toBe(seq - 1);
      expect(after.intervals[after.intervals.length - 1]).toEqual({
        state: 'present',
        from: arrival - T0,
        to: arrival + 3_000 - T0,
      });
      expect(after.intervals.filter((iv: { state: string }) => iv.state === 'present')).toHaveLength(1);
    } finally {
      await s.close();
      await t.cleanup();
    }
  }, 60_000);

  test('out-of-order seqs are not stored, and a time stepping back is clamped to the last one held', async () => {
    const t = await tempDir();
    const c = clock();
    let s = await testServer(t.dir, { now: c.now });
    try {
      const student = await s.user('student');
      const admin = await s.user('admin');
      const a = await s.call(student, 'exam.start', { course: 'DSA' });
      c.advance(30_000);
      // A batched first report: times spread over the 25 s before its arrival.
      const batch = [0, 1, 2, 3, 4, 5].map((i) => ev(i, c.at() - 25_000 + i * 5_000, i < 3 ? 'present' : 'absent'));
      expect(await s.call(student, 'presence.report', { attemptId: a.attemptId, events: batch })).toEqual({ acked: 5 });
      const before = await integrity(s, admin, a.attemptId);
      expect(before.intervals).toEqual([
        { state: 'no-data', from: 0, to: 5_000 },
        { state: 'present', from: 5_000, to: 20_000 },
        { state: 'absent', from: 20_000, to: 30_000 },
      ]);
      c.advance(5_000);
      // seq 2 again with another state, and seq 1 after seq 9: neither is stored. seq 9 claims a time
      // 20 s in the past: it is placed at the newest held event, not inside the held record.
      const acked = await s.call(student, 'presence.report', {
        attemptId: a.attemptId,
        events: [ev(2, c.at() - 15_000, 'multiple'), ev(9, c.at() - 20_000, 'present'), ev(1, c.at(), 'multiple')],
      });
      expect(acked).toEqual({ acked: 9 });
      const after = await integrity(s, admin, a.attemptId);
      expect(after.presence.map((p: { seq: number }) => p.seq)).toEqual([0, 1, 2, 3, 4, 5, 9]);
      expect(after.intervals.slice(0, 2)).toEqual(before.intervals.slice(0, 2));
      expect(after.intervals[2]).toEqual({ state: 'absent', from: 20_000, to: 30_000 });
      expect(after.intervals[3]).toEqual({ state: 'present', from: 30_000, to: 35_000 });

      // A restart replays presence.csv through the same rules: the same record.
      await s.close();
      s = await testServer(t.dir, { now: c.now });
      expect(await integrity(s, await s.user('admin'), a.attemptId)).toEqual(after);
    } finally {
      await s.close();
      await t.cleanup();
    }
  }, 60_000);
});
