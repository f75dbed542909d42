// Server-side exams (PROTOCOL.md 6). The answer key never leaks: in a full exam run, no response to a
// student contains the answer of a question it has not answered yet.
import {
  FakeConn,
  serverPerTest,
  tempDir,
  testServer,
  withStartedAttempt,
  type TestServer,
} from '../testing/harness.js';
import { answersIn } from '../testing/leaks.js';
import { newAttemptId } from './exam-service.js';
import { neutraliseCell } from '../store/csv.js';

describe('exam run', () => {
  let s: TestServer;
  let clock = 1_800_000_000_000;
  const now = () => clock;
  serverPerTest({ now }, (server) => {
    s = server;
  });

  test('no response to a student reveals an answer before it is answered', async () => {
    const conn = await s.user('student');
    const answered = new Set<string>();
    const responses: { cmd: string; data: unknown; justAnswered?: string }[] = [];
    const call = async (cmd: string, args: Record<string, unknown> = {}) => {
      const data = await s.call(conn, cmd, args);
      responses.push({ cmd, data, justAnswered: cmd === 'exam.answer' ? String(args.questionId) : undefined });
      for (const { path, holder } of answersIn(data)) {
        const qid = holder.questionId ?? (cmd === 'exam.answer' && path === '$' ? args.questionId : undefined);
        expect({
          cmd,
          path,
          answeredAlready: typeof qid === 'string' && (answered.has(qid) || qid === args.questionId),
        }).toEqual({ cmd, path, answeredAlready: true });
      }
      if (cmd === 'exam.answer') answered.add(String(args.questionId));
      return data;
    };
    await call('courses.list');
    const attempt = await call('exam.start', { course: 'DSA' });
    expect(attempt.questions).toHaveLength(10);
    expect(attempt.answered).toEqual([]);
    for (const [i, q] of attempt.questions.entries()) {
      if (i === 7) break; // leave three unanswered
      await call('exam.answer', { attemptId: attempt.attemptId, questionId: q.id, choice: 'B' });
      await call('presence.report', {
        attemptId: attempt.attemptId,
        events: [{ seq: i, at: 1000 * i, state: 'present', faces: 1, fps: 12 }],
      });
      const resumed = await call('exam.start', { course: 'DSA' }); // a reconnect resumes the same attempt
      expect(resumed.attemptId).toBe(attempt.attemptId);
      await call('exam.resume', { attemptId: attempt.attemptId }); // the client's reconnect path (PROTOCOL.md 8 review)
      expect(resumed.answered).toHaveLength(i + 1);
      await call('scores.mine');
    }
    await call('exam.finish', { attemptId: attempt.attemptId });
    await call('scores.mine');
    expect(responses.length).toBeGreaterThan(25);
    // The bank's own answer key must never appear in student responses as a whole question object.
    expect(JSON.stringify(responses)).not.toMatch(/"version"|"CorrectAnswer"/);
    expect(conn.events).toEqual([]);
  });

  test('options are shuffled per attempt and grading follows the shuffle', async () => {
    const orders = new Set<string>();
    for (let i = 0; i < 6; i++) {
      const conn = await s.user('student');
      const a = await s.call(conn, 'exam.start', { course: 'OOP' });
      orders.add(a.questions.map((q: { id: string; options: string[] }) => q.id + q.options.join()).join('/'));
      const q = a.questions[0];
      const bank = s.app.db.model.questions.get(q.id)!;
      const correctText = bank.options['ABCDEFGH'.indexOf(bank.answer)];
      const letter = 'ABCDEFGH'[q.options.indexOf(correctText)];
      expect(await s.call(conn, 'exam.answer', { attemptId: a.attemptId, questionId: q.id, choice: letter })).toEqual({
        correct: true,
        answer: letter,
      });
    }
    expect(orders.size).toBe(6);
  });

  test('answers are final and idempotent; finish is idempotent', async () => {
    const conn = await s.user('student');
    const a = await s.call(conn, 'exam.start', { course: 'PF' });
    const args = { attemptId: a.attemptId, questionId: a.questions[0].id, choice: 'A' };
    const first = await s.call(conn, 'exam.answer', args);
    expect(await s.call(conn, 'exam.answer', args)).toEqual(first);
    expect(await s.code(conn, 'exam.answer', { ...args, choice: 'B' })).toBe('CONFLICT');
    const done = await s.call(conn, 'exam.finish', { attemptId: a.attemptId });
    expect(done).toEqual({ score: first.correct ? 1 : 0, total: 10, percent: first.correct ? 10 : 0 });
    expect(await s.call(conn, 'exam.finish', { attemptId: a.attemptId })).toEqual(done);
    expect(await s.call(conn, 'exam.answer', args)).toEqual(first); // a retried ack after finish
    expect(await s.code(conn, 'exam.answer', { ...args, questionId: a.questions[1].id })).toBe('EXPIRED');
    // A new attempt after a finished one (attempts 0 = unlimited).
    const again = await s.call(conn, 'exam.start', { course: 'PF' });
    expect(again.attemptId).not.toBe(a.attemptId);
  });

  test('pipelined duplicate starts and answers do not duplicate anything', async () => {
    const conn = await s.user('student');
    const [a, b] = await Promise.all([
      s.call(conn, 'exam.start', { course: 'DSA' }),
      s.call(conn, 'exam.start', { course: 'DSA' }),
    ]);
    expect(a.attemptId).toBe(b.attemptId);
    const args = { attemptId: a.attemptId, questionId: a.questions[0].id, choice: 'C' };
    const results = await Promise.all([s.call(conn, 'exam.answer', args), s.call(conn, 'exam.answer', args)]);
    expect(results[0]).toEqual(results[1]);
    const owner = s.app.db.model.attempts.get(a.attemptId)!;
    expect(s.app.db.model.attemptsByUser.get(owner.username)).toHaveLength(1);
    expect(owner.answers.size).toBe(1);
  });

  test('another student cannot touch my attempt', async () => {
    const mine = await s.user('student');
    const theirs = await s.user('student');
    const a = await s.call(mine, 'exam.start', { course: 'DSA' });
    expect(
      await s.code(theirs, 'exam.answer', { attemptId: a.attemptId, questionId: a.questions[0].id, choice: 'A' }),
    ).toBe('NOT_FOUND');
    expect(await s.code(theirs, 'exam.finish', { attemptId: a.attemptId })).toBe('NOT_FOUND');
    expect(await s.code(theirs, 'presence.report', { attemptId: a.attemptId, events: [] })).toBe('NOT_FOUND');
  });

  test('the attempts limit is enforced per course', async () => {
    const admin = await s.user('admin');
    await s.call(admin, 'exams.configure', { course: 'PF', count: 3, minutes: 5, proctored: false, attempts: 1 });
    const conn = await s.user('student');
    const a = await s.call(conn, 'exam.start', { course: 'PF' });
    expect(a.questions).toHaveLength(3);
    expect(a.proctored).toBe(false);
    expect(a.deadline).toBe(clock + 5 * 60_000);
    await s.call(conn, 'exam.finish', { attemptId: a.attemptId });
    expect(await s.code(conn, 'exam.start', { course: 'PF' })).toBe('CONFLICT');
    expect(await s.code(conn, 'exam.start', { course: 'Nope' })).toBe('NOT_FOUND');
  });

  test('the deadline is the server clock: answers after it are EXPIRED, and finish reports the score', async () => {
    const conn = await s.user('student');
    const a = await s.call(conn, 'exam.start', { course: 'DSA' });
    await s.call(conn, 'exam.answer', { attemptId: a.attemptId, questionId: a.questions[0].id, choice: 'A' });
    clock = a.deadline;
    expect(
      await s.code(conn, 'exam.answer', { attemptId: a.attemptId, questionId: a.questions[1].id, choice: 'A' }),
    ).toBe('EXPIRED');
    const r = await s.call(conn, 'exam.finish', { attemptId: a.attemptId });
    expect(r.total).toBe(10);
    expect(s.app.db.model.attempts.get(a.attemptId)!.finish).toMatchObject({ reason: 'expired', at: a.deadline });
  });

  test('presence duplicates by seq are ignored and acked is the highest stored seq', async () => {
    const conn = await s.user('student');
    const a = await s.call(conn, 'exam.start', { course: 'DSA' });
    const ev = (seq: number) => ({ seq, at: 1000 + seq, state: 'present', faces: 1, fps: 10 });
    expect(await s.call(conn, 'presence.report', { attemptId: a.attemptId, events: [ev(1), ev(2)] })).toEqual({
      acked: 2,
    });
    expect(await s.call(conn, 'presence.report', { attemptId: a.attemptId, events: [ev(2), ev(3), ev(3)] })).toEqual({
      acked: 3,
    });
    expect(s.app.db.model.attempts.get(a.attemptId)!.presence.map((p) => p.seq)).toEqual([1, 2, 3]);
  });
});

describe('timer', () => {
  test('auto-finishes at the deadline, sends exam.expired, and resumes timers after a restart', async () => {
    const t = await tempDir();
    try {
      let s = await testServer(t.dir);
      await s.call(await s.user('admin'), 'exams.configure', {
        course: 'DSA',
        count: 2,
        minutes: 1,
        proctored: true,
        attempts: 0,
      });
      const conn = await s.user('student', 'timmy');
      const a = await s.call(conn, 'exam.start', { course: 'DSA' });
      const state = s.app.db.model.attempts.get(a.attemptId)!;
      await s.close();
      // Restart with a clock past the deadline: the attempt is expired at start-up.
      s = await testServer(t.dir, { now: () => state.deadline + 1 });
      const reloaded = s.app.db.model.attempts.get(a.attemptId)!;
      await new Promise((r) => setTimeout(r, 50));
      expect(reloaded.finish).toMatchObject({ reason: 'expired', at: state.deadline, total: 2 });
      await s.close();

      // A live timer: the shortest exam is a minute, so pull its deadline 150 ms close and re-arm.
      s = await testServer(t.dir);
      const c2 = await s.user('student', 'timmy');
      const b = await s.call(c2, 'exam.start', { course: 'DSA' });
      s.app.db.model.attempts.get(b.attemptId)!.deadline = Date.now() + 150;
      s.app.exams.resume();
      // The timer's event, waited for (bounded) rather than assumed within a fixed sleep.
      for (let i = 0; i < 1_000 && c2.events.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
      expect(c2.events).toEqual([
        { name: 'exam.expired', data: { attemptId: b.attemptId, course: 'DSA', score: 0, total: 2, percent: 0 } },
      ]);
      expect(
        await s.code(c2, 'exam.answer', { attemptId: b.attemptId, questionId: b.questions[0].id, choice: 'A' }),
      ).toBe('EXPIRED');
      await s.close();
    } finally {
      await t.cleanup();
    }
  });
});

test('FakeConn records events', () => {
  const c = new FakeConn();
  c.sendEvent('x', {});
  expect(c.events).toHaveLength(1);
});

/** A student in a fresh attempt on a server whose disk the test then breaks. */
const withBrokenDisk = withStartedAttempt;

/** Makes the next `write` of the database hang until the returned function fails it. */
function stallWrite(s: TestServer, write: 'appendAnswer' | 'appendAttempt'): (err: Error) => void {
  let fail!: (err: Error) => void;
  s.db[write] = () => new Promise<void>((_, reject) => (fail = reject));
  return (err) => fail(err);
}

test('a failed write is never acknowledged and leaves nothing behind', () =>
  withBrokenDisk(async (s, conn, a) => {
    // Simulate the disk failing under the answers log.
    await (s.db as unknown as { logs: Record<string, { fh: { close(): Promise<void> } }> }).logs[
      'answers.csv'
    ].fh.close();
    const args = { attemptId: a.attemptId, questionId: a.questions[0].id, choice: 'A' };
    expect(await s.code(conn, 'exam.answer', args)).toBe('INTERNAL');
    expect(s.app.db.model.attempts.get(a.attemptId)!.answers.size).toBe(0);
    expect(await s.code(conn, 'exam.answer', { ...args, choice: 'B' })).toBe('INTERNAL'); // not CONFLICT: A was never given
  }));

test('a resumed attempt lists an answer only once it is durable (a failed write leaks no key)', () =>
  withBrokenDisk(async (s, conn, a) => {
    const fail = stallWrite(s, 'appendAnswer'); // a write that is still running
    const answering = s.code(conn, 'exam.answer', {
      attemptId: a.attemptId,
      questionId: a.questions[0].id,
      choice: 'A',
    });
    const resuming = s.call(conn, 'exam.start', { course: 'DSA' }); // e.g. a second connection of the student
    await new Promise((r) => setImmediate(r));
    fail(new Error('disk full'));
    expect(await answering).toBe('INTERNAL');
    expect((await resuming).answered).toEqual([]);
  }));

test('scores.mine lists a finish only once it is durable', () =>
  withBrokenDisk(async (s, conn, a) => {
    const fail = stallWrite(s, 'appendAttempt'); // the finish row is still being written
    const finishing = s.code(conn, 'exam.finish', { attemptId: a.attemptId });
    const scores = s.call(conn, 'scores.mine');
    await new Promise((r) => setImmediate(r));
    fail(new Error('disk full'));
    expect(await finishing).toBe('INTERNAL');
    expect(await scores).toEqual([]);
  }));

test('attempt ids never start with a formula character, so exports keep them as they are', () => {
  // One draw in 64 would start with '-' without the redraw; 4000 draws make a miss all but certain.
  const ids = Array.from({ length: 4000 }, () => newAttemptId());
  for (const id of ids) {
    expect(id).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{15}$/);
    expect(neutraliseCell(id)).toBe(id);
  }
  expect(new Set(ids).size).toBe(ids.length);
});
