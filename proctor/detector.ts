// Face detection with OpenCV Haar cascades. This is the ONLY file that imports the OpenCV binding
// (CONVENTIONS.md layout); it is loaded with a dynamic import so the server and the client never
// load it, and a missing binding becomes a ProctorUnavailable with the exact fix.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../common/package.js';
import type { Capture, FrameIO } from './source.js';
import { grow, isSecondFace, matchFaces, onBodyOf, sameFace, updateTracks, type Track } from './tracks.js';
import { TUNED, type DetectorParams, type Face } from './detector-params.js';
import {
  CHANGE_LEVEL,
  CHANGE_TRIES,
  SMALL_CHANGE_MAX,
  SMALL_FACE_MAX,
  MIN_HITS,
  TURN_ANGLES,
  ROI_MIN_NEIGHBORS,
  ROI_SCALE_FACTOR,
  TEMPLATE,
  THUMB_H,
  THUMB_W,
  changeLevel,
  changedRegion,
  fromRoi,
  movedPixels,
  fullResolutionBox,
  roiScale,
  roiSizes,
  searchScale,
  unrotate,
  unscale,
} from './regions.js';

/**
 * A face last seen only in its turned region is held this many frames at most: its template is
 * the turned head, and after a student leaves, the room would go on correlating with a template
 * taken from a false turned sighting for the whole hold. The turned head is found again in most
 * frames (572 of 750 on the evaluation's turns), so two frames bridge the gaps.
 */
const TURNED_HOLD_FRAMES = 2;

// The presets and shapes live in detector-params.ts (no OpenCV there); re-exported for callers.
export { PLAIN, PREVIOUS, TUNED, type DetectorParams, type Face } from './detector-params.js';

import type { CascadeClassifier, Cv, Mat, VideoCapture } from './cv-types.js';
export type { Mat } from './cv-types.js';
import { INSTALL_HINT, ProctorUnavailable } from './unavailable.js';
export { EXIT_UNAVAILABLE, INSTALL_HINT, ProctorUnavailable } from './unavailable.js';

const BINDING = '@u4/opencv4nodejs';
const BUILD_HELPER = '@u4/opencv-build';

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
      throw new ProctorUnavailable(
        `OpenCV binding not installed (simulated by PANDAPROCTOR_SIMULATE_NO_OPENCV=1): ${INSTALL_HINT}`,
      );
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

/** The second cascade, for small changes the default one found nobody in (regions.ts SMALL_FACE_MAX). */
export const SMALL_CASCADE = join(packageRoot(), 'cascades', 'haarcascade_frontalface_alt2.xml');

function loadCascade(cv: Cv, path: string, fix: string): CascadeClassifier {
  try {
    return new cv.CascadeClassifier(path);
  } catch {
    throw new ProctorUnavailable(`cascade file ${path} is not a Haar cascade OpenCV can load: ${fix}`);
  }
}

export class FaceDetector {
  private tracks: Track<Mat>[] = [];
  private sinceFull = 0;
  private reference: Mat | null = null; // thumbnail at the last full search
  private changeTries = 0;
  /** Frames that used only the regions around known faces (for the bench). */
  roiFrames = 0;
  /** Whole-frame searches, and how many of them a change in the view started. */
  fullScans = 0;
  changeScans = 0;

  private constructor(
    private readonly cv: Cv,
    private readonly cascade: CascadeClassifier,
    private readonly small: CascadeClassifier | null,
    readonly params: DetectorParams,
  ) {}

  static async create(
    cascadePath: string = DEFAULT_CASCADE,
    params: DetectorParams = TUNED,
    smallCascadePath: string = SMALL_CASCADE,
  ): Promise<FaceDetector> {
    const cv = await loadOpenCV();
    if (!existsSync(cascadePath)) {
      throw new ProctorUnavailable(
        `cascade file not found: ${cascadePath}: pass --cascade PATH or restore cascades/ from the repository`,
      );
    }
    const cascade = loadCascade(cv, cascadePath, 'pass --cascade PATH to a valid XML');
    let small: CascadeClassifier | null = null;
    if (params.smallChangeScan) {
      if (!existsSync(smallCascadePath))
        throw new ProctorUnavailable(
          `cascade file not found: ${smallCascadePath}: restore cascades/ from the repository (it holds two cascades)`,
        );
      small = loadCascade(cv, smallCascadePath, 'restore cascades/ from the repository');
    }
    if (params.threads > 0) cv.setNumThreads(params.threads);
    return new FaceDetector(cv, cascade, small, params);
  }

  /** Gray, scaled to the working width, optionally equalised: the image the cascade sees. */
  prepare(frame: Mat): Mat {
    let g = frame.channels === 1 ? frame : frame.bgrToGray();
    const p = this.params;
    if (p.width > 0 && (g.cols > p.width || (p.upscale && g.cols < p.width))) {
      // Keep the aspect ratio: squashing a 4:3 or portrait frame loses faces.
      const inter = g.cols > p.width ? this.cv.INTER_AREA : this.cv.INTER_LINEAR;
      g = g.resize(Math.round((g.rows * p.width) / g.cols), p.width, 0, 0, inter);
    }
    return p.equalize ? g.equalizeHist() : g;
  }

  /** Faces in the frame, in working-frame pixels (a face held in place is its last sighting). */
  detect(frame: Mat): Face[] {
    const g = this.prepare(frame);
    const p = this.params;
    if (!p.track) return this.scan(g, p.minSize);
    const thumb = p.scanOnChange ? g.resize(THUMB_H, THUMB_W, 0, 0, this.cv.INTER_AREA) : null;
    // The whole frame is searched every fullScanEvery frames and when most of the view changed;
    // in between only around known faces, plus wherever something changed (someone stepping in,
    // or the student coming back to an empty room).
    let full = this.sinceFull >= p.fullScanEvery - 1 || (!thumb && this.tracks.length === 0);
    const changed = !full && thumb ? this.changedOutsideFaces(thumb, g) : null;
    if (changed === 'everywhere') full = true;
    const found = new Map<Track<Mat>, Face>();
    let fresh: Face[] = [];
    if (full) {
      const m = matchFaces(this.tracks, this.search(g));
      m.matched.forEach((box, t) => found.set(t, box));
      fresh = m.fresh;
      this.sinceFull = 0;
      this.fullScans++;
      this.reference = thumb;
      this.changeTries = 0;
    } else {
      this.sinceFull++;
      this.roiFrames++;
      for (const t of this.tracks) {
        const hit = this.searchAround(g, t.box);
        if (hit) found.set(t, hit);
      }
      if (changed && changed !== 'everywhere') {
        // Someone may have stepped in there: search only that part, at full sensitivity.
        this.changeScans++;
        // A change is searched in a few frames (a face missed in one noisy frame is found in the
        // next), then becomes part of the view, so a moved chair does not cost a search per frame.
        if (++this.changeTries >= CHANGE_TRIES) {
          this.reference = thumb;
          this.changeTries = 0;
        }
        const faces = this.scan(
          g.getRegion(new this.cv.Rect(changed.x, changed.y, changed.width, changed.height)),
          p.minSize,
        );
        fresh = matchFaces(
          this.tracks,
          faces.map((f) => ({ ...f, x: f.x + changed.x, y: f.y + changed.y })),
        ).fresh;
        if (fresh.length === 0 && p.smallChangeScan)
          fresh = matchFaces(this.tracks, this.scanSmall(g, changed.core)).fresh;
      }
    }
    // The student turned away: the upright search lost the face and its region no longer looks as
    // it did, so the region is searched turned. Only then: a face still held in place keeps the
    // pipeline as it was (searching turned on every lost frame also moved the whole-frame searches
    // on the tuning set, and one found a false face in a noisy corner).
    const byTurn = new Set<Face>();
    if (p.turnSearch)
      for (const t of this.tracks)
        if (
          !found.has(t) &&
          t.hits >= 2 &&
          (t.turned ?? 0) < p.holdFrames &&
          !isSecondFace(t, this.tracks) &&
          !(t.missed < p.holdFrames && this.inPlace(g, t))
        ) {
          const hit = this.searchTurned(g, t.box);
          if (hit) {
            // Followed where the turned head is, at the size it had facing the camera: the turned
            // face is found narrower, and a smaller box let the student's own shoulders count as
            // a change outside the faces, whose search found a false face in a noisy frame.
            const box = {
              x: Math.round(hit.x + hit.width / 2 - t.box.width / 2),
              y: Math.round(hit.y + hit.height / 2 - t.box.height / 2),
              width: t.box.width,
              height: t.box.height,
            };
            found.set(t, box);
            byTurn.add(box);
          }
        }
    if (p.bodyIsNoFace) {
      const followed = this.tracks.filter((t) => t.hits >= 2).map((t) => t.box);
      fresh = fresh.filter((f) => !followed.some((b) => onBodyOf(f, b)));
    }
    const following = this.tracks.some((t) => t.hits >= 2);
    this.tracks = updateTracks(this.tracks, found, fresh, { holdFrames: p.holdFrames, minHitsToHold: 2 }, (t) =>
      this.inPlace(g, t),
    );
    // The last face followed is gone (the student left): the next frame searches the whole frame
    // and takes the empty view as the reference. Searching the region they left for a few frames
    // instead gave a noisy frame several chances at a false face, and one false face in a 2.0 s
    // absence hides it (9 empty frames of 10 are needed).
    if (p.wholeAfterLeaving && following && !this.tracks.some((t) => t.hits >= 2)) this.sinceFull = p.fullScanEvery;
    for (const t of this.tracks)
      if (t.missed === 0) {
        t.template = this.snapshot(g, t.box);
        t.turned = byTurn.has(t.box) ? (t.turned ?? 0) + 1 : 0;
      }
    return this.tracks.filter((t) => t.hits >= MIN_HITS).map((t) => ({ ...t.box }));
  }

  /** The whole-frame search, on a smaller frame when only faces of searchFraction x the largest known face matter. */
  private search(g: Mat): Face[] {
    const p = this.params;
    const largest = Math.max(0, ...this.tracks.map((t) => t.box.width));
    const s = searchScale(p.searchFraction, largest);
    if (s > 0.9) return this.scan(g, p.minSize);
    const small = g.resize(Math.round(g.rows * s), Math.round(g.cols * s), 0, 0, this.cv.INTER_AREA);
    return unscale(this.scan(small, 0), s);
  }

  /** A small changed area searched with the second cascade, for faces up to SMALL_FACE_MAX (a blurred small face). */
  private scanSmall(g: Mat, c: Face): Face[] {
    if (!this.small || c.width > SMALL_CHANGE_MAX || c.height > SMALL_CHANGE_MAX) return [];
    const roi = g.getRegion(new this.cv.Rect(c.x, c.y, c.width, c.height));
    return this.scan(roi, this.params.minSize, SMALL_FACE_MAX, this.small).map((f) => ({
      ...f,
      x: f.x + c.x,
      y: f.y + c.y,
    }));
  }

  private scan(g: Mat, minSize: number, maxSize = 0, cascade = this.cascade): Face[] {
    const p = this.params;
    const { objects } = cascade.detectMultiScale(
      g,
      p.scaleFactor,
      p.minNeighbors,
      0,
      new this.cv.Size(minSize, minSize),
      new this.cv.Size(maxSize, maxSize),
    );
    return objects.map((r) => ({ x: r.x, y: r.y, width: r.width, height: r.height }));
  }

  /**
   * The face's box grown by half its size on each side (a face moves little in 0.2 s), scaled down
   * (ROI_MIN_PX), searched for one face of 0.7x-1.4x its size: a few ms, where the whole frame
   * costs tens.
   */
  private searchAround(g: Mat, f: Face): Face | null {
    const { roi, k, r } = this.regionOf(g, f);
    const size = roiSizes(f, k);
    const { objects } = this.cascade.detectMultiScale(
      roi,
      ROI_SCALE_FACTOR,
      ROI_MIN_NEIGHBORS,
      0,
      new this.cv.Size(size.min, size.min),
      new this.cv.Size(size.max, size.max),
    );
    const faces = objects.map((h) => fromRoi(h, k, r));
    let same = faces.filter((h) => sameFace(f, h));
    if (same.length === 0 && this.small && f.width <= SMALL_FACE_MAX) {
      // A small face the default cascade lost (motion blur) is looked for with the second one,
      // which found it where the default did not; at full sensitivity, as in scanSmall.
      const { objects: alt } = this.small.detectMultiScale(
        g.getRegion(new this.cv.Rect(r.x, r.y, r.width, r.height)),
        ROI_SCALE_FACTOR,
        this.params.minNeighbors,
        0,
        new this.cv.Size(size.min / k, size.min / k),
        new this.cv.Size(Math.ceil(size.max / k), Math.ceil(size.max / k)),
      );
      same = alt.map((h) => fromRoi(h, 1, r)).filter((h) => sameFace(f, h));
    }
    return same.length > 0 ? same.reduce((a, b) => (b.width > a.width ? b : a)) : null;
  }

  /** The face's box grown by half its size (`r`), cut out and scaled down by `k` (roiScale). */
  private regionOf(g: Mat, f: Face): { roi: Mat; k: number; r: Face } {
    const r = grow(g, f, 0.5);
    let roi = g.getRegion(new this.cv.Rect(r.x, r.y, r.width, r.height));
    const s = roiScale(f);
    if (s < 0.9)
      roi = roi.resize(
        Math.max(24, Math.round(roi.rows * s)),
        Math.max(24, Math.round(roi.cols * s)),
        0,
        0,
        this.cv.INTER_AREA,
      );
    return { roi, k: roi.cols / r.width, r };
  }

  /**
   * The lost face's region turned by each of TURN_ANGLES and searched as searchAround does: a
   * head turned away also tilts, which the upright frontal cascade does not find. Only while a
   * followed face is lost, on the small scaled region, so it costs little.
   */
  private searchTurned(g: Mat, f: Face): Face | null {
    const { roi, k, r } = this.regionOf(g, f);
    // Down to half the size it had facing the camera: a turned face is found narrower.
    const size = { ...roiSizes(f, k), min: Math.max(1, Math.floor(0.5 * f.width * k)) };
    const c = { x: roi.cols / 2, y: roi.rows / 2 };
    for (const angle of TURN_ANGLES) {
      const m = this.cv.getRotationMatrix2D(new this.cv.Point2(c.x, c.y), angle, 1);
      const turned = roi.warpAffine(
        m,
        new this.cv.Size(roi.cols, roi.rows),
        this.cv.INTER_LINEAR,
        this.cv.BORDER_REPLICATE,
      );
      const { objects } = this.cascade.detectMultiScale(
        turned,
        ROI_SCALE_FACTOR,
        ROI_MIN_NEIGHBORS,
        0,
        new this.cv.Size(size.min, size.min),
        new this.cv.Size(size.max, size.max),
      );
      const same = objects.map((h) => fromRoi(unrotate(h, c, angle), k, r)).filter((h) => sameFace(f, h));
      if (same.length > 0) return same.reduce((a, b) => (b.width > a.width ? b : a));
    }
    return null;
  }

  /** The region around a face (half its size on each side) as a small template. */
  private snapshot(g: Mat, f: Face): Mat {
    const r = grow(g, f, 0.5);
    return g
      .getRegion(new this.cv.Rect(r.x, r.y, r.width, r.height))
      .resize(TEMPLATE, TEMPLATE, 0, 0, this.cv.INTER_AREA);
  }

  /** A face that was not found is "in place" while its region still correlates with its last sighting. */
  private inPlace(g: Mat, t: Track<Mat>): boolean {
    if (!t.template || this.params.holdFrames === 0) return false;
    const p = this.params;
    const second = isSecondFace(t, this.tracks);
    if (second && t.missed >= p.secondHoldFrames) return false;
    if ((t.turned ?? 0) > 0 && t.missed >= TURNED_HOLD_FRAMES) return false;
    const c = this.snapshot(g, t.box).matchTemplate(t.template, this.cv.TM_CCOEFF_NORMED).at(0, 0);
    return (
      Number.isFinite(c) && c >= (second ? Math.max(p.holdCorrelation, p.secondHoldCorrelation) : p.holdCorrelation)
    );
  }

  /**
   * Where the view changed outside the known faces (and their bodies) since the last full search,
   * as a working-frame region to search; 'everywhere' for a change over most of the frame (lighting,
   * a moved camera), which gets the full search instead; null for no change.
   */
  private changedOutsideFaces(thumb: Mat, g: Mat): (Face & { core: Face }) | 'everywhere' | null {
    if (!this.reference || this.reference.cols !== thumb.cols || this.reference.rows !== thumb.rows)
      return 'everywhere';
    const ref = this.reference.getData();
    const level = this.params.adaptiveChange ? changeLevel(ref) : CHANGE_LEVEL;
    const moved = this.params.adaptiveChange
      ? movedPixels(thumb.getData(), ref, thumb, level)
      : thumb.absdiff(this.reference).threshold(level, 255, this.cv.THRESH_BINARY).getData();
    return changedRegion(
      moved,
      thumb,
      g,
      this.tracks.map((t) => t.box),
    );
  }
}

export async function openVideo(path: string): Promise<Capture<Mat>> {
  const cv = await loadOpenCV();
  if (!existsSync(path))
    throw new ProctorUnavailable(`video file not found: ${path}: pass --source video:PATH to an existing file`);
  const cap = new cv.VideoCapture(path);
  return wrapCapture(cv, cap);
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
  return wrapCapture(cv, cap);
}

function wrapCapture(cv: Cv, cap: VideoCapture): Capture<Mat> {
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
        /* already released: nothing to do */
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

// ---- Identity (docs/proctor.md "Identity"): the detector only cuts the face out; templates are
// computed in pure TypeScript (proctor/identity.ts) so the server needs no OpenCV to compare them.
/**
 * The face box (in `det`'s downscaled-frame pixels) cut from the full-resolution grayscale frame
 * and scaled to size x size, not equalised: raw pixels, so brightness and sharpness can be judged.
 */
export function faceCrop(
  det: FaceDetector,
  frame: Mat,
  face: Face,
  size: number,
): { width: number; height: number; data: Uint8Array } {
  const cv = (det as unknown as { cv: Cv }).cv;
  const g = frame.channels === 1 ? frame : frame.bgrToGray();
  const b = fullResolutionBox(face, g, det.params.width);
  const crop = g.getRegion(new cv.Rect(b.x, b.y, b.width, b.height)).resize(size, size, 0, 0, cv.INTER_AREA);
  return { width: size, height: size, data: new Uint8Array(crop.getData()) };
}
