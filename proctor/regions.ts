// The detector's geometry: which part of a frame to search and how boxes map between the working
// frame, a scaled-down search image and the full-resolution frame. Pure, no OpenCV (detector.ts
// is the only file that imports it), so this arithmetic can be read and tested without the binding.
import type { Face } from './detector-params.js';

interface Size {
  cols: number;
  rows: number;
}

// Change detection works on a thumbnail this size: a face 1/4 of a near student's still covers a
// few dozen of its pixels, and sensor noise averages out.
export const THUMB_W = 64;
export const THUMB_H = 48;
/**
 * A thumbnail pixel changed when it moved by more than this many grey levels since the last full
 * search, beyond what its 3x3 neighbourhood held (movedPixels): 0.4 of the reference's standard
 * deviation, between CHANGE_LEVEL_MIN and CHANGE_LEVEL. A fixed 24 missed a small second face in
 * low light (a frame at 0.3 gain has a third of the contrast; std 18 against 59 in good light).
 */
export const CHANGE_LEVEL = 24;
export const CHANGE_LEVEL_MIN = 8;
const CHANGE_LEVEL_PER_STD = 0.4;
/** ... and the view changed when at least this many pixels outside the known faces did. */
export const CHANGE_PIXELS = 6;
// The search around a known face: scaled so 0.7x the face is ROI_MIN_PX (a few ms instead of tens);
// its size and place are known, so fewer overlapping hits confirm it (minNeighbors 4 lost faces
// in that small image; measured with bench proctor-eval).
const ROI_MIN_PX = 30;
export const ROI_SCALE_FACTOR = 1.1;
export const ROI_MIN_NEIGHBORS = 3;
/** Frames a change outside the known faces is searched before it counts as part of the view. */
export const CHANGE_TRIES = 3;
/**
 * Sightings before a face counts. 2 (confirm by the next frame) was needed while new faces took 4
 * neighbours: one false face in a noisy frame broke an absence. With 5 neighbours the evaluation
 * was as good or better with 1 (the same absences, one more second face, 0.2 s less lag), and a
 * scene seen for one frame (a folder of stills at 1 fps) is counted.
 */
export const MIN_HITS = 1;
/**
 * A small change where the default cascade found nobody is searched again with the alt2 cascade
 * (cascades/), for faces up to SMALL_FACE_MAX working-frame px: the default cascade found the
 * motion-blurred ~36 px second face in none of its frames and alt2 in all, and alt2 found no face
 * in the rooms where nobody was (tuning variants). Only for changes no larger than
 * SMALL_CHANGE_MAX px square, so it costs a few ms. (Scaling the change up 2x for the default
 * cascade found the blurred face too, but also a face-like corner of the coffee room at any
 * minNeighbors that kept the face.)
 */
export const SMALL_FACE_MAX = 60;
export const SMALL_CHANGE_MAX = 160;
/** Template side for the "still in place" check of a face that was not found. */
export const TEMPLATE = 24;

/**
 * The scale of the whole-frame search: smaller when only faces of searchFraction x the largest
 * known face matter (that size then meets the cascade's 24 px window); 1 when no face is known.
 */
export function searchScale(searchFraction: number, largest: number): number {
  return searchFraction > 0 && largest > 0 ? Math.min(1, 24 / (searchFraction * largest)) : 1;
}

/** Boxes found in an image scaled by `s`, back in the image's own pixels. */
export function unscale(faces: Face[], s: number): Face[] {
  return faces.map((f) => ({
    x: Math.round(f.x / s),
    y: Math.round(f.y / s),
    width: Math.round(f.width / s),
    height: Math.round(f.height / s),
  }));
}

/** How far the region around face `f` is scaled down before it is searched (ROI_MIN_PX). */
export function roiScale(f: Face): number {
  return Math.min(1, ROI_MIN_PX / (0.7 * f.width));
}

/** The change level for reference thumbnail `ref` (CHANGE_LEVEL_PER_STD of its standard deviation, clamped). */
export function changeLevel(ref: ArrayLike<number>): number {
  let sum = 0;
  let sq = 0;
  for (let i = 0; i < ref.length; i++) {
    sum += ref[i];
    sq += ref[i] * ref[i];
  }
  const n = Math.max(1, ref.length);
  const std = Math.sqrt(Math.max(0, sq / n - (sum / n) ** 2));
  return Math.min(CHANGE_LEVEL, Math.max(CHANGE_LEVEL_MIN, Math.round(CHANGE_LEVEL_PER_STD * std)));
}

/**
 * Thumbnail pixels that changed (255) since reference `ref`: a pixel counts only when it left the
 * range of ref's 3x3 neighbourhood by more than `level`. A camera shaking by a pixel or two and a
 * student swaying move edges by a fraction of a thumbnail pixel; compared pixel to pixel, that made
 * hundreds of "changes" along the coffee room's edges in good light and a search of the region
 * above the student's head in most frames. Someone stepping in changes the inside of their head too.
 */
export function movedPixels(now: ArrayLike<number>, ref: ArrayLike<number>, thumb: Size, level: number): Uint8Array {
  const { cols, rows } = thumb;
  const out = new Uint8Array(cols * rows);
  for (let y = 0; y < rows; y++) {
    for (let x = 0; x < cols; x++) {
      let lo = 255;
      let hi = 0;
      for (let yy = Math.max(0, y - 1); yy <= Math.min(rows - 1, y + 1); yy++)
        for (let xx = Math.max(0, x - 1); xx <= Math.min(cols - 1, x + 1); xx++) {
          const v = ref[yy * cols + xx];
          if (v < lo) lo = v;
          if (v > hi) hi = v;
        }
      const v = now[y * cols + x];
      if (v > hi + level || v < lo - level) out[y * cols + x] = 255;
    }
  }
  return out;
}

/**
 * A followed face the upright search lost is looked for again in its region turned by these
 * angles (degrees), in this order: a head turned away also tilts (the evaluation's turn rolls
 * 35 deg and narrows the face by half), and the frontal cascade finds it again once the tilt is
 * undone. Measured in Python on the tuning, fresh and last sets (74 turns): at full turn 30 deg found
 * it in 53-64 of 74 frames (25 deg 41-50, 15 deg 6-9); on the first frame of the turn, before the
 * old template no longer matched, 30 deg found 28 and 15 deg 74; nothing in the same region in the
 * frames after the student left. Both ways, as a real head tilts either way; the profile cascade
 * (on the region and its mirror image) found the evaluation's turn in 1 of 750 frames and a false
 * face in 1 of 975 empty ones, so it is not used.
 */
export const TURN_ANGLES = [-30, 30, -15, 15];

/**
 * A face found at `f` in an image rotated by `angle` degrees about `c` (OpenCV's
 * getRotationMatrix2D, counter-clockwise), placed back in the unrotated image: its centre is
 * turned back, its size kept (the box is only matched to the face it may be, tracks.ts sameFace).
 */
export function unrotate(f: Face, c: { x: number; y: number }, angle: number): Face {
  const a = (angle * Math.PI) / 180;
  const dx = f.x + f.width / 2 - c.x;
  const dy = f.y + f.height / 2 - c.y;
  const x = Math.cos(a) * dx - Math.sin(a) * dy + c.x;
  const y = Math.sin(a) * dx + Math.cos(a) * dy + c.y;
  return { x: x - f.width / 2, y: y - f.height / 2, width: f.width, height: f.height };
}

/** The search window around face `f` in an image scaled by `k`: 0.7x-1.4x its size. */
export function roiSizes(f: Face, k: number): { min: number; max: number } {
  return { min: Math.floor(0.7 * f.width * k), max: Math.ceil(1.4 * f.width * k) };
}

/** A box found in region `r` scaled by `k`, in working-frame pixels. */
export function fromRoi(h: Face, k: number, r: Face): Face {
  return {
    x: Math.round(h.x / k) + r.x,
    y: Math.round(h.y / k) + r.y,
    width: Math.round(h.width / k),
    height: Math.round(h.height / k),
  };
}

/**
 * Where the view changed outside the known faces (and their bodies), from the thumbnail's changed
 * pixels (non-zero = changed), as a working-frame region to search; 'everywhere' for a change over
 * most of the frame (lighting, a moved camera); null when too few pixels changed.
 */
export function changedRegion(
  px: ArrayLike<number>,
  thumb: Size,
  g: Size,
  faces: Face[],
): (Face & { core: Face }) | 'everywhere' | null {
  const sx = thumb.cols / g.cols;
  const sy = thumb.rows / g.rows;
  // A known face moving (or turning) is not someone new: its grown box, and below its chin its
  // shoulders (0.7 face widths each side, down to the bottom of the frame), do not count.
  const own = faces.map((f) => ({
    x0: Math.floor((f.x - 0.4 * f.width) * sx),
    x1: Math.ceil((f.x + 1.4 * f.width) * sx),
    y0: Math.floor((f.y - 0.4 * f.height) * sy),
    sx0: Math.floor((f.x - 0.7 * f.width) * sx),
    sx1: Math.ceil((f.x + 1.7 * f.width) * sx),
    sy0: Math.floor((f.y + 1.1 * f.height) * sy),
  }));
  let n = 0;
  let x0 = thumb.cols;
  let y0 = thumb.rows;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < thumb.rows; y++) {
    for (let x = 0; x < thumb.cols; x++) {
      if (
        px[y * thumb.cols + x] === 0 ||
        own.some((o) => (x >= o.x0 && x < o.x1 && y >= o.y0) || (x >= o.sx0 && x < o.sx1 && y >= o.sy0))
      )
        continue;
      n++;
      x0 = Math.min(x0, x);
      x1 = Math.max(x1, x);
      y0 = Math.min(y0, y);
      y1 = Math.max(y1, y);
    }
  }
  if (n < CHANGE_PIXELS) return null;
  if ((x1 - x0 + 1) * (y1 - y0 + 1) > (thumb.cols * thumb.rows) / 2) return 'everywhere';
  // Grown by a margin so a head of which only an edge changed is searched whole.
  const m = Math.max(0.1 * g.cols, 0.6 * Math.max(0, ...faces.map((f) => f.width)));
  const around = (k: number): Face => {
    const bx = Math.max(0, Math.floor(x0 / sx - k));
    const by = Math.max(0, Math.floor(y0 / sy - k));
    return {
      x: bx,
      y: by,
      width: Math.min(g.cols, Math.ceil((x1 + 1) / sx + k)) - bx,
      height: Math.min(g.rows, Math.ceil((y1 + 1) / sy + k)) - by,
    };
  };
  // core: the changed pixels with room for half a small face around them (the second cascade's search).
  return { ...around(m), core: around(SMALL_FACE_MAX / 2) };
}

/**
 * Face box `face` (in pixels of a frame scaled to `width`, 0 = unscaled) as a box in the
 * full-resolution frame `g`, clipped to it.
 */
export function fullResolutionBox(face: Face, g: Size, width: number): Face {
  const scale = width > 0 && g.cols > width ? g.cols / width : 1;
  const x = Math.max(0, Math.round(face.x * scale));
  const y = Math.max(0, Math.round(face.y * scale));
  const w = Math.min(g.cols - x, Math.round(face.width * scale));
  const h = Math.min(g.rows - y, Math.round(face.height * scale));
  return { x, y, width: w, height: h };
}
