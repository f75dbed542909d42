import './testing/fast-nacl.js';
import nacl from 'tweetnacl';
import { deriveKeys, dh, Opener, randomKeyPair, Sealer, WeakKeyError } from './crypto.js';

const key = Uint8Array.from({ length: 32 }, (_, i) => i);

/** Reaches the counter for tests that need a far-away nonce. */
function at<T extends Sealer | Opener>(d: T, counter: number): T {
  (d as unknown as { counter: number }).counter = counter;
  return d;
}

describe('sealing with counter nonces (PROTOCOL.md 4)', () => {
  test('nonce is 16 zero bytes || u64 big-endian counter, matching nacl.secretbox', () => {
    for (const counter of [0, 1, 255, 256, 2 ** 32 - 1, 2 ** 32 + 5, 2 ** 53 - 1]) {
      const nonce = new Uint8Array(24);
      new DataView(nonce.buffer).setBigUint64(16, BigInt(counter));
      const msg = Uint8Array.of(1, 2, 3);
      const frame = at(new Sealer(key), counter).sealFrame(msg);
      expect(frame.readUInt32BE(0)).toBe(msg.length + 16);
      expect(Buffer.from(frame.subarray(4))).toEqual(Buffer.from(nacl.secretbox(msg, nonce, key)));
    }
  });

  test('each direction counts on its own, and a box opens only at its own counter', () => {
    const s = new Sealer(key);
    const boxes = [0, 1, 2].map((i) => s.sealFrame(Uint8Array.of(i)).subarray(4));
    const o = new Opener(key);
    expect(o.open(boxes[1])).toBeNull(); // skipped one: refused, and the counter does not move
    expect([...o.open(boxes[0])!]).toEqual([0]);
    expect(o.open(boxes[0])).toBeNull(); // replay
    expect([...o.open(boxes[1])!]).toEqual([1]);
    expect(o.next).toBe(2);
  });

  test('seals empty and large plaintexts; short boxes never open', () => {
    const s = new Sealer(key);
    const o = new Opener(key);
    const big = new Uint8Array(200_000).fill(7);
    expect(o.open(s.sealFrame(new Uint8Array(0)).subarray(4))).toHaveLength(0);
    expect(Buffer.from(o.open(s.sealFrame(big).subarray(4))!)).toEqual(Buffer.from(big));
    expect(o.open(new Uint8Array(15))).toBeNull();
  });
});

describe('key agreement', () => {
  test('rejects low-order point: dh with an all-zero result throws', () => {
    expect(() => dh(randomKeyPair().secretKey, new Uint8Array(32))).toThrow(WeakKeyError);
    expect(() => deriveKeys(new Uint8Array(32), new Uint8Array(32).fill(1), new Uint8Array(64))).toThrow(WeakKeyError);
    expect(() => deriveKeys(new Uint8Array(32).fill(1), new Uint8Array(32), new Uint8Array(64))).toThrow(WeakKeyError);
  });
});
