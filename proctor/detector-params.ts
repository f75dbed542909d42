// The detector's parameters and the presets the labelled evaluation chose between
// (npm run bench -- proctor-eval; docs/proctor.md). Pure data: no OpenCV here, so benches and tests
// can name a preset without loading the binding.

export interface DetectorParams {
  /** Frames are scaled to this width (aspect ratio kept); 0 = as they come. */
  width: number;
  /** Frames narrower than `width` (a 320x240 camera) are scaled up to it, so small faces reach the cascade's 24 px window. */
  upscale: boolean;
  scaleFactor: number;
  minNeighbors: number;
  /** Smallest face, px in the working frame (0 = the cascade's 24 px window). */
  minSize: number;
  /** Global histogram equalisation (hides a smaller, darker second face: off in TUNED). */
  equalize: boolean;
  /** Follow each known face in a small region every frame; search the whole frame only every fullScanEvery frames, when the view changed, or when no face is known. */
  track: boolean;
  fullScanEvery: number;
  /** Also search the whole frame when something changed outside the known faces (a person stepping in). */
  scanOnChange: boolean;
  /** A face not found is kept this many frames while its region still looks the same (a turned head); 0 = never. */
  holdFrames: number;
  /** ... where "looks the same" is a normalised correlation of at least this with its last sighting. */
  holdCorrelation: number;
  /** A face smaller than another one (a second person, tracks.ts isSecondFace) is held only at this correlation or more ... */
  secondHoldCorrelation: number;
  /** ... and for at most this many frames. */
  secondHoldFrames: number;
  /** Change detection at a level relative to the view's contrast, tolerant of a pixel of shake (regions.ts movedPixels); false = a fixed 24 grey levels pixel to pixel. */
  adaptiveChange: boolean;
  /** A small change where the normal search found nobody is searched again with the second (alt2) cascade for a small face (regions.ts SMALL_FACE_MAX). */
  smallChangeScan: boolean;
  /** When the last face followed is lost, the next frame searches the whole frame (not the region that changed). */
  wholeAfterLeaving: boolean;
  /** A new face on the body of a larger followed face (tracks.ts onBodyOf) is not counted. */
  bodyIsNoFace: boolean;
  /** A followed face (not a second face) the upright search lost is looked for in its region turned by regions.ts TURN_ANGLES, for up to holdFrames frames in a row. */
  turnSearch: boolean;
  /** While a face is known, the whole-frame search looks for faces down to this fraction of the largest one, on a frame scaled down so that size meets the cascade's 24 px window (cheaper); 0 = always the working frame. */
  searchFraction: number;
  /** OpenCV worker threads (0 = OpenCV's default, one per core). Process-wide. */
  threads: number;
}

// Chosen by the labelled evaluation (npm run bench -- proctor-eval; table and reasons in docs/proctor.md).
export const TUNED: DetectorParams = {
  width: 480,
  upscale: true,
  scaleFactor: 1.1,
  minNeighbors: 5,
  minSize: 0,
  equalize: false,
  track: true,
  // 25 (5 s), was 15: once change detection stopped firing on shake, it found every arrival on the
  // tuning set, and 25 cost 67 ms/s against 80 there with the same results (held out: 60 vs 70).
  fullScanEvery: 25,
  scanOnChange: true,
  holdFrames: 25,
  holdCorrelation: 0.5,
  secondHoldCorrelation: 0.7,
  secondHoldFrames: 3,
  adaptiveChange: true,
  smallChangeScan: true,
  wholeAfterLeaving: true,
  bodyIsNoFace: true,
  turnSearch: true,
  searchFraction: 0.15,
  threads: 0,
};

/** The settings shipped before the evaluation (global equalisation, scale 1.2, 4 neighbours, a whole-frame search every 5th frame, no hold), run through today's tracker: an approximation of that pipeline, for comparison. */
export const PREVIOUS: DetectorParams = {
  ...TUNED,
  upscale: false,
  scaleFactor: 1.2,
  minNeighbors: 4,
  equalize: true,
  fullScanEvery: 5,
  scanOnChange: false,
  holdFrames: 0,
  secondHoldFrames: 0,
  adaptiveChange: false,
  smallChangeScan: false,
  wholeAfterLeaving: false,
  bodyIsNoFace: false,
  turnSearch: false,
  searchFraction: 0,
};

/** Plain OpenCV-tutorial settings on the full frame: the baseline the bench compares against. */
export const PLAIN: DetectorParams = {
  width: 0,
  upscale: false,
  scaleFactor: 1.1,
  minNeighbors: 4,
  minSize: 0,
  equalize: false,
  track: false,
  fullScanEvery: 1,
  scanOnChange: false,
  holdFrames: 0,
  holdCorrelation: 1,
  secondHoldCorrelation: 1,
  secondHoldFrames: 0,
  adaptiveChange: false,
  smallChangeScan: false,
  wholeAfterLeaving: false,
  bodyIsNoFace: false,
  turnSearch: false,
  searchFraction: 0,
  threads: 0,
};

export interface Face {
  x: number;
  y: number;
  width: number;
  height: number;
}
