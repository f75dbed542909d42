// A rewrite of questions.csv or exams.csv that fails (here EMFILE, injected through the store's own
// seam) leaves memory as it was: what students draw, what admins list and what is on disk agree,
// before and after a restart, and the next question does not reuse an id.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tempDir, testServer } from '../testing/harness.js';
import { writeRowsAtomic, type RowsWriter } from './rewrite-rows.js';

const question = {
  text: 'New?',
  options: ['yes', 'no'],
  answer: 'A',
  concept: 'New',
  difficulty: 'Easy',
  course: 'NEW',
};

test('a failed rewrite changes neither memory nor disk nor what students see', async () => {
  const t = await tempDir();
  let failing = false;
  const writeRows: RowsWriter = async (path, rows, opts) => {
    if (failing) throw Object.assign(new Error(`EMFILE: too many open files, open '${path}.tmp'`), { code: 'EMFILE' });
    return writeRowsAtomic(path, rows, opts);
  };
  let s = await testServer(t.dir, { writeRows });
  try {
    const admin = await s.user('admin');
    const student = await s.user('student');
    const bankBefore = await s.call(admin, 'questions.list', {});
    const coursesBefore = await s.call(admin, 'courses.list', {});
    const questionsCsv = await readFile(join(t.dir, 'questions.csv'), 'utf8');
    const examsCsv = await readFile(join(t.dir, 'exams.csv'), 'utf8');
    const first = bankBefore[0];

    failing = true;
    expect(await s.code(admin, 'questions.create', question)).toBe('INTERNAL');
    expect(
      await s.code(admin, 'questions.update', { ...first, text: 'Changed?', id: first.id, version: first.version }),
    ).toBe('INTERNAL');
    expect(await s.code(admin, 'questions.delete', { id: first.id, version: first.version })).toBe('INTERNAL');
    expect(
      await s.code(admin, 'questions.import', {
        csv: `ID,Text,Options,CorrectAnswer,Concept,Difficulty,Course\n,Imported?,a|b,A,X,Easy,NEW\n`,
      }),
    ).toBe('INTERNAL');
    expect(
      await s.code(admin, 'exams.configure', { course: 'DSA', count: 2, minutes: 1, proctored: false, attempts: 1 }),
    ).toBe('INTERNAL');

    // Memory is as it was ...
    expect(await s.call(admin, 'questions.list', {})).toEqual(bankBefore);
    expect(await s.call(admin, 'courses.list', {})).toEqual(coursesBefore);
    // ... so is the disk ...
    expect(await readFile(join(t.dir, 'questions.csv'), 'utf8')).toBe(questionsCsv);
    expect(await readFile(join(t.dir, 'exams.csv'), 'utf8')).toBe(examsCsv);
    // ... and students draw from the old bank with the old settings.
    expect(await s.code(student, 'exam.start', { course: 'NEW' })).toBe('NOT_FOUND');
    const a = await s.call(student, 'exam.start', { course: 'DSA' });
    expect(a.questions).toHaveLength(10);
    expect(a.deadline - s.app.now()).toBeGreaterThan(14 * 60_000);
    expect(a.questions.map((q: { text: string }) => q.text)).not.toContain('Changed?');

    // Once writes work again, the next question takes the next free id, and a restart agrees.
    failing = false;
    const created = await s.call(admin, 'questions.create', question);
    const maxBefore = Math.max(...bankBefore.map((q: { id: string }) => Number(q.id)).filter(Number.isFinite));
    expect(created.id).toBe(String(maxBefore + 1));
    const bankAfter = await s.call(admin, 'questions.list', {});
    await s.close();
    s = await testServer(t.dir, { writeRows });
    expect(await s.call(await s.user('admin'), 'questions.list', {})).toEqual(bankAfter);
  } finally {
    await s.close();
    await t.cleanup();
  }
}, 60_000);
