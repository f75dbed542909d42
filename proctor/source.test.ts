// Frame sources with a fake FrameIO (no OpenCV): media time, sampling, pacing, camera failures.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { frames, parseSource, SourceMissing, type Capture, type FrameIO, type SourceItem } from './source.js';

async function collect<F>(it: AsyncGenerator<SourceItem<F>>, max = 1000): Promise<SourceItem<F>[]> {
  const out: SourceItem<F>[] = [];
  for await (const x of it) {
    out.push(x);
    if (out.length >= max) break;
  }
  return out;
}

/** A video of `n` frames at `fps`, frame value = its index. */
const videoCapture = (n: number, fps: number): Capture<number> => {
  let i = 0;
  return {
    read: async () => (i < n ? { frame: i, ms: (i++ * 1000) / fps } : null),
    release: () => undefined,
  };
};

describe('frame sources', () => {
  test('parses --source values and rejects bad ones with the accepted forms', () => {
    expect(parseSource('camera:0')).toEqual({ kind: 'camera', index: 0 });
    expect(parseSource('camera')).toEqual({ kind: 'camera', index: 0 });
    expect(parseSource('video:/tmp/a:b.avi')).toEqual({ kind: 'video', path: '/tmp/a:b.avi' });
    expect(parseSource('images:dir')).toEqual({ kind: 'images', dir: 'dir' });
    expect(() => parseSource('camera:-1')).toThrow(/camera:0/);
    expect(() => parseSource('webcam')).toThrow(/use camera:N, video:PATH or images:DIR/);
    expect(() => parseSource('video:')).toThrow(/video:PATH/);
  });

  test('images: name order, image i at i/fps s, unreadable image is a failed read', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pp-src-'));
    try {
      for (const n of ['b.jpg', 'a.png', 'c.JPG', 'notes.txt']) await writeFile(join(dir, n), n);
      const io: FrameIO<string> = {
        openCamera: () => Promise.reject(new Error('no')),
        openVideo: () => Promise.reject(new Error('no')),
        readImage: async (p) => (p.endsWith('c.JPG') ? null : p),
      };
      const items = await collect(frames({ kind: 'images', dir }, { io, fps: 4 }));
      expect(items.map((x) => x.at)).toEqual([0, 250, 500]);
      expect(items.map((x) => ('frame' in x ? x.frame.slice(dir.length + 1) : 'error'))).toEqual([
        'a.png',
        'b.jpg',
        'error',
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('images: a missing folder or one without images is one line saying what to pass', async () => {
    const io: FrameIO<string> = {
      openCamera: () => Promise.reject(new Error('no')),
      openVideo: () => Promise.reject(new Error('no')),
      readImage: async (p) => p,
    };
    const dir = await mkdtemp(join(tmpdir(), 'pp-src-'));
    try {
      await writeFile(join(dir, 'notes.txt'), 'x');
      await expect(collect(frames({ kind: 'images', dir: join(dir, 'nope') }, { io, fps: 5 }))).rejects.toThrow(
        new SourceMissing(
          `image folder not found: ${join(dir, 'nope')}: pass --source images:DIR to an existing folder of frames`,
        ),
      );
      await expect(collect(frames({ kind: 'images', dir }, { io, fps: 5 }))).rejects.toThrow(
        /^no images in .*: put frames there .* or pass another --source images:DIR$/,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('video: its own timestamps, the first frame at or after each 1/fps tick', async () => {
    const io = { openVideo: async () => videoCapture(30, 30) } as unknown as FrameIO<number>;
    const items = await collect(frames({ kind: 'video', path: 'x' }, { io, fps: 5 }));
    expect(items.map((x) => x.at)).toEqual([0, 200, 400, 600, 800]);
    const odd = { openVideo: async () => videoCapture(10, 7) } as unknown as FrameIO<number>; // 7 fps video, 5 fps analysis
    expect((await collect(frames({ kind: 'video', path: 'x' }, { io: odd, fps: 5 }))).map((x) => x.at)).toEqual([
      0, 286, 429, 714, 857, 1000, 1286,
    ]);
  });

  test('--loop plays a video again with media time running on, and an empty video ends', async () => {
    let opened = 0;
    const io = { openVideo: async () => (opened++, videoCapture(10, 10)) } as unknown as FrameIO<number>; // 1 s of video
    const ac = new AbortController();
    const seen: number[] = [];
    for await (const x of frames({ kind: 'video', path: 'x' }, { io, fps: 5, loop: true, signal: ac.signal })) {
      seen.push(x.at);
      if (seen.length === 12) ac.abort();
    }
    expect(seen).toEqual([0, 200, 400, 600, 800, 1000, 1200, 1400, 1600, 1800, 2000, 2200]);
    expect(opened).toBe(3);
    const empty = { openVideo: async () => videoCapture(0, 10) } as unknown as FrameIO<number>;
    expect(await collect(frames({ kind: 'video', path: 'x' }, { io: empty, fps: 5, loop: true }))).toEqual([]);
  });

  test('--realtime paces file sources by media time; without it nothing waits', async () => {
    let clock = 1000;
    const waits: number[] = [];
    const sleep = async (ms: number) => {
      waits.push(ms);
      clock += ms;
    };
    const io = { openVideo: async () => videoCapture(10, 10) } as unknown as FrameIO<number>;
    await collect(frames({ kind: 'video', path: 'x' }, { io, fps: 5, realtime: true, now: () => clock, sleep }));
    expect(waits).toEqual([200, 200, 200, 200]);
    waits.length = 0;
    await collect(frames({ kind: 'video', path: 'x' }, { io, fps: 5, now: () => clock, sleep }));
    expect(waits).toEqual([]);
  });

  test('camera: wall-clock times, failed reads become errors, and the camera is reopened', async () => {
    let clock = 0;
    let opens = 0;
    let reads = 0;
    const io: FrameIO<string> = {
      openCamera: async () => {
        opens++;
        return {
          read: async () => (++reads >= 3 && reads <= 13 ? null : { frame: 'img', ms: 0 }),
          release: () => undefined,
        };
      },
      openVideo: () => Promise.reject(new Error('no')),
      readImage: async () => null,
    };
    const items = await collect(
      frames({ kind: 'camera', index: 0 }, { io, fps: 5, now: () => clock, sleep: async (ms) => void (clock += ms) }),
      16,
    );
    expect(items.slice(0, 3).map((x) => x.at)).toEqual([0, 200, 400]);
    expect(items.filter((x) => 'error' in x)).toHaveLength(11);
    expect(items[2]).toEqual({ at: 400, error: 'camera 0 gave no frame' });
    expect(opens).toBe(2); // reopened after 10 failed reads in a row
    expect('frame' in items[items.length - 1]).toBe(true);
  });
});
