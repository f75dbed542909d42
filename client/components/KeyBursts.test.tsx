// Keys that arrive in one read reach a screen that is not typing as the keys they were, in order:
// Ink hands plain characters over as one string, so before this "/graph" sent at once was lost.
import { cleanup, KEY, renderApp } from '../testing/render-app.js';

afterEach(cleanup);
const admin = { user: { username: 'root', role: 'admin' as const } };
const bank = { initial: { ...admin, screen: { name: 'bank' } as never, stack: [{ name: 'admin' } as never] } };

test('question bank: "/graph" in one read opens the search and types graph into it', async () => {
  const r = renderApp(bank);
  await r.waitFor('7/7 shown');
  r.stdin.write('/graph');
  const f = await r.waitFor('2/7 shown');
  expect(f).toContain('search: graph▏');
});

test('question bank: "/graphx", Backspace and Enter in one read keep the search graph and end typing', async () => {
  const r = renderApp(bank);
  await r.waitFor('7/7 shown');
  r.stdin.write('/graphx' + KEY.backspace + KEY.enter);
  const f = await r.waitFor(/search: graph\s+2\/7 shown/);
  expect(f).not.toContain('▏');
  // Typing has ended: c is a key again, not a letter of the search.
  r.stdin.write('c');
  await r.waitFor('course: DSA');
});

test('question bank: "cc" in one read moves the course filter two steps, as two presses do', async () => {
  const one = renderApp(bank);
  await one.waitFor('7/7 shown');
  await one.press('c');
  await one.waitFor('course: DSA');
  await one.press('c');
  const second = /course: (\S+)/.exec(await one.waitFor((f) => !f.includes('course: DSA')))![1];
  one.unmount();

  const r = renderApp(bank);
  await r.waitFor('7/7 shown');
  r.stdin.write('cc');
  await r.waitFor(`course: ${second}`);
});

const form = { initial: { ...admin, screen: { name: 'question-form' } as never, stack: [{ name: 'admin' } as never] } };

test('question form: Tabs inside one read move between fields; they are never typed as spaces', async () => {
  const r = renderApp(form);
  await r.waitFor('New question');
  // Course, Concept, then two Tabs past Difficulty and Answer to the question text.
  r.stdin.write('DSA' + KEY.tab + 'Heaps' + KEY.tab + KEY.tab + KEY.tab + 'Root of a min-heap?' + KEY.tab + 'smallest');
  const f = await r.waitFor('Option A   smallest');
  expect(f).toMatch(/Course\s+DSA\n/);
  expect(f).toMatch(/Concept\s+Heaps\n/);
  expect(f).toMatch(/Question\s+Root of a min-heap\?\n/);
});

test('question form: Ctrl+U inside one read clears the field before the new text is typed', async () => {
  const r = renderApp(form);
  await r.waitFor('New question');
  r.stdin.write('DSX');
  await r.waitFor(/Course\s+DSX/);
  r.stdin.write(KEY.ctrlU + 'DSA' + KEY.tab + 'Trees');
  const f = await r.waitFor(/Concept\s+Trees/);
  expect(f).toMatch(/Course\s+DSA\n/);
});

test('register: Tab, Ctrl+U and the text after them in one read land in the right fields', async () => {
  const r = renderApp();
  await r.waitFor('Log in');
  await r.press(KEY.ctrlR);
  await r.waitFor('Register a student account');
  r.stdin.write('a b' + KEY.tab + 'short');
  await r.waitFor(/Password\s+•••••/);
  // Back to the username (Tab wraps round), clear it and type a good one, in one read.
  r.stdin.write(KEY.tab + KEY.tab + KEY.ctrlU + 'alice' + KEY.tab + KEY.ctrlU + 'password1');
  const f = await r.waitFor(/Password\s+•{9}\n/);
  expect(f).toMatch(/Username\s+alice\n/);
});
