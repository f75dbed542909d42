// The TypeScript templates and distance agree with OpenCV's LBPHFaceRecognizer on the same crops,
// so the server (no OpenCV) decides exactly as LBPH would; plus the template's wire checks.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  chiSquare,
  CELL_PIXELS,
  decodeTemplate,
  encodeTemplate,
  LBP_PARAMS,
  nearest,
  TemplateError,
  TEMPLATE_MAX_BYTES,
} from '../protocol/face-template.js';
import { FaceDetector, faceCrop, loadOpenCV, readImage, TUNED, type Mat } from './detector.js';
import { cropQuality, equalize, goodForEnrolment, lbpCounts, templateOf, type Crop } from './identity.js';
import { opencvOrSkip, REPO } from './testing/opencv-gate.js';

const cv = opencvOrSkip('LBPH agreement tests');
const IMAGES = join(REPO, 'proctor', 'fixtures', 'images');

function synthetic(seed: number, size = LBP_PARAMS.size): Crop {
  let s = seed;
  const data = new Uint8Array(size * size);
  for (let i = 0; i < data.length; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    data[i] = ((i % size) * 3 + Math.floor(i / size) * 2 + (s >>> 24)) & 0xff;
  }
  return { width: size, height: size, data };
}

describe('face template (pure)', () => {
  test('a template round-trips, fits PROTOCOL.md 8, and each cell sums to 1', () => {
    const t = templateOf(synthetic(1));
    expect(t.length).toBeLessThanOrEqual(TEMPLATE_MAX_BYTES);
    const h = decodeTemplate(t);
    for (let c = 0; c < 64; c++) {
      let sum = 0;
      for (let p = 0; p < 256; p++) sum += h[c * 256 + p];
      expect(sum).toBeCloseTo(1, 5);
    }
    expect(chiSquare(h, h)).toBe(0);
    expect(chiSquare(h, decodeTemplate(templateOf(synthetic(2))))).toBeGreaterThan(0);
  });

  test('rejects forged templates: wrong magic, other parameters, bad counts, trailing bytes, oversize', () => {
    const t = templateOf(synthetic(3));
    const bad = (mutate: (b: Uint8Array) => Uint8Array) => () => decodeTemplate(mutate(Uint8Array.from(t)));
    expect(bad((b) => ((b[0] = 0), b))).toThrow(TemplateError);
    expect(bad((b) => ((b[7] = 4), b))).toThrow(/other LBP parameters/);
    expect(bad((b) => ((b[10] = b[10] + 1), b))).toThrow(TemplateError); // a count changed: cell no longer sums to 49
    expect(bad((b) => Uint8Array.from([...b, 0]))).toThrow(/trailing/);
    expect(bad((b) => b.subarray(0, b.length - 1))).toThrow(TemplateError);
    expect(() => decodeTemplate(new Uint8Array(TEMPLATE_MAX_BYTES + 1))).toThrow(/at most/);
    expect(CELL_PIXELS).toBe(49);
  });

  test('equalise spreads a dark crop over the full range', () => {
    const dark: Crop = { width: 4, height: 1, data: Uint8Array.from([10, 20, 30, 40]) };
    expect([...equalize(dark).data]).toEqual([0, 85, 170, 255]);
  });

  test('quality: a flat grey crop is not sharp; a textured lit one is', () => {
    const flat: Crop = { width: 64, height: 64, data: new Uint8Array(64 * 64).fill(128) };
    expect(goodForEnrolment(cropQuality(flat), 120)).toBe(false);
    expect(goodForEnrolment(cropQuality(synthetic(4)), 120)).toBe(true);
    expect(goodForEnrolment(cropQuality(synthetic(4)), 20)).toBe(false); // face too small
  });
});

describe('agreement with cv.LBPHFaceRecognizer', () => {
  cv.test('TS distance = LBPHFaceRecognizer.predict distance on fixture face crops', async () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const ocv = (await loadOpenCV()) as any;
    const det = await FaceDetector.create(undefined, { ...TUNED, track: false });
    const crops: Crop[] = [];
    for (const name of readdirSync(IMAGES)
      .filter((n) => n.startsWith('one-') || n.startsWith('multi'))
      .sort()) {
      const img = (await readImage(join(IMAGES, name))) as Mat;
      for (const face of det.detect(img)) crops.push(equalize(faceCrop(det, img, face, LBP_PARAMS.size)));
    }
    // Composed fixtures reuse a photo's face pixel for pixel: keep each distinct crop once, so every
    // pair compared below is two different crops.
    const seen = new Set<string>();
    for (let i = crops.length - 1; i >= 0; i--) {
      const key = Buffer.from(crops[i].data).toString('base64');
      if (seen.has(key)) crops.splice(i, 1);
      else seen.add(key);
    }
    expect(crops.length).toBeGreaterThanOrEqual(6);
    const mat = (c: Crop) => new ocv.Mat(Buffer.from(c.data), c.height, c.width, ocv.CV_8UC1);
    // Exactly the server's path: counts -> wire template -> decoded float32 histograms.
    const hists = crops.map((c) => decodeTemplate(encodeTemplate(lbpCounts(c))));
    let worst = 0;
    for (let i = 0; i < crops.length; i++) {
      const rec = new ocv.LBPHFaceRecognizer(
        LBP_PARAMS.radius,
        LBP_PARAMS.neighbors,
        LBP_PARAMS.gridX,
        LBP_PARAMS.gridY,
      );
      rec.train([mat(crops[i])], [0]);
      for (let j = 0; j < crops.length; j++) {
        const { confidence: distance } = rec.predict(mat(crops[j])) as { label: number; confidence: number };
        worst = Math.max(worst, Math.abs(chiSquare(hists[i], hists[j]) - distance));
        if (i !== j) expect(distance).toBeGreaterThan(1); // different crops: the check is not 0 = 0
      }
    }
    expect(worst).toBeLessThan(1e-4);
    // Several enrolled crops: predict gives the nearest, as the server's `nearest` does.
    const rec = new ocv.LBPHFaceRecognizer(1, 8, 8, 8);
    rec.train([mat(crops[0]), mat(crops[1])], [0, 0]);
    const { confidence: distance } = rec.predict(mat(crops[2]));
    expect(nearest(hists[2], [hists[0], hists[1]])).toBeCloseTo(distance, 4);
  });
});
