import { FakeConn } from '../testing/fake-api.js';
import { cleanup, renderApp, sleep } from '../testing/render-app.js';
import { givenKeyRefused, keyChangedWarning } from '../known-hosts.js';

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

test('a mistyped --server-key on a first connection says to compare the key, not that a pinned key changed', async () => {
  const conn = new FakeConn();
  const r = renderApp({ conn, keyWarning: givenKeyRefused('127.0.0.1', 7340, '12f7'.repeat(16)) });
  await sleep(20);
  conn.set({
    status: 'key-mismatch',
    lastError: 'the server did not prove it holds the pinned key: its key changed, or the connection was tampered with',
  });
  const f = await r.waitFor('could not prove it holds the key you gave');
  expect(f).toContain('--server-key 12f7 12f7');
  expect(f).toContain('copied with a mistake');
  expect(f).toContain('Nothing was pinned.');
  expect(f).not.toMatch(/HAS CHANGED|Pinned key|pinned key|remove the line/);
  for (const line of f.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
});
