// End to end against a real server on 127.0.0.1: the real App driven by keys.
// A student registers, logs in, takes an exam with instant feedback and sees it on the dashboard;
// an admin adds a question and a student then gets it.
import { addAdmin } from '../server/admin-ops.js';
import { Api } from './api.js';
import { cleanup, fits80x24, KEY, renderApp } from './testing/render-app.js';
import { realServer } from './testing/real-server.js';

type Harness = Awaited<ReturnType<typeof realServer>>;
let h: Harness;
beforeAll(async () => {
  h = await realServer();
  await addAdmin(h.dataDir, 'root', 'admin-pass-1');
});
afterEach(cleanup);
afterAll(async () => h.stop());

/** Answers every question with `letter`, waiting for the server's feedback each time. */
async function answerAll(r: ReturnType<typeof renderApp>, total: number, letter = 'a') {
  const feedback: string[] = [];
  for (let i = 1; i <= total; i++) {
    await r.waitFor(`Question ${i} of ${total}`);
    await r.press(letter);
    const f = await r.waitFor(/✓ Right!|✗ Wrong: you chose/);
    feedback.push(/✓ Right!/.test(f) ? 'right' : `wrong:${/the correct answer is ([A-H])/.exec(f)?.[1]}`);
    await r.press(KEY.enter);
  }
  return feedback;
}

async function login(r: ReturnType<typeof renderApp>, user: string, pass: string, admin = false) {
  await r.waitFor('Log in');
  if (admin) await r.press(KEY.up, KEY.right, KEY.down);
  await r.type(user);
  await r.press(KEY.tab);
  await r.type(pass);
  await r.press(KEY.enter);
}

test('a student registers, logs in, takes an exam with feedback and sees it on the dashboard', async () => {
  const session = h.session();
  const r = renderApp({ api: new Api(session) as never, conn: session as never });
  await r.waitFor('● online');
  await r.press(KEY.ctrlR);
  await r.waitFor('Register a student account');
  await r.type('stud-one');
  await r.press(KEY.tab);
  await r.type('student-pass-1');
  await r.press(KEY.tab);
  await r.type('student-pass-1');
  await r.press(KEY.enter);
  await r.waitFor('Account stud-one created');
  // The username is kept; the focus is on the password.
  await r.type('student-pass-1');
  await r.press(KEY.enter);
  let f = await r.waitFor(/PF\s+\d+\s+10\s+15\s+no/);
  expect(f).toMatch(/DSA\s+\d+\s+10\s+15\s+yes\s+unlimited/);
  expect(fits80x24(f)).toBe(true);
  await r.press(KEY.down, KEY.down);
  await r.waitFor('Enter starts PF');
  await r.press(KEY.enter, 'y');
  const feedback = await answerAll(r, 10);
  expect(feedback).toHaveLength(10);
  for (const x of feedback) expect(x).toMatch(/^right$|^wrong:[B-H]$/);
  f = await r.waitFor('All answered');
  await r.press(KEY.enter);
  await r.waitFor('Finish the exam now? All 10 answered. y / n');
  await r.press('y');
  f = await r.waitFor('PF exam finished');
  const right = feedback.filter((x) => x === 'right').length;
  expect(f).toContain(`Score: ${right} / 10  (${(right * 10).toFixed(1)}%)`);
  await r.press('d');
  f = await r.waitFor('Score history (1 finished attempt');
  expect(f).toContain('Trend: PF (1 attempt');
  expect(fits80x24(f)).toBe(true);
  // The per-course table is below the trend chart.
  await r.press(KEY.pageDown);
  f = await r.waitFor(new RegExp(`PF\\s+1\\s+${right * 10}%`));
  expect(fits80x24(f)).toBe(true);
});

test('an admin adds a question in a new course and a student then gets it', async () => {
  const session = h.session();
  const r = renderApp({ api: new Api(session) as never, conn: session as never });
  await login(r, 'root', 'admin-pass-1', true);
  await r.waitFor('Admin console');
  await r.press(KEY.enter);
  let f = await r.waitFor(/[1-9]\d*\/\d+ shown/);
  expect(f).toMatch(/DSA/);
  await r.press('n');
  await r.waitFor('New question');
  await r.type('E2E');
  await r.press(KEY.tab);
  await r.type('Testing');
  await r.press(KEY.tab, KEY.right, KEY.tab); // difficulty Medium -> Hard
  await r.press('b', KEY.tab); // answer B
  await r.type('Which layer proves the server key?');
  await r.press(KEY.tab);
  await r.type('the UI');
  await r.press(KEY.tab);
  await r.type('the handshake');
  await r.press(KEY.ctrlS);
  f = await r.waitFor('Saved');
  expect(f).toMatch(/Saved \S+ \(E2E, version 1\)/);
  // Back in the bank, filtered to the new course.
  await r.press('c');
  f = await r.waitFor('course: DSA');
  // Each press moves the filter one course on; wait for the screen to show the move before the
  // next press, so a slow redraw never sends the filter past E2E.
  const shown = (frame: string) => /course: (\S+)/.exec(frame)?.[1];
  for (let i = 0; i < 5 && shown(f) !== 'E2E'; i++) {
    const before = shown(f);
    await r.press('c');
    f = await r.waitFor((g) => shown(g) !== undefined && shown(g) !== before);
  }
  f = await r.waitFor(/course: E2E.*1\/\d+ shown/);
  expect(f).toMatch(/E2E\s+Testing\s+Hard\s+B\s+1 Which layer proves/);
  // Exam settings for the new course: 1 question, 5 minutes, no webcam, 2 attempts.
  await r.press(KEY.esc);
  await r.waitFor('Admin console');
  await r.press(KEY.down, KEY.down, KEY.down, KEY.enter);
  // Count 10 with a bank of 1: the list shows what an exam draws, and the form warns.
  await r.waitFor(/E2E\s+1\s+1\s+15\s+yes\s+unlimited/);
  await r.press(KEY.down, KEY.enter);
  await r.waitFor('Edit E2E (bank of 1;');
  await r.waitFor('Only 1 question in the bank: students get 1, not 10.');
  await r.press(
    KEY.backspace,
    KEY.backspace,
    '1',
    KEY.tab,
    KEY.backspace,
    KEY.backspace,
    '5',
    KEY.tab,
    'n',
    KEY.tab,
    KEY.backspace,
    '2',
    KEY.enter,
  );
  await r.waitFor('Saved the E2E exam settings');
  await r.waitFor(/E2E\s+1\s+1\s+5\s+no\s+2/);
  r.unmount();
  await session.close();

  const s2 = h.session();
  const r2 = renderApp({ api: new Api(s2) as never, conn: s2 as never });
  await login(r2, 'stud-one', 'student-pass-1');
  f = await r2.waitFor(/E2E\s+1\s+1\s+5\s+no\s+2/);
  await r2.press(KEY.down);
  await r2.waitFor('Enter starts E2E');
  await r2.press(KEY.enter, 'y');
  f = await r2.waitFor('E2E · Question 1 of 1');
  expect(f).toContain('Which layer proves the server key?');
  // Options are shuffled per attempt, so no two students share letters: find the letter the handshake got.
  const letter = /([A-H])\) the handshake/.exec(f)?.[1];
  expect(letter).toBeDefined();
  expect(f).toContain('Proctor: not required for this exam');
  await r2.waitFor(/⏱ [45]:\d\d left/);
  await r2.press(letter!.toLowerCase());
  await r2.waitFor('✓ Right!');
});
