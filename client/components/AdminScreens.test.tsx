// Component tests of the admin screens over the fake API.
import { analyticsSummary, attemptSummary, integritySummary, timeline } from '../testing/contract-fixtures.js';
import { AppError } from '../../protocol/errors.js';
import { FakeApi, FakeConn, MemFiles } from '../testing/fake-api.js';
import type { AttemptsQuery } from '../api.js';
import { deletePrompt } from './QuestionBank.js';
import { cleanup, fits80x24, KEY, renderApp, sleep } from '../testing/render-app.js';

afterEach(cleanup);
const admin = { user: { username: 'root', role: 'admin' as const } };
const at = (name: string, extra: object = {}) => ({
  initial: { ...admin, screen: { name, ...extra } as never, stack: [{ name: 'admin' } as never] },
});

test('admin menu opens each area; L logs out', async () => {
  const r = renderApp({ initial: { ...admin, screen: { name: 'admin' } } });
  let f = await r.waitFor('Admin console');
  expect(f).toContain('› Question bank');
  expect(fits80x24(f)).toBe(true);
  await r.press(KEY.up, KEY.enter);
  await r.waitFor('Users (2, 0 locked)');
  await r.press(KEY.esc);
  f = await r.waitFor('Admin console');
  // Back on the item it left from, so the next arrow press moves from there.
  expect(f).toContain('› Users');
  await r.press(KEY.up, KEY.up, KEY.enter); // past Face enrolments
  await r.waitFor('Attempts & integrity');
  await r.press(KEY.esc);
  await r.waitFor('› Attempts & integrity');
  await r.press('L');
  f = await r.waitFor('Logged out.');
  expect(f).toContain('Log in');
});

test('admin menu: ↓↓↓ and Enter in one burst open the third item down, not the first', async () => {
  const r = renderApp({ initial: { ...admin, screen: { name: 'admin' } } });
  await r.waitFor('Admin console');
  // Ink hands each key of the burst to the handler before React renders again.
  r.stdin.write(KEY.down + KEY.down + KEY.down + KEY.enter);
  await r.waitFor('Exam settings');
  expect(r.frame()).not.toContain('Question bank');
});

test('users: a new password, Enter, the reason and Enter in one burst set the password with that reason', async () => {
  const api = new FakeApi();
  const r = renderApp({ api, ...at('users') });
  await r.waitFor('Users (2, 0 locked)');
  await r.press('p');
  await r.waitFor('New password for');
  r.stdin.write('new-pass-1234' + KEY.enter + 'forgot' + KEY.backspace + 'tten' + KEY.enter);
  await r.waitFor('New password set for');
  expect(api.calls.find((c) => c.cmd === 'users.setPassword')?.args).toEqual([
    expect.any(String),
    'new-pass-1234',
    'forgotten',
  ]);
});

test('question bank: ↓ ↓ Enter in one burst edits the third question', async () => {
  const r = renderApp({ ...at('bank') });
  await r.waitFor(/\d+\/\d+ shown/);
  r.stdin.write(KEY.down + KEY.down + KEY.enter);
  await r.waitFor(/Edit DSA-3 \(version/);
});

describe('QuestionBank', () => {
  test('table with course filter and search', async () => {
    const r = renderApp(at('bank'));
    let f = await r.waitFor('7/7 shown');
    expect(f).toMatch(/ID\s+Course\s+Concept\s+Diff\s+Ans\s+v\s+Question/);
    expect(fits80x24(f)).toBe(true);
    await r.press('c');
    f = await r.waitFor('course: DSA');
    expect(f).toContain('4/7 shown');
    await r.press('/');
    await r.type('graph');
    f = await r.waitFor('2/7 shown');
    expect(f).toMatch(/DSA-2/);
    expect(f).not.toMatch(/DSA-1 /);
    await r.press(KEY.enter, KEY.down);
    f = await r.waitFor(/› DSA-4/);
    r.unmount();
  });
  test('delete asks first, then removes; a stale version is explained', async () => {
    const api = new FakeApi();
    api.questionsList[0].text = 'What is the time complexity of accessing the element at index i of an array?';
    const r = renderApp({ api, ...at('bank') });
    await r.waitFor('7/7 shown');
    await r.press('x');
    const asked = await r.waitFor('Delete DSA-1');
    // The whole question fits the line: what happens to past attempts and the keys are never cut off.
    expect(asked).toContain('? Past attempts keep their record. y / n');
    expect(deletePrompt({ id: 'Q12345', text: 'x'.repeat(200) }, 80)).toHaveLength(80);

    await r.press('n');
    await r.waitFor((f) => !f.includes('Delete DSA-1'));
    expect(api.questionsList).toHaveLength(7);
    await r.press('x', 'y');
    await r.waitFor('Deleted DSA-1.');
    expect(api.questionsList).toHaveLength(6);
    api.questionsList[0].version = 5; // someone edited DSA-2 meanwhile
    await r.press('x', 'y');
    const f = await r.waitFor('CONFLICT');
    expect(f).toMatch(/DSA-2 changed since you loaded it \(CONFLICT\) — reload \(r\)/);
  });
});

describe('QuestionForm', () => {
  test('validation messages, then a new question is created', async () => {
    const api = new FakeApi();
    const r = renderApp({ api, ...at('question-form', { course: 'DSA' }) });
    await r.waitFor('New question');
    await r.press(KEY.ctrlS);
    let f = await r.waitFor('concept: required');
    expect(fits80x24(f)).toBe(true);
    expect(api.calls.some((c) => c.cmd === 'questions.create')).toBe(false);
    await r.type('Heaps');
    await r.press(KEY.tab, KEY.tab, KEY.tab);
    await r.type('Root of a min-heap?');
    await r.press(KEY.tab);
    await r.type('smallest|x');
    await r.press(KEY.tab);
    await r.type('largest');
    await r.press(KEY.ctrlS);
    f = await r.waitFor('option A: may not contain |');
    // The error moved the focus to option A: fix it there.
    await r.press(KEY.backspace, KEY.backspace, KEY.ctrlS);
    f = await r.waitFor('Saved Q100 (DSA, version 1)');
    expect(api.questionsList.at(-1)).toMatchObject({
      text: 'Root of a min-heap?',
      options: ['smallest', 'largest'],
      answer: 'A',
      concept: 'Heaps',
      course: 'DSA',
    });
  });
  test('Esc on a form with typed changes asks before discarding them; an untouched form closes at once', async () => {
    const api = new FakeApi();
    const r = renderApp({ api, ...at('question-form', { course: 'DSA' }) });
    await r.waitFor('New question');
    await r.type('Heaps');
    await r.press(KEY.esc);
    let f = await r.waitFor('Discard your changes to this question? y / n');
    expect(fits80x24(f)).toBe(true);
    await r.press('n');
    f = await r.waitFor('Ctrl+S saves; Esc cancels.');
    expect(f).toMatch(/Course\s+DSAHeaps/); // what was typed is still there
    await r.press(KEY.esc, 'y');
    await r.waitFor('Admin console');
    expect(api.calls.some((c) => c.cmd === 'questions.create')).toBe(false);
    r.unmount();
    const again = renderApp({ api, ...at('question-form', { course: 'DSA' }) });
    await again.waitFor('New question');
    await again.press(KEY.esc);
    await again.waitFor('Admin console');
  });
  test('a version CONFLICT is explained and can overwrite on top of theirs', async () => {
    const api = new FakeApi();
    const q = { ...api.questionsList[0] };
    const r = renderApp({ api, ...at('question-form', { question: q }) });
    await r.waitFor('Edit DSA-1 (version 1)');
    await r.type(' (mine)');
    api.questionsList[0] = { ...api.questionsList[0], text: 'their wording', version: 2 };
    await r.press(KEY.ctrlS);
    let f = await r.waitFor('CONFLICT: another admin saved version 2 after you opened version 1.');
    expect(f).toContain('Theirs: their wording (answer B)');
    expect(f).toContain('Ctrl+S overwrites theirs with your edits; Esc discards yours and keeps theirs.');
    expect(fits80x24(f)).toBe(true);
    await r.press(KEY.ctrlS);
    f = await r.waitFor('Saved DSA-1 (DSA, version 3)');
    expect(api.questionsList[0].text).toBe('DSA question 1: which is right? (mine)');
  });
});

describe('Transfer', () => {
  test('imports a large CSV in parts with progress and maps error lines back to the file', async () => {
    const api = new FakeApi();
    const files = new MemFiles();
    const rows = Array.from(
      { length: 6000 },
      (_, i) => `Q${i},"A question that is long enough to make the file big, number ${i}",a|b|c|d,A,Concept,Easy,DSA`,
    );
    files.files.set('big.csv', ['ID,Text,Options,CorrectAnswer,Concept,Difficulty,Course', ...rows].join('\n'));
    let calls = 0;
    api.importQuestions = async (csv: string) => {
      calls++;
      const n = csv.trim().split('\n').length - 1;
      // The part holding row Q3000 has an error (in the preview and again when the good rows apply).
      return {
        created: n,
        updated: 0,
        errors: csv.includes('\nQ3000,') ? [{ line: 3, message: 'Difficulty must be Easy, Medium or Hard' }] : [],
      };
    };
    const r = renderApp({ api, files, ...at('transfer', { mode: 'import' }) });
    await r.waitFor('Import questions from a CSV file');
    await r.press(...Array(13).fill(KEY.backspace));
    await r.type('big.csv');
    await r.press(KEY.enter);
    // A file with errors is previewed and changes nothing until the admin asks for the good rows.
    await r.waitFor('g imports only the 6000 good row(s)');
    expect(calls).toBeGreaterThan(1);
    await r.press('g');
    const f = await r.waitFor('Imported big.csv');
    expect(calls).toBeGreaterThan(1);
    expect(f).toMatch(/done\s+\[█{40}\] 100%/);
    expect(f).toContain(`Imported big.csv: 6000 created, 0 updated, 1 error(s).`);
    // Line 3 of part 2 is the second data row of that part.
    const firstOfPart2 = r.frame().match(/line (\d+): Difficulty/);
    expect(Number(firstOfPart2?.[1])).toBeGreaterThan(1000);
    expect(fits80x24(f)).toBe(true);
  });
  test('a missing file says so in one line; export writes the file', async () => {
    const files = new MemFiles();
    const r = renderApp({ files, ...at('transfer', { mode: 'import' }) });
    await r.waitFor('File path');
    await r.press(KEY.enter);
    await r.waitFor('✗ /work/questions.csv does not exist — check the path');
    expect(r.frame()).not.toContain('ENOENT');
    await r.press(KEY.tab);
    await r.waitFor('[ Export ]');
    // Each mode keeps its own path: the export field holds the export default, not the import path.
    expect(r.frame()).toContain('File path  questions-all.csv');
    await r.press(KEY.ctrlU);
    await r.type('out.csv');
    await r.press(KEY.enter);
    await r.waitFor('Exported 7 question row(s)');
    expect(files.files.get('out.csv')).toMatch(/^ID,Text,Options/);
    // A failed run after it must not show the export's finished bar as its own progress.
    await r.press(KEY.tab);
    await r.waitFor('[ Import ]');
    await r.press(KEY.ctrlU);
    await r.type('gone.csv');
    await r.press(KEY.enter);
    await r.waitFor('✗ /work/gone.csv does not exist');
    expect(r.frame()).not.toContain('writing');
    expect(r.frame()).not.toContain('100%');
  });
});

describe('Analytics', () => {
  test('distribution chart, students, courses and flagged items', async () => {
    const api = new FakeApi();
    api.analyticsData = analyticsSummary({
      distribution: [
        { label: '0-49', from: 0, to: 50, count: 2 },
        { label: '50-100', from: 50, to: 101, count: 6 },
      ],
      students: [{ username: 'alice', attempts: 3, best: 90, mean: 70, last: 80 }],
      courses: [{ course: 'DSA', attempts: 8, mean: 64.5, median: 60, passRate: 75 }],
      concepts: [{ concept: 'Graphs', answered: 10, correct: 4, rate: 40 }],
      items: [
        {
          questionId: 'DSA-1',
          course: 'DSA',
          concept: 'Sorting',
          difficulty: 'Easy' as const,
          attempts: 8,
          correct: 6,
          facility: 75,
          sd: 0.4,
          discriminationIndex: 45.2,
          discriminativeEfficiency: 60.1,
          flags: [],
        },
        {
          questionId: 'DSA-2',
          course: 'DSA',
          concept: 'Graphs',
          difficulty: 'Hard' as const,
          attempts: 8,
          correct: 2,
          facility: 25,
          sd: 0.4,
          discriminationIndex: -12.5,
          discriminativeEfficiency: -20,
          flags: [{ reason: 'negative discrimination index' }],
        },
      ].map((it) => ({ ...it, text: '' })),
    });
    const r = renderApp({ api, ...at('analytics') });
    let f = await r.waitFor('Finished attempts by score');
    expect(f).toMatch(/50-100 │█+ 6/);
    expect(fits80x24(f)).toBe(true);
    await r.press(KEY.right);
    f = await r.waitFor('[ Students ]');
    expect(f).toMatch(/alice\s+3\s+70\.0\s+90\.0/);
    await r.press(KEY.right);
    f = await r.waitFor('[ Courses ]');
    expect(f).toMatch(/DSA\s+8\s+64\.5/);
    expect(f).toMatch(/Graphs\s+10\s+40\.0/);
    await r.press(KEY.right);
    f = await r.waitFor('[ Items ]');
    expect(f).toContain('2 items, 1 flagged');
    expect(f).toMatch(/! DSA-2\s+8\s+25\.0\s+-12\.5\s+-20\.0/);
    await r.press('c');
    await r.waitFor('course: DSA');
    expect(api.calls.filter((c) => c.cmd === 'analytics.summary').map((c) => c.args[0])).toEqual([undefined, 'DSA']);
  });
});

describe('Attempts and timeline', () => {
  test('attempts from attempts.list, open ones included, highest review first; Enter shows integrity and the presence chart', async () => {
    const api = new FakeApi();
    const summary = (attemptId: string, student: string, course: string, state: 'open' | 'finished', extra: object) =>
      attemptSummary({
        attemptId,
        student,
        course,
        state,
        started: 1,
        deadline: 2,
        answered: 3,
        total: 4,
        proctored: true,
        finished: undefined,
        score: undefined,
        percent: undefined,
        ...extra,
      });
    api.listedAttempts = [
      summary('att-open', 'carol', 'DSA', 'open', { review: { level: 'medium', points: 25 } }),
      summary('att-low', 'bob', 'DSA', 'finished', {
        score: 3,
        percent: 75,
        finished: 2,
        review: { level: 'low', points: 0 },
      }),
      summary('att-high', 'alice', 'OOP', 'finished', {
        score: 2,
        percent: 50,
        finished: 2,
        review: { level: 'high', points: 60 },
      }),
    ];
    const ev = (seq: number, at: number, state: 'present' | 'absent' | 'multiple', faces: number) => ({
      seq,
      at,
      receivedAt: at,
      state,
      faces,
      fps: 5,
    });
    api.timelineData = timeline({
      attempt: { attemptId: 'att-high', username: 'alice', course: 'OOP', score: 2, total: 4 },
      answers: [{ questionId: 'q', choice: 'A', correct: true, at: 1 }],
      // Heartbeats every 5 s as the proctor sends them (PROTOCOL.md 6).
      presence: [
        ev(1, 0, 'present', 1),
        ev(2, 5_000, 'present', 1),
        ev(3, 10_000, 'present', 1),
        ev(4, 15_000, 'present', 1),
        ev(5, 20_000, 'absent', 0),
        ev(6, 25_000, 'absent', 0),
        ev(7, 30_000, 'present', 1),
        ev(8, 35_000, 'present', 1),
        ev(9, 40_000, 'multiple', 2),
        ev(10, 45_000, 'present', 1),
        ev(11, 50_000, 'present', 1),
        ev(12, 55_000, 'present', 1),
        ev(13, 60_000, 'present', 1),
      ],
      presenceTotal: 13,
      // What the server made of them (server/exam/integrity.ts presenceIntervals): the screen draws these.
      intervals: [
        { state: 'present', from: 0, to: 20_000 },
        { state: 'absent', from: 20_000, to: 30_000 },
        { state: 'present', from: 30_000, to: 40_000 },
        { state: 'multiple', from: 40_000, to: 45_000 },
        { state: 'present', from: 45_000, to: 60_000 },
        { state: 'no-data', from: 60_000, to: 75_000 },
      ],
      integrity: integritySummary({
        secondsAbsent: 10,
        absences: 1,
        secondsMultiple: 5,
        maxFaces: 2,
        silences: [],
        cameraErrors: 0,
        priority: {
          score: 60,
          level: 'high',
          contributions: [
            { reason: '10 s absent in 1 absence', points: 40 },
            { reason: '5 s with several faces', points: 20 },
          ],
        },
      }),
    });
    const r = renderApp({ api, ...at('attempts') });
    let f = await r.waitFor('att-high');
    expect(f.indexOf('att-high')).toBeLessThan(f.indexOf('att-open'));
    expect(f.indexOf('att-open')).toBeLessThan(f.indexOf('att-low'));
    expect(f).toMatch(/› att-high\s+alice\s+OOP\s+finished\s+50%\s+high \(60 pts\)/);
    expect(f).toMatch(/att-open\s+carol\s+DSA\s+open\s+3\/4\s+medium \(25 pts\)/);
    // No longer scraped from a results export.
    expect(api.calls.map((c) => c.cmd)).not.toContain('results.export');
    await r.press('f');
    f = await r.waitFor('state: open');
    expect(f).toContain('att-open');
    expect(f).not.toContain('att-high');
    expect(
      api.calls.filter((c) => c.cmd === 'attempts.list').map((c) => (c.args[0] as { state: string }).state),
    ).toEqual(['all', 'open']);
    await r.press('f', 'f', 'f');
    f = await r.waitFor('state: all');
    await r.press(KEY.enter);
    f = await r.waitFor('Review priority: high (60 pts)');
    expect(f).toContain('+ 10 s absent in 1 absence (+40)');
    expect(f).toContain('Absent 10s in 1 absence(s) · several faces 5s');
    expect(f).toMatch(/\|█+_+█+M+█+ +\|/);
    expect(f).toContain('several faces 5s (most 2)');
    expect(f).toContain('13 presence reports');
    expect(f).toContain('Presence over the 1m15s of the attempt');
    expect(fits80x24(f)).toBe(true);
  });
  test('/ opens an attempt by id; an unknown id says what to do', async () => {
    const api = new FakeApi();
    api.timeline = async () => {
      throw new AppError('NOT_FOUND', "No attempt 'nope'; pick one in Attempts & integrity.");
    };
    const r = renderApp({ api, ...at('attempts') });
    await r.waitFor('No attempts yet');
    await r.press('/');
    await r.type('nope');
    await r.press(KEY.enter);
    await r.waitFor("✗ No attempt 'nope'; pick one in Attempts & integrity");
  });
  test('attempts.list pages: m and ↓ past the last row ask for the next page with the cursor the server gave', async () => {
    // attempts.list as the server pages it (docs/protocol.md): `cursor` until the last page.
    class PagedApi extends FakeApi {
      override async attemptsList(q: AttemptsQuery) {
        this.calls.push({ cmd: 'attempts.list', args: [q] });
        const all = this.listedAttempts;
        const from = q.cursor === undefined ? 0 : Number(q.cursor);
        const to = from + 2;
        return this.out('attempts.list', {
          attempts: all.slice(from, to),
          ...(to < all.length ? { cursor: String(to) } : {}),
        });
      }
    }
    const api = new PagedApi();
    api.listedAttempts = ['a1', 'a2', 'a3', 'a4', 'a5'].map((id, i) =>
      attemptSummary({
        attemptId: id,
        student: `s${i}`,
        course: 'DSA',
        state: 'finished',
        started: 10 - i,
        answered: 1,
        total: 2,
        percent: 50,
        review: { level: 'low', points: i === 4 ? 30 : 0 },
      }),
    );
    const r = renderApp({ api, ...at('attempts') });
    let f = await r.waitFor('2+ attempt(s) (m more)');
    expect(f).toContain('a1');
    await r.press('m');
    f = await r.waitFor('4+ attempt(s)');
    expect(f).toContain('a3');
    await r.press(KEY.down, KEY.down, KEY.down, KEY.down);
    f = await r.waitFor('5 attempt(s)');
    // Across pages, the highest review priority is still first.
    expect(f.indexOf('a5')).toBeLessThan(f.indexOf('a1'));
    expect(
      api.calls.filter((c) => c.cmd === 'attempts.list').map((c) => (c.args[0] as { cursor?: string }).cursor),
    ).toEqual([undefined, '2', '4']);
  });
  test('the attempt id field keeps every key of a fast burst (backspaces included)', async () => {
    const api = new FakeApi();
    const r = renderApp({ api, ...at('attempts') });
    await r.waitFor('No attempts yet');
    await r.press('/');
    await r.waitFor('Attempt id');
    // One write: Ink hands it over as one input event, as when keys come faster than a redraw.
    r.stdin.write('att-xyzzy' + KEY.backspace.repeat(5) + 'one' + KEY.enter);
    await r.waitFor(/Attempt att-one/);
    expect(api.calls.filter((c) => c.cmd === 'attempts.timeline').map((c) => c.args[0])).toEqual(['att-one']);
  });
});

test('exam settings: edit a course in place, with validation', async () => {
  const api = new FakeApi();
  const r = renderApp({ api, ...at('exam-settings') });
  const f = await r.waitFor(/DSA\s+4\s+3\s+10\s+no\s+unlimited/);
  expect(fits80x24(f)).toBe(true);
  await r.press(KEY.enter);
  await r.waitFor('Edit DSA (bank of 4; an exam draws at most that many)');
  await r.press(KEY.backspace, KEY.enter);
  await r.waitFor('questions per exam: a whole number, at least 1');
  await r.press('4', KEY.tab, KEY.backspace, KEY.backspace, '45', KEY.tab, ' ', KEY.tab, KEY.backspace, '2', KEY.enter);
  await r.waitFor('Saved the DSA exam settings');
  expect(api.exams.get('DSA')).toEqual({ count: 4, minutes: 45, proctored: true, attempts: 2, feedback: 'immediate' });
  await r.waitFor(/DSA\s+4\s+4\s+45\s+yes\s+2/);
});

test('exam settings: a burst of digits and Backspaces typed faster than a redraw loses no key', async () => {
  const api = new FakeApi();
  const r = renderApp({ api, ...at('exam-settings') });
  await r.waitFor(/DSA\s+4\s+3\s+10/);
  await r.press(KEY.enter);
  await r.waitFor('Edit DSA');
  // Each write arrives as one input event: "3" -> "" -> "1876" -> "18" -> "185" (within the contract's 200).
  r.stdin.write(KEY.backspace.repeat(3) + '1876' + KEY.backspace.repeat(2) + '5');
  await r.waitFor(/› Questions per exam\s+185/);
  await r.press(KEY.tab);
  r.stdin.write(KEY.backspace.repeat(2) + '1x2' + KEY.backspace + '45' + KEY.enter);
  await r.waitFor('Saved the DSA exam settings');
  expect(api.exams.get('DSA')).toMatchObject({ count: 185, minutes: 145 });
});

test('layout: a long list gets the rows left over; opening a prompt shortens it and the hint line stays', async () => {
  const api = new FakeApi();
  for (let i = 0; i < 40; i++)
    api.users_.push({
      username: `student${String(i).padStart(2, '0')}`,
      role: 'student',
      created: Date.UTC(2026, 0, 3),
      locked: false,
    });
  const r = renderApp({ api, ...at('users') });
  let f = await r.waitFor('Users (42, 0 locked)');
  const rowsShown = (s: string) => s.split('\n').filter((l) => /student\d\d/.test(l)).length;
  const before = rowsShown(f);
  expect(f.split('\n')).toHaveLength(23);
  expect(f).toContain('u unlock · p password');
  expect(before).toBeGreaterThanOrEqual(15);
  await r.press('p');
  f = await r.waitFor('New password for');
  expect(rowsShown(f)).toBeLessThan(before);
  expect(f.split('\n')).toHaveLength(23);
  expect(f).toContain('Enter next/send · Esc cancel');
  expect(fits80x24(f)).toBe(true);
});

test('users list marks locked accounts and says how to unlock', async () => {
  const api = new FakeApi();
  api.users_[0].locked = true;
  const r = renderApp({ api, ...at('users') });
  const f = await r.waitFor('Users (2, 1 locked)');
  expect(f).toMatch(/alice\s+student\s+2026-01-02 00:00\s+LOCKED/);
  // A server with `users-admin` unlocks from here (u); without it, the screen names the command.
  expect(f).toContain('u unlock');
  r.unmount();
  const conn = new FakeConn();
  conn.state = { ...conn.state, features: [] };
  const old = renderApp({ api, conn, ...at('users') });
  expect(await old.waitFor('Users (2, 1 locked)')).toContain('pandaproctor admin unlock NAME');
  await sleep(10);
});

test('face enrolments: who is enrolled, when, at which attempt; x asks a reason and resets', async () => {
  const api = new FakeApi();
  api.enrolments.push({ username: 'bob', enrolled: false });
  const r = renderApp({ api, ...at('enrolments') });
  let f = await r.waitFor('Face enrolments (1 of 2 students)');
  expect(f).toMatch(/alice\s+yes\s+2026-01-03 09:05\s+att-1/);
  expect(fits80x24(f)).toBe(true);
  await r.press('x');
  await r.waitFor('Reason');
  await r.press(KEY.enter);
  await r.waitFor('Type why the enrolment is reset'); // still in the reason field
  await r.type('new glasses');
  await r.press(KEY.enter);
  f = await r.waitFor('Reset alice: templates deleted');
  expect(api.calls.find((c) => c.cmd === 'identity.reset')?.args).toEqual(['alice', 'new glasses']);
  await r.waitFor('Face enrolments (0 of 2 students)');
  await r.press(KEY.down, 'x');
  await r.waitFor('bob is not enrolled: nothing to reset.');
});

test('face enrolments: a reason typed in one fast burst with Backspaces and Enter keeps every key', async () => {
  const api = new FakeApi();
  const r = renderApp({ api, ...at('enrolments') });
  await r.waitFor('Face enrolments (1 of 1 students)');
  await r.press('x');
  await r.waitFor('Reason');
  r.stdin.write('new glsses' + KEY.backspace.repeat(5) + 'lasses' + KEY.enter);
  await r.waitFor('Reset alice: templates deleted');
  expect(api.calls.find((c) => c.cmd === 'identity.reset')?.args).toEqual(['alice', 'new glasses']);
});
