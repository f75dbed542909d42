// `npm run bench -- load`: N students over real encrypted TCP, the server in a child
// process, run three times: as shipped, fsync off, sealing off — the cost of each side by side.
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseFlags } from './args.js';
import { parseEnvList, spawnServer, type ServerProc } from './server-proc.js';
import { copyTemplate, prepareTemplate, scratchRoot } from './setup.js';
import { Samples, round, sleep, table } from './stats.js';
import { Metrics, simulateStudent, studentName, type Target } from './student.js';

const USAGE = `Usage: npm run bench -- load [options]
  --students N        simulated students (default 1000)
  --ramp-sec S        arrivals spread over S seconds (default 40)
  --questions N       questions per exam (default 10)
  --think-min-ms MS   think time per question, uniform in [min, max] (default 3000)
  --think-max-ms MS   (default 5000)
  --presence-ms MS    presence.report interval (default 5000, PROTOCOL.md 6)
  --variants LIST     comma list of: shipped, fsync-off, sealing-off (default all three)
  --course NAME       course to examine (default DSA)
  --cpu-prof DIR      write a V8 CPU profile of each server child into DIR
  --server-env LIST   extra environment for the server child only (experiments),
                      e.g. UV_THREADPOOL_SIZE=16,MALLOC_ARENA_MAX=2
  --keep              keep the scratch data directories`;

export const VARIANTS = {
  shipped: { fsync: true, seal: true, label: 'fsync + sealed' },
  'fsync-off': { fsync: false, seal: true, label: 'fsync off' },
  'sealing-off': { fsync: true, seal: false, label: 'sealing off' },
} as const;
export type VariantName = keyof typeof VARIANTS;

/** The flags of every bench that runs the VARIANTS side by side, with their defaults. */
export const VARIANT_FLAGS = {
  variants: Object.keys(VARIANTS).join(','),
  course: 'DSA',
  cpuProf: '',
  serverEnv: '',
  keep: false,
};

/** The --variants list (comma-separated), each one checked against VARIANTS. */
export function parseVariants(list: string): VariantName[] {
  const names = list.split(',').map((s) => s.trim());
  for (const n of names)
    if (!(n in VARIANTS)) throw new Error(`unknown variant '${n}'; use ${Object.keys(VARIANTS).join(', ')}`);
  return names as VariantName[];
}

/** The server child for one variant (fsync / sealing), with the --cpu-prof and --server-env flags. */
export async function startVariantServer(
  dataDir: string,
  variant: VariantName,
  f: { cpuProf: string; serverEnv: string },
): Promise<{ srv: ServerProc; target: Target }> {
  const v = VARIANTS[variant];
  const srv = await spawnServer({
    dataDir,
    fsync: v.fsync,
    seal: v.seal,
    nodeFlags: f.cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(f.cpuProf)}`] : [],
    env: parseEnvList(f.serverEnv),
  });
  return { srv, target: { port: srv.port, serverKey: srv.publicKey, seal: v.seal } };
}

export interface LoadResult {
  variant: string;
  students: number;
  connections: number;
  errors: number;
  errorKinds: Record<string, number>;
  answers: number;
  answersPerSec: number;
  p50AnswerMs: number;
  p99AnswerMs: number;
  maxAnswerMs: number;
  p50LoginMs: number;
  p99LoginMs: number;
  p99ConnectMs: number;
  p99StartMs: number;
  p99PresenceMs: number;
  p99FinishMs: number;
  rssMb: number;
  cpuPercent: number;
  generatorCpuPercent: number;
  generatorLoopDelayP99Ms: number;
  /** Answers while students were still logging in (scrypt competing for the 2 cores) vs after. */
  p99AnswerMsWhileLoggingIn: number;
  p99AnswerMsAfterLogins: number;
  /** 1-minute load average when the run started: other work on the machine skews every figure. */
  loadAvgAtStart: number;
  durationSec: number;
}

export async function main(argv: string[]): Promise<number> {
  const f = parseFlags(
    argv,
    {
      students: 1000,
      rampSec: 40,
      questions: 10,
      thinkMinMs: 3000,
      thinkMaxMs: 5000,
      presenceMs: 5000,
      ...VARIANT_FLAGS,
    },
    USAGE,
  );
  const names = parseVariants(f.variants);
  const scratch = scratchRoot('load');
  try {
    const template = await prepareTemplate(scratch.root, f.students, {
      course: f.course,
      count: f.questions,
      minutes: 120,
      proctored: true,
      attempts: 0,
    });
    const results: LoadResult[] = [];
    for (const name of names) {
      process.stderr.write(`load: ${f.students} students, ${VARIANTS[name].label} ...\n`);
      results.push(await runLoad(template, path.join(scratch.root, name), name, f));
      await sleep(500);
    }
    printLoad(results);
    const main = results[0];
    console.log(JSON.stringify({ bench: 'load', ...main, variants: results }));
    return main.errors === 0 ? 0 : 1;
  } finally {
    if (!f.keep) scratch.cleanup();
  }
}

export function printLoad(results: LoadResult[]): void {
  const rows: [string, (r: LoadResult) => string | number][] = [
    ['students / peak connections', (r) => `${r.students} / ${r.connections}`],
    ['errors', (r) => r.errors],
    ['answers (per s)', (r) => `${r.answers} (${r.answersPerSec})`],
    ['answer p50 / p99 / max ms', (r) => `${r.p50AnswerMs} / ${r.p99AnswerMs} / ${r.maxAnswerMs}`],
    ['login p50 / p99 ms', (r) => `${r.p50LoginMs} / ${r.p99LoginMs}`],
    ['connect p99 ms', (r) => r.p99ConnectMs],
    ['start / presence / finish p99 ms', (r) => `${r.p99StartMs} / ${r.p99PresenceMs} / ${r.p99FinishMs}`],
    ['server peak RSS MB', (r) => r.rssMb],
    ['server CPU % (of one core)', (r) => r.cpuPercent],
    ['answer p99 ms while logins / after', (r) => `${r.p99AnswerMsWhileLoggingIn} / ${r.p99AnswerMsAfterLogins}`],
    ['generator CPU % / loop delay p99 ms', (r) => `${r.generatorCpuPercent} / ${r.generatorLoopDelayP99Ms}`],
    ['machine load average at start', (r) => r.loadAvgAtStart],
    ['duration s', (r) => r.durationSec],
  ];
  console.log(
    table(
      ['', ...results.map((r) => VARIANTS[r.variant as VariantName]?.label ?? r.variant)],
      rows.map(([label, get]) => [label, ...results.map(get)]),
    ),
  );
}

type LoadFlags = {
  students: number;
  rampSec: number;
  thinkMinMs: number;
  thinkMaxMs: number;
  presenceMs: number;
  course: string;
  cpuProf: string;
  serverEnv: string;
};

export async function runLoad(
  template: string,
  dataDir: string,
  variant: VariantName,
  f: LoadFlags,
): Promise<LoadResult> {
  copyTemplate(template, dataDir);
  const { srv, target } = await startVariantServer(dataDir, variant, f);
  const m = new Metrics();
  m.keepAnswerLog = true;
  const loadAvgAtStart = os.loadavg()[0];
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const cpu0 = srv.usage().cpuSec;
  const gen0 = process.cpuUsage();
  const t0 = Date.now();
  const plan = { course: f.course, thinkMinMs: f.thinkMinMs, thinkMaxMs: f.thinkMaxMs, presenceEveryMs: f.presenceMs };
  const runs: Promise<void>[] = [];
  for (let i = 0; i < f.students; i++) {
    // Arrivals spread evenly over the ramp, as students walk into the lab.
    const due = t0 + (i * f.rampSec * 1000) / f.students;
    const wait = due - Date.now();
    if (wait > 0) await sleep(wait);
    runs.push(simulateStudent(target, studentName(i), plan, m));
  }
  await Promise.all(runs);
  const wallSec = (Date.now() - t0) / 1000;
  const loginsDone = m.lastLoginAt;
  const phase = (inPhase: (at: number) => boolean) => {
    const ps = new Samples();
    for (const a of m.answerLog) if (inPhase(a.at)) ps.add(a.ms);
    return round(ps.percentile(99));
  };
  const used = srv.usage();
  const gen = process.cpuUsage(gen0);
  loop.disable();
  await srv.stop();
  return {
    variant,
    students: f.students,
    connections: m.peakOpen,
    errors: m.errors.total,
    errorKinds: m.errors.toJSON(),
    answers: m.answers,
    answersPerSec: round(m.answersPerSec()),
    p50AnswerMs: round(m.answerMs.percentile(50)),
    p99AnswerMs: round(m.answerMs.percentile(99)),
    maxAnswerMs: round(m.answerMs.max()),
    p50LoginMs: round(m.loginMs.percentile(50)),
    p99LoginMs: round(m.loginMs.percentile(99)),
    p99ConnectMs: round(m.connectMs.percentile(99)),
    p99StartMs: round(m.startMs.percentile(99)),
    p99PresenceMs: round(m.presenceMs.percentile(99)),
    p99FinishMs: round(m.finishMs.percentile(99)),
    rssMb: round(used.peakRssMb),
    cpuPercent: round((100 * (used.cpuSec - cpu0)) / wallSec),
    generatorCpuPercent: round((100 * (gen.user + gen.system)) / 1e6 / wallSec),
    generatorLoopDelayP99Ms: round(loop.percentile(99) / 1e6),
    p99AnswerMsWhileLoggingIn: phase((at) => at <= loginsDone),
    p99AnswerMsAfterLogins: phase((at) => at > loginsDone),
    loadAvgAtStart: round(loadAvgAtStart, 2),
    durationSec: round(wallSec),
  };
}
