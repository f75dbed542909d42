// Where frames come from: a camera, a video file or a folder of images. The clock of a file
// source is media time, so a recording gives the same intervals however fast it is read: image i
// of a folder (name order) is at i/fps s, a video frame at its own timestamp; they run as fast as
// the detector allows unless `realtime` paces them. OpenCV I/O is injected (proctor/detector.ts
// implements it) so this file never imports the binding.
import { readdir } from 'node:fs/promises';
import { extname, join } from 'node:path';

export type SourceSpec =
  { kind: 'camera'; index: number } | { kind: 'video'; path: string } | { kind: 'images'; dir: string };

export function parseSource(text: string): SourceSpec {
  const i = text.indexOf(':');
  const kind = i < 0 ? text : text.slice(0, i);
  const rest = i < 0 ? '' : text.slice(i + 1);
  if (kind === 'camera') {
    const index = rest === '' ? 0 : Number(rest);
    if (!Number.isInteger(index) || index < 0) throw new Error(`bad camera index '${rest}': use --source camera:0`);
    return { kind, index };
  }
  if ((kind === 'video' || kind === 'images') && rest !== '') {
    return kind === 'video' ? { kind, path: rest } : { kind, dir: rest };
  }
  throw new Error(`bad --source '${text}': use camera:N, video:PATH or images:DIR`);
}

/** One tick of the source: a frame to analyse, or a failed read (camera). `at` is source-clock ms. */
export type SourceItem<F> = { at: number; frame: F } | { at: number; error: string };

export interface Capture<F> {
  read(): Promise<{ frame: F; ms: number } | null>;
  release(): void;
}

export interface FrameIO<F> {
  openCamera(index: number): Promise<Capture<F>>;
  openVideo(path: string): Promise<Capture<F>>;
  readImage(path: string): Promise<F | null>;
}

export interface SourceOptions<F> {
  io: FrameIO<F>;
  /** Analysed frames per second (default 5). */
  fps: number;
  /** Pace file sources at media speed (the demo); cameras are always real time. */
  realtime?: boolean;
  /** Wall clock (ms) for cameras and pacing; injectable for tests. */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Stop reading (checked between frames). */
  signal?: AbortSignal;
  /** Video only: start again at the end, media time running on (the demo's sample video). */
  loop?: boolean;
}

const IMAGE_EXT = new Set(['.jpg', '.jpeg', '.png', '.bmp', '.tif', '.tiff', '.webp', '.pgm', '.ppm']);
const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** A file source that cannot give any frame (missing folder, no images): main.ts reports it as "unavailable". */
export class SourceMissing extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SourceMissing';
  }
}

export async function listImages(dir: string): Promise<string[]> {
  let all: string[];
  try {
    all = await readdir(dir);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    // One line with the fix (CONVENTIONS 4), not a raw "ENOENT: ... scandir".
    if (code === 'ENOENT' || code === 'ENOTDIR')
      throw new SourceMissing(
        `image folder not found: ${dir}: pass --source images:DIR to an existing folder of frames`,
      );
    throw new SourceMissing(
      `cannot read image folder ${dir} (${code ?? String(e)}): check its permissions or pass another --source images:DIR`,
    );
  }
  const names = all.filter((n) => IMAGE_EXT.has(extname(n).toLowerCase()));
  if (names.length === 0)
    throw new SourceMissing(
      `no images in ${dir}: put frames there (.jpg, .png, ...; read in name order) or pass another --source images:DIR`,
    );
  return names.sort().map((n) => join(dir, n)); // name order; sort() is code-unit order, stable across locales
}

export async function* frames<F>(spec: SourceSpec, opts: SourceOptions<F>): AsyncGenerator<SourceItem<F>> {
  const now = opts.now ?? Date.now;
  const sleep = opts.sleep ?? defaultSleep;
  const period = 1000 / opts.fps;
  const started = now();
  const pace = async (mediaMs: number) => {
    if (!opts.realtime) return;
    const wait = started + mediaMs - now();
    if (wait > 0) await sleep(wait);
  };

  if (spec.kind === 'images') {
    const files = await listImages(spec.dir);
    for (let i = 0; i < files.length && !opts.signal?.aborted; i++) {
      const at = Math.round(i * period);
      await pace(at);
      const frame = await opts.io.readImage(files[i]);
      yield frame === null ? { at, error: `cannot read image ${files[i]}` } : { at, frame };
    }
    return;
  }

  if (spec.kind === 'video') {
    // A looped pass starts one period after the previous pass's last frame, so media time (and
    // the events' `at`) keeps rising: a loop is not an end of the proctor, and is never `stopped`.
    for (let offset = 0; ;) {
      const cap = await opts.io.openVideo(spec.path);
      let last = -1;
      try {
        // Analyse the first frame at or after each tick of a 1/fps grid on the video's own clock.
        let next = 0;
        for (;;) {
          if (opts.signal?.aborted) return;
          const r = await cap.read();
          if (r === null) break;
          if (r.ms + 1e-6 < next) continue;
          next = (Math.floor((r.ms + 1e-6) / period) + 1) * period;
          const at = Math.round(offset + r.ms);
          last = at;
          await pace(at);
          // Detection is synchronous: without a macrotask turn now and then, SIGTERM (and the
          // abort it raises) would wait for a whole unpaced video, and forever with --loop.
          if (!opts.realtime) await new Promise<void>((r) => setImmediate(r));
          yield { at, frame: r.frame };
        }
      } finally {
        cap.release();
      }
      if (!opts.loop || last < 0) return; // an empty video must not spin
      offset = last + period;
    }
  }

  if (spec.kind === 'camera') {
    let cap: Capture<F> | null = await opts.io.openCamera(spec.index);
    let failures = 0;
    try {
      for (let tick = 0; !opts.signal?.aborted; tick++) {
        const due = started + tick * period;
        const wait = due - now();
        if (wait > 0) await sleep(wait);
        else if (wait < -period) tick = Math.floor((now() - started) / period); // fell behind: skip, do not burst
        if (cap === null) {
          cap = await opts.io.openCamera(spec.index).catch(() => null); // reopen after a failure
          if (cap === null) {
            yield { at: now(), error: `camera ${spec.index} cannot be opened` };
            continue;
          }
        }
        const r = await cap.read();
        if (r === null) {
          yield { at: now(), error: `camera ${spec.index} gave no frame` };
          if (++failures % 10 === 0) {
            cap.release();
            cap = null;
          }
          continue;
        }
        failures = 0;
        yield { at: now(), frame: r.frame };
      }
    } finally {
      cap?.release();
    }
  }
}
