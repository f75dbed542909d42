// Face templates from face crops, in pure TypeScript (no OpenCV: the detector only cuts and scales
// the crop). A crop is the detector's face box as a size x size grayscale image; it is judged for
// enrolment quality, equalised, and turned into LBP histograms the way OpenCV's LBPHFaceRecognizer
// does (elbp with bilinear sampling, per-cell histograms), so the server's TypeScript distance is
// the distance LBPH would give (tested in identity.test.ts). docs/proctor.md "Identity".
import { encodeTemplate, LBP_PARAMS, type Histograms } from '../protocol/face-template.js';
import { IDENTITY_LIMITS } from './limits.js';

/** A grayscale crop, row-major, one byte per pixel. */
export interface Crop {
  width: number;
  height: number;
  data: Uint8Array;
}

/** Histogram equalisation as cv.equalizeHist does it (so crops look alike under any lighting). */
export function equalize(c: Crop): Crop {
  const hist = new Uint32Array(256);
  for (const v of c.data) hist[v]++;
  const total = c.data.length;
  let i = 0;
  while (i < 256 && hist[i] === 0) i++;
  const out = new Uint8Array(total);
  if (i === 256 || hist[i] === total) return { ...c, data: out.fill(i === 256 ? 0 : i) };
  const scale = 255 / (total - hist[i]);
  const lut = new Uint8Array(256);
  let sum = 0;
  for (i++; i < 256; i++) {
    sum += hist[i];
    lut[i] = Math.min(255, Math.max(0, Math.round(sum * scale)));
  }
  for (let k = 0; k < total; k++) out[k] = lut[c.data[k]];
  return { ...c, data: out };
}

const f = Math.fround;

/**
 * Per-cell LBP pattern counts of an equalised crop, as OpenCV's lbph_faces.cpp elbp_ + spatial_histogram
 * compute them: float32 bilinear samples on a circle, a bit set when the sample is >= the centre
 * (within float epsilon), cells by integer division (the remainder rows/columns are ignored).
 */
export function lbpCounts(c: Crop): Histograms {
  const { radius, neighbors, gridX, gridY } = LBP_PARAMS;
  const rows = c.height - 2 * radius;
  const cols = c.width - 2 * radius;
  const code = new Int32Array(rows * cols);
  const src = c.data;
  const FLT_EPSILON = 1.1920928955078125e-7;
  for (let n = 0; n < neighbors; n++) {
    const x = f(radius * Math.cos((2.0 * Math.PI * n) / f(neighbors)));
    const y = f(-radius * Math.sin((2.0 * Math.PI * n) / f(neighbors)));
    const fx = Math.floor(x);
    const fy = Math.floor(y);
    const cx = Math.ceil(x);
    const cy = Math.ceil(y);
    const ty = f(y - fy);
    const tx = f(x - fx);
    const w1 = f(f(1 - tx) * f(1 - ty));
    const w2 = f(tx * f(1 - ty));
    const w3 = f(f(1 - tx) * ty);
    const w4 = f(tx * ty);
    for (let i = radius; i < c.height - radius; i++) {
      for (let j = radius; j < c.width - radius; j++) {
        const t = f(
          f(
            f(f(w1 * src[(i + fy) * c.width + j + fx]) + f(w2 * src[(i + fy) * c.width + j + cx])) +
              f(w3 * src[(i + cy) * c.width + j + fx]),
          ) + f(w4 * src[(i + cy) * c.width + j + cx]),
        );
        const centre = src[i * c.width + j];
        if (t > centre || Math.abs(f(t - centre)) < FLT_EPSILON) code[(i - radius) * cols + (j - radius)] += 1 << n;
      }
    }
  }
  const patterns = 1 << neighbors;
  const cw = Math.floor(cols / gridX);
  const ch = Math.floor(rows / gridY);
  const counts = new Uint16Array(gridX * gridY * patterns);
  for (let gy = 0; gy < gridY; gy++) {
    for (let gx = 0; gx < gridX; gx++) {
      const base = (gy * gridX + gx) * patterns;
      for (let y = gy * ch; y < (gy + 1) * ch; y++) {
        for (let x = gx * cw; x < (gx + 1) * cw; x++) counts[base + code[y * cols + x]]++;
      }
    }
  }
  return counts;
}

/** The wire template of a raw (not yet equalised) crop. */
export function templateOf(raw: Crop): Uint8Array {
  return encodeTemplate(lbpCounts(equalize(raw)));
}

export interface CropQuality {
  /** Mean gray level of the raw crop, 0-255. */
  brightness: number;
  /** Variance of the 4-neighbour Laplacian: low means blurred. */
  sharpness: number;
}

export function cropQuality(raw: Crop): CropQuality {
  const { width: w, height: h, data } = raw;
  let sum = 0;
  for (const v of data) sum += v;
  let n = 0;
  let m = 0;
  let m2 = 0;
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1; x < w - 1; x++) {
      const i = y * w + x;
      const lap = data[i - 1] + data[i + 1] + data[i - w] + data[i + w] - 4 * data[i];
      n++;
      const d = lap - m;
      m += d / n;
      m2 += d * (lap - m);
    }
  }
  return { brightness: sum / data.length, sharpness: n > 1 ? m2 / (n - 1) : 0 };
}

/** Good enough to enrol from: one frontal face (the caller checks), big enough, sharp, lit. */
export function goodForEnrolment(q: CropQuality, faceWidthPx: number): boolean {
  const L = IDENTITY_LIMITS;
  return (
    faceWidthPx >= L.enrolMinFacePx &&
    q.sharpness >= L.enrolMinSharpness &&
    q.brightness >= L.enrolMinBrightness &&
    q.brightness <= L.enrolMaxBrightness
  );
}
