// questions.import preview and all-or-nothing (feature `import-preview`, docs/protocol.md), and the
// field rules new and edited questions must meet: no repeated option, no answer beyond the options.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tempDir, testServer, type TestServer } from '../testing/harness.js';

const HEADER = 'ID,Text,Options,CorrectAnswer,Concept,Difficulty,Course';
const good = `${HEADER}\n,Pick the even number,1|2|3,B,Numbers,Easy,PF\n,Pick the vowel,b|a|c,B,Letters,Easy,PF\n`;
const mixed = `${good},Bad difficulty,x|y,A,Stuff,Trivial,PF\n`;

async function withServer(fn: (s: TestServer) => Promise<void>) {
  const t = await tempDir();
  const s = await testServer(t.dir);
  try {
    await fn(s);
  } finally {
    await s.close();
    await t.cleanup();
  }
}

test('a dry run reports what an import would do and changes nothing (no write, no audit row)', () =>
  withServer(async (s) => {
    const admin = await s.user('admin');
    const before = s.db.model.questions.size;
    const audit = await readFile(join(s.db.dir, 'audit.csv'), 'utf8').catch(() => '');
    expect(await s.call(admin, 'questions.import', { csv: mixed, dryRun: true })).toEqual({
      created: 2,
      updated: 0,
      applied: false,
      errors: [{ line: 4, message: expect.stringContaining('Difficulty') }],
    });
    expect(s.db.model.questions.size).toBe(before);
    expect(await readFile(join(s.db.dir, 'audit.csv'), 'utf8').catch(() => '')).toBe(audit);
  }));

test('all-or-nothing: a file with an error changes nothing; a clean file applies every row', () =>
  withServer(async (s) => {
    const admin = await s.user('admin');
    const before = s.db.model.questions.size;
    expect(await s.call(admin, 'questions.import', { csv: mixed, allOrNothing: true })).toMatchObject({
      created: 0,
      updated: 0,
      applied: false,
      errors: [{ line: 4 }],
    });
    expect(s.db.model.questions.size).toBe(before);
    expect(await s.call(admin, 'questions.import', { csv: good, allOrNothing: true })).toEqual({
      created: 2,
      updated: 0,
      applied: true,
      errors: [],
    });
    expect(s.db.model.questions.size).toBe(before + 2);
    // The admin may still ask for the good rows only (the 1.0 behaviour, no option given).
    expect(await s.call(admin, 'questions.import', { csv: mixed.replace(/Pick/g, 'Choose') })).toMatchObject({
      created: 2,
      errors: [{ line: 4 }],
    });
    expect(await s.code(admin, 'questions.import', { csv: good, dryRun: 'yes' })).toBe('BAD_REQUEST');
  }));

test('repeated options and an answer beyond the options are refused in create, update and import', () =>
  withServer(async (s) => {
    const admin = await s.user('admin');
    const q = {
      text: 'Is it?',
      options: ['No', 'Yes'],
      answer: 'A',
      concept: 'Logic',
      difficulty: 'Easy',
      course: 'PF',
    };
    const refusal = (args: Record<string, unknown>, cmd = 'questions.create') =>
      s.call(admin, cmd, args).then(
        () => 'ok',
        (e: Error) => e.message,
      );
    expect(await refusal({ ...q, options: ['No', 'No'] })).toBe("Question: option B repeats option A ('No').");
    expect(await refusal({ ...q, options: ['No', 'yes', ' YES '] })).toBe(
      "Question: option C repeats option B ('YES').",
    );
    expect(await refusal({ ...q, answer: 'C' })).toBe('Question: answer must be a letter A..B.');
    const made = await s.call(admin, 'questions.create', q);
    expect(await refusal({ ...made, options: ['Yes', 'yes'] }, 'questions.update')).toMatch(/repeats option A/);
    const r = await s.call(admin, 'questions.import', {
      csv: `${HEADER}\n,Dup,No|No,A,Logic,Easy,PF\n,Beyond,No|Yes,C,Logic,Easy,PF\n`,
    });
    expect(r).toEqual({
      created: 0,
      updated: 0,
      errors: [
        { line: 2, message: "option B repeats option A ('No')" },
        { line: 3, message: "CorrectAnswer 'C' is beyond the 2 options (A-B)" },
      ],
    });
    // Every message fits one 80-column line together with "line N: ".
    for (const e of r.errors) expect(`line ${e.line}: ${e.message}`.length).toBeLessThanOrEqual(78);
  }));
