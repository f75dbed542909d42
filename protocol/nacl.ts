// The tweetnacl primitives the protocol uses (PROTOCOL.md: crypto is tweetnacl only), reached through
// its low-level API so sealing and opening work in place. Swappable only so tests can load the very
// same tweetnacl source outside Jest's vm sandbox, where it runs ~20x slower (protocol/testing/fast-nacl.ts).
import nacl from 'tweetnacl';

type Fn5 = (out: Uint8Array, input: Uint8Array, len: number, nonce: Uint8Array, key: Uint8Array) => number;

export interface NaclLowlevel {
  crypto_scalarmult(q: Uint8Array, n: Uint8Array, p: Uint8Array): number;
  crypto_scalarmult_base(q: Uint8Array, n: Uint8Array): number;
  crypto_hash(out: Uint8Array, m: Uint8Array, n: number): number;
  crypto_secretbox: Fn5;
  crypto_secretbox_open: Fn5;
}

// tweetnacl's typings omit `lowlevel`.
export const prims: NaclLowlevel = { ...(nacl as unknown as { lowlevel: NaclLowlevel }).lowlevel };

/** Replaces the primitives with another load of tweetnacl (tests only). */
export function useNaclLowlevel(impl: NaclLowlevel): void {
  Object.assign(prims, {
    crypto_scalarmult: impl.crypto_scalarmult,
    crypto_scalarmult_base: impl.crypto_scalarmult_base,
    crypto_hash: impl.crypto_hash,
    crypto_secretbox: impl.crypto_secretbox,
    crypto_secretbox_open: impl.crypto_secretbox_open,
  });
}

export function randomBytes(n: number): Uint8Array {
  return nacl.randomBytes(n);
}
