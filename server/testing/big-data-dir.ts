// Builds a large data directory from generated rows (not a flood): finished exams of many students,
// with their answers and a proctor heartbeat every 5 s, in the proportions a term of real use
// gives (presence events are most of the bytes). The presence checkpoint is made by the server's own
// code (the arrival rules, the runs, captureIndex), as a running server would have left it.
// Usage: node --import tsx server/testing/big-data-dir.ts DIR BYTES
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { admitReport, keepRows, noteDisk } from '../exam/presence-admit.js';
import { answerRow } from '../store/answers.js';
import { attemptRow, type DrawnItem } from '../store/attempts.js';
import { formatRow } from '../store/csv.js';
import { newAttemptState, type AttemptState } from '../store/model.js';
import { PRESENCE_HEADER } from '../store/presence.js';
import { captureIndex, PRESENCE_INDEX_FILE, tailHash } from '../store/presence-index.js';
import { writeRowsAtomic } from '../store/rewrite-rows.js';
import { userRow, USERS_HEADER } from '../store/users.js';
import { ATTEMPTS_HEADER } from '../store/attempts.js';
import { ANSWERS_HEADER } from '../store/answers.js';
import { copyFile } from 'node:fs/promises';
import { defaultSeedDir } from '../store/database.js';
import { parseArgs, UsageError } from '../cli-args.js';

const STUDENTS = 2_000;
const COHORT = 200; // students in the room at once: their presence rows interleave
const EXAM_MS = 60 * 60_000;
const BEAT_MS = 5_000;
const T0 = Date.UTC(2026, 0, 5, 9);

class Out {
  private buf: string[] = [];
  private size = 0;
  written = 0;
  private constructor(private readonly fh: Awaited<ReturnType<typeof open>>) {}
  static async create(path: string, header: readonly string[]): Promise<Out> {
    const o = new Out(await open(path, 'w', 0o600));
    o.push(formatRow(header));
    return o;
  }
  push(s: string): void {
    this.buf.push(s);
    this.size += s.length;
    this.written += Buffer.byteLength(s);
  }
  async maybeFlush(): Promise<void> {
    if (this.size > 4 * 1024 * 1024) await this.flush();
  }
  async flush(): Promise<void> {
    await this.fh.write(this.buf.join(''));
    this.buf = [];
    this.size = 0;
  }
  async close(): Promise<void> {
    await this.flush();
    await this.fh.close();
  }
}

function items(): DrawnItem[] {
  return Array.from({ length: 10 }, (_, i) => ({
    id: String(i + 1),
    text: `Generated question ${i + 1}: which of the following statements about the data structure shown in the lecture is true?`,
    options: ['The first statement', 'The second statement', 'The third statement', 'The fourth statement'],
    answer: 'ABCD'[i % 4] as DrawnItem['answer'],
    concept: ['Complexity', 'Trees', 'Graphs', 'Hashing'][i % 4],
    difficulty: (['Easy', 'Medium', 'Hard'] as const)[i % 3],
    version: 1,
  }));
}

export async function buildBigDataDir(
  dir: string,
  targetBytes: number,
): Promise<{ bytes: number; attempts: number; events: number }> {
  await copyFile(join(defaultSeedDir(), 'questions.csv'), join(dir, 'questions.csv'));
  await copyFile(join(defaultSeedDir(), 'exams.csv'), join(dir, 'exams.csv'));
  const users = await Out.create(join(dir, 'users.csv'), USERS_HEADER);
  for (let i = 0; i < STUDENTS; i++) {
    users.push(
      userRow({
        username: `s${i}`,
        role: 'student',
        created: T0,
        salt: 'c2FsdHNhbHRzYWx0c2FsdA==',
        hash: 'aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g=',
        params: 'scrypt:16384:8:1',
      }),
    );
  }
  await users.close();
  const attemptsOut = await Out.create(join(dir, 'attempts.csv'), ATTEMPTS_HEADER);
  const answersOut = await Out.create(join(dir, 'answers.csv'), ANSWERS_HEADER);
  const presenceOut = await Out.create(join(dir, 'presence.csv'), PRESENCE_HEADER);
  const all: AttemptState[] = [];
  let lines = 1;
  let events = 0;
  const drawn = items();
  const total = () => attemptsOut.written + answersOut.written + presenceOut.written + users.written;
  for (let cohort = 0; total() < targetBytes; cohort++) {
    const start = T0 + cohort * (EXAM_MS + 60_000);
    const room: AttemptState[] = [];
    for (let k = 0; k < COHORT; k++) {
      const a = newAttemptState({
        attemptId: `g${cohort.toString(36).padStart(6, '0')}x${k.toString(36).padStart(6, '0')}`,
        username: `s${(cohort * COHORT + k) % STUDENTS}`,
        course: 'DSA',
        startedAt: start,
        deadline: start + EXAM_MS + 60_000,
        proctored: true,
        items: drawn,
        startDurable: null,
      });
      attemptsOut.push(
        attemptRow({
          event: 'start',
          attemptId: a.attemptId,
          username: a.username,
          course: a.course,
          at: start,
          deadline: a.deadline,
          proctored: true,
          items: drawn,
        }),
      );
      room.push(a);
      all.push(a);
    }
    for (let t = BEAT_MS, seq = 0; t <= EXAM_MS; t += BEAT_MS, seq++) {
      for (let k = 0; k < COHORT; k++) {
        const a = room[k];
        const receivedAt = start + t + k; // one report per student per beat, spread over the beat
        // Mostly present; now and then away for half a minute, rarely someone else in view.
        const phase = (seq + k * 7) % 120;
        const state = phase < 6 ? 'absent' : phase === 50 ? 'multiple' : 'present';
        const ev = {
          seq,
          at: receivedAt - 3_600_000 - 40,
          state,
          faces: state === 'present' ? 1 : state === 'multiple' ? 2 : 0,
          fps: 9.5,
        } as const;
        const { rows, clock } = admitReport(a, [ev], receivedAt);
        keepRows(a, rows, clock);
        // presenceRow's format, written out: nothing in these cells needs quoting.
        const line = `${a.attemptId},${seq},${ev.at},${receivedAt},${state},${ev.faces},9.5\r\n`;
        const from = presenceOut.written;
        presenceOut.push(line);
        noteDisk(a, from, presenceOut.written);
        lines++;
        events++;
      }
      await presenceOut.maybeFlush();
    }
    for (const a of room) {
      for (const it of drawn.slice(0, 8))
        answersOut.push(
          answerRow({
            attemptId: a.attemptId,
            questionId: it.id,
            choice: 'A',
            correct: it.answer === 'A',
            at: start + 60_000,
          }),
        );
      const score = drawn.slice(0, 8).filter((it) => it.answer === 'A').length;
      attemptsOut.push(
        attemptRow({
          event: 'finish',
          attemptId: a.attemptId,
          at: start + EXAM_MS + 1_000,
          score,
          total: drawn.length,
          reason: 'finished',
        }),
      );
      a.finish = { at: start + EXAM_MS + 1_000, score, total: drawn.length, reason: 'finished', durable: null };
      a.presence = [];
    }
    await attemptsOut.maybeFlush();
    await answersOut.maybeFlush();
  }
  const bytes = total();
  await Promise.all([attemptsOut.close(), answersOut.close(), presenceOut.close()]);
  const covered = { bytes: presenceOut.written, lines };
  const rows = captureIndex(all, covered);
  await writeRowsAtomic(
    join(dir, PRESENCE_INDEX_FILE),
    rows(await tailHash(join(dir, 'presence.csv'), covered.bytes)),
    { fsync: false },
  );
  return { bytes, attempts: all.length, events };
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  const [dir, bytes, ...extra] = parseArgs(process.argv.slice(2), { values: [], booleans: [] }).positional;
  if (!dir || !(Number(bytes) > 0) || extra.length)
    throw new UsageError('usage: node --import tsx server/testing/big-data-dir.ts DIR BYTES');
  const started = Date.now();
  buildBigDataDir(dir, Number(bytes)).then((r) =>
    process.stdout.write(`${JSON.stringify({ ...r, ms: Date.now() - started })}\n`),
  );
}
