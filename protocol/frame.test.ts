import { encodeFrame, FrameReader, FrameTooLargeError } from './frame.js';

function frames(bodies: number[][]): Buffer {
  return Buffer.concat(bodies.map((b) => encodeFrame(Uint8Array.from(b))));
}

function readAll(reader: FrameReader, chunks: Buffer[]): number[][] {
  const out: number[][] = [];
  for (const c of chunks) {
    reader.push(c);
    for (let f = reader.next(); f; f = reader.next()) out.push([...f]);
  }
  return out;
}

const bodies = [[1, 2, 3], [], [9], Array.from({ length: 300 }, (_, i) => i & 255), [7, 7]];
const stream = frames(bodies);

describe('FrameReader', () => {
  test('whole stream in one chunk', () => {
    expect(readAll(new FrameReader(1024), [stream])).toEqual(bodies);
  });

  test('split at every offset into two chunks', () => {
    for (let i = 0; i <= stream.length; i++) {
      expect(readAll(new FrameReader(1024), [stream.subarray(0, i), stream.subarray(i)])).toEqual(bodies);
    }
  });

  test('split at every pair of offsets into three chunks', () => {
    for (let i = 0; i <= stream.length; i += 7) {
      for (let j = i; j <= stream.length; j += 3) {
        const parts = [stream.subarray(0, i), stream.subarray(i, j), stream.subarray(j)];
        expect(readAll(new FrameReader(1024), parts)).toEqual(bodies);
      }
    }
  });

  test('byte by byte', () => {
    const chunks = [...stream].map((b) => Buffer.of(b));
    expect(readAll(new FrameReader(1024), chunks)).toEqual(bodies);
  });

  test('a body inside one chunk is a view, not a copy', () => {
    const r = new FrameReader(1024);
    const buf = frames([[5, 6, 7]]);
    r.push(buf);
    const body = r.next()!;
    expect(body.buffer).toBe(buf.buffer);
  });

  test('take() reads raw bytes across chunks and drain() hands over the rest', () => {
    const r = new FrameReader(16);
    r.push(Buffer.from('PN'));
    expect(r.take(4)).toBeNull();
    r.push(Buffer.from('DPxyz'));
    expect(r.take(4)!.toString()).toBe('PNDP');
    expect(r.drain().toString()).toBe('xyz');
    expect(r.buffered).toBe(0);
  });

  test.each([4097, 65536, 0x7fffffff, 0xffffffff])(
    'length prefix %d over the limit throws as soon as the prefix is complete',
    (len) => {
      const r = new FrameReader(4096);
      const prefix = Buffer.alloc(4);
      prefix.writeUInt32BE(len);
      r.push(prefix.subarray(0, 3));
      expect(r.next()).toBeNull();
      r.push(prefix.subarray(3));
      expect(() => r.next()).toThrow(FrameTooLargeError);
    },
  );

  test('a frame exactly at the limit is accepted; the limit can change between frames', () => {
    const r = new FrameReader(4);
    r.push(frames([[1, 2, 3, 4]]));
    expect(r.next()).toHaveLength(4);
    r.push(frames([[1, 2, 3, 4, 5]]));
    r.maxBody = 5;
    expect(r.next()).toHaveLength(5);
  });
});
