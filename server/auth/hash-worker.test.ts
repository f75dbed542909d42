// scrypt in worker threads (docs/performance.md finding 5): same keys as node:crypto on the main thread, so
// users.csv rows written before the move still verify; failures and close() never leave a caller hanging.
import { scryptSync } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { HashWorkerPool, type HashThread, type ScryptJob } from './hash-worker.js';
import { PasswordHasher } from './password.js';

const job = (password: string, over: Partial<ScryptJob> = {}): ScryptJob => ({
  password,
  salt: Buffer.from('0123456789abcdef'),
  N: 1 << 14,
  r: 8,
  p: 1,
  keyLen: 32,
  maxmem: 64 * 1024 * 1024,
  ...over,
});

test('a worker thread computes the same key as scryptSync on the main thread', async () => {
  const pool = new HashWorkerPool(1);
  try {
    const key = await pool.run(job('correct horse'));
    expect(Buffer.isBuffer(key)).toBe(true);
    expect(
      key.equals(
        scryptSync('correct horse', Buffer.from('0123456789abcdef'), 32, {
          N: 1 << 14,
          r: 8,
          p: 1,
          maxmem: 64 * 1024 * 1024,
        }),
      ),
    ).toBe(true);
  } finally {
    await pool.close();
  }
});

test('a hash stored in the existing users.csv format (main-thread scrypt) still verifies', async () => {
  const salt = Buffer.from('legacy-salt-1234');
  const stored = {
    salt: salt.toString('base64'),
    hash: scryptSync('old password', salt, 32, { N: 1 << 14, r: 8, p: 1, maxmem: 64 * 1024 * 1024 }).toString('base64'),
    params: 'scrypt:16384:8:1',
  };
  const h = new PasswordHasher({ concurrency: 1, queueMax: 10 });
  try {
    expect(await h.verify('old password', stored)).toBe(true);
    expect(await h.verify('not the password', stored)).toBe(false);
  } finally {
    await h.close();
  }
});

test('bad parameters reject that job only; the thread keeps serving', async () => {
  const pool = new HashWorkerPool(1);
  try {
    await expect(pool.run(job('x', { N: 3 }))).rejects.toThrow(/password hashing failed/);
    expect((await pool.run(job('y'))).length).toBe(32);
  } finally {
    await pool.close();
  }
});

test('close() fails hashes in flight, and a later run() starts a new thread', async () => {
  const pool = new HashWorkerPool(1);
  const inFlight = pool.run(job('slow', { N: 1 << 16, maxmem: 128 * 1024 * 1024 }));
  await pool.close();
  await expect(inFlight).rejects.toThrow(/stopped/);
  try {
    expect((await pool.run(job('again'))).length).toBe(32);
  } finally {
    await pool.close();
  }
});

class FakeThread extends EventEmitter implements HashThread {
  posted: { id: number }[] = [];
  refs = 0;
  postMessage(msg: unknown): void {
    this.posted.push(msg as { id: number });
  }
  ref(): void {
    this.refs++;
  }
  unref(): void {
    this.refs = 0;
  }
  terminate(): Promise<number> {
    return Promise.resolve(1);
  }
}

test('jobs spread over the least busy threads; a dead thread fails its jobs and is replaced; idle threads are unref', async () => {
  const threads: FakeThread[] = [];
  const pool = new HashWorkerPool(2, () => {
    const t = new FakeThread();
    threads.push(t);
    return t;
  });
  const a = pool.run(job('a'));
  const b = pool.run(job('b'));
  expect(threads.length).toBe(2);
  expect(threads.map((t) => t.posted.length)).toEqual([1, 1]);
  expect(threads[0].refs).toBe(1); // held open while a hash is in flight
  threads[0].emit('message', { id: threads[0].posted[0].id, key: new Uint8Array(32).fill(7) });
  expect((await a)[0]).toBe(7);
  expect(threads[0].refs).toBe(0); // idle: does not keep the process alive
  threads[1].emit('error', new Error('out of memory'));
  await expect(b).rejects.toThrow(/thread stopped: out of memory/);
  const c = pool.run(job('c'));
  expect(threads.length).toBe(2); // slot 0 is idle, so no new thread yet
  pool.run(job('d')).catch(() => {});
  expect(threads.length).toBe(3); // the dead slot got a new thread
  threads[0].emit('message', { id: threads[0].posted[1].id, error: 'bad N' });
  await expect(c).rejects.toThrow(/bad N/);
  await pool.close();
});

test('Argon2id runs in the worker thread (sync call, off the libuv pool) and matches @node-rs/argon2 on the main thread', async () => {
  const { hashRawSync } = await import('@node-rs/argon2');
  const salt = Buffer.from('0123456789abcdef');
  const pool = new HashWorkerPool(1);
  try {
    const key = await pool.run({
      algo: 'argon2id',
      password: 'correct horse',
      salt,
      m: 19 * 1024,
      t: 2,
      p: 1,
      keyLen: 32,
    });
    // 2 = Algorithm.Argon2id, 1 = Version.V0x13 (const enums of the typings)
    expect(
      key.equals(
        hashRawSync('correct horse', {
          algorithm: 2,
          version: 1,
          memoryCost: 19 * 1024,
          timeCost: 2,
          parallelism: 1,
          outputLen: 32,
          salt,
        }),
      ),
    ).toBe(true);
    await expect(pool.run({ algo: 'argon2id', password: 'x', salt, m: 1, t: 2, p: 1, keyLen: 32 })).rejects.toThrow(
      /password hashing failed/,
    );
  } finally {
    await pool.close();
  }
});
