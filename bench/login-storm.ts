// `npm run bench -- storm`: 500 students log in at once while others are in the exam; the answers
// of those already in the exam must keep p99 under 100 ms. scrypt runs off the event loop
// with bounded concurrency (server/limits.ts hashConcurrency), which is what this measures.
import path from 'node:path';
import { parseFlags } from './args.js';
import { startLoadChild } from './load-child.js';
import { spawnServer } from './server-proc.js';
import { copyTemplate, prepareTemplate, scratchRoot } from './setup.js';
import { Samples, round, sleep, table } from './stats.js';
import { Metrics, stayingStudent, studentName, type Target } from './student.js';
import { capacityLadder, type CapacityResult, type HashMode } from './login-capacity.js';
import fs from 'node:fs';

const USAGE = `Usage: npm run bench -- storm [options]
  --storm N         students logging in at once (default 500)
  --students N      students already in the exam (default 100)
  --think-min-ms MS (default 500)
  --think-max-ms MS (default 1500)
  --baseline-sec S  in-exam answering measured before the storm (default 8)
  --after-sec S     and after it (default 5)
  --course NAME     (default DSA)
  --capacity-modes L  hashing modes measured side by side (default argon2id,scrypt,scrypt-owasp; '' skips)
  --capacity-rates L  login rates per minute of the ladder (default 60,120,240,480,960,1920)
  --step-sec S        seconds per ladder step (default 8)
  --capacity-students N  students in the exam during the ladder (default 100)
  --cpu-prof DIR     write a V8 CPU profile of the server child into DIR
  --keep            keep the scratch data directory`;

interface StormResult {
  ms: number;
  p99ConnectMs: number;
  p50LoginMs: number;
  p99LoginMs: number;
  maxLoginMs: number;
  errors: number;
  errorKinds: Record<string, number>;
}

/** Starts bench/storm-child.ts and waits until it is loaded; `go()` fires the storm. */
async function stormProcess(target: Target, from: number, count: number): Promise<{ go(): Promise<StormResult> }> {
  const { child, next } = await startLoadChild(
    'storm-child.ts',
    [
      '--port',
      String(target.port),
      '--key',
      Buffer.from(target.serverKey).toString('hex'),
      '--from',
      String(from),
      '--count',
      String(count),
      ...(target.seal ? [] : ['--no-seal']),
    ],
    'storm child',
  );
  return {
    async go() {
      child.stdin!.write('go\n');
      const res = (await next()) as unknown as StormResult;
      child.stdin!.end();
      return res;
    },
  };
}

export async function main(argv: string[]): Promise<number> {
  const f = parseFlags(
    argv,
    {
      storm: 500,
      students: 100,
      thinkMinMs: 500,
      thinkMaxMs: 1500,
      baselineSec: 8,
      afterSec: 5,
      course: 'DSA',
      cpuProf: '',
      keep: false,
      capacityModes: 'argon2id,scrypt,scrypt-owasp',
      capacityRates: '60,120,240,480,960,1920',
      stepSec: 8,
      capacityStudents: 100,
    },
    USAGE,
  );
  const scratch = scratchRoot('storm');
  try {
    const template = await prepareTemplate(
      scratch.root,
      f.students + f.storm,
      { course: f.course, count: 10, minutes: 120, proctored: true, attempts: 0 },
      'e',
    );
    const dataDir = copyTemplate(template, path.join(scratch.root, 'run'));
    const srv = await spawnServer({
      dataDir,
      fsync: true,
      nodeFlags: f.cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(f.cpuProf)}`] : [],
    });
    const target: Target = { port: srv.port, serverKey: srv.publicKey, seal: true };
    const m = new Metrics();
    m.keepAnswerLog = true;
    let stop = false;
    const plan = {
      course: f.course,
      thinkMinMs: f.thinkMinMs,
      thinkMaxMs: f.thinkMaxMs,
      presenceEveryMs: 5000,
      stop: () => stop,
    };
    const inExam = Array.from({ length: f.students }, (_, i) => stayingStudent(target, studentName(i, 'e'), plan, m));
    await Promise.all(inExam.map((s) => s.ready));
    const tBase = Date.now();
    await sleep(f.baselineSec * 1000);

    // The storm: every connection and login fired at the same moment, from a separate process.
    const storm = await stormProcess(target, f.students, f.storm);
    const cpu0 = srv.usage().cpuSec;
    const tStorm = Date.now();
    const res = await storm.go();
    const tStormEnd = Date.now();
    const stormCpu = srv.usage().cpuSec - cpu0;
    await sleep(f.afterSec * 1000);
    const tEnd = Date.now();
    stop = true;
    await Promise.all(inExam.map((s) => s.done));
    const peakRss = srv.usage().peakRssMb;
    await srv.stop();

    const phase = (from: number, to: number) => {
      const s = new Samples();
      for (const a of m.answerLog) if (a.at >= from && a.at < to) s.add(a.ms);
      return s.summary();
    };
    const before = phase(tBase, tStorm);
    const during = phase(tStorm, tStormEnd);
    const after = phase(tStormEnd, tEnd);
    console.log(
      table(
        ['in-exam answers', 'n', 'p50 ms', 'p99 ms', 'max ms'],
        [
          ['before the storm', before.n, before.p50, before.p99, before.max],
          ['during the storm', during.n, during.p50, during.p99, during.max],
          ['after the storm', after.n, after.p50, after.p99, after.max],
        ],
      ),
    );
    const stormSec = (tStormEnd - tStorm) / 1000;
    // Per second of the storm: shows whether the damage is the handshake burst or the whole storm.
    const perSecond: number[] = [];
    for (let t = tStorm; t < tStormEnd; t += 1000) perSecond.push(phase(t, Math.min(t + 1000, tStormEnd)).p99);
    console.log(`in-exam answer p99 per second of the storm (ms): ${perSecond.join(' ')}`);
    console.log(
      `storm: ${f.storm} logins in ${round(stormSec)} s, connect p99 ${res.p99ConnectMs} ms, login p50 ${res.p50LoginMs} / p99 ${res.p99LoginMs} / max ${res.maxLoginMs} ms, errors ${res.errors}, server CPU ${round((100 * stormCpu) / stormSec)} %`,
    );
    const result = {
      bench: 'storm',
      storm: f.storm,
      students: f.students,
      stormSec: round(stormSec),
      p99AnswerMsBefore: before.p99,
      p99AnswerMsDuring: during.p99,
      p99AnswerMsAfter: after.p99,
      p99AnswerMsPerStormSecond: perSecond,
      answersDuring: during.n,
      p99StormConnectMs: res.p99ConnectMs,
      p50StormLoginMs: res.p50LoginMs,
      p99StormLoginMs: res.p99LoginMs,
      stormErrors: res.errors,
      stormErrorKinds: res.errorKinds,
      serverCpuPercentDuringStorm: round((100 * stormCpu) / stormSec),
      errors: m.errors.total,
      errorKinds: m.errors.toJSON(),
      rssMb: round(peakRss),
    };
    console.log(JSON.stringify(result));
    await capacity(f, scratch.root);
    return during.p99 < 100 && res.errors === 0 && m.errors.total === 0 ? 0 : 1;
  } finally {
    if (!f.keep) scratch.cleanup();
  }
}

/** The login-capacity ladder once per hashing mode, printed side by side (bench/login-capacity.ts). */
async function capacity(
  f: { capacityModes: string; capacityRates: string; stepSec: number; capacityStudents: number; course: string },
  root: string,
): Promise<void> {
  const modes = f.capacityModes.split(',').filter(Boolean) as HashMode[];
  if (modes.length === 0) return;
  const rates = f.capacityRates.split(',').map(Number);
  const accounts = f.capacityStudents + rates.reduce((n, r) => n + Math.ceil((r * f.stepSec) / 60) + 2, 0);
  const dir = path.join(root, 'capacity');
  fs.mkdirSync(dir, { recursive: true });
  const template = await prepareTemplate(
    dir,
    accounts,
    { course: f.course, count: 10, minutes: 120, proctored: true, attempts: 0 },
    'c',
  );
  const results: CapacityResult[] = [];
  for (const mode of modes) {
    results.push(
      await capacityLadder(template, path.join(dir, mode), mode, {
        students: f.capacityStudents,
        rates,
        stepSec: f.stepSec,
        course: f.course,
        p99TargetMs: 50,
      }),
    );
  }
  const label: Record<HashMode, string> = {
    argon2id: 'Argon2id m=19MiB t=2 (new)',
    scrypt: 'scrypt 2^14 p=1 (old rows)',
    'scrypt-owasp': 'scrypt 2^14 p=5 (OWASP)',
  };
  console.log(
    table(
      [`logins/min, ${f.capacityStudents} in exam: answer p99 ms / login p99 ms`, ...results.map((r) => label[r.mode])],
      rates.map((rate, i) => [
        `${rate}/min`,
        ...results.map((r) =>
          r.steps[i]
            ? `${r.steps[i].answerP99} / ${r.steps[i].loginP99}${r.steps[i].done < r.steps[i].started || r.steps[i].lagSec > 2 ? ' (behind)' : ''}`
            : '-',
        ),
      ]),
    ),
  );
  console.log(
    `login capacity (answer p99 <= 50 ms, logins keeping up): ${results.map((r) => `${label[r.mode]}: ${r.capacityPerMin}/min`).join(' | ')}`,
  );
  console.log(
    `logins keep up (login p99 <= 2 s) to: ${results.map((r) => `${label[r.mode]}: ${r.keepsUpPerMin}/min`).join(' | ')}`,
  );
  console.log(JSON.stringify({ bench: 'storm-capacity', students: f.capacityStudents, stepSec: f.stepSec, results }));
}
