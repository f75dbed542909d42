// bench/detect: frames/s of our face detector (Node + @u4/opencv4nodejs) against Python cv2
// (Debian python3-opencv) on the same frames with the same parameters, both measured in this run;
// frames/s of the tuned pipeline (with face tracking); CPU time per monitored second at 5 fps.
// `--sweep` prints the parameter table the tuned values were chosen from (docs/proctor.md).
//   node --import tsx bench/detect.ts [--repeat N] [--rounds N] [--one-thread] [--sweep]
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import type { DetectorParams, Mat } from '../proctor/detector.js';
import { parseFlags, runIfScript } from './args.js';

const PY = '/usr/bin/python3';
const USAGE = 'Usage: node --import tsx bench/detect.ts [--repeat N] [--rounds N] [--one-thread] [--sweep]';

interface Sample {
  name: string;
  mat: Mat;
  faces: number;
  /** a still photo (file) or a video frame (path + ms) */
  file?: string;
  videoMs?: number;
}

const PY_SCRIPT = String.raw`
import cv2, json, sys, time
job = json.load(sys.stdin)
cascade = cv2.CascadeClassifier(job['cascade'])
frames = [cv2.imread(f) for f in job['files']]
want = set(job['videoMs'])
cap = cv2.VideoCapture(job['video'])
while True:
    ok, f = cap.read()
    if not ok: break
    if round(cap.get(cv2.CAP_PROP_POS_MSEC)) in want: frames.append(f)
def detect(img, p):
    g = cv2.cvtColor(img, cv2.COLOR_BGR2GRAY)
    if p['width'] and g.shape[1] > p['width']:
        g = cv2.resize(g, (p['width'], round(g.shape[0] * p['width'] / g.shape[1])), interpolation=cv2.INTER_AREA)
    if p['equalize']: g = cv2.equalizeHist(g)
    return cascade.detectMultiScale(g, p['scaleFactor'], p['minNeighbors'], minSize=(p['minSize'], p['minSize']))
out = []
for p in job['params']:
    t = time.perf_counter()
    counts = [len(detect(f, p)) for f in frames]  # the first pass also gives the counts to compare
    for _ in range(job['repeat'] - 1):
        for f in frames: detect(f, p)
    dt = time.perf_counter() - t
    out.append({'fps': job['repeat'] * len(frames) / dt, 'counts': counts})
print(json.dumps({'frames': len(frames), 'threads': cv2.getNumThreads(), 'version': cv2.__version__, 'results': out}))
`;

async function loadSamples(root: string): Promise<{ samples: Sample[]; video: string; sequence: Sample[] }> {
  const det = await import('../proctor/detector.js');
  const { frames } = await import('../proctor/source.js');
  const fix = join(root, 'proctor', 'fixtures');
  const labels = JSON.parse(readFileSync(join(fix, 'images', 'labels.json'), 'utf8')) as Record<string, number>;
  const truth = JSON.parse(readFileSync(join(fix, 'presence-test.json'), 'utf8')) as {
    segments: { startMs: number; endMs: number; truth: string }[];
  };
  const samples: Sample[] = [];
  for (const [name, faces] of Object.entries(labels)) {
    const file = join(fix, 'images', name);
    samples.push({ name, mat: (await det.readImage(file))!, faces, file });
  }
  const video = join(fix, 'presence-test.avi');
  const sequence: Sample[] = [];
  for await (const it of frames<Mat>({ kind: 'video', path: video }, { io: det.cvFrameIO, fps: 5 })) {
    if (!('frame' in it)) continue;
    const seg = truth.segments.find((s) => s.startMs <= it.at && it.at < s.endMs)!;
    const faces = seg.truth === 'present' ? 1 : seg.truth === 'multiple' ? 2 : 0;
    const sample = { name: `video@${it.at}`, mat: it.frame, faces, videoMs: it.at };
    if (sequence.length % 4 === 0) samples.push(sample); // every 4th for the node/python comparison
    sequence.push(sample);
  }
  return { samples, video, sequence };
}

function python(root: string, samples: Sample[], video: string, params: DetectorParams[], repeat: number) {
  const job = {
    cascade: join(root, 'cascades', 'haarcascade_frontalface_default.xml'),
    files: samples.filter((s) => s.file).map((s) => s.file),
    video,
    videoMs: samples.filter((s) => s.videoMs !== undefined).map((s) => s.videoMs),
    params,
    repeat,
  };
  const r = spawnSync(PY, ['-c', PY_SCRIPT], { input: JSON.stringify(job), encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0)
    return { error: `python cv2 baseline failed: ${(r.stderr || r.error?.message || '').trim().split('\n').pop()}` };
  return JSON.parse(r.stdout) as {
    frames: number;
    threads: number;
    version: string;
    results: { fps: number; counts: number[] }[];
  };
}

async function nodeFps(samples: Sample[], p: DetectorParams, repeat: number) {
  const { FaceDetector } = await import('../proctor/detector.js');
  const det = await FaceDetector.create(undefined, p);
  const t = performance.now();
  const counts = samples.map((s) => det.detect(s.mat).length); // the first pass also gives the counts
  for (let r = 1; r < repeat; r++) for (const s of samples) det.detect(s.mat);
  return { fps: (repeat * samples.length * 1000) / (performance.now() - t), counts };
}

const errors = (samples: Sample[], counts: number[]) => ({
  img: samples.flatMap((s, i) => (s.file !== undefined && counts[i] !== s.faces ? [`${s.name}:${counts[i]}`] : [])),
  vid: samples.filter((s, i) => s.file === undefined && counts[i] !== s.faces).length,
});

async function decodeCpu(video: string): Promise<number> {
  const det = await import('../proctor/detector.js');
  const { frames } = await import('../proctor/source.js');
  const cpu0 = process.cpuUsage();
  let last = 0;
  for await (const it of frames<Mat>({ kind: 'video', path: video }, { io: det.cvFrameIO, fps: 5 })) last = it.at;
  const cpu = process.cpuUsage(cpu0);
  return (cpu.user + cpu.system) / 1000 / ((last + 200) / 1000);
}

/** CPU ms per monitored second: the whole proctor loop (decode, detect with tracking, presence) over the test video at 5 fps. */
async function cpuPerMonitoredSecond(video: string, threads: number) {
  const det = await import('../proctor/detector.js');
  const { frames } = await import('../proctor/source.js');
  const { PresenceMachine } = await import('../proctor/presence.js');
  const d = await det.FaceDetector.create(undefined, { ...det.TUNED, threads });
  const m = new PresenceMachine();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let last = 0;
  let n = 0;
  for await (const it of frames<Mat>({ kind: 'video', path: video }, { io: det.cvFrameIO, fps: 5 })) {
    if (!('frame' in it)) continue;
    m.observe({ at: it.at, faces: d.detect(it.frame).length });
    last = it.at;
    n++;
  }
  const cpu = process.cpuUsage(cpu0);
  const monitoredS = (last + 200) / 1000;
  return {
    cpuMsPerS: (cpu.user + cpu.system) / 1000 / monitoredS,
    wallMs: performance.now() - t0,
    frames: n,
    monitoredS,
    roi: d.roiFrames,
  };
}

export async function main(argv: string[]): Promise<number> {
  const {
    repeat,
    rounds,
    oneThread,
    sweep: sweepOnly,
  } = parseFlags(argv, { repeat: 1, rounds: 2, oneThread: false, sweep: false }, USAGE);
  const root = join(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..');
  const det = await import('../proctor/detector.js');
  const avail = await det.openCVAvailable();
  if (!avail.ok) {
    process.stderr.write(`bench detect: ${avail.reason}\n`);
    return 3;
  }
  const { samples, video, sequence } = await loadSamples(root);
  if (sweepOnly) return sweep(samples);
  const nImg = samples.filter((s) => s.file).length;
  // Figures are only comparable within one run: both sides share this machine's load.
  console.log(
    `load average ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')} on this machine before the run`,
  );
  console.log(
    `bench detect: ${samples.length} frames (${nImg} fixture photos + ${samples.length - nImg} test-video frames), ${repeat} passes per round`,
  );
  const configs: [string, DetectorParams][] = [
    ['plain full frame (1.1, 4)', det.PLAIN],
    ['tuned, no tracking', { ...det.TUNED, track: false }],
  ];
  // Alternate node and python rounds and keep each side's best: on a shared machine the best
  // round is the one least disturbed by other work, and both sides get the same chances.
  const nodeRes: { fps: number; counts: number[] }[] = configs.map(() => ({ fps: 0, counts: [] }));
  let py: ReturnType<typeof python> | undefined;
  let tracked = 0;
  let untracked = 0;
  for (let round = 0; round < rounds; round++) {
    for (const [i, [, p]] of configs.entries()) {
      const r = await nodeFps(samples, p, repeat);
      if (r.fps > nodeRes[i].fps) nodeRes[i] = r;
    }
    const r = python(
      root,
      samples,
      video,
      configs.map(([, p]) => p),
      repeat,
    );
    if (!py || 'error' in r || 'error' in py) py = py && !('error' in py) ? py : r;
    else py.results.forEach((x, i) => (x.fps = Math.max(x.fps, r.results[i].fps)));
  }
  // Tracking needs consecutive frames: every analysed frame of the test video, in order.
  tracked = (await nodeFps(sequence, det.TUNED, 1)).fps;
  untracked = (await nodeFps(sequence, { ...det.TUNED, track: false }, 1)).fps;
  if (!py) throw new Error('no rounds');
  console.log(
    `python cv2: ${'error' in py ? py.error : `OpenCV ${py.version}, ${py.threads} threads`}; best of ${rounds} alternating rounds`,
  );
  console.log('config                         node fps  python fps  node/python  wrong (node: photos, video frames)');
  configs.forEach(([label], i) => {
    const n = nodeRes[i];
    const pf = 'error' in py! ? NaN : py!.results[i].fps;
    const same =
      'error' in py!
        ? ''
        : py!.results[i].counts.every((c, j) => c === n.counts[j])
          ? ''
          : '  (counts differ from python!)';
    const e = errors(samples, n.counts);
    console.log(
      `${label.padEnd(30)} ${n.fps.toFixed(1).padStart(8)}  ${pf.toFixed(1).padStart(10)}  ${(n.fps / pf).toFixed(2).padStart(11)}  ${e.img.length}/${nImg}, ${e.vid}/${samples.length - nImg} ${e.img.join(' ')}${same}`,
    );
  });
  console.log(
    `tuned pipeline, all ${sequence.length} analysed test-video frames in order (node): ${tracked.toFixed(1)} fps with tracking, ` +
      `${untracked.toFixed(1)} fps without (x${(tracked / untracked).toFixed(2)})`,
  );
  const dec = await decodeCpu(video);
  console.log(
    `decoding the test video alone (every 10 fps frame, as the proctor reads it): ${dec.toFixed(1)} ms CPU per monitored second`,
  );
  const cvm = await det.loadOpenCV();
  const defaultThreads = cvm.getNumThreads();
  // --one-thread also measures OpenCV limited to one thread (same CPU per second in our runs).
  for (const threads of oneThread ? [defaultThreads, 1] : [defaultThreads]) {
    const c = await cpuPerMonitoredSecond(video, threads);
    console.log(
      `whole proctor loop, ${threads} OpenCV thread(s), 5 fps over the ${c.monitoredS.toFixed(1)} s test video (decode + detect + presence): ` +
        `${c.cpuMsPerS.toFixed(1)} ms CPU per monitored second (${((c.cpuMsPerS / 1000) * 100).toFixed(1)}% of one core); ` +
        `${c.frames} frames in ${c.wallMs.toFixed(0)} ms, ${c.roi} searched only around the tracked face`,
    );
  }
  return 0;
}

async function sweep(samples: Sample[]): Promise<number> {
  const det = await import('../proctor/detector.js');
  const nImg = samples.filter((s) => s.file).length;
  console.log('width  scale  neigh  minSize  wrong photos  wrong video  node fps   (photos wrong)');
  for (const width of [640, 480, 400, 320]) {
    for (const scaleFactor of [1.1, 1.2, 1.3]) {
      for (const minNeighbors of [4, 5, 6]) {
        for (const minSize of width === det.TUNED.width && scaleFactor === det.TUNED.scaleFactor ? [0, 30, 40] : [0]) {
          const p: DetectorParams = { ...det.TUNED, width, scaleFactor, minNeighbors, minSize, track: false };
          const r = await nodeFps(samples, p, 1);
          const e = errors(samples, r.counts);
          console.log(
            `${String(width).padStart(5)}  ${scaleFactor.toFixed(2)}  ${String(minNeighbors).padStart(5)}  ${String(minSize).padStart(7)}  ` +
              `${String(e.img.length).padStart(5)}/${nImg}  ${String(e.vid).padStart(7)}/${samples.length - nImg}  ${r.fps.toFixed(1).padStart(8)}   ${e.img.join(' ')}`,
          );
        }
      }
    }
  }
  return 0;
}

runIfScript(import.meta.url, 'bench/detect', main);
