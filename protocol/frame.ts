// Pure frame reader over arbitrary chunks (PROTOCOL.md 3, 4): `u32 L || body`. No I/O, no timers.
// Chunks are kept as a list and sliced, never concatenated wholesale; a body that lies inside one
// chunk is returned as a zero-copy view. `L` is checked against the limit before anything is buffered
// for it (PROTOCOL.md 4), so a huge length prefix never causes a large allocation.
import { LENGTH_PREFIX_BYTES } from './limits.js';

export class FrameTooLargeError extends Error {
  constructor(
    readonly length: number,
    readonly limit: number,
  ) {
    super(`frame of ${length} bytes exceeds the limit of ${limit} bytes`);
    this.name = 'FrameTooLargeError';
  }
}

export class FrameReader {
  private chunks: Buffer[] = [];
  /** Read offset inside chunks[0]. */
  private offset = 0;
  /** Unread bytes across all chunks. */
  private size = 0;
  /** Length of the frame whose body we are waiting for, or -1 when the next thing is a prefix. */
  private pending = -1;

  /** `maxBody` may be changed at any time (e.g. after login); it applies to the next prefix read. */
  constructor(public maxBody: number) {}

  get buffered(): number {
    return this.size;
  }

  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
    this.chunks.push(buf);
    this.size += buf.length;
  }

  /** Takes exactly n raw bytes (used for the preamble), or null if fewer are buffered. */
  take(n: number): Buffer | null {
    if (this.size < n) return null;
    return this.read(n);
  }

  /**
   * The next complete frame body, or null if more bytes are needed.
   * Throws FrameTooLargeError as soon as the length prefix is known to be out of range.
   */
  next(): Buffer | null {
    if (this.pending < 0) {
      if (this.size < LENGTH_PREFIX_BYTES) return null;
      const len = this.peekU32();
      if (len > this.maxBody) throw new FrameTooLargeError(len, this.maxBody);
      this.skip(LENGTH_PREFIX_BYTES);
      this.pending = len;
    }
    if (this.size < this.pending) return null;
    const body = this.read(this.pending);
    this.pending = -1;
    return body;
  }

  /** All unread bytes (used to hand over what follows the handshake). */
  drain(): Buffer {
    return this.read(this.size);
  }

  private peekU32(): number {
    const first = this.chunks[0];
    if (first.length - this.offset >= 4) return first.readUInt32BE(this.offset);
    let v = 0;
    let need = 4;
    let ci = 0;
    let off = this.offset;
    while (need > 0) {
      const c = this.chunks[ci];
      while (off < c.length && need > 0) {
        v = v * 256 + c[off++];
        need--;
      }
      ci++;
      off = 0;
    }
    return v;
  }

  private skip(n: number): void {
    this.read(n, true);
  }

  /** Removes n bytes from the front; returns them (a view when they lie in one chunk). */
  private read(n: number, discard = false): Buffer {
    this.size -= n;
    const first = this.chunks[0];
    if (n === 0) return Buffer.alloc(0);
    const avail = first.length - this.offset;
    if (avail >= n) {
      const out = first.subarray(this.offset, this.offset + n);
      this.offset += n;
      if (this.offset === first.length) this.shift();
      return out;
    }
    // Spans chunks: n is at most the current limit (checked above), so this allocation is bounded.
    const out = discard ? EMPTY : Buffer.allocUnsafe(n);
    let written = 0;
    while (written < n) {
      const c = this.chunks[0];
      const take = Math.min(c.length - this.offset, n - written);
      if (!discard) c.copy(out, written, this.offset, this.offset + take);
      written += take;
      this.offset += take;
      if (this.offset === c.length) this.shift();
    }
    return out;
  }

  private shift(): void {
    this.chunks.shift();
    this.offset = 0;
  }
}

const EMPTY = Buffer.alloc(0);

/** Writes `u32 L || body` into one new buffer (handshake frames and plaintext bench frames). */
export function encodeFrame(body: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(LENGTH_PREFIX_BYTES + body.length);
  out.writeUInt32BE(body.length, 0);
  out.set(body, LENGTH_PREFIX_BYTES);
  return out;
}
