import './testing/fast-nacl.js';
import { randomKeyPair } from './crypto.js';
import type { KeyPair } from './crypto.js';
import { EphemeralPool } from './ephemeral-pool.js';

const turn = () => new Promise((r) => setImmediate(r));

describe('EphemeralPool', () => {
  test('fills one key per turn up to its size, and hands out each key once', async () => {
    let made = 0;
    const pool = new EphemeralPool(4, () => (made++, randomKeyPair()));
    const first = pool.take(); // empty pool: made on the spot
    expect(made).toBe(1);
    for (let i = 0; i < 10; i++) await turn();
    expect(pool.available).toBe(4);
    expect(made).toBe(5);
    const seen = new Set<string>([Buffer.from(first.secretKey).toString('hex')]);
    const taken: KeyPair[] = [];
    for (let i = 0; i < 6; i++) taken.push(pool.take());
    for (const k of taken) seen.add(Buffer.from(k.secretKey).toString('hex'));
    expect(seen.size).toBe(7);
  });

  test('does not make keys beyond its size while idle', async () => {
    let made = 0;
    const pool = new EphemeralPool(2, () => (made++, randomKeyPair()));
    pool.take();
    for (let i = 0; i < 10; i++) await turn();
    expect(made).toBe(3);
  });
});
