// Bookkeeping of the faces the detector follows from frame to frame: pure, no OpenCV, so the
// matching and the "lost in place" grace are unit-tested without the binding.
// Each person in view is a track. A track found again in its region this frame is refreshed; a
// track not found is kept for up to `holdFrames` frames only while its region still looks like it
// did when the face was last seen (a turned head, a hand over the face), and dropped at once when
// the region changed (the person left): so a turned head is no absence, and leaving is noticed on
// the first empty frame.

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Track<T = unknown> {
  box: Box;
  /** Frames the face was found in (a new face from one scan is not held). */
  hits: number;
  /** Frames in a row it was not found. */
  missed: number;
  /** What the region looked like when the face was last seen (the detector's own template). */
  template: T | null;
  /** Frames in a row the face was found only in its region turned (detector.ts searchTurned). */
  turned?: number;
}

export interface HoldRule {
  holdFrames: number;
  /** A track needs this many hits before it may be held. */
  minHitsToHold: number;
}

const centre = (b: Box) => ({ x: b.x + b.width / 2, y: b.y + b.height / 2 });

/** The same face: centres within half the larger width, sizes within a factor of 2. */
export function sameFace(a: Box, b: Box): boolean {
  const ca = centre(a);
  const cb = centre(b);
  const w = Math.max(a.width, b.width);
  const ratio = a.width / b.width;
  return Math.hypot(ca.x - cb.x, ca.y - cb.y) <= w / 2 && ratio >= 0.5 && ratio <= 2;
}

/** Faces matched to tracks (greedy, largest faces first); the rest are new. */
export function matchFaces<T>(tracks: Track<T>[], faces: Box[]): { matched: Map<Track<T>, Box>; fresh: Box[] } {
  const matched = new Map<Track<T>, Box>();
  const fresh: Box[] = [];
  for (const f of [...faces].sort((a, b) => b.width - a.width)) {
    const t = tracks.find((t) => !matched.has(t) && sameFace(t.box, f));
    if (t) matched.set(t, f);
    else if (!fresh.some((g) => sameFace(g, f))) fresh.push(f); // overlapping detections of one face
  }
  return { matched, fresh };
}

/**
 * One frame's update. `found` maps each track to the box it was found at this frame; `inPlace(t)`
 * says whether a track that was not found still looks as it did. Returns the tracks to keep.
 */
export function updateTracks<T>(
  tracks: Track<T>[],
  found: Map<Track<T>, Box>,
  fresh: Box[],
  rule: HoldRule,
  inPlace: (t: Track<T>) => boolean,
): Track<T>[] {
  const out: Track<T>[] = [];
  for (const t of tracks) {
    const box = found.get(t);
    if (box) {
      out.push({ ...t, box, hits: t.hits + 1, missed: 0 });
    } else if (t.hits >= rule.minHitsToHold && t.missed < rule.holdFrames && inPlace(t)) {
      out.push({ ...t, missed: t.missed + 1 });
    }
  }
  for (const box of fresh)
    if (!out.some((t) => sameFace(t.box, box))) out.push({ box, hits: 1, missed: 0, template: null });
  return out;
}

/** The box grown by `k` times its size on each side, clipped to the image. */
export function grow(g: { cols: number; rows: number }, f: Box, k: number): Box {
  const x0 = Math.max(0, Math.floor(f.x - k * f.width));
  const y0 = Math.max(0, Math.floor(f.y - k * f.height));
  const x1 = Math.min(g.cols, Math.ceil(f.x + (1 + k) * f.width));
  const y1 = Math.min(g.rows, Math.ceil(f.y + (1 + k) * f.height));
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

/**
 * A face smaller than another one being followed: a second person, not the student. The hold
 * exists so the student turning their head is no absence; a second face is held more strictly
 * (detector-params secondHold*): its grown region is mostly the room behind it, which still
 * correlated 0.50-0.55 with its last sighting after the person had gone, and a face-like spot of
 * the room re-found there once was held unchanged (correlation 1.00) for 5 s.
 */
export function isSecondFace<T>(t: Track<T>, tracks: Track<T>[]): boolean {
  return tracks.some((o) => o !== t && o.box.width > t.box.width);
}

/**
 * A face whose centre lies on the body of a larger followed face (below its chin, within its grown
 * width): the student's chest and shoulders are in front of anyone behind them, and someone in
 * front would hide the student, so it is a pattern on their clothes. A 1/3-size "face" on the
 * astronaut's suit (student's face 170 px at 640, fresh set) was a second person for 30 s.
 */
export function onBodyOf(f: Box, student: Box): boolean {
  const cx = f.x + f.width / 2;
  const cy = f.y + f.height / 2;
  return (
    f.width * 1.5 <= student.width &&
    cx >= student.x - 0.4 * student.width &&
    cx <= student.x + 1.4 * student.width &&
    cy >= student.y + 1.2 * student.height
  );
}
