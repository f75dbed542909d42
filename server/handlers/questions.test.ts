// questions.* (PROTOCOL.md 6). Two admins edit one question, the second gets
// CONFLICT and nothing is lost (also after a restart).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tempDir, testServer } from '../testing/harness.js';

const base = {
  text: 'Which keyword declares a constant in JavaScript?',
  options: ['var', 'let', 'const'],
  answer: 'C',
  concept: 'Variables',
  difficulty: 'Easy',
  course: 'PF',
};

test('two admins edit one question: the second gets CONFLICT and nothing is lost', async () => {
  const t = await tempDir();
  try {
    let s = await testServer(t.dir, { fsync: true });
    const ada = await s.user('admin', 'ada');
    const bob = await s.user('admin', 'bob');
    const q = await s.call(ada, 'questions.create', base);
    expect(q).toMatchObject({ ...base, version: 1 });
    // Both loaded version 1; both save at the same moment.
    const [first, second] = await Promise.all([
      s
        .call(ada, 'questions.update', { ...q, text: 'Ada: which keyword makes a binding that cannot be reassigned?' })
        .then(
          (v) => ({ ok: v }),
          (e) => ({ err: e.code }),
        ),
      s.call(bob, 'questions.update', { ...q, options: ['var', 'let', 'const', 'static'] }).then(
        (v) => ({ ok: v }),
        (e) => ({ err: e.code }),
      ),
    ]);
    expect(first).toEqual({ ok: expect.objectContaining({ version: 2, text: expect.stringMatching(/^Ada/) }) });
    expect(second).toEqual({ err: 'CONFLICT' });
    // Bob reloads and applies his change on top of Ada's.
    const fresh = (await s.call(bob, 'questions.list', { course: 'PF' })).find((x: { id: string }) => x.id === q.id);
    const merged = await s.call(bob, 'questions.update', { ...fresh, options: ['var', 'let', 'const', 'static'] });
    expect(merged).toMatchObject({
      version: 3,
      text: expect.stringMatching(/^Ada/),
      options: ['var', 'let', 'const', 'static'],
    });
    expect(await s.code(ada, 'questions.delete', { id: q.id, version: 2 })).toBe('CONFLICT');
    await s.close();

    s = await testServer(t.dir);
    expect(s.db.model.questions.get(q.id)).toEqual(merged);
    expect(await readFile(join(t.dir, 'audit.csv'), 'utf8')).toMatch(/ada,.*questions\.update,/);
    const admin = await s.user('admin');
    expect(await s.call(admin, 'questions.delete', { id: q.id, version: 3 })).toEqual({});
    expect(await s.code(admin, 'questions.delete', { id: q.id, version: 3 })).toBe('NOT_FOUND');
    await s.close();
  } finally {
    await t.cleanup();
  }
});

test('import reports per-line errors, updates known IDs, and export round-trips with neutralised cells', async () => {
  const t = await tempDir();
  try {
    const s = await testServer(t.dir);
    const admin = await s.user('admin');
    const csv = [
      'ID,Text,Options,CorrectAnswer,Concept,Difficulty,Course,',
      '1,What is the time complexity of accessing the element at index i of an array?,O(1)|O(log n)|O(n)|O(n log n),A,Complexity,Hard,DSA,',
      ',=1+1 in a spreadsheet is?,2|11,A,Formulas,Easy,PF,',
      ',Broken,a|b,Q,c,Easy,PF,',
      ',No difficulty,a|b,A,c,Trivial,PF,',
      ',Answer by text,red|green,green,Colours,Medium,PF,',
    ].join('\n');
    const r = await s.call(admin, 'questions.import', { csv });
    expect(r).toEqual({
      created: 2,
      updated: 1,
      errors: [
        { line: 4, message: expect.stringContaining("CorrectAnswer 'Q'") },
        { line: 5, message: expect.stringContaining('Difficulty must be Easy, Medium or Hard') },
      ],
    });
    expect(s.db.model.questions.get('1')).toMatchObject({ difficulty: 'Hard', version: 2 });
    const { csv: exported } = await s.call(admin, 'questions.export', { course: 'PF' });
    expect(exported.split('\r\n')[0]).toBe('ID,Text,Options,CorrectAnswer,Concept,Difficulty,Course,Version');
    expect(exported).toContain("'=1+1 in a spreadsheet is?");
    expect(exported).toMatch(/Answer by text,red\|green,B,/);
    // Re-importing our own export changes nothing.
    expect(await s.call(admin, 'questions.import', { csv: exported })).toEqual({ created: 0, updated: 0, errors: [] });
    await s.close();
  } finally {
    await t.cleanup();
  }
});

test('analytics.summary and results.export cover finished attempts only', async () => {
  const t = await tempDir();
  try {
    const s = await testServer(t.dir);
    const admin = await s.user('admin');
    const stu = await s.user('student', '-evil');
    const a = await s.call(stu, 'exam.start', { course: 'PF' });
    for (const q of a.questions)
      await s.call(stu, 'exam.answer', { attemptId: a.attemptId, questionId: q.id, choice: 'A' });
    const done = await s.call(stu, 'exam.finish', { attemptId: a.attemptId });
    await s.call(await s.user('student'), 'exam.start', { course: 'PF' }); // open: not counted
    const sum = await s.call(admin, 'analytics.summary', { course: 'PF' });
    expect(sum.attempts).toBe(1);
    expect(sum.items).toHaveLength(10);
    expect(sum.students).toEqual([expect.objectContaining({ username: '-evil', attempts: 1 })]);
    const { csv } = await s.call(admin, 'results.export', {});
    const rows = csv.trim().split('\n');
    expect(rows).toHaveLength(2);
    expect(rows[1]).toMatch(new RegExp(`^'-evil,PF,${a.attemptId},.*,finished,${done.score},10,${done.percent},`));
    const tl = await s.call(admin, 'attempts.timeline', { attemptId: a.attemptId });
    expect(tl.answers).toHaveLength(10);
    expect(tl.attempt.questions[0].answer).toMatch(/^[A-H]$/);
    await s.close();
  } finally {
    await t.cleanup();
  }
});

test('what an admin saves is what the server reads back after a restart (padded names and texts)', async () => {
  const t = await tempDir();
  try {
    let s = await testServer(t.dir);
    const admin = await s.user('admin', 'ada');
    const q = await s.call(admin, 'questions.create', {
      ...base,
      text: '  Padded?  ',
      options: [' var', 'let ', 'const'],
      concept: ' Variables ',
    });
    await s.call(admin, 'exams.configure', { course: 'DSA', count: 5, minutes: 10, proctored: false, attempts: 1 });
    await s.call(admin, 'exams.configure', { course: 'DSA ', count: 7, minutes: 10, proctored: false, attempts: 1 });
    const courses = await s.call(admin, 'courses.list');
    await s.close();
    s = await testServer(t.dir); // used to fail: exams.csv: course 'DSA' appears twice
    expect(s.db.model.questions.get(q.id)).toEqual(q);
    expect(await s.call(await s.user('admin'), 'courses.list')).toEqual(courses);
    expect(s.db.model.exams.get('DSA')).toMatchObject({ count: 7 });
    await s.close();
  } finally {
    await t.cleanup();
  }
});

test('an imported question ID that students could not answer, or answers.csv could not hold, is refused with its line', async () => {
  const t = await tempDir();
  try {
    const s = await testServer(t.dir);
    const admin = await s.user('admin');
    const csv =
      'ID,Text,Options,CorrectAnswer,Concept,Difficulty,Course\n"x\ny",Q1?,a|b,A,C,Easy,ZZ\n' +
      `${'9'.repeat(65)},Q2?,a|b,A,C,Easy,ZZ\nok-1,Q3?,a|b,B,C,Easy,ZZ\n`;
    const r = await s.call(admin, 'questions.import', { csv });
    expect(r).toEqual({
      created: 1,
      updated: 0,
      errors: [expect.objectContaining({ line: 2 }), expect.objectContaining({ line: 4 })],
    });
    // The one that was imported can be answered and survives a restart.
    await s.call(admin, 'exams.configure', { course: 'ZZ', count: 5, minutes: 10, proctored: false, attempts: 0 });
    const student = await s.user('student');
    const a = await s.call(student, 'exam.start', { course: 'ZZ' });
    expect(a.questions.map((q: { id: string }) => q.id)).toEqual(['ok-1']);
    await s.call(student, 'exam.answer', { attemptId: a.attemptId, questionId: 'ok-1', choice: 'A' });
    await s.close();
    await (await testServer(t.dir)).close();
  } finally {
    await t.cleanup();
  }
});
