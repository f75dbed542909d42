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
