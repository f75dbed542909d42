// Downtime is given back (docs/server.md "Downtime"): the plan, and a restart with a moved clock.
import '../../protocol/testing/fast-nacl.js';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startServer } from '../server.js';
import { newAttemptState, type AttemptState } from '../store/model.js';
import { tempDir } from '../testing/harness.js';
import { studentChannel } from '../testing/tcp.js';
import { downSince, planDowntime } from './downtime.js';
import type { Attempt } from '../../protocol/messages.js';

function attempt(id: string, deadline: number, finished = false): AttemptState {
  const a = newAttemptState({
    attemptId: id,
    username: 'u',
    course: 'C',
    startedAt: 0,
    deadline,
    proctored: false,
    items: [],
    startDurable: null,
  });
  if (finished) a.finish = { at: 1, score: 0, total: 0, reason: 'finished', durable: null };
  return a;
}

test('only attempts still running when the server went down get the downtime added', () => {
  const plan = planDowntime(
    [attempt('running', 5_000), attempt('ran-out-while-up', 900), attempt('done', 9_000, true)],
    1_000,
    71_000,
  );
  expect(plan).toEqual([{ attemptId: 'running', username: 'u', from: 5_000, to: 75_000, downMs: 70_000 }]);
  expect(planDowntime([attempt('x', 5_000)], 1_000, 500)).toEqual([]); // the clock went backwards
});

test('the server went down at the later of its mark and its last durable record; without a mark it does not know', () => {
  const a = attempt('x', 90_000);
  a.answers.set('q', { choice: 'A', correct: true, at: 3_000, durable: null });
  const model = { attempts: new Map([['x', a]]) } as never;
  expect(downSince({ at: 1_000, clean: false }, model)).toBe(3_000);
  expect(downSince({ at: 5_000, clean: true }, model)).toBe(5_000);
  expect(downSince(null, model)).toBeNull();
});

test('a clean stop and a start 100 s later move the open deadline by 100 s, audited, answers kept', async () => {
  const t = await tempDir();
  await writeFile(join(t.dir, 'exams.csv'), 'Course,Count,Minutes,Proctored,Attempts\nPF,3,1,false,2\n');
  let clock = Date.UTC(2026, 10, 30, 12, 0, 0);
  const now = () => clock;
  let srv = await startServer({ dataDir: t.dir, port: 0, quiet: true, fsync: false, now });
  try {
    const ch = await studentChannel(srv.port, srv.publicKey, 'downy');
    const a = await ch.request<Attempt>('exam.start', { course: 'PF' });
    await ch.request('exam.answer', { attemptId: a.attemptId, questionId: a.questions[0].id, choice: 'A' });
    clock += 10_000;
    await ch.close();
    await srv.close(); // clean stop at +10 s
    clock += 100_000; // down for longer than the 50 s that were left
    srv = await startServer({ dataDir: t.dir, port: 0, quiet: true, fsync: false, now });
    const again = await studentChannel(srv.port, srv.publicKey, 'downy', undefined, false);
    const r = await again.request<Attempt>('exam.start', { course: 'PF' });
    expect(r.attemptId).toBe(a.attemptId);
    expect(r.deadline).toBe(a.deadline + 100_000);
    expect(r.answered).toEqual([expect.objectContaining({ questionId: a.questions[0].id, choice: 'A' })]);
    await again.close();
    const audit = await readFile(join(t.dir, 'audit.csv'), 'utf8');
    expect(audit).toMatch(new RegExp(`exam\\.extend-downtime,${a.attemptId},\\+100s for downy: the server stopped`));
    const extends_ = (await readFile(join(t.dir, 'attempts.csv'), 'utf8'))
      .split('\n')
      .filter((l) => l.startsWith('extend,'));
    expect(extends_).toHaveLength(1);
    // A second restart with no downtime to speak of extends by only that time, never twice over.
    await srv.close();
    srv = await startServer({ dataDir: t.dir, port: 0, quiet: true, fsync: false, now });
    const third = await studentChannel(srv.port, srv.publicKey, 'downy', undefined, false);
    expect((await third.request<Attempt>('exam.start', { course: 'PF' })).deadline).toBe(a.deadline + 100_000);
    await third.close();
  } finally {
    await srv.close();
    await t.cleanup();
  }
});
