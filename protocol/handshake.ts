// Handshake state machines over bytes (PROTOCOL.md 2, 3). Pure: no sockets, no clocks; randomness
// only through the injectable ephemeral key pair. Each feed() returns what to do next; failures throw
// ProtocolError and the caller closes the connection without a reply.
import { decodeMessage } from './codec.js';
import {
  cachedKeyPair,
  dh,
  deriveKeys,
  isAllZero,
  keyPairFromSecret,
  Opener,
  randomKeyPair,
  Sealer,
  transcriptHash,
  WeakKeyError,
} from './crypto.js';
import type { KeyPair, SessionKeys } from './crypto.js';
import { ProtocolError } from './errors.js';
import { encodeFrame, FrameReader, FrameTooLargeError } from './frame.js';
import { KEY_BYTES, MAX_HANDSHAKE_BODY, PREAMBLE, SEAL_OVERHEAD_BYTES } from './limits.js';
import type { WelcomeMsg } from './messages.js';

export interface HandshakeResult {
  keys: SessionKeys;
  /** Seals our outgoing frames; already past any counter the handshake used. */
  sealer: Sealer;
  /** Opens the peer's frames at the next expected counter. */
  opener: Opener;
  /** Bytes received after the handshake: the start of the encrypted frame stream. */
  rest: Buffer;
}

export interface ClientHandshakeResult extends HandshakeResult {
  welcome: WelcomeMsg;
}

export interface ServerHandshakeResult extends HandshakeResult {
  /** The server handshake frame to send: `u32 L || eS || sealed welcome`. */
  reply: Buffer;
}

function nextFrame(reader: FrameReader): Buffer | null {
  try {
    return reader.next();
  } catch (e) {
    if (e instanceof FrameTooLargeError) {
      throw new ProtocolError('HANDSHAKE_FAILED', `handshake frame of ${e.length} bytes exceeds ${MAX_HANDSHAKE_BODY}`);
    }
    throw e;
  }
}

function weak(e: unknown, who: string): never {
  if (e instanceof WeakKeyError) throw new ProtocolError('WEAK_KEY', `${who} sent a low-order key; refusing it`);
  throw e;
}

export class ClientHandshake {
  private readonly reader = new FrameReader(MAX_HANDSHAKE_BODY);
  private readonly eph: KeyPair;
  private finished = false;

  constructor(
    private readonly serverKey: Uint8Array,
    ephemeralSecret?: Uint8Array,
  ) {
    if (serverKey.length !== KEY_BYTES) throw new ProtocolError('HANDSHAKE_FAILED', 'server key must be 32 bytes');
    this.eph = ephemeralSecret ? keyPairFromSecret(ephemeralSecret) : randomKeyPair();
  }

  /** The client's first bytes: preamble || `u32 32 || eC` (PROTOCOL.md 2, 3.1). */
  start(): Buffer {
    return Buffer.concat([PREAMBLE, encodeFrame(this.eph.publicKey)]);
  }

  /** Returns null until the server frame is complete. */
  feed(chunk: Uint8Array): ClientHandshakeResult | null {
    if (this.finished) throw new Error('handshake already finished');
    this.reader.push(chunk);
    const body = nextFrame(this.reader);
    if (!body) return null;
    this.finished = true;
    if (body.length < KEY_BYTES + SEAL_OVERHEAD_BYTES) {
      throw new ProtocolError('HANDSHAKE_FAILED', 'server handshake frame is too short');
    }
    const eS = body.subarray(0, KEY_BYTES);
    let keys: SessionKeys;
    try {
      const dh1 = dh(this.eph.secretKey, this.serverKey);
      const dh2 = dh(this.eph.secretKey, eS);
      keys = deriveKeys(dh1, dh2, transcriptHash(this.eph.publicKey, eS, this.serverKey));
    } catch (e) {
      weak(e, 'server');
    }
    const opener = new Opener(keys.s2c);
    // Only the holder of the pinned secret key can seal welcome (PROTOCOL.md 3).
    const plain = opener.open(body.subarray(KEY_BYTES));
    if (!plain) {
      throw new ProtocolError(
        'SERVER_KEY_MISMATCH',
        'the server did not prove it holds the pinned key: its key changed, or the connection was tampered with',
      );
    }
    const decoded = decodeMessage(plain);
    if (decoded.kind !== 'ok' || decoded.msg.t !== 'welcome') {
      throw new ProtocolError('HANDSHAKE_FAILED', 'the server sent an invalid welcome message');
    }
    return { keys, sealer: new Sealer(keys.c2s), opener, rest: this.reader.drain(), welcome: decoded.msg };
  }
}

export interface ServerHandshakeOptions {
  staticSecret: Uint8Array;
  /** Plaintext bytes of the `welcome` message, produced when the reply is built. */
  welcome: () => Uint8Array;
  /** Tests and reference vectors only. */
  ephemeralSecret?: Uint8Array;
  /** Where fresh ephemeral key pairs come from (default: made on the spot). */
  ephemeral?: () => KeyPair;
}

export class ServerHandshake {
  private readonly reader = new FrameReader(MAX_HANDSHAKE_BODY);
  private readonly staticKey: KeyPair;
  private preambleSeen = 0;
  private finished = false;

  constructor(private readonly opts: ServerHandshakeOptions) {
    this.staticKey = cachedKeyPair(opts.staticSecret);
  }

  /** Returns null until the client's preamble and ephemeral key are complete. */
  feed(chunk: Uint8Array): ServerHandshakeResult | null {
    if (this.finished) throw new Error('handshake already finished');
    let data = chunk;
    if (this.preambleSeen < PREAMBLE.length) {
      // Check the preamble byte by byte so a wrong one is refused at its first byte (PROTOCOL.md 2).
      const n = Math.min(PREAMBLE.length - this.preambleSeen, data.length);
      for (let i = 0; i < n; i++) {
        if (data[i] !== PREAMBLE[this.preambleSeen + i]) {
          this.finished = true;
          throw new ProtocolError('BAD_PREAMBLE', 'not a PandaProctor v1 client (bad preamble)');
        }
      }
      this.preambleSeen += n;
      data = data.subarray(n);
    }
    this.reader.push(data);
    const body = nextFrame(this.reader);
    if (!body) return null;
    this.finished = true;
    if (body.length !== KEY_BYTES) throw new ProtocolError('HANDSHAKE_FAILED', 'client ephemeral key must be 32 bytes');
    const eC = Uint8Array.from(body);
    if (isAllZero(eC)) throw new ProtocolError('WEAK_KEY', 'client sent an all-zero key; refusing it');
    const eph = this.opts.ephemeralSecret
      ? cachedKeyPair(this.opts.ephemeralSecret)
      : (this.opts.ephemeral ?? randomKeyPair)();
    let keys: SessionKeys;
    try {
      const dh1 = dh(this.staticKey.secretKey, eC);
      const dh2 = dh(eph.secretKey, eC);
      keys = deriveKeys(dh1, dh2, transcriptHash(eC, eph.publicKey, this.staticKey.publicKey));
    } catch (e) {
      weak(e, 'client');
    }
    const sealer = new Sealer(keys.s2c);
    const box = sealer.sealBox(this.opts.welcome()); // s2c counter 0 is welcome (PROTOCOL.md 4)
    const reply = encodeFrame(Buffer.concat([eph.publicKey, box]));
    return { keys, sealer, opener: new Opener(keys.c2s), rest: this.reader.drain(), reply };
  }
}
