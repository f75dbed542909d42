// The room for connections: per-address cap on anonymous sockets, overall caps with room kept for
// logged-in users, and who is displaced when it is full.
import { ConnectionRoom } from './connection-room.js';
import { readFdLimit } from './fd-limit.js';
import { RateLimitedLog } from './log-limit.js';

test('anonymous sockets are capped per address, except for exempt addresses', () => {
  const room = new ConnectionRoom({ maxConnections: 100, reservedForUsers: 10, anonPerAddress: 3 });
  for (let i = 1; i <= 3; i++) expect(room.admit(i, 'a', false, () => {}).ok).toBe(true);
  expect(room.admit(4, 'a', false, () => {})).toMatchObject({
    ok: false,
    reason: expect.stringContaining('too many connections not logged in from a'),
  });
  expect(room.admit(5, 'local', true, () => {}).ok).toBe(true);
  // Logging in frees the address's anonymous place.
  room.loggedIn(1);
  expect(room.admit(6, 'a', false, () => {}).ok).toBe(true);
});

test('a full room displaces the oldest anonymous socket of the busiest address; logged-in users keep their reserved room', () => {
  const dropped: number[] = [];
  const room = new ConnectionRoom({ maxConnections: 10, reservedForUsers: 4, anonPerAddress: 100 });
  const admit = (id: number, address: string) => room.admit(id, address, false, () => dropped.push(id));
  for (let i = 1; i <= 4; i++) admit(i, 'attacker');
  admit(5, 'other');
  admit(6, 'student'); // 6 anonymous: the anonymous room (10 - 4) is full
  expect(admit(7, 'student2').ok).toBe(true);
  expect(dropped).toEqual([1]);
  room.loggedIn(6);
  room.loggedIn(7);
  // A second stranger displaces the first only until both hold equal shares, then is refused
  // (no endless displacement loop); logged-in users are never displaced.
  const results = [8, 9, 10, 11, 12].map((i) => admit(i, 'attacker2').ok);
  expect(results).toEqual([true, true, false, false, false]);
  expect(room.anonymousFrom('attacker')).toBe(3);
  expect(room.anonymousFrom('attacker2')).toBe(2);
  expect(dropped.every((id) => id !== 6 && id !== 7)).toBe(true);
  expect(room.size).toBeLessThanOrEqual(10);
  // A newcomer from a machine holding none still gets in.
  expect(admit(13, 'student3').ok).toBe(true);
});

test('one address cannot fill the room by logging its sockets in: all its sockets together are capped', () => {
  // A script on one machine registers accounts and logs each connection in, so the anonymous cap
  // never applies; the room is for the whole lab.
  const room = new ConnectionRoom({ maxConnections: 100, reservedForUsers: 10, anonPerAddress: 5, perAddress: 8 });
  let id = 0;
  const refused: string[] = [];
  for (let i = 0; i < 50; i++) {
    const r = room.admit(++id, 'script', false, () => {});
    if (r.ok) room.loggedIn(id);
    else refused.push(r.reason);
  }
  expect(room.size).toBe(8);
  expect(refused).toHaveLength(42);
  expect(refused[0]).toMatch(/too many connections from script \(limit 8\)/);
  // Other machines are not affected; a closed socket frees its place; the server machine is exempt.
  expect(room.admit(++id, 'student', false, () => {}).ok).toBe(true);
  room.leave(1);
  expect(room.admit(++id, 'script', false, () => {}).ok).toBe(true);
  for (let i = 0; i < 20; i++) expect(room.admit(++id, 'local', true, () => {}).ok).toBe(true);
});

test('when every place is held by logged-in users, a newcomer is refused', () => {
  const room = new ConnectionRoom({ maxConnections: 3, reservedForUsers: 1, anonPerAddress: 10 });
  for (let i = 1; i <= 3; i++) {
    room.admit(i, `u${i}`, false, () => {});
    room.loggedIn(i);
  }
  expect(room.admit(4, 'x', false, () => {})).toMatchObject({
    ok: false,
    reason: expect.stringContaining('the server is full'),
  });
});

test('the descriptor limit is read from /proc/self/limits', () => {
  expect(readFdLimit('Max open files            1024                 1048576              files     \n')).toEqual({
    soft: 1024,
    hard: 1048576,
  });
  expect(readFdLimit('nothing here')).toBeNull();
  expect(readFdLimit()?.soft).toBeGreaterThan(0);
});

test('log lines beyond the per-address budget are replaced by one summary per address', () => {
  const lines: string[] = [];
  let t = 0;
  const log = new RateLimitedLog(
    (l) => lines.push(l),
    { perAddress: { burst: 5, perSec: 1 }, overall: { burst: 1000, perSec: 1000 }, summaryEveryMs: 10_000 },
    () => t,
  );
  for (let i = 0; i < 10_000; i++) log.from('203.0.113.9', `flood ${i}`);
  log.from('10.0.0.2', 'honest line');
  log.flush();
  expect(lines).toHaveLength(5 + 1 + 1);
  expect(lines).toContain('honest line');
  expect(lines.at(-1)).toBe('log: 9995 line(s) caused by 203.0.113.9 not written in the last 10 s (log rate limit)');
  t += 2_000;
  log.from('203.0.113.9', 'after refill');
  expect(lines.at(-1)).toBe('after refill');
});
