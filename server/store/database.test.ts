// Malformed files give file:line errors and are left untouched; a torn last
// line is dropped with a warning. Plus first-start seeding and group commit.
import { readFile, readdir, writeFile, appendFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tempDir } from '../testing/harness.js';
import { AppendLog } from './append-log.js';
import { Database } from './database.js';
import { DataFileError } from './load.js';

async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const f of (await readdir(dir)).sort()) if (f.endsWith('.csv')) out[f] = await readFile(join(dir, f), 'utf8');
  return out;
}

/** A data directory with every file present and one user, one attempt, one answer. */
async function populated(): Promise<{ dir: string; cleanup(): Promise<void> }> {
  const t = await tempDir();
  const db = await Database.open(t.dir, { fsync: false });
  const q = db.model.questions.get('1')!;
  await db.putUser({
    username: 'ann',
    role: 'student',
    created: 1,
    salt: 'c2FsdA==',
    hash: 'aGFzaA==',
    params: 'scrypt:16384:8:1',
  });
  await db.appendAttempt({
    event: 'start',
    attemptId: 'at1',
    username: 'ann',
    course: 'DSA',
    at: 10,
    deadline: 1e15,
    proctored: true,
    items: [{ ...q }],
  });
  await db.appendAnswer({ attemptId: 'at1', questionId: '1', choice: 'A', correct: true, at: 11 });
  await db.close();
  return t;
}

describe('data directory loading', () => {
  test('first start copies the sample bank (>= 30 questions per course, all difficulties)', async () => {
    const t = await tempDir();
    try {
      const db = await Database.open(t.dir, { fsync: false });
      for (const course of ['DSA', 'OOP', 'PF']) {
        const qs = [...db.model.questions.values()].filter((q) => q.course === course);
        expect(qs.length).toBeGreaterThanOrEqual(30);
        expect(new Set(qs.map((q) => q.difficulty))).toEqual(new Set(['Easy', 'Medium', 'Hard']));
        expect(new Set(qs.map((q) => q.concept)).size).toBeGreaterThanOrEqual(5);
        expect(db.model.exams.get(course)?.attempts).toBe(0);
      }
      await db.close();
      expect((await readFile(join(t.dir, 'questions.csv'), 'utf8')).split('\n')[0]).toBe(
        'ID,Text,Options,CorrectAnswer,Concept,Difficulty,Course,Version',
      );
    } finally {
      await t.cleanup();
    }
  });

  test.each([
    ['answers.csv', 'at1,1,Z,true,12\n', 'answers.csv:3: Choice must be one of'],
    ['answers.csv', 'at1,1,A,true\n', 'answers.csv:3: expected 5 cells, found 4'],
    ['answers.csv', 'nope,1,A,true,12\n', "answers.csv:3: answer for unknown attempt 'nope'"],
    ['answers.csv', 'at1,1,A,true,12\n', "answers.csv:3: question '1' answered twice"],
    ['users.csv', 'bob,root,1,s,h,scrypt:1:1:1\n', 'users.csv:3: Role must be one of student, admin'],
    [
      'attempts.csv',
      'finish,at1,,,20,,,1,1,finished,\nfinish,at1,,,21,,,1,1,finished,\n',
      "attempts.csv:4: attempt 'at1' finishes twice",
    ],
    ['presence.csv', 'at1,x,1,1,present,1,30\n', "presence.csv:2: Seq must be a whole number, got 'x'"],
    ['audit.csv', '"unterminated,1\n', 'audit.csv:'],
    ['questions.csv', '999,Q,a|b,C,c,Easy,DSA,1\n', 'questions.csv:'],
    ['exams.csv', 'XYZ,0,10,true,0\n', 'exams.csv:5: Count must be at least 1'],
  ])('%s with a bad line %j stops start-up with %s and changes nothing', async (file, line, message) => {
    const t = await populated();
    try {
      await appendFile(join(t.dir, file), line);
      const before = await snapshot(t.dir);
      const err = await Database.open(t.dir, { fsync: false }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(DataFileError);
      expect((err as Error).message).toContain(message);
      expect((err as Error).message).toMatch(/^[a-z]+\.csv:\d+: /);
      expect(await snapshot(t.dir)).toEqual(before);
    } finally {
      await t.cleanup();
    }
  });

  test('a wrong header is reported at line 1', async () => {
    const t = await populated();
    try {
      await writeFile(join(t.dir, 'answers.csv'), 'Attempt,Question\n');
      await expect(Database.open(t.dir, { fsync: false })).rejects.toThrow(
        /^answers\.csv:1: header must be AttemptId,QuestionId,Choice,Correct,At$/,
      );
    } finally {
      await t.cleanup();
    }
  });

  test('a torn last line is dropped with a warning and the log appends cleanly after it', async () => {
    const t = await populated();
    try {
      await appendFile(join(t.dir, 'answers.csv'), 'at1,2,B,fal');
      const warnings: string[] = [];
      const db = await Database.open(t.dir, { fsync: false, warn: (w) => warnings.push(w) });
      expect(warnings).toEqual([expect.stringMatching(/^answers\.csv:3: dropped a torn last line/)]);
      const a = db.model.attempts.get('at1')!;
      expect([...a.answers.keys()]).toEqual(['1']);
      await db.appendPresence([
        { attemptId: 'at1', seq: 1, at: 1, receivedAt: 2, state: 'present', faces: 1, fps: 10 },
      ]);
      await db.close();
      expect(await readFile(join(t.dir, 'answers.csv'), 'utf8')).toBe(
        'AttemptId,QuestionId,Choice,Correct,At\r\nat1,1,A,true,11\r\n',
      );
      const again = await Database.open(t.dir, { fsync: false });
      expect(again.model.attempts.get('at1')!.presence).toHaveLength(1);
      await again.close();
    } finally {
      await t.cleanup();
    }
  });

  test('questions.csv keeps its legacy trailing empty column readable', async () => {
    const t = await tempDir();
    try {
      await writeFile(
        join(t.dir, 'questions.csv'),
        'ID,Text,Options,CorrectAnswer,Concept,Difficulty,Course,\n7,Two plus two?,3|4,B,Arithmetic,easy,PF,\n',
      );
      const db = await Database.open(t.dir, { fsync: false });
      expect(db.model.questions.get('7')).toMatchObject({ answer: 'B', difficulty: 'Easy', version: 1 });
      await db.close();
    } finally {
      await t.cleanup();
    }
  });
});

test('columns an instructor added to questions.csv survive edits', async () => {
  const t = await tempDir();
  try {
    await writeFile(
      join(t.dir, 'questions.csv'),
      'ID,Text,Options,CorrectAnswer,Concept,Difficulty,Course,Explanation\n1,Two plus two?,3|4,B,Arithmetic,Easy,PF,"Count: 2, 3, 4"\n2,Three?,3|4,A,Arithmetic,Easy,PF,\n',
    );
    const db = await Database.open(t.dir, { fsync: false });
    db.model.questions.set('2', { ...db.model.questions.get('2')!, text: 'Three, edited?', version: 2 });
    await db.saveQuestions();
    await db.close();
    expect(await readFile(join(t.dir, 'questions.csv'), 'utf8')).toBe(
      'ID,Text,Options,CorrectAnswer,Concept,Difficulty,Course,Version,Explanation\r\n1,Two plus two?,3|4,B,Arithmetic,Easy,PF,1,"Count: 2, 3, 4"\r\n2,"Three, edited?",3|4,A,Arithmetic,Easy,PF,2,\r\n',
    );
  } finally {
    await t.cleanup();
  }
});

test('added columns named like object internals (__proto__, constructor) keep their cells through an edit', async () => {
  const t = await tempDir();
  try {
    const header = 'ID,Text,Options,CorrectAnswer,Concept,Difficulty,Course,Version,__proto__,constructor';
    await writeFile(join(t.dir, 'questions.csv'), `${header}\r\n1,Two?,3|4,B,Arithmetic,Easy,PF,1,kept,also kept\r\n`);
    const db = await Database.open(t.dir, { fsync: false });
    db.model.questions.set('2', { ...db.model.questions.get('1')!, id: '2', text: 'New?' });
    await db.saveQuestions();
    await db.close();
    expect(await readFile(join(t.dir, 'questions.csv'), 'utf8')).toBe(
      `${header}\r\n1,Two?,3|4,B,Arithmetic,Easy,PF,1,kept,also kept\r\n2,New?,3|4,B,Arithmetic,Easy,PF,1,,\r\n`,
    );
  } finally {
    await t.cleanup();
  }
});

describe('group commit', () => {
  test('appends made together share one write and resolve only after it', async () => {
    const t = await tempDir();
    try {
      const path = join(t.dir, 'log.csv');
      const log = await AppendLog.open(path, { fsync: true });
      await Promise.all(Array.from({ length: 500 }, (_, i) => log.append(`row${i}\n`)));
      expect(log.rowsWritten).toBe(500);
      expect(log.flushes).toBeLessThanOrEqual(2);
      expect((await readFile(path, 'utf8')).split('\n')).toHaveLength(501);
      await log.close();
    } finally {
      await t.cleanup();
    }
  });
});
