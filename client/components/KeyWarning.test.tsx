import { FakeConn } from '../testing/fake-api.js';
import { cleanup, renderApp, sleep } from '../testing/render-app.js';
import { keyChangedWarning } from '../known-hosts.js';

afterEach(cleanup);

test('a server that cannot prove the pinned key stops the client with the loud warning', async () => {
  const conn = new FakeConn();
  const r = renderApp({
    conn,
    keyWarning: keyChangedWarning('lab', 7340, 'ab'.repeat(32), '/home/u/.config/pandaproctor/known_hosts'),
  });
  await sleep(20);
  conn.set({ status: 'key-mismatch', lastError: 'the server did not prove it holds the pinned key' });
  const f = await r.waitFor('HAS CHANGED');
  expect(f).toContain('Do not log in');
  expect(f).toContain('--forget-key');
  expect(f).not.toContain('Log in ─');
  expect(f).toContain('Any exam attempt you have open keeps running on the server');
  r.stdin.write('q');
  await sleep(30);
  expect(r.quitted()).toBe(true);
});
