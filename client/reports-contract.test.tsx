// The attempts and timeline screens' readers against a real server on 127.0.0.1 (not the fake):
// attempts.list pages as the client pages them, and the presence strip is drawn from the
// intervals the server computed, with the server's own absence in it.
import { Api } from './api.js';
import { timelineLines } from './components/Timeline.js';
import { attemptSummaries } from './state/attempts-list.js';
import { timeline } from './state/reports.js';
import { realServerWithAdmin, type RealServer } from './testing/real-server.js';

let h: RealServer;
let admin: Api;
beforeAll(async () => ({ h, admin } = await realServerWithAdmin()));
afterAll(async () => h.stop());

test("the timeline draws the server's intervals: an absence the server placed shows where it placed it", async () => {
  const student = new Api(h.session());
  await student.register('strip-stu', 'student-pass-1');
  await student.login('strip-stu', 'student-pass-1', 'student');
  const attempt = await student.startExam('DSA'); // proctored by default
  // The server places events by when their report arrives (docs/analytics.md), so the absence has
  // to last in real time: present, then absent for 1.5 s until the finish.
  const t0 = Date.now();
  await student.reportPresence(attempt.attemptId, [{ seq: 1, at: t0, state: 'present', faces: 1, fps: 5 }]);
  await new Promise((r) => setTimeout(r, 300));
  await student.reportPresence(attempt.attemptId, [{ seq: 2, at: t0 + 300, state: 'absent', faces: 0, fps: 5 }]);
  await new Promise((r) => setTimeout(r, 1_500));
  await student.reportPresence(attempt.attemptId, [{ seq: 3, at: t0 + 1_800, state: 'absent', faces: 0, fps: 5 }]);
  await student.finish(attempt.attemptId);

  const raw = await admin.timeline(attempt.attemptId);
  const t = timeline(raw);
  expect(t.reports).toBe(3);
  expect(t.intervals.length).toBeGreaterThan(0);
  expect(t.intervals.map((i) => i.state)).toContain('absent');
  // Covering the attempt from its start, in order, as docs/analytics.md says.
  expect(t.intervals[0].from).toBe(0);
  for (let k = 1; k < t.intervals.length; k++) expect(t.intervals[k].from).toBe(t.intervals[k - 1].to);

  const lines = timelineLines(raw, 80).map((l) => l.text);
  const strip = lines.find((l) => l.startsWith('|'));
  // Present first (about a sixth of the attempt), then absent to the end.
  expect(strip).toMatch(/^\|[ █]*█_{20,}\|$/);
  for (const l of lines) expect([...l].length).toBeLessThanOrEqual(80);
});

test('attempts.list pages with the cursor the server gives, and the client reads every field', async () => {
  const student = new Api(h.session());
  await student.register('page-stu', 'student-pass-1');
  await student.login('page-stu', 'student-pass-1', 'student');
  for (let i = 0; i < 3; i++) {
    const a = await student.startExam('PF');
    await student.finish(a.attemptId);
  }
  const first = attemptSummaries(await admin.attemptsList({ student: 'page-stu', limit: 2 }));
  expect(first.rows).toHaveLength(2);
  expect(first.cursor).toEqual(expect.any(String));
  const second = attemptSummaries(await admin.attemptsList({ student: 'page-stu', limit: 2, cursor: first.cursor }));
  expect(second.rows).toHaveLength(1);
  expect(second.cursor).toBeUndefined();
  const ids = [...first.rows, ...second.rows].map((r) => r.attemptId);
  expect(new Set(ids).size).toBe(3);
  for (const r of [...first.rows, ...second.rows]) {
    expect(r).toMatchObject({
      student: 'page-stu',
      course: 'PF',
      state: 'finished',
      total: expect.any(Number),
      percent: expect.any(Number),
    });
    expect(r.started).toBeGreaterThan(0);
    expect(['low', 'medium', 'high']).toContain(r.review.level);
  }
});
