// bench/proctor-eval: the labelled evaluation of the proctor (docs/proctor.md). Generates variants
// of one scripted sequence from the clean-licence fixture photographs (bench/proctor-eval-make.py:
// low light, backlight, noise, motion blur, a 320x240 camera, JPEG quality 30, a small and a tiny
// second face in every corner in good and low light; absences, a head turn, a 1.5 s second person),
// runs the real pipeline on each (source.ts images at 5 fps -> detector.ts -> presence.ts) and
// scores what it reported against the truth (bench/proctor-eval-score.ts). One row per variant,
// totals for the tuning, held-out and fresh sets separately, and a last-line JSON.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseFlags } from './args.js';
import { score, total, type Reported, type Score, type Truth } from './proctor-eval-score.js';
import type { DetectorParams, Mat } from '../proctor/detector.js';

const PY = '/usr/bin/python3';
const ROOT = join(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..');
const MAKER = join(ROOT, 'bench', 'proctor-eval-make.py');
const COMPOSE = join(ROOT, 'proctor', 'fixtures', 'compose.py');

const USAGE = `Usage: npm run bench -- proctor-eval [--only REGEX] [--set tune|held|fresh|last|check|all] [--config NAME] [--dir DIR]

  --only REGEX   variants whose name matches REGEX (default: every variant)
  --set S        tune (the variants parameters were chosen on), held (held out), fresh (new
                 seeds, people, rooms and distances), last (another room, made after the fresh set
                 had been looked at), check (seeds 7-8, made before the head-turn round
                 and run once after its choice), all (default)
  --config NAME  tuned (shipped, default), previous, no-hold, no-change-scan, scale-1.2, global-eq,
                 width-400, width-640, full-every-5, full-every-15, search-fraction-0.25, search-fraction-0.2,
                 neighbours-4, fixed-change-level, no-small-cascade, no-whole-after-leaving,
                 faces-on-body, same-hold-for-second, round-1 (before those six), no-turn-search; compare = all of them (totals only)
  --dir DIR      where the generated frames are cached (default: a folder in the OS temp dir named
                 after a hash of the generator, made on first use with ${PY}, ~3 min)
  Targets (per variant): accuracy >= 95 %, every absence >= 2 s caught, no false absence,
  every several-faces interval >= 1.5 s caught, <= 100 ms CPU per monitored second at 5 fps.`;

async function candidates(): Promise<Record<string, DetectorParams>> {
  const { TUNED, PREVIOUS } = await import('../proctor/detector.js');
  return {
    tuned: TUNED,
    previous: PREVIOUS,
    'no-hold': { ...TUNED, holdFrames: 0 },
    'no-change-scan': { ...TUNED, scanOnChange: false },
    'scale-1.2': { ...TUNED, scaleFactor: 1.2 },
    'global-eq': { ...TUNED, equalize: true },
    'width-400': { ...TUNED, width: 400 },
    'width-640': { ...TUNED, width: 640 },
    'full-every-5': { ...TUNED, fullScanEvery: 5 },
    'full-every-15': { ...TUNED, fullScanEvery: 15 },
    'search-fraction-0.25': { ...TUNED, searchFraction: 0.25 },
    'search-fraction-0.2': { ...TUNED, searchFraction: 0.2 },
    'neighbours-4': { ...TUNED, minNeighbors: 4 },
    // The changes of the second round, each taken back alone, and all together (the pipeline before them).
    'fixed-change-level': { ...TUNED, adaptiveChange: false },
    'no-small-cascade': { ...TUNED, smallChangeScan: false },
    'no-whole-after-leaving': { ...TUNED, wholeAfterLeaving: false },
    'faces-on-body': { ...TUNED, bodyIsNoFace: false },
    // The head-turn round: the turned search taken back is the pipeline before it.
    'no-turn-search': { ...TUNED, turnSearch: false },
    'same-hold-for-second': {
      ...TUNED,
      secondHoldCorrelation: TUNED.holdCorrelation,
      secondHoldFrames: TUNED.holdFrames,
    },
    'round-1': {
      ...TUNED,
      fullScanEvery: 15,
      adaptiveChange: false,
      smallChangeScan: false,
      wholeAfterLeaving: false,
      bodyIsNoFace: false,
      turnSearch: false,
      secondHoldCorrelation: TUNED.holdCorrelation,
      secondHoldFrames: TUNED.holdFrames,
    },
  };
}

/** Generates the variants once into a folder named after the generator's own hash. */
function ensureFrames(dir: string): string[] {
  const index = join(dir, 'index.json');
  if (!existsSync(index)) {
    process.stderr.write(`proctor-eval: generating the variants into ${dir} (once; about 3 minutes on 2 cores)\n`);
    const r = spawnSync(PY, [MAKER, dir], { stdio: ['ignore', 'inherit', 'inherit'] });
    if (r.status !== 0 || !existsSync(index)) {
      throw new Error(
        `generating the variants failed (${PY} ${MAKER} ${dir}): install python3-opencv, python3-skimage and python-matplotlib-data`,
      );
    }
  }
  return JSON.parse(readFileSync(index, 'utf8')) as string[];
}

export type EvalSet = 'tune' | 'held' | 'fresh' | 'last' | 'check';
const SETS: EvalSet[] = ['tune', 'held', 'fresh', 'last', 'check'];
const SET_LABEL: Record<EvalSet, string> = {
  tune: 'tuning set',
  held: 'held out',
  fresh: 'fresh set',
  last: 'last set',
  check: 'check set',
};

export interface VariantResult {
  variant: string;
  set: EvalSet;
  score: Score;
  cpuMsPerS: number;
  fullScans: number;
  frames: number;
}

/** The real proctor loop on one variant: frames from source.ts, detector.ts, presence.ts. */
async function runVariant(dir: string, params: DetectorParams): Promise<VariantResult & { truth: Truth }> {
  const det = await import('../proctor/detector.js');
  const { frames } = await import('../proctor/source.js');
  const { PresenceMachine } = await import('../proctor/presence.js');
  const truth = JSON.parse(readFileSync(join(dir, 'truth.json'), 'utf8')) as Truth & {
    variant: string;
    heldOut: boolean;
    set?: EvalSet;
    fps: number;
  };
  const d = await det.FaceDetector.create(undefined, params);
  const m = new PresenceMachine();
  const events: Reported[] = [];
  let n = 0;
  // CPU of the whole loop (JPEG decode as a camera's MJPEG frame, detection, presence), all threads.
  const cpu0 = process.cpuUsage();
  for await (const it of frames<Mat>({ kind: 'images', dir }, { io: det.cvFrameIO, fps: truth.fps })) {
    if (!('frame' in it)) continue;
    n++;
    for (const e of m.observe({ at: it.at, faces: d.detect(it.frame).length }))
      events.push({ at: e.at, state: e.state, emittedAt: it.at });
  }
  const cpu = process.cpuUsage(cpu0);
  const monitoredS = (n * 1000) / truth.fps / 1000;
  return {
    variant: truth.variant,
    set: truth.set ?? (truth.heldOut ? 'held' : 'tune'),
    truth,
    score: score(truth, events),
    cpuMsPerS: (cpu.user + cpu.system) / 1000 / monitoredS,
    fullScans: d.fullScans,
    frames: n,
  };
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

function row(r: VariantResult): string {
  const s = r.score;
  const lags = s.lagsMs.map((x) => (x === null ? 'miss' : (x / 1000).toFixed(1))).join(' ');
  const miss = [
    s.accuracy < 0.95 ? 'accuracy' : '',
    s.absencesMissed ? 'absence missed' : '',
    s.falseAbsences ? 'false absence' : '',
    s.severalMissedLong ? 'several missed' : '',
    r.cpuMsPerS > 100 ? 'cpu' : '',
  ].filter(Boolean);
  return (
    `${r.variant.padEnd(30)} ${pct(s.accuracy).padStart(6)}  ${`${s.absencesCaught}/${s.absencesCaught + s.absencesMissed}`.padStart(5)}  ${String(s.falseAbsences).padStart(4)}` +
    `  ${`${s.severalCaught}/${s.severalCaught + s.severalMissed}`.padStart(5)}  ${String(s.falseMultiples).padStart(4)}  ${r.cpuMsPerS.toFixed(0).padStart(5)}  ${String(r.fullScans).padStart(4)}/${r.frames}` +
    `  ${miss.length ? `MISSED: ${miss.join(', ')}` : 'ok'}  lags s: ${lags}`
  );
}

function summary(label: string, rs: VariantResult[]) {
  const t = total(rs.map((r) => r.score));
  const cpu = rs.map((r) => r.cpuMsPerS);
  const out = {
    ...t,
    cpuMsPerSMean: cpu.length ? Math.round(cpu.reduce((a, b) => a + b, 0) / cpu.length) : null,
    cpuMsPerSMax: cpu.length ? Math.round(Math.max(...cpu)) : null,
    variantsMeetingAllTargets: rs.filter(
      (r) =>
        r.score.accuracy >= 0.95 &&
        !r.score.absencesMissed &&
        !r.score.falseAbsences &&
        !r.score.severalMissedLong &&
        r.cpuMsPerS <= 100,
    ).length,
  };
  console.log(
    `${label.padEnd(30)} mean ${pct(out.accuracyMean)}, worst ${pct(out.accuracyWorst)}; absences ${out.absencesCaught}/${out.absencesCaught + out.absencesMissed}, ` +
      `false absences ${out.falseAbsences}; several faces ${out.severalCaught}/${out.severalCaught + out.severalMissed}, false multiples ${out.falseMultiples}; ` +
      `lag mean ${out.lagMeanMs} ms, max ${out.lagMaxMs} ms; CPU ${out.cpuMsPerSMean} ms/s mean, ${out.cpuMsPerSMax} max; ${out.variantsMeetingAllTargets}/${rs.length} variants meet every target`,
  );
  return out;
}

export async function main(argv: string[]): Promise<number> {
  const hash = createHash('sha256')
    .update(readFileSync(MAKER))
    .update(readFileSync(COMPOSE))
    .digest('hex')
    .slice(0, 12);
  const flags = parseFlags(
    argv,
    { only: '', set: 'all', config: 'tuned', dir: join(tmpdir(), `pandaproctor-proctor-eval-${hash}`) },
    USAGE,
  );
  const det = await import('../proctor/detector.js');
  const avail = await det.openCVAvailable();
  if (!avail.ok) {
    process.stderr.write(`bench proctor-eval: ${avail.reason}\n`);
    return 3;
  }
  const configs = await candidates();
  const names = flags.config === 'compare' ? Object.keys(configs) : [flags.config];
  for (const c of names)
    if (!configs[c]) throw new Error(`unknown --config '${c}': one of ${Object.keys(configs).join(', ')}, compare`);
  if (flags.set !== 'all' && !SETS.includes(flags.set as EvalSet))
    throw new Error(`unknown --set '${flags.set}': one of ${SETS.join(', ')}, all`);
  const variants = ensureFrames(flags.dir).filter(
    (v) => new RegExp(flags.only).test(v) && (flags.set === 'all' || v.startsWith(flags.set)),
  );
  console.log(
    `load average ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')} before the run; ${variants.length} variants, 5 fps, frames in ${flags.dir}`,
  );
  const report: Record<string, unknown> = {};
  for (const name of names) {
    const params = configs[name];
    const results: VariantResult[] = [];
    if (names.length === 1) {
      console.log(`config ${name}: ${JSON.stringify(params)}`);
      console.log(
        'variant                        accur.  abs.  fAbs  sev.  fMul  cpu/s  full scans  targets        lags (truth change -> published)',
      );
    }
    for (const v of variants) {
      const r = await runVariant(join(flags.dir, v), params);
      results.push(r);
      if (names.length === 1) console.log(row(r));
    }
    const sets: Record<string, unknown> = {};
    for (const set of SETS) {
      const rs = results.filter((r) => r.set === set);
      sets[set === 'held' ? 'heldOut' : set] = rs.length ? summary(`${name}: ${SET_LABEL[set]}`, rs) : null;
    }
    report[name] = {
      ...sets,
      ...(names.length === 1
        ? {
            variants: results.map((r) => ({
              variant: r.variant,
              set: r.set,
              cpuMsPerS: Math.round(r.cpuMsPerS),
              ...r.score,
            })),
          }
        : {}),
    };
  }
  console.log(
    JSON.stringify(names.length === 1 ? { config: names[0], ...(report[names[0]] as object) } : { compare: report }),
  );
  return 0;
}
