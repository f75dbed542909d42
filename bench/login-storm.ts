// `npm run bench -- storm`: 500 students log in at once while others are in the exam; the answers
// of those already in the exam must keep p99 under 100 ms (issue 7). scrypt runs off the event loop
// with bounded concurrency (server/limits.ts hashConcurrency), which is what this measures.
import path from 'node:path';
import { parseFlags } from './args.js';
import { spawnServer } from './server-proc.js';
import { copyTemplate, prepareTemplate, scratchRoot } from './setup.js';
import { ErrorTally, Samples, round, sleep, table } from './stats.js';
import { Metrics, login, open, stayingStudent, studentName, type Target } from './student.js';

const USAGE = `Usage: npm run bench -- storm [options]
  --storm N         students logging in at once (default 500)
  --students N      students already in the exam (default 100)
  --think-min-ms MS (default 500)
  --think-max-ms MS (default 1500)
  --baseline-sec S  in-exam answering measured before the storm (default 8)
  --after-sec S     and after it (default 5)
  --course NAME     (default DSA)
  --keep            keep the scratch data directory`;

export async function main(argv: string[]): Promise<number> {
  const f = parseFlags(argv, { storm: 500, students: 100, thinkMinMs: 500, thinkMaxMs: 1500, baselineSec: 8, afterSec: 5, course: 'DSA', keep: false }, USAGE);
  const scratch = scratchRoot('storm');
  try {
    const template = await prepareTemplate(scratch.root, f.students + f.storm, { course: f.course, count: 10, minutes: 120, proctored: true, attempts: 0 }, 'e');
    const dataDir = copyTemplate(template, path.join(scratch.root, 'run'));
    const srv = await spawnServer({ dataDir, fsync: true });
    const target: Target = { port: srv.port, serverKey: srv.publicKey, seal: true };
    const m = new Metrics();
    m.keepAnswerLog = true;
    let stop = false;
    const plan = { course: f.course, thinkMinMs: f.thinkMinMs, thinkMaxMs: f.thinkMaxMs, presenceEveryMs: 5000, stop: () => stop };
    const inExam = Array.from({ length: f.students }, (_, i) => stayingStudent(target, studentName(i, 'e'), plan, m));
    await Promise.all(inExam.map((s) => s.ready));
    const tBase = Date.now();
    await sleep(f.baselineSec * 1000);

    // The storm: every connection and login fired at the same moment.
    const stormLogin = new Samples();
    const stormConnect = new Samples();
    const stormErrors = new ErrorTally();
    const cpu0 = srv.usage().cpuSec;
    const tStorm = Date.now();
    await Promise.all(
      Array.from({ length: f.storm }, async (_, k) => {
        const t = performance.now();
        try {
          const ch = await open(target);
          stormConnect.add(performance.now() - t);
          const tl = performance.now();
          await login(ch, studentName(f.students + k, 'e'));
          stormLogin.add(performance.now() - tl);
          await ch.close('storm done');
        } catch (e) {
          stormErrors.add(e);
        }
      }),
    );
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
    console.log(
      `storm: ${f.storm} logins in ${round(stormSec)} s, connect p99 ${round(stormConnect.percentile(99))} ms, login p50 ${round(stormLogin.percentile(50))} / p99 ${round(stormLogin.percentile(99))} / max ${round(stormLogin.max())} ms, errors ${stormErrors.total}, server CPU ${round((100 * stormCpu) / stormSec)} %`,
    );
    const result = {
      bench: 'storm',
      storm: f.storm,
      students: f.students,
      stormSec: round(stormSec),
      p99AnswerMsBefore: before.p99,
      p99AnswerMsDuring: during.p99,
      p99AnswerMsAfter: after.p99,
      answersDuring: during.n,
      p50StormLoginMs: round(stormLogin.percentile(50)),
      p99StormLoginMs: round(stormLogin.percentile(99)),
      stormErrors: stormErrors.total,
      stormErrorKinds: stormErrors.toJSON(),
      errors: m.errors.total,
      errorKinds: m.errors.toJSON(),
      rssMb: round(peakRss),
    };
    console.log(JSON.stringify(result));
    return during.p99 < 100 && stormErrors.total === 0 && m.errors.total === 0 ? 0 : 1;
  } finally {
    if (!f.keep) scratch.cleanup();
  }
}
