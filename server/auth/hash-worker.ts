// scrypt off the libuv pool (docs/performance.md finding 5). Async crypto.scrypt runs on
// libuv's 4 pool threads, the same threads every write + fdatasync of the append logs needs, so
// during a login ramp each answer's fsync queued behind ~50 ms hashes (1,000-student p99 67-176 ms).
// Here each hash runs as scryptSync in a dedicated worker thread instead: the pool is left to file
// I/O, and OpenSSL's 16 MiB scrypt buffer is reused by that one thread's malloc arena rather than
// kept by every pool thread that ever ran a hash.
//
// The worker's code is an inline CommonJS string (`eval: true`) on purpose: it needs no TypeScript
// loader, so the same code runs from sources under tsx, from the compiled dist/, and inside Jest's
// ESM VM sandbox. Workers are started on first use, hold the process open only while a hash is in
// flight (unref when idle, so neither a CLI nor a jest run hangs on them), and close() stops them.
//
// Argon2id (OWASP's first choice) runs here too, through @node-rs/argon2's *sync* hashRawSync: its
// async API would queue on the libuv pool, which is exactly what these threads keep free.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** One scrypt computation; the password is only ever cloned into the worker, never logged. */
export interface ScryptJob {
  algo?: 'scrypt';
  password: string;
  salt: Buffer;
  N: number;
  r: number;
  p: number;
  keyLen: number;
  maxmem: number;
}

/** One Argon2id computation (m in KiB, t passes, p lanes). */
export interface Argon2Job {
  algo: 'argon2id';
  password: string;
  salt: Buffer;
  m: number;
  t: number;
  p: number;
  keyLen: number;
}

export type HashJob = ScryptJob | Argon2Job;

interface Reply {
  id: number;
  key?: Uint8Array;
  error?: string;
}

export const HASH_WORKER_SOURCE = `'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const { scryptSync } = require('node:crypto');
let argon2 = null;
parentPort.on('message', (job) => {
  let reply;
  try {
    let key;
    if (job.algo === 'argon2id') {
      // Loaded on first use from the path the parent resolved (an eval'd worker has no module path).
      argon2 ??= require(workerData.argon2Path);
      // Algorithm.Argon2id = 2, Version.V0x13 = 1 (the const enums of @node-rs/argon2's typings).
      key = argon2.hashRawSync(job.password, { algorithm: 2, version: 1, memoryCost: job.m, timeCost: job.t, parallelism: job.p, outputLen: job.keyLen, salt: job.salt });
    } else {
      key = scryptSync(job.password, job.salt, job.keyLen, { N: job.N, r: job.r, p: job.p, maxmem: job.maxmem });
    }
    reply = { id: job.id, key };
  } catch (e) {
    reply = { id: job.id, error: String((e && e.message) || e) };
  }
  parentPort.postMessage(reply);
});
`;

/** The part of worker_threads.Worker this file uses (tests may inject a fake). */
export interface HashThread {
  postMessage(msg: unknown): void;
  on(event: 'message', fn: (msg: Reply) => void): unknown;
  on(event: 'error', fn: (err: Error) => void): unknown;
  on(event: 'exit', fn: (code: number) => void): unknown;
  ref(): void;
  unref(): void;
  terminate(): Promise<number>;
}

// execArgv []: the parent's `--import tsx` / `--cpu-prof` are not needed in a thread that only hashes.
const startThread = (): HashThread =>
  new Worker(HASH_WORKER_SOURCE, {
    eval: true,
    execArgv: [],
    workerData: { argon2Path: argon2Path() },
  }) as unknown as HashThread;

let resolvedArgon2: string | undefined;
function argon2Path(): string {
  resolvedArgon2 ??= createRequire(import.meta.url).resolve('@node-rs/argon2');
  return resolvedArgon2;
}

interface Slot {
  thread: HashThread;
  pending: Map<number, { resolve: (key: Buffer) => void; reject: (err: Error) => void }>;
}

/**
 * `size` hash threads, each computing one scrypt at a time. run() goes to the thread with the fewest
 * jobs; callers bound how many run at once (PasswordHasher's `concurrency`, equal to `size`).
 */
export class HashWorkerPool {
  private readonly slots: (Slot | null)[];
  private nextId = 1;

  constructor(
    size: number,
    private readonly start: () => HashThread = startThread,
  ) {
    this.slots = new Array<Slot | null>(Math.max(1, size)).fill(null);
  }

  run(job: HashJob): Promise<Buffer> {
    const i = this.pickSlot();
    const slot = (this.slots[i] ??= this.open(i));
    const id = this.nextId++;
    return new Promise<Buffer>((resolve, reject) => {
      slot.pending.set(id, { resolve, reject });
      if (slot.pending.size === 1) slot.thread.ref(); // a hash in flight keeps a CLI process alive until it is done
      slot.thread.postMessage({ id, ...job });
    });
  }

  /** Stops every thread; hashes still in flight fail. A later run() starts fresh threads. */
  async close(): Promise<void> {
    const open = this.slots.filter((s): s is Slot => s !== null);
    this.slots.fill(null);
    for (const s of open) this.failAll(s, new Error('password hashing stopped: the server is closing'));
    await Promise.all(open.map((s) => s.thread.terminate()));
  }

  private pickSlot(): number {
    let best = 0;
    let bestLoad = Infinity;
    this.slots.forEach((s, i) => {
      const load = s ? s.pending.size : 0;
      if (load < bestLoad) [best, bestLoad] = [i, load];
    });
    return best;
  }

  private open(i: number): Slot {
    const slot: Slot = { thread: this.start(), pending: new Map() };
    slot.thread.unref();
    slot.thread.on('message', (msg: Reply) => {
      const waiter = slot.pending.get(msg.id);
      if (!waiter) return;
      slot.pending.delete(msg.id);
      if (slot.pending.size === 0) slot.thread.unref();
      if (msg.error !== undefined || !msg.key)
        waiter.reject(new Error(`password hashing failed: ${msg.error ?? 'no key'}`));
      else waiter.resolve(Buffer.from(msg.key.buffer, msg.key.byteOffset, msg.key.byteLength));
    });
    // A thread that dies (out of memory, terminated) fails its jobs; the next run() starts another.
    const lost = (why: string) => {
      if (this.slots[i] === slot) this.slots[i] = null;
      this.failAll(slot, new Error(`password hashing thread stopped: ${why}`));
    };
    slot.thread.on('error', (err: Error) => lost(err.message));
    slot.thread.on('exit', (code: number) => lost(`exit code ${code}`));
    return slot;
  }

  private failAll(slot: Slot, err: Error): void {
    const waiters = [...slot.pending.values()];
    slot.pending.clear();
    for (const w of waiters) w.reject(err);
  }
}
