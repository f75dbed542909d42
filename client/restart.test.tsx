// The client survives the server restarting mid-exam: the server is closed
// and started again on the same data directory and port while a student is in an exam; an answer
// given while it is down is sent after the reconnect, and the exam finishes with all answers.
import { Api } from './api.js';
import { cleanup, KEY, renderApp, sleep } from './testing/render-app.js';
import { realServer } from './testing/real-server.js';

type Harness = Awaited<ReturnType<typeof realServer>>;
let h: Harness;
beforeAll(async () => {
  h = await realServer();
});
afterEach(cleanup);
afterAll(async () => h.stop());

test('server restart mid-exam: reconnect, resume, finish with all 10 answers', async () => {
  const session = h.session();
  const api = new Api(session);
  await api.register('restart-me', 'student-pass-1');
  const r = renderApp({ api: api as never, conn: session as never });
  await r.waitFor('Log in');
  await r.type('restart-me');
  await r.press(KEY.tab);
  await r.type('student-pass-1');
  await r.press(KEY.enter);
  await r.waitFor(/PF\s+\d+\s+10/);
  await r.press(KEY.down, KEY.down, KEY.enter, 'y');

  const results: boolean[] = [];
  const answer = async (i: number, letter: string) => {
    await r.waitFor(`Question ${i} of 10`);
    await r.press(letter);
    const f = await r.waitFor(/✓ Right!|✗ Wrong: you chose/, 15_000);
    results.push(/✓ Right!/.test(f));
    await r.press(KEY.enter);
  };
  for (let i = 1; i <= 4; i++) await answer(i, 'b');

  // The server goes away mid-exam.
  await h.closeServer();
  await r.waitFor('reconnecting');
  await r.waitFor('Question 5 of 10');
  await r.press('c');
  let f = await r.waitFor('Sending C… (will be sent when the connection is back)');
  expect(f).toContain('your answers are kept');
  await sleep(600); // a few failed reconnects with backoff
  expect(r.frame()).toMatch(/○ reconnecting/);

  // Same data directory, same port: the session reconnects, logs in again, and the exam resumes.
  await h.startAgain();
  f = await r.waitFor(/✓ Right!|✗ Wrong: you chose C/, 15_000);
  results.push(/✓ Right!/.test(f));
  await r.waitFor('● online');
  expect(r.frame()).toContain('5/10 answered');
  await r.press(KEY.enter);
  for (let i = 6; i <= 10; i++) await answer(i, 'a');

  await r.waitFor('All answered');
  await r.press(KEY.enter, 'y');
  f = await r.waitFor('PF exam finished');
  const right = results.filter(Boolean).length;
  expect(f).toContain(`Score: ${right} / 10`);
  expect(f).toContain('You answered 10 of 10');

  // The server's own record after the restart: one finished attempt with all 10 answers.
  const mine = (await api.scoresMine()) as { answered: number; score: number; total: number }[];
  expect(mine).toHaveLength(1);
  expect(mine[0]).toMatchObject({ answered: 10, score: right, total: 10 });
});
