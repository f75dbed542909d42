// Login protection: scrypt per-user salt, unknown users cost what wrong passwords cost,
// account backoff after 5 failures, per-address limits.
import { AccountBackoff, TokenBuckets } from './throttle.js';
import { PasswordHasher } from './password.js';
import { HashWorkerPool, type HashJob } from './hash-worker.js';
import { FakeConn, tempDir, testServer, withTestServer } from '../testing/harness.js';

test('hashes are salted per user and verify only the right password', async () => {
  const h = new PasswordHasher({ concurrency: 2, queueMax: 10 });
  const [a, b] = await Promise.all([h.hash('same password'), h.hash('same password')]);
  expect(a.salt).not.toBe(b.salt);
  expect(a.hash).not.toBe(b.hash);
  expect(a.params).toBe('argon2id:19456:2:1'); // OWASP's first Argon2id setting (m=19 MiB, t=2, p=1)
  expect(await h.verify('same password', a)).toBe(true);
  expect(await h.verify('other password', a)).toBe(false);
  expect(await h.verify('same password', null)).toBe(false);
});

test('an unknown user costs about what a wrong password costs (~11 ms each for Argon2id m=19 MiB t=2)', async () => {
  // Every hash job the verifier hands to its threads, without the password.
  const jobs: Omit<HashJob, 'password'>[] = [];
  class RecordingPool extends HashWorkerPool {
    override run(job: HashJob): Promise<Buffer> {
      const { password: _password, ...rest } = job;
      jobs.push(rest);
      return super.run(job);
    }
  }
  const pool = new RecordingPool(1);
  const h = new PasswordHasher({ concurrency: 1, queueMax: 10, pool });
  try {
    const stored = await h.hash('right password');
    await h.verify('warm up', null);
    // The same work: an unknown user runs the very hash job a wrong password runs (same algorithm,
    // cost parameters, key and salt length), against the dummy hash.
    jobs.length = 0;
    expect(await h.verify('wrong password', stored)).toBe(false);
    expect(await h.verify('wrong password', null)).toBe(false);
    const [wrongJob, unknownJob] = jobs;
    const shape = (j: Omit<HashJob, 'password'>) => ({ ...j, salt: j.salt.length });
    expect(shape(unknownJob)).toEqual(shape(wrongJob));
    expect(wrongJob).toMatchObject({ algo: 'argon2id' });
    // And the same time. Samples alternate, so load from other test workers falls on both alike.
    const wrong: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 7; i++) {
      for (const [samples, target] of [
        [wrong, stored],
        [unknown, null],
      ] as const) {
        const t0 = performance.now();
        await h.verify('wrong password', target);
        samples.push(performance.now() - t0);
      }
    }
    const median = (xs: number[]) => xs.sort((x, y) => x - y)[xs.length >> 1];
    expect(median(wrong)).toBeGreaterThan(5); // a real memory-hard hash, not a shortcut
    expect(median(unknown) / median(wrong)).toBeGreaterThan(0.5);
    expect(median(unknown) / median(wrong)).toBeLessThan(2);
  } finally {
    await h.close();
  }
});

test('account backoff starts after 5 failures, doubles, and unlock clears it', () => {
  const b = new AccountBackoff({ failuresBeforeBackoff: 5, backoffBaseMs: 30_000, backoffMaxMs: 15 * 60_000 });
  for (let i = 0; i < 4; i++) b.fail('eve', 0);
  expect(b.waitMs('eve', 0)).toBe(0);
  b.fail('eve', 0);
  expect(b.waitMs('eve', 0)).toBe(30_000);
  b.fail('eve', 30_000);
  expect(b.waitMs('eve', 30_000)).toBe(60_000);
  expect(b.unlock('eve')).toBe(true);
  expect(b.isLocked('eve', 30_000)).toBe(false);
});

test('token buckets refill over time', () => {
  const tb = new TokenBuckets(2, 1);
  expect(tb.take('1.2.3.4', 0)).toBe(true);
  expect(tb.take('1.2.3.4', 0)).toBe(true);
  expect(tb.take('1.2.3.4', 0)).toBe(false);
  expect(tb.take('5.6.7.8', 0)).toBe(true);
  expect(tb.take('1.2.3.4', 1000)).toBe(true);
});

test('over the command table: wrong role is AUTH_FAILED, one address is limited after many failures, usernames are unique', async () => {
  let clock = 1_000_000;
  await withTestServer(
    { now: () => clock, authLimits: { addressFailureBurst: 3, addressFailureRefillPerSec: 0.1 } },
    async (s) => {
      const anon = new FakeConn('192.0.2.7');
      expect(await s.call(anon, 'auth.register', { username: 'carol', password: 'carol password' })).toEqual({
        username: 'carol',
        role: 'student',
      });
      expect(await s.code(new FakeConn(), 'auth.register', { username: 'carol', password: 'another one' })).toBe(
        'CONFLICT',
      );
      expect(await s.code(anon, 'auth.login', { username: 'carol', password: 'carol password', role: 'admin' })).toBe(
        'AUTH_FAILED',
      );
      expect(await s.code(anon, 'auth.login', { username: 'nobody', password: 'whatever1', role: 'student' })).toBe(
        'AUTH_FAILED',
      );
      expect(await s.code(anon, 'auth.login', { username: 'carol', password: 'nope nope', role: 'student' })).toBe(
        'AUTH_FAILED',
      );
      // The address has used its 3 failures: even the right password waits.
      expect(await s.code(anon, 'auth.login', { username: 'carol', password: 'carol password', role: 'student' })).toBe(
        'RATE_LIMITED',
      );
      // Another address is not affected.
      expect(
        await s.call(new FakeConn('198.51.100.1'), 'auth.login', {
          username: 'carol',
          password: 'carol password',
          role: 'student',
        }),
      ).toEqual({
        username: 'carol',
        role: 'student',
        resume: { token: expect.any(String), expires: expect.any(Number) },
      });
      clock += 10_000; // one token back
      expect(await s.code(anon, 'auth.login', { username: 'carol', password: 'carol password', role: 'student' })).toBe(
        'ok',
      );
    },
  );
});

test('no more than `concurrency` hashes run at once while waves of newcomers queue', async () => {
  const h = new PasswordHasher({ concurrency: 2, queueMax: 100 });
  const limited = (h as unknown as { limited<T>(job: () => Promise<T>): Promise<T> }).limited.bind(h);
  let running = 0;
  let peak = 0;
  const job = async () => {
    running++;
    peak = Math.max(peak, running);
    await new Promise((r) => setTimeout(r, 2));
    running--;
  };
  const all: Promise<void>[] = [];
  for (let wave = 0; wave < 10; wave++) {
    for (let i = 0; i < 5; i++) all.push(limited(job));
    await new Promise((r) => setTimeout(r, 1));
  }
  await Promise.all(all);
  expect(peak).toBe(2);
});

test('the log has a line per command with its duration and never a password', async () => {
  const t = await tempDir();
  const lines: string[] = [];
  const s = await testServer(t.dir, { log: (l) => lines.push(l) });
  try {
    const conn = new FakeConn();
    await s.call(conn, 'auth.register', { username: 'dave', password: 'hunter2-secret' });
    await s.code(conn, 'auth.login', { username: 'dave', password: 'wrong-secret-pw', role: 'student' });
    await s.call(conn, 'auth.login', { username: 'dave', password: 'hunter2-secret', role: 'student' });
    expect(lines).toEqual([
      expect.stringMatching(/^conn \d+ anon auth\.register ok \d+\.\dms$/),
      expect.stringMatching(/^conn \d+ anon auth\.login AUTH_FAILED \d+\.\dms$/),
      expect.stringMatching(/^conn \d+ anon auth\.login ok \d+\.\dms$/),
    ]);
    expect(lines.join('\n')).not.toMatch(/secret/);
  } finally {
    await s.close();
    await t.cleanup();
  }
});
