// The student's exam through outages, limits and long questions, over the fake API at 80x24:
// no dead ends, everything readable by scrolling, truthful results, feedback as the course allows.
import { pastAttempt } from '../testing/contract-fixtures.js';
import { FakeApi, FakeConn } from '../testing/fake-api.js';
import { cleanup, fits80x24, KEY, renderApp, sleep } from '../testing/render-app.js';
import type { Screen } from '../state/app-reducer.js';
import { clockView, leavePrompt } from '../state/exam-view.js';
import { countedLines } from './FinishSummary.js';

afterEach(cleanup);

const student = { user: { username: 'alice', role: 'student' as const } };
const admin = { user: { username: 'root', role: 'admin' as const } };
const CTRL_C = '\u0003';
const PAGE_UP = '\u001B[5~';

test('all attempts used: Enter on the course says why in plain words, and Esc returns to the course list', async () => {
  const api = new FakeApi();
  api.exams.set('DSA', { count: 3, minutes: 10, proctored: false, attempts: 2 });
  api.used.set('DSA', 2);
  const r = renderApp({ api, initial: { ...student, screen: { name: 'courses' } } });
  let f = await r.waitFor('You have used all 2 attempts for DSA; ask your instructor if you need another.');
  expect(f).toMatch(/DSA\s+4\s+3\s+10\s+no\s+2\s+2/);
  await r.press(KEY.enter);
  f = await r.waitFor((x) =>
    x
      .replace(/\s+/g, ' ')
      .includes(
        'Could not open the DSA exam: You have used all 2 attempt(s) for DSA; ask your instructor if you need another',
      ),
  );
  expect(f).toContain('Esc, q or Enter takes you back to your courses.');
  expect(fits80x24(f)).toBe(true);
  await r.press(KEY.esc);
  await r.waitFor('Your courses');
  // q and Enter lead out as well.
  await r.press(KEY.enter);
  await r.waitFor('Could not open the DSA exam');
  await r.press('q');
  await r.waitFor('Your courses');
  expect(api.calls.filter((c) => c.cmd === 'exam.start')).toHaveLength(2); // one per keypress, none on its own
  r.unmount();
});

test('the course list shows an open attempt with its time left and the attempts used and left; Count is capped at the bank', async () => {
  const api = new FakeApi();
  api.exams.set('OOP', { count: 5, minutes: 10, proctored: false, attempts: 3 });
  api.deadline = Date.now() + 7 * 60_000;
  await api.startExam('OOP');
  const r = renderApp({ api, initial: { ...student, screen: { name: 'courses' } } });
  let f = await r.waitFor('OOP');
  // The OOP bank holds 3 questions: Count 5 draws 3.
  expect(f).toMatch(/OOP\s+3\s+3\s+10\s+no\s+3\s+1\s+▶ [67]:\d\d/);
  await r.press(KEY.down);
  f = await r.waitFor(/Enter resumes your open OOP attempt: [67]:\d\d left/);
  expect(fits80x24(f)).toBe(true);
  await r.press(KEY.up);
  await r.waitFor('Enter starts DSA: 3 questions in 10 minutes. Attempts: 0 used, unlimited.');
  r.unmount();
});

describe('a long question at 80x24', () => {
  // Tokens that each appear once, so a test can tell every word was on screen.
  const words = (prefix: string, chars: number) => {
    const out: string[] = [];
    for (let i = 0; out.join(' ').length < chars - 8; i++) out.push(`${prefix}${String(i).padStart(3, '0')}`);
    return out;
  };
  const qWords = words('q', 2000);
  const optWords = Array.from({ length: 8 }, (_, k) => words(`o${k}x`, 500));

  function longApi(): FakeApi {
    const api = new FakeApi();
    const text = qWords.join(' ');
    expect(text.length).toBeGreaterThanOrEqual(1990);
    expect(text.length).toBeLessThanOrEqual(2000);
    api.questionsList = [
      {
        id: 'L1',
        text,
        options: optWords.map((w) => w.join(' ')),
        answer: 'H',
        concept: 'Reading',
        difficulty: 'Hard',
        course: 'DSA',
        version: 1,
      },
    ];
    for (const w of optWords) expect(w.join(' ').length).toBeGreaterThanOrEqual(490);
    return api;
  }

  test('the question and eight 500-character options can each be read in full by scrolling, nothing cut with "…"', async () => {
    const r = renderApp({ api: longApi(), initial: { ...student, screen: { name: 'exam', course: 'DSA' } } });
    let f = await r.waitFor('Question 1 of 1');
    expect(f).toContain('▼ more below');
    const seen = new Set<string>();
    const frames: string[] = [];
    for (let i = 0; i < 60 && !f.includes('o7x') ? true : i < 60 && f.includes('▼ more below'); i++) {
      frames.push(f);
      for (const t of f.split(/\s+/)) seen.add(t);
      if (!f.includes('▼ more below')) break;
      await r.press(KEY.pageDown);
      f = r.frame();
    }
    frames.push(f);
    for (const t of f.split(/\s+/)) seen.add(t);
    for (const fr of frames) {
      expect(fits80x24(fr)).toBe(true);
      expect(fr).not.toContain('…');
    }
    expect(qWords.filter((w) => !seen.has(w))).toEqual([]);
    for (const w of optWords) expect(w.filter((x) => !seen.has(x))).toEqual([]);
    expect(f).toContain('▲ more above');
    // Line by line back up with k, and the first words are visible again at the top.
    await r.press(PAGE_UP, PAGE_UP, PAGE_UP, PAGE_UP, PAGE_UP, PAGE_UP, PAGE_UP, PAGE_UP, PAGE_UP, PAGE_UP);
    await r.press('k', 'k');
    f = await r.waitFor(qWords[0]);
    expect(f).not.toContain('▲ more above');
    r.unmount();
  });

  test('a bigger terminal is used in full: wider lines and a taller pane', async () => {
    const small = renderApp({ api: longApi(), initial: { ...student, screen: { name: 'exam', course: 'DSA' } } });
    const s = await small.waitFor('▼ more below');
    small.unmount();
    const big = renderApp({
      api: longApi(),
      width: 140,
      height: 50,
      initial: { ...student, screen: { name: 'exam', course: 'DSA' } },
    });
    const b = await big.waitFor('▼ more below');
    const total = (f: string) => Number(/of (\d+)/.exec(f.split('\n').find((l) => l.includes('▼ more below'))!)![1]);
    const shown = (f: string) => {
      const m = /lines (\d+)-(\d+)/.exec(f)!;
      return Number(m[2]) - Number(m[1]) + 1;
    };
    expect(total(b)).toBeLessThan(total(s)); // wider lines: fewer of them
    expect(shown(b)).toBeGreaterThan(shown(s) + 20); // a taller pane
    expect(Math.max(...b.split('\n').map((l) => l.length))).toBeGreaterThan(100);
    big.unmount();
  });

  test('moving to an option scrolls it into view; answering it works after scrolling', async () => {
    const api = longApi();
    const r = renderApp({ api, initial: { ...student, screen: { name: 'exam', course: 'DSA' } } });
    await r.waitFor('Question 1 of 1');
    await r.press(KEY.up); // the cursor wraps to H, far below
    const f = await r.waitFor(/› {2}H\) o7x000/);
    expect(f).toContain('▲ more above');
    await r.press(KEY.enter);
    await r.waitFor('Right!');
    expect(api.calls.filter((c) => c.cmd === 'exam.answer').map((c) => c.args[2])).toEqual(['H']);
    r.unmount();
  });
});

test('Ctrl+C in the exam asks first and says the attempt stays open with its clock running', async () => {
  const api = new FakeApi();
  api.deadline = Date.now() + 12 * 60_000;
  const r = renderApp({ api, initial: { ...student, screen: { name: 'exam', course: 'DSA' } } });
  await r.waitFor('Question 1 of 3');
  await r.press(CTRL_C);
  let f = await r.waitFor(/Quit PandaProctor\? Your exam stays open, its clock running: 1[12]:\d\d left\. y \/ n/);
  expect(r.quitted()).toBe(false);
  await r.press('n');
  f = await r.waitFor((x) => !x.includes('Quit PandaProctor?'));
  expect(f).toContain('Question 1 of 3');
  await r.press(CTRL_C);
  await r.waitFor('Quit PandaProctor?');
  await r.press('y');
  await sleep(30);
  expect(r.quitted()).toBe(true);
  r.unmount();
});

test('the clock warns at 5 minutes and at 1 minute, with a symbol that also works under NO_COLOR', () => {
  expect(clockView(6 * 60_000)).toMatchObject({ text: '⏱ 6:00 left', level: 'ok' });
  expect(clockView(5 * 60_000)).toMatchObject({ text: '⏱ 5:00 left !', level: 'warn' });
  expect(clockView(60_000)).toMatchObject({ text: '⏱ 1:00 left ‼', level: 'urgent' });
  // The time left as the clock shows it, never rounded up (1:30 read as "2 min left" before).
  expect(leavePrompt('back', 90_000)).toBe(
    'Leave the exam? It stays open and its clock keeps running: 1:30 left. y / n',
  );
  expect(leavePrompt('quit', 600 * 60_000)).toContain('10:00:00 left. y / n');
  expect(leavePrompt('quit', 600 * 60_000).length).toBeLessThanOrEqual(80);
  expect(leavePrompt('back', 600 * 60_000).length).toBeLessThanOrEqual(80);
});

test('after a reconnect an attempt that ended is reported truthfully: what counted and what did not', async () => {
  const api = new FakeApi();
  const conn = new FakeConn();
  const r = renderApp({ api, conn, initial: { ...student, screen: { name: 'exam', course: 'DSA' } } });
  await r.waitFor('Question 1 of 3');
  await r.press('b'); // DSA-1: B is right
  await r.waitFor('Right!');
  await r.press(KEY.enter);
  await r.waitFor('Question 2 of 3');
  api.holdAnswers = true;
  conn.set({ status: 'reconnecting', lastError: 'connection closed' });
  await r.press('a');
  await r.waitFor('will be sent when the connection is back');
  api.attemptEnded = 'expired'; // the attempt ran out meanwhile
  conn.set({ status: 'online' });
  const f = await r.waitFor('Not counted');
  const text = f.replace(/\s+/g, ' ');
  expect(text).toContain('1 answer counted (the server recorded it).');
  expect(text).toContain(
    'Not counted: question 2 (you chose A): it had not reached the server when the attempt ended.',
  );
  expect(text).not.toContain('recorded every answer');
  expect(fits80x24(f)).toBe(true);
  api.release();
  await sleep(50);
  expect(api.calls.filter((c) => c.cmd === 'exam.start')).toHaveLength(1);
  r.unmount();
});

test('an attempt the invigilator ends names the answer that had not reached the server as not counted', async () => {
  const api = new FakeApi();
  const conn = new FakeConn();
  const r = renderApp({ api, conn, initial: { ...student, screen: { name: 'exam', course: 'DSA' } } });
  await r.waitFor('Question 1 of 3');
  await r.press('b');
  await r.waitFor('Right!');
  await r.press(KEY.enter);
  await r.waitFor('Question 2 of 3');
  api.holdAnswers = true;
  await r.press('a');
  await sleep(20);
  conn.emit('exam.ended', { attemptId: 'att-DSA', reason: 'left the room', score: 1, total: 3, percent: 33.3 });
  const f = await r.waitFor('Not counted');
  const text = f.replace(/\s+/g, ' ');
  expect(text).toContain('The invigilator ended your exam: left the room');
  expect(text).toContain(
    'Not counted: question 2 (you chose A): it had not reached the server when the attempt ended.',
  );
  expect(fits80x24(f)).toBe(true);
  api.release();
  await sleep(50);
  r.unmount();
});

test.each(['after-finish', 'never'] as const)(
  'feedback %s: an answer is recorded without right/wrong or the key',
  async (feedback) => {
    const api = new FakeApi();
    api.exams.set('DSA', { count: 3, minutes: 10, proctored: false, attempts: 0, feedback });
    const r = renderApp({ api, initial: { ...student, screen: { name: 'courses' } } });
    await r.waitFor(
      feedback === 'never' ? 'this course does not show right or wrong' : 'you see right and wrong after you finish',
    );
    await r.press(KEY.enter, 'y');
    await r.waitFor('Question 1 of 3');
    await r.press('a');
    const f = await r.waitFor('• Recorded A;');
    expect(f).toContain(
      feedback === 'never'
        ? '• Recorded A; this course never shows right/wrong. Enter: next question.'
        : '• Recorded A; right/wrong shows after you finish. Enter: next question.',
    );
    expect(f).not.toMatch(/Right!|Wrong|✓|✗|\d right|…/);
    expect(f).toContain('• A) first');
    r.unmount();
  },
);

test('the dashboard lists past attempts with date, duration and score; Enter opens the review, Esc returns', async () => {
  const api = new FakeApi();
  const t0 = Date.UTC(2026, 10, 30, 9, 0, 0);
  api.scores = [
    pastAttempt({
      attemptId: 'old',
      course: 'OOP',
      startedAt: t0 - 86_400_000,
      finishedAt: t0 - 86_400_000 + 125_000,
      score: 2,
      total: 3,
      percent: 66.7,
      concepts: [],
    }),
    pastAttempt({
      attemptId: 'new',
      course: 'DSA',
      startedAt: t0,
      finishedAt: t0 + 600_000,
      score: 1,
      total: 2,
      percent: 50,
      concepts: [],
    }),
  ];
  api.reviewData = {
    feedback: 'after-finish',
    attempt: {
      attemptId: 'new',
      student: 'alice',
      course: 'DSA',
      state: 'finished',
      started: t0,
      deadline: t0 + 900_000,
      finished: t0 + 600_000,
      answered: 2,
      total: 2,
      score: 1,
      percent: 50,
      proctored: false,
      review: { level: 'low', points: 0 },
    },
    questions: [
      {
        id: 'q1',
        text: 'Which sort is stable?',
        options: ['quick', 'merge'],
        concept: 'Sorting',
        difficulty: 'Easy',
        choice: 'A',
        correct: false,
        answer: 'B',
      },
      {
        id: 'q2',
        text: 'BFS uses a?',
        options: ['queue', 'stack'],
        concept: 'Graphs',
        difficulty: 'Medium',
        choice: 'A',
        correct: true,
        answer: 'A',
      },
    ],
  };
  const r = renderApp({ api, initial: { ...student, stack: [{ name: 'courses' }], screen: { name: 'dashboard' } } });
  let f = await r.waitFor('Past attempts (2)');
  expect(f).toMatch(/› 2026-11-30 09:00\s+DSA\s+10 min 00 s\s+1\/2\s+50%/);
  expect(f).toMatch(/2026-11-29 09:00\s+OOP\s+2 min 05 s\s+2\/3\s+67%/);
  expect(fits80x24(f)).toBe(true);
  await r.press(KEY.enter);
  f = await r.waitFor('Question 1 · Sorting · Easy · wrong: you chose A, correct B');
  expect(f).toContain('DSA · alice · 2026-11-30 09:00 UTC · 10 min 00 s · score 1/2 (50%)');
  expect(f).toContain('✗ A) quick');
  expect(f).toContain('✓ B) merge');
  expect(f).toContain('Question 2 · Graphs · Medium · right (A)');
  expect(fits80x24(f)).toBe(true);
  expect(api.calls.filter((c) => c.cmd === 'attempts.review').map((c) => c.args)).toEqual([['new']]);
  await r.press(KEY.esc);
  await r.waitFor('Past attempts (2)');
  await r.press('q');
  await r.waitFor('Your courses');
  r.unmount();
});

test('review: j and k scroll, as the "more below" line under it says', async () => {
  const api = new FakeApi();
  const questions = Array.from({ length: 6 }, (_, i) => ({
    id: `q${i}`,
    text: `Question text ${i}`,
    options: ['yes', 'no', 'maybe'],
    concept: 'Logic',
    difficulty: 'Easy' as const,
    choice: 'A' as const,
    answer: 'A' as const,
  }));
  api.reviewData = {
    feedback: 'immediate',
    attempt: {
      attemptId: 'x',
      student: 'alice',
      course: 'PF',
      state: 'finished',
      started: 0,
      deadline: 60_000,
      finished: 60_000,
      answered: 6,
      total: 6,
      score: 6,
      percent: 100,
      proctored: false,
      review: { level: 'low', points: 0 },
    },
    questions,
  };
  const r = renderApp({
    api,
    initial: { ...student, stack: [{ name: 'dashboard' }], screen: { name: 'review', attemptId: 'x' } },
  });
  let f = await r.waitFor(/more below · lines 1-\d+ of \d+ · PgDn or j to scroll/);
  await r.press('j', 'j');
  f = await r.waitFor(/lines 3-\d+ of/);
  await r.press('k');
  f = await r.waitFor(/lines 2-\d+ of/);
  expect(f).toContain('more above');
  r.unmount();
});

test('a review that hides the key shows the choice only', async () => {
  const api = new FakeApi();
  api.reviewData = {
    feedback: 'never',
    attempt: {
      attemptId: 'x',
      student: 'alice',
      course: 'PF',
      state: 'expired',
      started: 0,
      deadline: 60_000,
      finished: 60_000,
      answered: 1,
      total: 1,
      score: 0,
      percent: 0,
      proctored: false,
      review: { level: 'low', points: 0 },
    },
    questions: [
      { id: 'q1', text: 'Pick one', options: ['yes', 'no'], concept: 'Logic', difficulty: 'Easy', choice: 'B' },
    ],
  };
  const r = renderApp({
    api,
    initial: { ...student, stack: [{ name: 'dashboard' }], screen: { name: 'review', attemptId: 'x' } },
  });
  const f = await r.waitFor('This course does not show right or wrong answers');
  expect(f).toContain('Question 1 · Logic · Easy · you chose B');
  expect(f).toContain('• B) no');
  expect(f).not.toMatch(/✓ [AB]\)|✗ [AB]\)/);
  r.unmount();
});

// Every screen has a way back: Esc (or q where typing is not possible) leaves it. The root screens
// (login, course list, admin menu) are where Esc leads; Ctrl+C quits from there.
const WAY_BACK: {
  name: string;
  who: typeof student | typeof admin;
  home: Screen;
  screen: Screen;
  ready: string;
  keys: string[];
  ask?: string;
  back: string;
}[] = [
  {
    name: 'exam (asks first)',
    who: student,
    home: { name: 'courses' },
    screen: { name: 'exam', course: 'DSA' },
    ready: 'Question 1 of 3',
    keys: [KEY.esc],
    ask: 'Leave the exam? It stays open and its clock keeps running',
    back: 'Your courses',
  },
  {
    name: 'summary',
    who: student,
    home: { name: 'courses' },
    screen: {
      name: 'summary',
      course: 'DSA',
      result: { score: 1, total: 3, percent: 33.3 },
      answered: 1,
      expired: false,
    },
    ready: 'Score: 1 / 3',
    keys: [KEY.esc],
    back: 'Your courses',
  },
  {
    name: 'dashboard',
    who: student,
    home: { name: 'courses' },
    screen: { name: 'dashboard' },
    ready: 'No finished attempts yet',
    keys: [KEY.esc],
    back: 'Your courses',
  },
  {
    name: 'dashboard (q)',
    who: student,
    home: { name: 'courses' },
    screen: { name: 'dashboard' },
    ready: 'No finished attempts yet',
    keys: ['q'],
    back: 'Your courses',
  },
  {
    name: 'review',
    who: student,
    home: { name: 'courses' },
    screen: { name: 'review', attemptId: 'none' },
    ready: 'Could not load this attempt',
    keys: [KEY.esc],
    back: 'Your courses',
  },
  {
    name: 'question bank',
    who: admin,
    home: { name: 'admin' },
    screen: { name: 'bank' },
    ready: 'Question bank',
    keys: [KEY.esc],
    back: 'Admin console',
  },
  {
    name: 'question form',
    who: admin,
    home: { name: 'admin' },
    screen: { name: 'question-form' },
    ready: 'Ctrl+S save',
    keys: [KEY.esc],
    back: 'Admin console',
  },
  {
    name: 'import',
    who: admin,
    home: { name: 'admin' },
    screen: { name: 'transfer', mode: 'import' },
    ready: 'Import questions',
    keys: [KEY.esc],
    back: 'Admin console',
  },
  {
    name: 'analytics',
    who: admin,
    home: { name: 'admin' },
    screen: { name: 'analytics' },
    ready: 'Analytics',
    keys: [KEY.esc],
    back: 'Admin console',
  },
  {
    name: 'attempts',
    who: admin,
    home: { name: 'admin' },
    screen: { name: 'attempts' },
    ready: 'Attempts',
    keys: [KEY.esc],
    back: 'Admin console',
  },
  {
    name: 'timeline',
    who: admin,
    home: { name: 'admin' },
    screen: { name: 'timeline', attemptId: 'a1' },
    ready: 'Attempt a1',
    keys: [KEY.esc],
    back: 'Admin console',
  },
  {
    name: 'users',
    who: admin,
    home: { name: 'admin' },
    screen: { name: 'users' },
    ready: 'Users (',
    keys: [KEY.esc],
    back: 'Admin console',
  },
  {
    name: 'exam settings',
    who: admin,
    home: { name: 'admin' },
    screen: { name: 'exam-settings' },
    ready: 'Exam settings',
    keys: [KEY.esc],
    back: 'Admin console',
  },
];

test.each(WAY_BACK.map((w) => [w.name, w] as const))('%s: Esc or q leads back', async (_name, w) => {
  const r = renderApp({ initial: { ...w.who, stack: [w.home], screen: w.screen } });
  await r.waitFor(w.ready);
  await r.press(...w.keys);
  if (w.ask) {
    await r.waitFor(w.ask); // the exam asks first; y leaves
    await r.press('y');
  }
  await r.waitFor(w.back);
  r.unmount();
});

test('an admin opens the review of an attempt from its timeline (v)', async () => {
  const api = new FakeApi();
  api.reviewData = {
    feedback: 'never',
    attempt: {
      attemptId: 'a1',
      student: 'bob',
      course: 'PF',
      state: 'finished',
      started: 0,
      deadline: 60_000,
      finished: 30_000,
      answered: 1,
      total: 1,
      score: 1,
      percent: 100,
      proctored: false,
      review: { level: 'low', points: 0 },
    },
    questions: [
      {
        id: 'q1',
        text: 'Pick one',
        options: ['yes', 'no'],
        concept: 'Logic',
        difficulty: 'Easy',
        choice: 'A',
        correct: true,
        answer: 'A',
      },
    ],
  };
  const r = renderApp({
    api,
    initial: { ...admin, stack: [{ name: 'admin' }], screen: { name: 'timeline', attemptId: 'a1' } },
  });
  await r.waitFor('Attempt a1');
  await r.press('v');
  const f = await r.waitFor('PF · bob');
  expect(f).toContain('✓ A) yes');
  await r.press(KEY.esc);
  await r.waitFor('Attempt a1');
  r.unmount();
});

test('an exam still opening while the server is away can be left with Esc', async () => {
  const api = new FakeApi();
  api.startExam = () => new Promise(() => {}); // the request waits for the server
  const conn = new FakeConn();
  conn.set({ status: 'reconnecting', lastError: 'connection closed' });
  const r = renderApp({
    api,
    conn,
    initial: { ...student, stack: [{ name: 'courses' }], screen: { name: 'exam', course: 'DSA' } },
  });
  await r.waitFor('Opening the DSA exam… (waiting for the server) Esc goes back.');
  await r.press(KEY.esc);
  await r.waitFor('Your courses');
  r.unmount();
});

test('exam settings: the feedback choice is sent, and a Count above the bank is warned about', async () => {
  const api = new FakeApi();
  const r = renderApp({ api, initial: { ...admin, stack: [{ name: 'admin' }], screen: { name: 'exam-settings' } } });
  await r.waitFor(/DSA\s+4\s+3\s+10\s+no\s+unlimited/);
  await r.press(KEY.enter);
  let f = await r.waitFor('Show right/wrong + key');
  expect(f).toContain('‹ immediately ›');
  await r.press(KEY.backspace, '9');
  f = await r.waitFor('! Only 4 questions in the bank: students get 4, not 9.');
  expect(fits80x24(f)).toBe(true);
  await r.press(KEY.tab, KEY.tab, KEY.tab, KEY.tab, ' ');
  await r.waitFor('‹ after finishing ›');
  await r.press(KEY.right);
  await r.waitFor('‹ never ›');
  await r.press(KEY.enter);
  await r.waitFor('Saved the DSA exam settings');
  expect(api.exams.get('DSA')).toEqual({ count: 9, minutes: 10, proctored: false, attempts: 0, feedback: 'never' });
  // The list shows what an exam draws: the whole bank of 4.
  await r.waitFor(/DSA\s+4\s+4\s+10\s+no\s+unlimited/);
  r.unmount();
});

test('the summary counts answers in plain English: none, one, several', () => {
  expect(countedLines(0, 3)).toEqual(['You answered none of the 3 questions.']);
  expect(countedLines(1, 3)).toEqual(['You answered 1 of 3 questions; the server recorded it, and it counts.']);
  expect(countedLines(10, 10)).toEqual([
    'You answered 10 of 10 questions; the server recorded all 10, and they count.',
  ]);
});
