// Server ephemeral key pairs made ahead of time, one per event-loop turn, so an accepted connection
// does two X25519 operations on its critical path instead of three (docs/performance.md finding 1:
// connection bursts are bound by pure-JS X25519). Each pair is still used exactly once.
import { randomKeyPair } from './crypto.js';
import type { KeyPair } from './crypto.js';
import { EPHEMERAL_POOL_SIZE } from './limits.js';

export class EphemeralPool {
  private readonly keys: KeyPair[] = [];
  private scheduled = false;
  private readonly step = (): void => {
    this.scheduled = false;
    if (this.keys.length < this.size) {
      this.keys.push(this.make());
      this.refill();
    }
  };

  constructor(
    private readonly size = EPHEMERAL_POOL_SIZE,
    private readonly make: () => KeyPair = randomKeyPair,
  ) {}

  get available(): number {
    return this.keys.length;
  }

  /** A never-used key pair: from the pool, or made now if the pool is empty. */
  take(): KeyPair {
    const kp = this.keys.pop() ?? this.make();
    this.refill();
    return kp;
  }

  private refill(): void {
    if (this.scheduled || this.keys.length >= this.size) return;
    this.scheduled = true;
    // One key per turn: I/O and answers run in between; unref so an idle pool never keeps Node alive.
    setImmediate(this.step).unref();
  }
}

/** Shared by every server connection in this process. */
export const serverEphemerals = new EphemeralPool();
