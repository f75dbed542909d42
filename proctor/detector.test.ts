// Must-show 1 (issue 6): detection counts on every fixture image as labelled, with the tuned
// parameters; plus the properties the tuning relies on.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FaceDetector, TUNED, cvFrameIO, readImage, type Mat } from './detector.js';
import { PresenceMachine } from './presence.js';
import { frames } from './source.js';
import { opencvOrSkip, REPO } from './testing/opencv-gate.js';

const FIX = join(REPO, 'proctor', 'fixtures');
const labels = JSON.parse(readFileSync(join(FIX, 'images', 'labels.json'), 'utf8')) as Record<string, number>;
const cv = opencvOrSkip('OpenCV detection tests');

describe('face detector on the fixture photographs', () => {
  test('the fixture set has what issue 6 asks for', () => {
    const counts = Object.values(labels);
    expect(counts.filter((n) => n === 1).length).toBeGreaterThanOrEqual(5);
    expect(counts.filter((n) => n === 0).length).toBeGreaterThanOrEqual(3);
    expect(counts.filter((n) => n >= 2).length).toBeGreaterThanOrEqual(2);
  });

  for (const [name, faces] of Object.entries(labels)) {
    cv.test(`${name}: ${faces} face(s)`, async () => {
      const det = await FaceDetector.create(undefined, { ...TUNED, track: false });
      const img = (await readImage(join(FIX, 'images', name)))!;
      expect(det.detect(img)).toHaveLength(faces);
    });
  }

  cv.test('downscaling keeps the aspect ratio (a squashed portrait loses the face)', async () => {
    const det = await FaceDetector.create();
    const hopper = (await readImage(join(FIX, 'images', 'one-hopper.jpg')))!;
    const g = det.prepare(hopper);
    expect(g.cols).toBe(TUNED.width);
    expect(g.rows / g.cols).toBeCloseTo(hopper.rows / hopper.cols, 2);
    expect(g.channels).toBe(1);
  });

  cv.test('a missing cascade file is "unavailable" with the fix', async () => {
    await expect(FaceDetector.create('/nonexistent/cascade.xml')).rejects.toThrow(/cascade file not found: .*pass --cascade PATH/);
  });

  cv.test('tracking the last face gives the same presence decisions on the test video, with fewer full scans', async () => {
    const run = async (track: boolean) => {
      const det = await FaceDetector.create(undefined, { ...TUNED, track });
      const m = new PresenceMachine();
      const changes: string[] = [];
      let n = 0;
      for await (const it of frames<Mat>({ kind: 'video', path: join(FIX, 'presence-test.avi') }, { io: cvFrameIO, fps: 5 })) {
        if (!('frame' in it)) continue;
        n++;
        for (const e of m.observe({ at: it.at, faces: det.detect(it.frame).length })) {
          if (changes.length === 0 || !changes[changes.length - 1].startsWith(e.state)) changes.push(`${e.state}@${e.at}`);
        }
      }
      return { changes, roi: det.roiFrames, n };
    };
    const plain = await run(false);
    const tracked = await run(true);
    expect(tracked.changes).toEqual(plain.changes);
    expect(plain.roi).toBe(0);
    expect(tracked.roi).toBeGreaterThan(tracked.n / 3);
  }, 120_000); // ~5 s on an idle 2-core machine; generous for a loaded CI box
});
