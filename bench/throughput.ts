// `npm run bench -- throughput`: 16 clients answering back to back (target: >= 5,000 durably
// acknowledged answers/s). Each client loops start -> answer every question -> finish.
import path from 'node:path';
import { parseFlags } from './args.js';
import { probeDisk, type DiskProbe } from './disk-probe.js';
import { VARIANTS, VARIANT_FLAGS, parseVariants, startVariantServer, type VariantName } from './load.js';
import { copyTemplate, prepareTemplate, scratchRoot } from './setup.js';
import { ErrorTally, Samples, round, sleep, table } from './stats.js';
import { login, open, randomChoice, studentName } from './student.js';
import type { Attempt } from '../protocol/messages.js';

const USAGE = `Usage: npm run bench -- throughput [options]
  --clients N      concurrent clients (default 16)
  --seconds S      measured seconds per variant (default 10, after 1 s of warm-up)
  --pipeline N     answers in flight per client (default 1 = strictly back to back)
  --variants LIST  shipped, fsync-off, sealing-off (default all three)
  --course NAME    (default DSA)
  --cpu-prof DIR   write a V8 CPU profile of each server child into DIR
  --server-env LIST extra environment for the server child, e.g. UV_THREADPOOL_SIZE=16
  --keep           keep the scratch data directories`;

const TARGET_PER_SEC = 5000;
const WARMUP_MS = 1000;

interface ThroughputResult {
  variant: string;
  clients: number;
  pipeline: number;
  answers: number;
  answersPerSec: number;
  p50AnswerMs: number;
  p99AnswerMs: number;
  attempts: number;
  errors: number;
  errorKinds: Record<string, number>;
  rssMb: number;
  cpuPercent: number;
  /** write+fdatasync cycles/s of the disk, probed just before this variant. */
  disk: DiskProbe;
}

export async function main(argv: string[]): Promise<number> {
  const f = parseFlags(
    argv,
    {
      clients: 16,
      seconds: 10,
      pipeline: 1,
      ...VARIANT_FLAGS,
    },
    USAGE,
  );
  const names = parseVariants(f.variants);
  const scratch = scratchRoot('throughput');
  try {
    // Every question of the course per attempt, unlimited attempts, not proctored: pure answering.
    const template = await prepareTemplate(
      scratch.root,
      f.clients,
      { course: f.course, count: 200, minutes: 600, proctored: false, attempts: 0 },
      't',
    );
    const results: ThroughputResult[] = [];
    for (const name of names) {
      process.stderr.write(`throughput: ${f.clients} clients, pipeline ${f.pipeline}, ${VARIANTS[name].label} ...\n`);
      results.push(await runThroughput(template, path.join(scratch.root, name), name, f));
      await sleep(300);
    }
    const rows: [string, (r: ThroughputResult) => string | number][] = [
      ['acked answers/s', (r) => r.answersPerSec],
      ['answers in window', (r) => r.answers],
      ['answer p50 / p99 ms', (r) => `${r.p50AnswerMs} / ${r.p99AnswerMs}`],
      ['attempts started', (r) => r.attempts],
      ['errors', (r) => r.errors],
      ['server peak RSS MB', (r) => r.rssMb],
      ['server CPU %', (r) => r.cpuPercent],
      ['disk alone: fdatasync/s (p50 / p99 ms)', (r) => `${r.disk.commitsPerSec} (${r.disk.p50Ms} / ${r.disk.p99Ms})`],
      ['acked answers per disk commit time', (r) => round(r.answersPerSec / r.disk.commitsPerSec, 1)],
      [`vs target ${TARGET_PER_SEC}/s`, (r) => `${round(r.answersPerSec / TARGET_PER_SEC, 2)}x`],
    ];
    console.log(
      table(
        ['', ...results.map((r) => VARIANTS[r.variant as VariantName].label)],
        rows.map(([l, g]) => [l, ...results.map(g)]),
      ),
    );
    const main = results[0];
    console.log(JSON.stringify({ bench: 'throughput', target: TARGET_PER_SEC, ...main, variants: results }));
    return main.errors === 0 ? 0 : 1;
  } finally {
    if (!f.keep) scratch.cleanup();
  }
}

async function runThroughput(
  template: string,
  dataDir: string,
  variant: VariantName,
  f: { clients: number; seconds: number; pipeline: number; course: string; cpuProf: string; serverEnv: string },
): Promise<ThroughputResult> {
  copyTemplate(template, dataDir);
  const disk = await probeDisk(dataDir);
  // Back-to-back clients are far over one student's budgets: lift them here (server-child.ts).
  const serverEnv = ['BENCH_LIFT_STUDENT_LIMITS=1', f.serverEnv].filter(Boolean).join(',');
  const { srv, target } = await startVariantServer(dataDir, variant, { ...f, serverEnv });
  const channels = await Promise.all(
    Array.from({ length: f.clients }, async (_, i) => {
      const ch = await open(target);
      await login(ch, studentName(i, 't'));
      return ch;
    }),
  );
  const errors = new ErrorTally();
  const latency = new Samples();
  let answers = 0;
  let attempts = 0;
  const start = Date.now();
  const windowStart = start + WARMUP_MS;
  const end = windowStart + f.seconds * 1000;
  let cpuAtWindow = 0;
  const cpuTimer = setTimeout(() => (cpuAtWindow = srv.usage().cpuSec), WARMUP_MS);
  await Promise.all(
    channels.map(async (ch) => {
      while (Date.now() < end) {
        let attempt: Attempt;
        try {
          attempt = await ch.request<Attempt>('exam.start', { course: f.course });
          attempts++;
        } catch (e) {
          errors.add(e);
          return;
        }
        const todo = attempt.questions.filter((q) => !attempt.answered.some((a) => a.questionId === q.id));
        const lane = async () => {
          while (todo.length > 0 && Date.now() < end) {
            const q = todo.shift()!;
            const t = performance.now();
            try {
              await ch.request('exam.answer', {
                attemptId: attempt.attemptId,
                questionId: q.id,
                choice: randomChoice(q.options.length),
              });
            } catch (e) {
              errors.add(e);
              continue;
            }
            const now = Date.now();
            if (now >= windowStart && now < end) {
              answers++;
              latency.add(performance.now() - t);
            }
          }
        };
        await Promise.all(Array.from({ length: Math.max(1, f.pipeline) }, lane));
        if (todo.length === 0)
          await ch.request('exam.finish', { attemptId: attempt.attemptId }).catch((e: unknown) => errors.add(e));
      }
    }),
  );
  clearTimeout(cpuTimer);
  const used = srv.usage();
  await Promise.all(channels.map((ch) => ch.close('bench done').catch(() => {})));
  await srv.stop();
  return {
    variant,
    clients: f.clients,
    pipeline: f.pipeline,
    answers,
    answersPerSec: round(answers / f.seconds),
    p50AnswerMs: round(latency.percentile(50), 2),
    p99AnswerMs: round(latency.percentile(99), 2),
    attempts,
    errors: errors.total,
    errorKinds: errors.toJSON(),
    rssMb: round(used.peakRssMb),
    cpuPercent: round((100 * (used.cpuSec - cpuAtWindow)) / f.seconds),
    disk,
  };
}
