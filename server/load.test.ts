// 200 simulated students finish an exam concurrently over real encrypted TCP,
// and every score is right (checked against the bank's key, in the response, in scores.mine, and
// on disk after a restart).
import '../protocol/testing/fast-nacl.js'; // X25519 outside Jest's slow vm sandbox (many handshakes)
import type { AnsweredItem, Attempt, FinishResult, Question } from '../protocol/messages.js';
import { startServer } from './server.js';
import { randomBytes, scryptSync } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Database } from './store/database.js';
import { parseTable } from './store/load.js';
import { questionsTable } from './store/questions.js';
import { tempDir } from './testing/harness.js';
import { correctLetter, studentChannel } from './testing/tcp.js';

const STUDENTS = 200;

test(`${STUDENTS} students finish an exam concurrently with correct scores`, async () => {
  const t = await tempDir();
  // Accounts made beforehand with a cheap scrypt cost (verification uses the cost stored per user):
  // this test is about exams at scale; registration and full-cost hashing are tested elsewhere.
  const setup = await Database.open(t.dir, { fsync: false });
  await Promise.all(
    Array.from({ length: STUDENTS }, (_, i) => {
      const salt = randomBytes(16);
      const hash = scryptSync('password-1', salt, 32, { N: 1024, r: 8, p: 1 });
      return setup.putUser({
        username: `student${i}`,
        role: 'student',
        created: 0,
        salt: salt.toString('base64'),
        hash: hash.toString('base64'),
        params: 'scrypt:1024:8:1',
      });
    }),
  );
  await setup.close();
  const srv = await startServer({ dataDir: t.dir, port: 0, quiet: true });
  try {
    const bank = new Map<string, Question>();
    // The bank as seeded (read-only here; the server owns the files).
    const text = await readFile(join(t.dir, 'questions.csv'), 'utf8');
    for (const { value } of parseTable('questions.csv', text, questionsTable).rows)
      bank.set(value.question.id, value.question);
    const expected = new Map<string, { attemptId: string; score: number }>();
    const results = await Promise.all(
      Array.from({ length: STUDENTS }, async (_, i) => {
        const name = `student${i}`;
        const ch = await studentChannel(srv.port, srv.publicKey, name, undefined, false);
        const course = ['DSA', 'OOP', 'PF'][i % 3];
        const a = await ch.request<Attempt>('exam.start', { course });
        const rightOnes = i % 11; // student i gets the first i % 11 questions right
        let score = 0;
        for (const [k, q] of a.questions.entries()) {
          const b = bank.get(q.id)!;
          const right = correctLetter(q.options, b.options, b.answer);
          const choice = k < rightOnes ? right : 'ABCDEFGH'[('ABCDEFGH'.indexOf(right) + 1) % q.options.length];
          const r = await ch.request<Pick<AnsweredItem, 'correct' | 'answer'>>('exam.answer', {
            attemptId: a.attemptId,
            questionId: q.id,
            choice,
          });
          expect(r).toEqual({ correct: k < rightOnes, answer: right });
          if (k < rightOnes) score++;
        }
        const fin = await ch.request<FinishResult>('exam.finish', { attemptId: a.attemptId });
        expected.set(name, { attemptId: a.attemptId, score });
        const mine = await ch.request<unknown[]>('scores.mine');
        await ch.close();
        return { fin, score, mine };
      }),
    );
    for (const { fin, score, mine } of results) {
      expect(fin).toEqual({ score, total: 10, percent: score * 10 });
      expect(mine).toHaveLength(1);
      expect(mine[0]).toMatchObject({ score, total: 10 });
    }
    await srv.close();
    const db = await Database.open(t.dir, { fsync: false });
    for (const [name, e] of expected) {
      const a = db.model.attempts.get(e.attemptId)!;
      expect({ name, user: a.username, score: a.finish?.score, answers: a.answers.size }).toEqual({
        name,
        user: name,
        score: e.score,
        answers: 10,
      });
    }
    await db.close();
  } finally {
    await srv.close();
    await t.cleanup();
  }
});
