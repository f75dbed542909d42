// Face detection with OpenCV Haar cascades. This is the ONLY file that imports the OpenCV binding
// (CONVENTIONS.md layout); it is loaded with a dynamic import so the server and the client never
// load it, and a missing binding becomes a ProctorUnavailable with the exact fix.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../common/package.js';
import type { Capture, FrameIO } from './source.js';

// The slice of @u4/opencv4nodejs this file uses, declared here rather than imported so the
// project still type-checks and builds when the optional binding is not installed.
export interface Mat {
  readonly rows: number;
  readonly cols: number;
  readonly channels: number;
  readonly empty: boolean;
  bgrToGray(): Mat;
  resize(rows: number, cols: number, fx?: number, fy?: number, interpolation?: number): Mat;
  equalizeHist(): Mat;
  getRegion(r: unknown): Mat;
}
interface CascadeClassifier {
  detectMultiScale(img: Mat, scaleFactor: number, minNeighbors: number, flags: number, minSize: unknown, maxSize: unknown): {
    objects: { x: number; y: number; width: number; height: number }[];
  };
}
interface VideoCapture {
  read(): Mat;
  get(prop: number): number;
  release(): void;
}
interface Cv {
  CascadeClassifier: new (path: string) => CascadeClassifier;
  VideoCapture: new (source: string | number) => VideoCapture;
  Size: new (w: number, h: number) => unknown;
  Rect: new (x: number, y: number, w: number, h: number) => unknown;
  imread(path: string): Mat;
  setNumThreads(n: number): void;
  getNumThreads(): number;
  INTER_AREA: number;
  CAP_PROP_POS_MSEC: number;
}
const BINDING = '@u4/opencv4nodejs';
const BUILD_HELPER = '@u4/opencv-build';

/** Exit status of `pandaproctor proctor` when the binding, camera or cascade is missing. */
export const EXIT_UNAVAILABLE = 3;

/** Something the proctor needs is missing; `message` is one line saying what and how to fix it. */
export class ProctorUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProctorUnavailable';
  }
}

export const INSTALL_HINT =
  'run `apt-get install -y libopencv-dev && OPENCV4NODEJS_DISABLE_AUTOBUILD=1 npm install @u4/opencv4nodejs`';

let loaded: Promise<Cv> | undefined;

/** Loads the binding once. Never triggers the binding's own OpenCV download-and-build. */
export function loadOpenCV(): Promise<Cv> {
  loaded ??= (async () => {
    process.env.OPENCV4NODEJS_DISABLE_AUTOBUILD ??= '1';
    process.env.OPENCV_LOG_LEVEL ??= 'ERROR'; // keep stderr to our own one-line diagnostics
    try {
      const build = (await import(BUILD_HELPER)) as { Log: { silence: boolean } };
      build.Log.silence = true; // its loader logs to stdout, which carries our JSON lines
    } catch {
      /* optional: only used to silence logs */
    }
    if (process.env.PANDAPROCTOR_SIMULATE_NO_OPENCV === '1') {
      // Lets the unavailable path (client status, test skips, CI failure) be exercised on a machine that has the binding.
      throw new ProctorUnavailable(`OpenCV binding not installed (simulated by PANDAPROCTOR_SIMULATE_NO_OPENCV=1): ${INSTALL_HINT}`);
    }
    try {
      const mod = (await import(BINDING)) as { default?: Cv } & Cv;
      const cv = mod.default ?? mod;
      if (typeof cv.CascadeClassifier !== 'function') throw new Error('binding has no CascadeClassifier');
      return cv;
    } catch (e) {
      const why = e instanceof Error ? e.message.split('\n')[0] : String(e);
      throw new ProctorUnavailable(`OpenCV binding not installed (${why.slice(0, 120)}): ${INSTALL_HINT}`);
    }
  })();
  return loaded;
}

/** True when the binding loads (for tests that must skip or fail without it). */
export async function openCVAvailable(): Promise<{ ok: true } | { ok: false; reason: string }> {
  try {
    await loadOpenCV();
    return { ok: true };
  } catch (e) {
    return { ok: false, reason: e instanceof Error ? e.message : String(e) };
  }
}

// cascades/ stays at the package root whether this runs from the sources or from dist/.
export const DEFAULT_CASCADE = join(packageRoot(), 'cascades', 'haarcascade_frontalface_default.xml');

export interface DetectorParams {
  /** Frames wider than this are downscaled to it (aspect ratio kept); 0 = never. */
  width: number;
  scaleFactor: number;
  minNeighbors: number;
  /** Smallest face, px in the downscaled frame (0 = the cascade's 24 px window). */
  minSize: number;
  equalize: boolean;
  /** Search around the last single face first, full frame on a miss and every fullScanEvery frames. */
  track: boolean;
  fullScanEvery: number;
  /** OpenCV worker threads (0 = OpenCV's default, one per core). Process-wide. */
  threads: number;
}

// Chosen by measurement on proctor/fixtures (bench/detect.ts --sweep; figures in docs/proctor.md).
export const TUNED: DetectorParams = {
  width: 480,
  scaleFactor: 1.2,
  minNeighbors: 4,
  minSize: 0,
  equalize: true,
  track: true,
  fullScanEvery: 5,
  threads: 0,
};

/** Plain OpenCV-tutorial settings on the full frame: the baseline the bench compares against. */
export const PLAIN: DetectorParams = {
  width: 0,
  scaleFactor: 1.1,
  minNeighbors: 4,
  minSize: 0,
  equalize: false,
  track: false,
  fullScanEvery: 1,
  threads: 0,
};

export interface Face {
  x: number;
  y: number;
  width: number;
  height: number;
}

export class FaceDetector {
  private last: Face | null = null; // in downscaled-frame pixels
  private sinceFull = 0;
  private singleScans = 0;
  /** How many frames used only the tracked region (for the bench). */
  roiFrames = 0;

  private constructor(
    private readonly cv: Cv,
    private readonly cascade: CascadeClassifier,
    readonly params: DetectorParams,
  ) {}

  static async create(cascadePath: string = DEFAULT_CASCADE, params: DetectorParams = TUNED): Promise<FaceDetector> {
    const cv = await loadOpenCV();
    if (!existsSync(cascadePath)) {
      throw new ProctorUnavailable(`cascade file not found: ${cascadePath}: pass --cascade PATH or restore cascades/ from the repository`);
    }
    let cascade: CascadeClassifier;
    try {
      cascade = new cv.CascadeClassifier(cascadePath);
    } catch (e) {
      throw new ProctorUnavailable(`cascade file ${cascadePath} is not a Haar cascade OpenCV can load: pass --cascade PATH to a valid XML`);
    }
    if (params.threads > 0) cv.setNumThreads(params.threads);
    return new FaceDetector(cv, cascade, params);
  }

  /** Gray, equalised, downscaled: the image the cascade sees. */
  prepare(frame: Mat): Mat {
    let g = frame.channels === 1 ? frame : frame.bgrToGray();
    const p = this.params;
    if (p.width > 0 && g.cols > p.width) {
      // Keep the aspect ratio: squashing a 4:3 or portrait frame loses faces (issue 6).
      g = g.resize(Math.round((g.rows * p.width) / g.cols), p.width, 0, 0, this.cv.INTER_AREA);
    }
    return p.equalize ? g.equalizeHist() : g;
  }

  /** Faces in the frame, in downscaled-frame pixels. */
  detect(frame: Mat): Face[] {
    const g = this.prepare(frame);
    const p = this.params;
    // Track only a face that two full scans in a row agreed on: a single stray "1" in a run of
    // "2"s (measured on the fixture video) must not lock the search onto one face.
    if (p.track && this.last && this.singleScans >= 2 && this.sinceFull < p.fullScanEvery - 1) {
      const hit = this.searchAround(g, this.last);
      if (hit.length === 1) {
        this.sinceFull++;
        this.roiFrames++;
        this.last = hit[0];
        return hit;
      }
    }
    const faces = this.scan(g, p.minSize);
    this.sinceFull = 0;
    this.last = faces.length === 1 ? faces[0] : null;
    this.singleScans = faces.length === 1 ? this.singleScans + 1 : 0;
    return faces;
  }

  private scan(g: Mat, minSize: number, maxSize = 0): Face[] {
    const p = this.params;
    const { objects } = this.cascade.detectMultiScale(
      g,
      p.scaleFactor,
      p.minNeighbors,
      0,
      new this.cv.Size(minSize, minSize),
      new this.cv.Size(maxSize, maxSize),
    );
    return objects.map((r) => ({ x: r.x, y: r.y, width: r.width, height: r.height }));
  }

  /** The last face's box grown by its own size on each side, searched for faces of similar size. */
  private searchAround(g: Mat, f: Face): Face[] {
    const x0 = Math.max(0, f.x - f.width);
    const y0 = Math.max(0, f.y - f.height);
    const x1 = Math.min(g.cols, f.x + 2 * f.width);
    const y1 = Math.min(g.rows, f.y + 2 * f.height);
    const roi = g.getRegion(new this.cv.Rect(x0, y0, x1 - x0, y1 - y0));
    const min = Math.max(24, Math.floor(f.width * 0.6));
    const faces = this.scan(roi, min, Math.ceil(f.width * 1.6));
    return faces.map((r) => ({ ...r, x: r.x + x0, y: r.y + y0 }));
  }
}

export async function openVideo(path: string): Promise<Capture<Mat>> {
  const cv = await loadOpenCV();
  if (!existsSync(path)) throw new ProctorUnavailable(`video file not found: ${path}: pass --source video:PATH to an existing file`);
  const cap = new cv.VideoCapture(path);
  return wrapCapture(cv, cap, `video ${path}`);
}

export async function openCamera(index: number): Promise<Capture<Mat>> {
  const cv = await loadOpenCV();
  let cap: VideoCapture;
  try {
    cap = new cv.VideoCapture(index);
  } catch {
    throw new ProctorUnavailable(
      `camera ${index} not found: connect a webcam (check /dev/video${index} and that you are in the video group) or use --source video:PATH`,
    );
  }
  // An absent device opens "successfully" on some backends and then yields empty frames.
  let first: Mat | null = null;
  try {
    first = cap.read();
  } catch {
    /* handled below */
  }
  if (!first || first.empty) {
    cap.release();
    throw new ProctorUnavailable(
      `camera ${index} gives no frames: connect a webcam (check /dev/video${index} and that you are in the video group) or use --source video:PATH`,
    );
  }
  return wrapCapture(cv, cap, `camera ${index}`);
}

function wrapCapture(cv: Cv, cap: VideoCapture, what: string): Capture<Mat> {
  return {
    async read() {
      let frame: Mat;
      try {
        // Sync on purpose: the binding's *Async calls crash Node 20's GC ("Check failed:
        // marking_done_", UrielCh/opencv4nodejs#134, #148); reproduced here on the fixture video.
        frame = cap.read();
      } catch {
        return null;
      }
      if (!frame || frame.empty) return null;
      return { frame, ms: cap.get(cv.CAP_PROP_POS_MSEC) };
    },
    release() {
      try {
        cap.release();
      } catch {
        /* already released: nothing to do for ${what} */
      }
    },
  };
}

export async function readImage(path: string): Promise<Mat | null> {
  const cv = await loadOpenCV();
  try {
    const m = cv.imread(path); // sync: see read() above
    return m.empty ? null : m;
  } catch {
    return null;
  }
}

/** The OpenCV implementation of source.ts's frame input. */
export const cvFrameIO: FrameIO<Mat> = { openCamera, openVideo, readImage };
