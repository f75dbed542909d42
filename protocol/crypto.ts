// The cryptographic core (PROTOCOL.md 3, 4), tweetnacl only. Pure: no I/O, no clocks.
import { KEY_BYTES, LENGTH_PREFIX_BYTES, PREAMBLE, PROTOCOL_LABEL, SEAL_OVERHEAD_BYTES } from './limits.js';

import { prims as low, randomBytes } from './nacl.js';

const LABEL = new TextEncoder().encode(PROTOCOL_LABEL);
const ZERO_BYTES = 32; // crypto_secretbox_ZEROBYTES: the low-level API works on 32-byte zero padding
const BOX_ZERO_BYTES = 16; // crypto_secretbox_BOXZEROBYTES

export interface SessionKeys {
  /** Client-to-server key: okm[0..32). */
  c2s: Uint8Array;
  /** Server-to-client key: okm[32..64). */
  s2c: Uint8Array;
}

export interface KeyPair {
  publicKey: Uint8Array;
  secretKey: Uint8Array;
}

export function isAllZero(bytes: Uint8Array): boolean {
  let acc = 0;
  for (let i = 0; i < bytes.length; i++) acc |= bytes[i];
  return acc === 0;
}

// The low-level API is used throughout so sealing/opening work in place (nacl.secretbox pads into
// fresh arrays on every call) and so tests can run it outside Jest's slow vm sandbox (nacl.ts).

export function sha512(input: Uint8Array): Uint8Array {
  const out = new Uint8Array(64);
  low.crypto_hash(out, input, input.length);
  return out;
}

export function keyPairFromSecret(secretKey: Uint8Array): KeyPair {
  if (secretKey.length !== KEY_BYTES) throw new Error('an X25519 secret key is 32 bytes');
  const publicKey = new Uint8Array(KEY_BYTES);
  low.crypto_scalarmult_base(publicKey, secretKey);
  return { publicKey, secretKey: Uint8Array.from(secretKey) };
}

// The server's static key is the same secret array for every connection: derive its public half once.
const derived = new WeakMap<Uint8Array, KeyPair>();
export function cachedKeyPair(secretKey: Uint8Array): KeyPair {
  let kp = derived.get(secretKey);
  if (!kp) {
    kp = keyPairFromSecret(secretKey);
    derived.set(secretKey, kp);
  }
  return kp;
}

export function randomKeyPair(): KeyPair {
  return keyPairFromSecret(randomBytes(KEY_BYTES));
}

/** Thrown when a Diffie-Hellman result is all zero, i.e. the peer sent a low-order point. */
export class WeakKeyError extends Error {
  constructor() {
    super('peer key is a low-order point (all-zero shared secret)');
    this.name = 'WeakKeyError';
  }
}

/** h = SHA-512("PNDP/1" || preamble || eC || eS || S) (PROTOCOL.md 3). */
export function transcriptHash(eC: Uint8Array, eS: Uint8Array, S: Uint8Array): Uint8Array {
  const input = new Uint8Array(LABEL.length + PREAMBLE.length + 3 * KEY_BYTES);
  let o = 0;
  for (const part of [LABEL, PREAMBLE, eC, eS, S]) {
    input.set(part, o);
    o += part.length;
  }
  return sha512(input);
}

/** okm = SHA-512(dh1 || dh2 || h); an all-zero dh1 or dh2 aborts (PROTOCOL.md 3). */
export function deriveKeys(dh1: Uint8Array, dh2: Uint8Array, h: Uint8Array): SessionKeys {
  if (isAllZero(dh1) || isAllZero(dh2)) throw new WeakKeyError();
  const input = new Uint8Array(dh1.length + dh2.length + h.length);
  input.set(dh1, 0);
  input.set(dh2, dh1.length);
  input.set(h, dh1.length + dh2.length);
  const okm = sha512(input);
  return { c2s: okm.slice(0, 32), s2c: okm.slice(32, 64) };
}

/** X25519 that refuses low-order inputs (their result is all zero for a clamped scalar). */
export function dh(secret: Uint8Array, publicKey: Uint8Array): Uint8Array {
  if (publicKey.length !== KEY_BYTES) throw new WeakKeyError();
  const out = new Uint8Array(KEY_BYTES);
  low.crypto_scalarmult(out, secret, publicKey);
  if (isAllZero(out)) throw new WeakKeyError();
  return out;
}

/**
 * One direction of a session: key + counter nonce (16 zero bytes || u64 BE counter, PROTOCOL.md 4).
 * The nonce buffer is reused; the counter only ever rises, so a frame opens only at its own position.
 */
class Direction {
  readonly nonce = new Uint8Array(24);
  private counter = 0;
  constructor(readonly key: Uint8Array) {}

  get next(): number {
    return this.counter;
  }

  protected advance(): void {
    this.counter++;
  }

  /** Writes the current counter into the reused nonce buffer (does not advance). */
  protected currentNonce(): Uint8Array {
    const c = this.counter;
    const hi = Math.floor(c / 0x100000000);
    const lo = c >>> 0;
    const n = this.nonce;
    n[16] = hi >>> 24;
    n[17] = (hi >>> 16) & 255;
    n[18] = (hi >>> 8) & 255;
    n[19] = hi & 255;
    n[20] = lo >>> 24;
    n[21] = (lo >>> 16) & 255;
    n[22] = (lo >>> 8) & 255;
    n[23] = lo & 255;
    return n;
  }
}

// Shared scratch for padding plaintext (seal) and ciphertext (open); JS is single-threaded and both
// calls are synchronous, so one buffer serves every connection. Grown on demand, never shrunk.
let scratch = new Uint8Array(64 * 1024 + ZERO_BYTES);
function scratchOf(n: number): Uint8Array {
  if (scratch.length < n) scratch = new Uint8Array(Math.max(n, scratch.length * 2));
  return scratch;
}

/** Seals plaintexts into complete frames `u32 L || box` with one allocation per frame. */
export class Sealer extends Direction {
  /** Returns the full frame (prefix included). L = plaintext.length + 16. */
  sealFrame(plaintext: Uint8Array): Buffer {
    const padded = plaintext.length + ZERO_BYTES;
    const m = scratchOf(padded);
    m.fill(0, 0, ZERO_BYTES);
    m.set(plaintext, ZERO_BYTES);
    // c = 16 zero bytes || tag || ciphertext; the 4 bytes before the tag become the length prefix.
    const c = Buffer.allocUnsafe(padded);
    low.crypto_secretbox(c, m, padded, this.currentNonce(), this.key);
    this.advance();
    const start = BOX_ZERO_BYTES - LENGTH_PREFIX_BYTES;
    c.writeUInt32BE(padded - BOX_ZERO_BYTES, start);
    return c.subarray(start);
  }

  /** Seals into a bare box (tag || ciphertext), as carried inside the server handshake frame. */
  sealBox(plaintext: Uint8Array): Buffer {
    return this.sealFrame(plaintext).subarray(LENGTH_PREFIX_BYTES);
  }
}

/** Opens boxes at the expected counter; returns null (and does not advance) when a box fails to open. */
export class Opener extends Direction {
  open(box: Uint8Array): Buffer | null {
    if (box.length < SEAL_OVERHEAD_BYTES) return null;
    const padded = box.length + BOX_ZERO_BYTES;
    const c = scratchOf(padded);
    c.set(box, BOX_ZERO_BYTES); // the first 16 bytes are ignored by crypto_secretbox_open
    const m = Buffer.allocUnsafe(padded);
    if (low.crypto_secretbox_open(m, c, padded, this.currentNonce(), this.key) !== 0) return null;
    this.advance();
    return m.subarray(ZERO_BYTES);
  }
}
