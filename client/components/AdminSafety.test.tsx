// Safe files and admin-screen fixes, driven by keys over the fake API and in-memory files.
import { FakeApi, FakeConn, MemFiles } from '../testing/fake-api.js';
import { cleanup, fits80x24, KEY, renderApp } from '../testing/render-app.js';

afterEach(cleanup);
const admin = { user: { username: 'root', role: 'admin' as const } };
const at = (name: string, extra: object = {}) => ({
  initial: { ...admin, screen: { name, ...extra } as never, stack: [{ name: 'admin' } as never] },
});

describe('question bank', () => {
  test('Backspace never opens the delete prompt, even eight sent at once', async () => {
    const api = new FakeApi();
    const r = renderApp({ api, ...at('bank') });
    await r.waitFor('7/7 shown');
    await r.press(KEY.backspace);
    r.stdin.write(KEY.backspace.repeat(8));
    await r.press('\u0008');
    await r.waitFor('7/7 shown');
    expect(r.frame()).not.toContain('Delete DSA-1');
    expect(api.calls.some((c) => c.cmd === 'questions.delete')).toBe(false);
  });

  test('keeps its course filter, search and place after a save and after a cancel', async () => {
    const api = new FakeApi();
    const r = renderApp({ api, ...at('bank') });
    await r.waitFor('7/7 shown');
    await r.press('c');
    await r.waitFor('course: DSA');
    await r.press('/');
    await r.type('question');
    await r.press(KEY.enter, KEY.down, KEY.down);
    await r.waitFor(/› DSA-3/);
    await r.press('e');
    await r.waitFor('Edit DSA-3');
    await r.type(' (edited)');
    await r.press(KEY.ctrlS);
    let f = await r.waitFor('Saved DSA-3');
    expect(f).toContain('course: DSA (c)   search: question   4/7 shown');
    expect(f).toMatch(/› DSA-3/);
    expect(api.questionsList.find((q) => q.id === 'DSA-3')?.text).toMatch(/\(edited\)$/);
    await r.press(KEY.up);
    await r.waitFor(/› DSA-2/);
    await r.press('e');
    await r.waitFor('Edit DSA-2');
    await r.press(KEY.esc);
    f = await r.waitFor('Question bank');
    await r.waitFor(/› DSA-2/);
    expect(r.frame()).toContain('course: DSA (c)   search: question');
    // A new question: back in the bank, the cursor is on it.
    await r.press('n');
    await r.waitFor('New question');
    await r.press(KEY.tab);
    await r.type('Heaps');
    await r.press(KEY.tab, KEY.tab, KEY.tab);
    await r.type('A question about heaps?');
    await r.press(KEY.tab);
    await r.type('min');
    await r.press(KEY.tab);
    await r.type('max');
    await r.press(KEY.ctrlS);
    await r.waitFor(/Saved \S+ \(DSA, version 1\)/);
    await r.waitFor(/› \S+\s+DSA\s+Heaps/);
    await r.press(KEY.up);
    await r.waitFor(/› DSA-4/);
    // Import / export and back keep it too.
    await r.press('o');
    await r.waitFor('[ Export ]');
    await r.press(KEY.esc);
    await r.waitFor(/› DSA-4/);
    expect(fits80x24(r.frame())).toBe(true);
  });
});

describe('safe files', () => {
  test('export asks before replacing a file, n keeps it, y replaces it; the full path is shown', async () => {
    const files = new MemFiles();
    files.files.set('questions-all.csv', 'precious');
    const r = renderApp({ files, ...at('transfer', { mode: 'export' }) });
    let f = await r.waitFor('File path');
    expect(f).toContain('→ /work/questions-all.csv');
    await r.press(KEY.enter);
    f = await r.waitFor('/work/questions-all.csv already exists. Replace it? y / n');
    await r.press('n');
    await r.waitFor('Not written: /work/questions-all.csv is kept');
    expect(files.files.get('questions-all.csv')).toBe('precious');
    await r.press(KEY.enter);
    await r.waitFor('Replace it? y / n');
    await r.press('y');
    f = await r.waitFor('Exported 7 question row(s)');
    expect(f).toMatch(/✓ Exported 7 question row\(s\), \d+ B, to:\n\s+\/work\/questions-all\.csv\s*\n/);
    expect(files.files.get('questions-all.csv')).toMatch(/^ID,Text,Options/);
  });

  test('export to a folder says it is a folder at once, without asking to replace it', async () => {
    const files = new MemFiles();
    files.folders.add('exports');
    const r = renderApp({ files, ...at('transfer', { mode: 'export' }) });
    await r.waitFor('File path');
    await r.press(KEY.ctrlU);
    await r.type('exports');
    await r.press(KEY.enter);
    const f = await r.waitFor('/work/exports is a folder — type the path of a file');
    expect(f).not.toContain('Replace it?');
    expect(files.files.size).toBe(0);
    // Still editing: the admin adds a file name and the export goes there.
    await r.type('/q.csv');
    await r.press(KEY.enter);
    await r.waitFor('Exported 7 question row(s)');
    expect(files.files.get('exports/q.csv')).toMatch(/^ID,Text,Options/);
  });

  test('export is never prefilled with the file just imported', async () => {
    const files = new MemFiles();
    files.files.set(
      'questions-all.csv',
      'ID,Text,Options,CorrectAnswer,Concept,Difficulty,Course\n,Q?,a|b,A,C,Easy,DSA\n',
    );
    const r = renderApp({ files, ...at('transfer', { mode: 'import' }) });
    await r.waitFor('File path  questions.csv');
    await r.press(KEY.ctrlU);
    await r.type('questions-all.csv');
    await r.press(KEY.enter);
    await r.waitFor('Import all 1 row(s)? y / n');
    await r.press('y');
    await r.waitFor('Imported questions-all.csv: 1 created');
    await r.press(KEY.tab);
    const f = await r.waitFor('[ Export ]');
    expect(f).not.toContain('File path  questions-all.csv');
    expect(f).toContain('→ (type where to write)');
    await r.press(KEY.enter);
    await r.waitFor('type a file path first');
    expect(files.files.get('questions-all.csv')).toMatch(/Q\?/);
  });

  test('import previews first: n imports nothing; a file with errors applies only when asked', async () => {
    const api = new FakeApi();
    const files = new MemFiles();
    files.files.set(
      'q.csv',
      'ID,Text,Options,CorrectAnswer,Concept,Difficulty,Course\n,Q1?,a|b,A,C,Easy,DSA\n,Q2?,a|b,A,C,Easy,DSA\n',
    );
    const r = renderApp({ api, files, ...at('transfer', { mode: 'import' }) });
    await r.waitFor('File path');
    await r.press(KEY.ctrlU);
    await r.type('q.csv');
    await r.press(KEY.enter);
    let f = await r.waitFor('Import all 2 row(s)? y / n');
    expect(f).toContain('Preview, nothing changed yet: 2 new, 0 updated, 0 error(s)');
    expect(f).toContain('in /work/q.csv');
    expect(fits80x24(f)).toBe(true);
    await r.press('n');
    await r.waitFor('Nothing imported.');
    expect(api.calls.filter((c) => c.cmd === 'questions.import').map((c) => c.args[1])).toEqual([{ dryRun: true }]);
    // Now with an error in the file: y does nothing, g imports the good rows.
    api.importQuestions = async (csv, opts = {}) => {
      api.calls.push({ cmd: 'questions.import', args: [csv, opts] });
      return {
        created: 1,
        updated: 0,
        errors: [{ line: 3, message: "option B repeats option A ('a')" }],
        applied: !opts.dryRun,
      };
    };
    await r.press(KEY.enter);
    f = await r.waitFor('g imports only the 1 good row(s), n imports nothing');
    expect(f).toContain("line 3: option B repeats option A ('a')");
    await r.press('y');
    expect(
      api.calls.filter((c) => c.cmd === 'questions.import' && !(c.args[1] as { dryRun?: boolean }).dryRun),
    ).toHaveLength(0);
    await r.press('g');
    await r.waitFor('Imported q.csv: 1 created, 0 updated, 1 error(s).');
    expect(api.calls.filter((c) => c.cmd === 'questions.import').map((c) => c.args[1])).toEqual([
      { dryRun: true },
      { dryRun: true },
      {},
    ]);
  });

  test('a clean file is applied all-or-nothing', async () => {
    const api = new FakeApi();
    const files = new MemFiles();
    files.files.set(
      'questions.csv',
      'ID,Text,Options,CorrectAnswer,Concept,Difficulty,Course\n,Q1?,a|b,A,C,Easy,DSA\n',
    );
    const r = renderApp({ api, files, ...at('transfer', { mode: 'import' }) });
    await r.waitFor('File path');
    await r.press(KEY.enter);
    await r.waitFor('Import all 1 row(s)?');
    await r.press('y');
    await r.waitFor('Imported questions.csv: 1 created');
    expect(api.calls.filter((c) => c.cmd === 'questions.import').map((c) => c.args[1])).toEqual([
      { dryRun: true },
      { allOrNothing: true },
    ]);
  });

  test('analytics o asks where to write the results and shows the full path', async () => {
    const api = new FakeApi();
    api.resultsCsv = 'AttemptId,Student\n1,alice\n';
    const files = new MemFiles();
    files.files.set('results-all.csv', 'old');
    const r = renderApp({ api, files, ...at('analytics') });
    await r.waitFor('Analytics');
    await r.press('o');
    let f = await r.waitFor('Export results');
    expect(f).toContain('→ /work/results-all.csv');
    expect(api.calls.some((c) => c.cmd === 'results.export')).toBe(false);
    await r.press(KEY.ctrlU);
    await r.type('/tmp/r.csv');
    await r.press(KEY.enter);
    f = await r.waitFor('Results (1 row(s)) written to:');
    expect(f).toMatch(/written to:\n\s+\/tmp\/r\.csv\s*\n/);
    expect(files.files.get('/tmp/r.csv')).toBe('AttemptId,Student\n1,alice\n');
    expect(files.files.get('results-all.csv')).toBe('old');
    await r.press(KEY.esc);
    await r.waitFor('[ Distribution ]');
  });

  test('keys typed faster than a render arrive together and all apply', async () => {
    const files = new MemFiles();
    const r = renderApp({ files, ...at('transfer', { mode: 'import' }) });
    await r.waitFor('File path  questions.csv');
    r.stdin.write('\u007f'.repeat(8) + 'XY\u0008');
    await r.waitFor('File path  questX');
    await r.press(KEY.left, KEY.left, 'Z'); // the cursor moves, and typing goes where it is
    await r.waitFor('File path  quesZtX');
  });
});

describe('question form', () => {
  test('repeated options and an answer without an option are refused with messages that fit', async () => {
    const r = renderApp(at('question-form', { course: 'DSA' }));
    await r.waitFor('New question');
    await r.press(KEY.tab);
    await r.type('Logic');
    await r.press(KEY.tab, KEY.tab, KEY.tab);
    await r.type('Is it?');
    await r.press(KEY.tab);
    await r.type('No');
    await r.press(KEY.tab);
    await r.type(' no');
    await r.press(KEY.ctrlS);
    let f = await r.waitFor('option B: same as option A; make each option different');
    expect(fits80x24(f)).toBe(true);
    expect(f).not.toContain('pick A-A');
    await r.press(KEY.ctrlU);
    await r.type('Yes');
    await r.press(KEY.up, KEY.up, KEY.up, 'c', KEY.ctrlS);
    f = await r.waitFor('answer: C has no option; pick A-B');
    expect(fits80x24(f)).toBe(true);
  });
});

describe('users', () => {
  test('u unlocks an account and p sets a student password, each with a reason', async () => {
    const api = new FakeApi();
    api.users_[0].locked = true;
    const r = renderApp({ api, ...at('users') });
    let f = await r.waitFor('Users (2, 1 locked)');
    expect(f).toContain('u unlock · p password');
    await r.press('u');
    await r.waitFor('Unlock alice');
    await r.press(KEY.enter);
    await r.waitFor('reason: required; it goes into the audit log with your name');
    await r.type('locked out by typos');
    await r.press(KEY.enter);
    f = await r.waitFor('Unlocked alice.');
    await r.waitFor('Users (2, 0 locked)');
    expect(api.calls.find((c) => c.cmd === 'users.unlock')?.args).toEqual(['alice', 'locked out by typos']);

    await r.press('p');
    await r.waitFor('New password for alice');
    await r.type('short');
    await r.press(KEY.enter);
    await r.type('forgot it');
    await r.press(KEY.enter);
    f = await r.waitFor('password: at least 8 characters (5 now)');
    // The focus is back on the password, the field to fix: typing goes there at once.
    expect(f).toMatch(/› Password/);
    await r.press(KEY.ctrlU);
    await r.type('long enough now');
    expect(r.frame()).not.toContain('long enough now');
    await r.press(KEY.tab, KEY.enter);
    f = await r.waitFor('New password set for alice; tell them in person.');
    expect(api.passwords.get('alice')?.password).toBe('long enough now');
    expect(api.calls.find((c) => c.cmd === 'users.setPassword')?.args).toEqual([
      'alice',
      'long enough now',
      'forgot it',
    ]);
    expect(fits80x24(f)).toBe(true);

    // An admin's password is changed on the server machine only.
    await r.press(KEY.down, 'p');
    await r.waitFor('✗ root is an admin: on the server, pandaproctor admin reset-password root');
    expect(fits80x24(r.frame())).toBe(true);
  });
});

test('an import that would change nothing says so and asks nothing', async () => {
  const api = new FakeApi();
  api.importQuestions = async (csv, opts = {}) => {
    api.calls.push({ cmd: 'questions.import', args: [csv, opts] });
    return { created: 0, updated: 0, errors: [], applied: false };
  };
  const files = new MemFiles();
  files.files.set(
    'questions.csv',
    'ID,Text,Options,CorrectAnswer,Concept,Difficulty,Course\nDSA-1,Q1?,a|b,A,C,Easy,DSA\n',
  );
  const r = renderApp({ api, files, ...at('transfer', { mode: 'import' }) });
  await r.waitFor('File path');
  await r.press(KEY.enter);
  await r.waitFor('✓ Nothing to import: every row of questions.csv already matches the bank.');
  expect(r.frame()).not.toContain('y / n');
  expect(api.calls.filter((c) => c.cmd === 'questions.import')).toHaveLength(1);
});

test('a server that cannot preview: the admin is told and asked before anything is sent', async () => {
  const api = new FakeApi();
  const conn = new FakeConn();
  conn.state = { ...conn.state, features: [] };
  const files = new MemFiles();
  files.files.set('questions.csv', 'ID,Text,Options,CorrectAnswer,Concept,Difficulty,Course\n,Q1?,a|b,A,C,Easy,DSA\n');
  const r = renderApp({ api, conn, files, ...at('transfer', { mode: 'import' }) });
  await r.waitFor('File path');
  await r.press(KEY.enter);
  const f = await r.waitFor('Import anyway? y / n');
  expect(f).toContain('This server cannot preview an import');
  await r.press('n');
  await r.waitFor('Nothing imported.');
  expect(api.calls.filter((c) => c.cmd === 'questions.import')).toHaveLength(0);
  await r.press(KEY.enter);
  await r.waitFor('Import anyway? y / n');
  await r.press('y');
  await r.waitFor('Imported questions.csv: 1 created');
  // No dryRun/allOrNothing is ever sent to such a server: it would ignore them and apply the rows.
  expect(api.calls.filter((c) => c.cmd === 'questions.import').map((c) => c.args[1])).toEqual([{}]);
});

describe('exam settings', () => {
  test('Esc after a change asks before discarding; n keeps the edit, y drops it; Esc with no change just closes', async () => {
    const api = new FakeApi();
    const r = renderApp({ api, ...at('exam-settings') });
    await r.waitFor(/DSA\s+4\s+3\s+10/);
    await r.press(KEY.enter);
    await r.waitFor('Edit DSA');
    await r.press(KEY.esc);
    await r.waitFor('Enter edits a course');
    await r.press(KEY.enter);
    await r.waitFor('Edit DSA');
    await r.press(KEY.tab, KEY.backspace, KEY.backspace, '4', '5');
    await r.waitFor(/› Minutes\s+45/);
    await r.press(KEY.esc);
    let f = await r.waitFor("Discard your changes to DSA's settings? y / n");
    expect(fits80x24(f)).toBe(true);
    await r.press('n');
    f = await r.waitFor((s) => !s.includes('Discard your changes'));
    expect(f).toMatch(/› Minutes\s+45/);
    await r.press(KEY.esc);
    await r.waitFor('Discard your changes');
    await r.press('y');
    await r.waitFor('Enter edits a course');
    expect(api.calls.some((c) => c.cmd === 'exams.configure')).toBe(false);
    expect(api.exams.get('DSA')).toBeUndefined();
  });
});
