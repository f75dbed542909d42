// An answer racing the finish: the answer was accepted first, so it counts, but only once it is on
// disk. The finish row (with its score) is written after the answers it counts are durable: a crash
// between the two files, or a failed answer write, must never leave a recorded score that the
// recorded answers do not add up to.
import type { Attempt } from '../../protocol/messages.js';
import type { AttemptRow } from '../store/attempts.js';
import { withStartedAttempt, type TestServer } from '../testing/harness.js';

const withAttempt = withStartedAttempt;

/** The next answer write hangs until settled by the test; finish rows are recorded as they are appended. */
function instrument(s: TestServer) {
  let settle!: (err?: Error) => void;
  const realAnswer = s.db.appendAnswer.bind(s.db);
  s.db.appendAnswer = (row) =>
    new Promise<void>((resolve, reject) => {
      settle = (err) => (err ? reject(err) : realAnswer(row).then(resolve, reject));
    });
  const finishRows: AttemptRow[] = [];
  const realAttempt = s.db.appendAttempt.bind(s.db);
  s.db.appendAttempt = (row) => {
    if (row.event === 'finish') finishRows.push(row);
    return realAttempt(row);
  };
  return { settle: (err?: Error) => settle(err), finishRows };
}

const correctChoice = (s: TestServer, a: Attempt, i: number) =>
  s.app.db.model.attempts.get(a.attemptId)!.itemById.get(a.questions[i].id)!.answer;

test('the finish row waits for the answers it counts to be durable, and counts them', () =>
  withAttempt(async (s, conn, a) => {
    const io = instrument(s);
    const answering = s.call(conn, 'exam.answer', {
      attemptId: a.attemptId,
      questionId: a.questions[0].id,
      choice: correctChoice(s, a, 0),
    });
    const finishing = s.call(conn, 'exam.finish', { attemptId: a.attemptId });
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
    // The answer is still being written: no score may be on its way to disk yet.
    expect(io.finishRows).toEqual([]);
    io.settle();
    expect(await answering).toMatchObject({ correct: true });
    expect(await finishing).toMatchObject({ score: 1 });
    expect(io.finishRows).toMatchObject([{ score: 1 }]);
  }));

test('an answer whose write fails while the finish waits for it is not counted, on disk or in the answer', () =>
  withAttempt(async (s, conn, a) => {
    const io = instrument(s);
    const answering = s.code(conn, 'exam.answer', {
      attemptId: a.attemptId,
      questionId: a.questions[0].id,
      choice: correctChoice(s, a, 0),
    });
    const finishing = s.call(conn, 'exam.finish', { attemptId: a.attemptId });
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
    io.settle(new Error('disk full'));
    expect(await answering).toBe('INTERNAL');
    expect(await finishing).toMatchObject({ score: 0 });
    expect(io.finishRows).toMatchObject([{ score: 0 }]);
    const review = await s.call(conn, 'attempts.review', { attemptId: a.attemptId });
    expect(review.attempt).toMatchObject({ score: 0, answered: 0 });
    expect(s.app.db.model.attempts.get(a.attemptId)!.answers.size).toBe(0);
  }));
