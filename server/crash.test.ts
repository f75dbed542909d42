// Durability under a crash: a server child process killed with SIGKILL during at least 1,000
// acknowledged answers, then restarted: every acknowledged answer is there and every file parses.
import '../protocol/testing/fast-nacl.js'; // X25519 outside Jest's slow vm sandbox
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { ClientChannel } from '../protocol/api.js';
import { Database } from './store/database.js';
import { spawnServer } from './testing/child.js';
import { tempDir } from './testing/harness.js';
import { studentChannel } from './testing/tcp.js';
import type { AnsweredItem, Attempt } from '../protocol/messages.js';

const STUDENTS = 40;

test('SIGKILL during >= 1,000 acknowledged answers loses none of them', async () => {
  const t = await tempDir();
  // 30 questions per attempt so 40 students give up to 1,200 answers.
  await mkdir(t.dir, { recursive: true });
  await writeFile(
    join(t.dir, 'exams.csv'),
    'Course,Count,Minutes,Proctored,Attempts\nDSA,30,60,true,0\nOOP,30,60,true,0\nPF,30,60,false,0\n',
  );
  let srv = await spawnServer(t.dir);
  const channels: ClientChannel[] = [];
  try {
    const acked: { attemptId: string; questionId: string; choice: string; correct?: boolean }[] = [];
    let killed = false;
    const students = await Promise.all(
      Array.from({ length: STUDENTS }, async (_, i) => {
        const ch = await studentChannel(srv.port, srv.publicKey, `crash${i}`);
        channels.push(ch);
        const a = await ch.request<Attempt>('exam.start', { course: ['DSA', 'OOP', 'PF'][i % 3] });
        return { ch, a, i };
      }),
    );
    const runs = students.map(async ({ ch, a, i }) => {
      for (const [k, q] of a.questions.entries()) {
        const choice = 'ABCD'[(i + k) % q.options.length];
        try {
          const r = await ch.request<Pick<AnsweredItem, 'correct' | 'answer'>>('exam.answer', {
            attemptId: a.attemptId,
            questionId: q.id,
            choice,
          });
          acked.push({ attemptId: a.attemptId, questionId: q.id, choice, correct: r.correct });
        } catch {
          return; // the server died under us: this answer was not acknowledged
        }
        if (acked.length >= 1000 && !killed) {
          killed = true;
          srv.child.kill('SIGKILL');
        }
      }
    });
    await Promise.all(runs);
    expect(killed).toBe(true);
    expect(acked.length).toBeGreaterThanOrEqual(1000);
    await srv.exited;

    // Restart on the same directory: the stale lock is taken over, files load (torn lines dropped).
    srv = await spawnServer(t.dir);
    const again = await studentChannel(srv.port, srv.publicKey, 'crash0', undefined, false);
    channels.push(again);
    const resumed = await again.request<Attempt>('exam.start', { course: 'DSA' });
    expect(resumed.attemptId).toBe(students[0].a.attemptId);
    const mineAcked = acked.filter((x) => x.attemptId === resumed.attemptId);
    for (const x of mineAcked)
      expect(resumed.answered).toContainEqual(
        expect.objectContaining({ questionId: x.questionId, choice: x.choice, correct: x.correct }),
      );
    await again.close();
    srv.child.kill('SIGTERM');
    expect(await srv.exited).toBe(0);

    // Every file parses, and every acknowledged answer is on disk exactly as acknowledged.
    const db = await Database.open(t.dir, { fsync: false });
    for (const x of acked) {
      const got = db.model.attempts.get(x.attemptId)?.answers.get(x.questionId);
      expect({ ...x, got: got && { choice: got.choice, correct: got.correct } }).toEqual({
        ...x,
        got: { choice: x.choice, correct: x.correct },
      });
    }
    await db.close();
    expect(await readFile(join(t.dir, 'answers.csv'), 'utf8')).toMatch(/\n$/);
  } finally {
    for (const ch of channels) await ch.close().catch(() => {});
    srv.child.kill('SIGKILL');
    await srv.exited;
    await t.cleanup();
  }
});
