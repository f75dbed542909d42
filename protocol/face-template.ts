// A face template on the wire (PROTOCOL.md 8 `identity.enrol` templates and the PresenceEvent
// `probe`): the LBP histograms of one normalised face crop, never an image. Pure, no OpenCV: the
// server decodes and compares templates without the binding (docs/proctor.md "Identity").
//
// What it holds: for each cell of an 8x8 grid over the LBP image of a 64x64 equalised grayscale
// crop, how many of the cell's 49 pixels have each of the 256 local binary patterns. The pixels
// themselves and their positions inside a cell are gone, so the crop cannot be rebuilt from it.
//
// Layout (bytes): 'P' 'L' version(1) size radius neighbors gridX gridY, then per cell (row-major):
// n (distinct patterns in the cell), then n pairs (pattern, count) with patterns strictly rising
// and counts summing to the cell's pixel count. Sparse because a cell of 49 pixels has at most 49
// of the 256 patterns: at most 8 + 64 * 99 = 6344 bytes, under the 16 KiB of PROTOCOL.md 8.

/** PROTOCOL.md 8: a template is at most 16 KiB. */
export const TEMPLATE_MAX_BYTES = 16 * 1024;

/** The one template shape this version makes and accepts (docs/proctor.md "Identity"). */
export const LBP_PARAMS = { size: 64, radius: 1, neighbors: 8, gridX: 8, gridY: 8 } as const;
export const TEMPLATE_VERSION = 1;
const HEADER = 8;
const PATTERNS = 1 << LBP_PARAMS.neighbors;
const CELLS = LBP_PARAMS.gridX * LBP_PARAMS.gridY;
/** Pixels per cell: the LBP image is (size - 2 radius) square, cut into grid cells (OpenCV's integer division). */
export const CELL_PIXELS =
  Math.floor((LBP_PARAMS.size - 2 * LBP_PARAMS.radius) / LBP_PARAMS.gridX) *
  Math.floor((LBP_PARAMS.size - 2 * LBP_PARAMS.radius) / LBP_PARAMS.gridY);

export class TemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateError';
  }
}

/** Per-cell pattern counts, CELLS x PATTERNS, row-major (cell, pattern). */
export type Histograms = Uint16Array;

export function encodeTemplate(counts: Histograms): Uint8Array {
  if (counts.length !== CELLS * PATTERNS)
    throw new TemplateError(`histograms must have ${CELLS * PATTERNS} bins, got ${counts.length}`);
  const out: number[] = [
    0x50,
    0x4c,
    TEMPLATE_VERSION,
    LBP_PARAMS.size,
    LBP_PARAMS.radius,
    LBP_PARAMS.neighbors,
    LBP_PARAMS.gridX,
    LBP_PARAMS.gridY,
  ];
  for (let c = 0; c < CELLS; c++) {
    const at = out.length;
    out.push(0);
    let n = 0;
    for (let p = 0; p < PATTERNS; p++) {
      const k = counts[c * PATTERNS + p];
      if (k === 0) continue;
      out.push(p, k);
      n++;
    }
    out[at] = n;
  }
  return Uint8Array.from(out);
}

/**
 * The normalised histograms (each cell sums to 1, float32 as OpenCV's LBPH keeps them) of a
 * template, or TemplateError saying what is wrong. Everything is checked: a client sends these.
 */
export function decodeTemplate(bytes: Uint8Array): Float32Array {
  if (!(bytes instanceof Uint8Array)) throw new TemplateError('a template must be binary');
  if (bytes.length > TEMPLATE_MAX_BYTES)
    throw new TemplateError(`a template is at most ${TEMPLATE_MAX_BYTES} bytes, got ${bytes.length}`);
  if (bytes.length < HEADER + CELLS || bytes[0] !== 0x50 || bytes[1] !== 0x4c)
    throw new TemplateError('not a PandaProctor face template');
  if (bytes[2] !== TEMPLATE_VERSION)
    throw new TemplateError(
      `template version ${bytes[2]} is not supported (this server reads version ${TEMPLATE_VERSION})`,
    );
  const p = LBP_PARAMS;
  if (
    bytes[3] !== p.size ||
    bytes[4] !== p.radius ||
    bytes[5] !== p.neighbors ||
    bytes[6] !== p.gridX ||
    bytes[7] !== p.gridY
  ) {
    throw new TemplateError('template made with other LBP parameters than this server compares');
  }
  const hist = new Float32Array(CELLS * PATTERNS);
  let i = HEADER;
  for (let c = 0; c < CELLS; c++) {
    if (i >= bytes.length) throw new TemplateError(`template ends inside cell ${c}`);
    const n = bytes[i++];
    if (n === 0 || n > CELL_PIXELS || i + 2 * n > bytes.length)
      throw new TemplateError(`cell ${c} has a bad pattern count`);
    let last = -1;
    let sum = 0;
    for (let k = 0; k < n; k++) {
      const pat = bytes[i++];
      const count = bytes[i++];
      if (pat <= last || count === 0) throw new TemplateError(`cell ${c}: patterns must rise and counts be positive`);
      last = pat;
      sum += count;
      hist[c * PATTERNS + pat] = Math.fround(count / CELL_PIXELS);
    }
    if (sum !== CELL_PIXELS) throw new TemplateError(`cell ${c}: counts sum to ${sum}, not ${CELL_PIXELS}`);
  }
  if (i !== bytes.length) throw new TemplateError('template has trailing bytes');
  return hist;
}

/**
 * Chi-square distance as OpenCV's LBPH predict computes it (compareHist HISTCMP_CHISQR_ALT:
 * 2 * sum (a-b)^2 / (a+b)), in double over float32 bins. 0 = identical, at most 4 per cell (256).
 */
export function chiSquare(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) throw new TemplateError('templates of different shapes');
  let r = 0;
  for (let j = 0; j < a.length; j++) {
    const s = a[j] + b[j];
    if (Math.abs(s) > Number.EPSILON) {
      const d = a[j] - b[j];
      r += (d * d) / s;
    }
  }
  return 2 * r;
}

/** Like LBPHFaceRecognizer.predict against these enrolled histograms: the smallest distance. */
export function nearest(probe: Float32Array, enrolled: Float32Array[]): number {
  let best = Infinity;
  for (const e of enrolled) best = Math.min(best, chiSquare(probe, e));
  return best;
}
