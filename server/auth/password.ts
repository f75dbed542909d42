// Password hashing: Argon2id (older rows: scrypt) with a per-user salt, run in dedicated worker threads (hash-worker.ts) so
// the event loop keeps serving answers during a login rush and the libuv pool, which every write +
// fdatasync needs, never holds a hash (docs/performance.md finding 5). At most `concurrency` hashes
// run at once (one thread each); more wait in a bounded queue that is fair across addresses and
// accounts (fair-queue.ts): callers pass `who` = {address, account}.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { AppError } from '../../protocol/errors.js';
import { ARGON2_PARAMS, CURRENT_HASH_PARAMS, SALT_BYTES, SCRYPT_PARAMS } from '../limits.js';
import { FairQueue } from './fair-queue.js';
import { HashWorkerPool } from './hash-worker.js';

export interface PasswordHash {
  salt: string;
  hash: string;
  params: string;
}

/** Who asks for a hash: its place in the fair queue (absent: one shared lane, e.g. offline admin commands). */
export interface HashRequester {
  address: string;
  account?: string;
  /** not held to queuePerAddress (trusted address) */ exempt?: boolean;
}

export class PasswordHasher {
  private running = 0;
  private readonly queue = new FairQueue();
  /** Verifications of unknown users run against this, so they cost what a wrong password costs. */
  private dummy: Promise<PasswordHash> | null = null;

  private readonly pool: HashWorkerPool;

  constructor(
    private readonly opts: { concurrency: number; queueMax: number; queuePerAddress?: number; pool?: HashWorkerPool },
  ) {
    this.pool = opts.pool ?? new HashWorkerPool(opts.concurrency);
  }

  /**
   * Hashes with the current algorithm (Argon2id, limits.ts ARGON2_PARAMS). Passwords are hashed in
   * Unicode NFC, so the same characters typed on any keyboard match (docs/server.md).
   */
  async hash(password: string, who?: HashRequester): Promise<PasswordHash> {
    const salt = randomBytes(SALT_BYTES);
    const key = await this.limited(() => this.derive(password.normalize('NFC'), salt, CURRENT_HASH_PARAMS), who);
    return { salt: salt.toString('base64'), hash: key.toString('base64'), params: CURRENT_HASH_PARAMS };
  }

  /** True when `password` matches; with `stored` null (unknown user) it does the same work and returns false. */
  async verify(password: string, stored: PasswordHash | null, who?: HashRequester): Promise<boolean> {
    const target = stored ?? (await this.dummyHash());
    const key = await this.limited(() => this.derive(password, Buffer.from(target.salt, 'base64'), target.params), who);
    const expected = Buffer.from(target.hash, 'base64');
    return key.length === expected.length && timingSafeEqual(key, expected) && stored !== null;
  }

  /** Computes the dummy hash now, so the first unknown-user login is not the one slower login. */
  prepare(): Promise<void> {
    return this.dummyHash().then(() => {});
  }

  /** Stops the hash threads (server close); hashes in flight fail, later calls start new threads. */
  close(): Promise<void> {
    return this.pool.close();
  }

  /** True when `stored` was made with older parameters: the login that proves the password rehashes it. */
  needsRehash(stored: PasswordHash): boolean {
    return stored.params !== CURRENT_HASH_PARAMS;
  }

  /** `params` is the users.csv Params column: "argon2id:m:t:p" or "scrypt:N:r:p". */
  private derive(password: string, salt: Buffer, params: string): Promise<Buffer> {
    const [algo, a, b, c] = params.split(':');
    const [x, y, z] = [a, b, c].map(Number);
    if (algo === 'argon2id')
      return this.pool.run({ algo, password, salt, m: x, t: y, p: z, keyLen: ARGON2_PARAMS.keyLen });
    return this.pool.run({
      password,
      salt,
      N: x,
      r: y,
      p: z,
      keyLen: SCRYPT_PARAMS.keyLen,
      maxmem: SCRYPT_PARAMS.maxmem,
    });
  }

  private dummyHash(): Promise<PasswordHash> {
    this.dummy ??= this.hash(randomBytes(16).toString('hex'));
    return this.dummy;
  }

  private async limited<T>(job: () => Promise<T>, who?: HashRequester): Promise<T> {
    if (this.running >= this.opts.concurrency) {
      const address = who?.address ?? '';
      if (this.queue.size >= this.opts.queueMax)
        throw new AppError('RATE_LIMITED', 'The server is busy checking passwords; try again in a few seconds.');
      if (!who?.exempt && this.queue.sizeOf(address) >= (this.opts.queuePerAddress ?? Infinity)) {
        throw new AppError(
          'RATE_LIMITED',
          'Too many password checks are waiting from your address; try again in a few seconds.',
        );
      }
      // The slot is handed over by the job that finishes (running stays counted), so a newcomer can
      // never slip in between and push the pool past `concurrency`.
      await new Promise<void>((resolve) => this.queue.push(address, who?.account ?? '', resolve));
    } else {
      this.running++;
    }
    try {
      return await job();
    } finally {
      const next = this.queue.shift();
      if (next) next();
      else this.running--;
    }
  }
}
