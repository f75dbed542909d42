import {
  CHANGE_LEVEL,
  CHANGE_LEVEL_MIN,
  changeLevel,
  changedRegion,
  fullResolutionBox,
  movedPixels,
  searchScale,
  unrotate,
  unscale,
} from './regions.js';

const THUMB = { cols: 64, rows: 48 };
const FRAME = { cols: 480, rows: 360 };

/** A thumbnail of changed pixels: 255 inside the given thumbnail rectangles, 0 elsewhere. */
function changes(...rects: { x: number; y: number; w: number; h: number }[]): Uint8Array {
  const px = new Uint8Array(THUMB.cols * THUMB.rows);
  for (const r of rects)
    for (let y = r.y; y < r.y + r.h; y++) for (let x = r.x; x < r.x + r.w; x++) px[y * THUMB.cols + x] = 255;
  return px;
}

describe('detector geometry', () => {
  test('someone stepping in beside the student: the region searched covers them whole and stays in the frame', () => {
    const student = { x: 60, y: 80, width: 100, height: 100 };
    // A 3x3 thumbnail blob at (50, 5) is working-frame pixels 375..397 x 37..60.
    const r = changedRegion(changes({ x: 50, y: 5, w: 3, h: 3 }), THUMB, FRAME, [student]);
    expect(r).not.toBeNull();
    expect(r).not.toBe('everywhere');
    const b = r as { x: number; y: number; width: number; height: number };
    expect(b.x).toBeLessThanOrEqual(375);
    expect(b.y).toBe(0);
    expect(b.x + b.width).toBeGreaterThanOrEqual(398);
    expect(b.y + b.height).toBeGreaterThanOrEqual(61);
    expect(b.x + b.width).toBeLessThanOrEqual(FRAME.cols);
    expect(b.y + b.height).toBeLessThanOrEqual(FRAME.rows);
  });

  test('the known face moving, or its shoulders below it, is no change; a few noisy pixels are none either', () => {
    const student = { x: 180, y: 60, width: 120, height: 120 };
    // Face at thumbnail x 24..40, y 8..24; shoulders from y 25 down, x 20..43.
    expect(changedRegion(changes({ x: 28, y: 10, w: 8, h: 8 }), THUMB, FRAME, [student])).toBeNull();
    expect(changedRegion(changes({ x: 22, y: 35, w: 18, h: 10 }), THUMB, FRAME, [student])).toBeNull();
    expect(changedRegion(changes({ x: 2, y: 2, w: 2, h: 2 }), THUMB, FRAME, [])).toBeNull();
  });

  test('a change over most of the view (lighting, a moved camera) asks for the whole-frame search', () => {
    expect(changedRegion(changes({ x: 0, y: 0, w: 64, h: 48 }), THUMB, FRAME, [])).toBe('everywhere');
    // Two small changes at opposite corners span most of the frame too.
    expect(changedRegion(changes({ x: 0, y: 0, w: 3, h: 3 }, { x: 60, y: 44, w: 3, h: 3 }), THUMB, FRAME, [])).toBe(
      'everywhere',
    );
  });

  test('the whole-frame search shrinks only while a face is known, and boxes come back in frame pixels', () => {
    expect(searchScale(0.15, 0)).toBe(1);
    expect(searchScale(0, 200)).toBe(1);
    expect(searchScale(0.15, 200)).toBeCloseTo(0.8);
    expect(unscale([{ x: 10, y: 20, width: 30, height: 30 }], 0.5)).toEqual([{ x: 20, y: 40, width: 60, height: 60 }]);
  });

  test('a face found on the downscaled frame is cut from the full-resolution frame, clipped to its edge', () => {
    const full = { cols: 1920, rows: 1080 };
    expect(fullResolutionBox({ x: 100, y: 50, width: 60, height: 60 }, full, 480)).toEqual({
      x: 400,
      y: 200,
      width: 240,
      height: 240,
    });
    expect(fullResolutionBox({ x: 450, y: 250, width: 60, height: 60 }, full, 480)).toEqual({
      x: 1800,
      y: 1000,
      width: 120,
      height: 80,
    });
    // A frame no wider than the working width was not scaled.
    expect(fullResolutionBox({ x: 5, y: 5, width: 10, height: 10 }, { cols: 320, rows: 240 }, 480)).toEqual({
      x: 5,
      y: 5,
      width: 10,
      height: 10,
    });
  });

  test('the change region also gives its core: the changed pixels with room for a small face, inside the frame', () => {
    const r = changedRegion(changes({ x: 56, y: 40, w: 4, h: 4 }), THUMB, FRAME, [
      { x: 180, y: 60, width: 120, height: 120 },
    ]);
    if (r === null || r === 'everywhere') throw new Error(`expected a region, got ${String(r)}`);
    // Thumbnail 56..59 x 40..43 is frame 420..480 x 300..360; the core adds 30 px, clipped to the frame.
    expect(r.core).toEqual({ x: 390, y: 270, width: 90, height: 90 });
    expect(r.core.x).toBeGreaterThanOrEqual(r.x);
    expect(r.core.x + r.core.width).toBeLessThanOrEqual(r.x + r.width);
  });
});

/** A thumbnail of one grey level with a vertical edge at column `edge` (dark left, `bright` right). */
function edgeThumb(edge: number, dark: number, bright: number): Uint8Array {
  const px = new Uint8Array(THUMB.cols * THUMB.rows);
  for (let y = 0; y < THUMB.rows; y++)
    for (let x = 0; x < THUMB.cols; x++) px[y * THUMB.cols + x] = x < edge ? dark : bright;
  return px;
}

describe('change detection', () => {
  test('the change level follows the contrast of the view: lower in low light, capped in good light', () => {
    expect(changeLevel(edgeThumb(32, 0, 200))).toBe(CHANGE_LEVEL); // std 100 -> 40, capped
    expect(changeLevel(edgeThumb(32, 10, 50))).toBe(CHANGE_LEVEL_MIN); // std 20 -> 8
    expect(changeLevel(edgeThumb(32, 20, 20))).toBe(CHANGE_LEVEL_MIN); // flat: never below the floor (noise)
    expect(changeLevel(edgeThumb(32, 0, 100))).toBe(20); // std 50
  });

  test('an edge shifted by one thumbnail pixel (camera shake, a swaying student) is no change', () => {
    const ref = edgeThumb(30, 20, 200);
    expect(movedPixels(edgeThumb(31, 20, 200), ref, THUMB, 24).some((v) => v !== 0)).toBe(false);
    expect(movedPixels(edgeThumb(29, 20, 200), ref, THUMB, 24).some((v) => v !== 0)).toBe(false);
    // Pixel to pixel, the same shift changes a whole column by 180 grey levels.
    expect(movedPixels(edgeThumb(27, 20, 200), ref, THUMB, 24).filter((v) => v !== 0).length).toBe(2 * THUMB.rows);
  });

  test('a head appearing in a flat part of the view is a change, at the level of the view', () => {
    const ref = edgeThumb(64, 40, 40);
    const now = Uint8Array.from(ref);
    for (let y = 10; y < 15; y++) for (let x = 5; x < 10; x++) now[y * THUMB.cols + x] = 52; // +12: low-light contrast
    expect(movedPixels(now, ref, THUMB, 8).filter((v) => v !== 0).length).toBe(25);
    expect(movedPixels(now, ref, THUMB, 24).filter((v) => v !== 0).length).toBe(0); // the old fixed level missed it
  });

  test('a face found in the region turned by 30 deg is put back where it is in the upright region', () => {
    // OpenCV's getRotationMatrix2D(c, 30, 1) maps (x, y) to (cos dx + sin dy, -sin dx + cos dy) + c.
    const c = { x: 50, y: 50 };
    const a = Math.PI / 6;
    const at = { x: 70, y: 62 }; // the face's centre in the upright region
    const turned = {
      x: Math.cos(a) * (at.x - c.x) + Math.sin(a) * (at.y - c.y) + c.x,
      y: -Math.sin(a) * (at.x - c.x) + Math.cos(a) * (at.y - c.y) + c.y,
    };
    const back = unrotate({ x: turned.x - 10, y: turned.y - 10, width: 20, height: 20 }, c, 30);
    expect(back.x + 10).toBeCloseTo(at.x, 6);
    expect(back.y + 10).toBeCloseTo(at.y, 6);
    expect(back.width).toBe(20);
    // Turned the other way the same point comes back too (a head tilts either way).
    const other = unrotate(unrotate({ x: 60, y: 40, width: 20, height: 20 }, c, -30), c, 30);
    expect(other.x).toBeCloseTo(60, 6);
    expect(other.y).toBeCloseTo(40, 6);
  });
});
