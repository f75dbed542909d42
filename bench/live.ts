// `npm run bench -- live`: N students in exams (answers with think time, presence every 5 s) and,
// in the second phase of the same run, 5 admin consoles subscribed to the live monitor
// (PROTOCOL.md 8), one of which never reads (its process is SIGSTOPped). Prints the update latency
// p99 seen by the reading consoles, the answer p99 without and with subscribers side by side, and
// the server's RSS over time while the non-reading subscriber stays connected.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import type { ClientChannel } from '../protocol/api.js';
import type { Attempt } from '../protocol/messages.js';
import { parseFlags } from './args.js';
import { repoRoot, spawnServer } from './server-proc.js';
import { adminChannel, copyTemplate, prepareTemplate, scratchRoot } from './setup.js';
import { ErrorTally, Samples, round, sleep, table } from './stats.js';
import { login, open, randomChoice, studentName, type Target } from './student.js';

const USAGE = `Usage: npm run bench -- live [options]
  --students N        students in the exam (default 1000)
  --admins N          subscribed admin consoles in phase 2, one of them never reads (default 5)
  --phase-sec S       length of each phase: without, then with subscribers (default 60)
  --ramp-sec S        student logins spread over S seconds (default 40)
  --think-min-ms MS   think time per question, uniform in [min, max] (default 3000)
  --think-max-ms MS   (default 5000)
  --presence-ms MS    presence.report interval (default 5000, PROTOCOL.md 6)
  --absent-share X    share of presence reports that say 'absent' (state changes; default 0.02)
  --course NAME       (default DSA)
  --keep              keep the scratch data directory
For development: --students 100 --phase-sec 15 --ramp-sec 5`;

interface Shared {
  /** `${attemptId}:${answered}` -> when the student got the ack of that answer (performance.now()). */
  acks: Map<string, number>;
  phase: 'ramp' | 'without' | 'with' | 'done';
  answers: { without: Samples; with: Samples };
  errors: ErrorTally;
  /** Students past their login, and those that gave up (an error ends a simulated student). */
  loggedIn: number;
  failed: number;
  /** Students that stopped on an error after logging in. */
  dropped: number;
  loginRetries: number;
}

async function student(target: Target, name: string, f: Flags, s: Shared): Promise<void> {
  let ch: ClientChannel | undefined;
  let presence: NodeJS.Timeout | undefined;
  let inExam = false;
  try {
    // A client whose login timed out (scrypt queued behind 1,000 others on a busy machine) tries
    // again on a new connection, as the real client's session does.
    for (let tries = 1; ; tries++) {
      try {
        ch = await open(target);
        await login(ch, name);
        break;
      } catch (e) {
        await ch?.close('retry').catch(() => {});
        ch = undefined;
        if (tries >= 5) throw e;
        s.loginRetries++;
        await sleep(2_000 + Math.random() * 3_000);
      }
    }
    const c = ch!;
    s.loggedIn++;
    inExam = true;
    let attemptId = '';
    let seq = 0;
    presence = setInterval(() => {
      if (!attemptId) return;
      const state = Math.random() < f.absentShare ? 'absent' : 'present';
      c.request('presence.report', {
        attemptId,
        events: [{ seq: ++seq, at: Date.now(), state, faces: state === 'present' ? 1 : 0, fps: 10 }],
      }).catch((e: unknown) => {
        if (!c.closed) s.errors.add(e);
      });
    }, f.presenceMs);
    const phaseNow = (): Shared['phase'] => s.phase; // read fresh each time (other tasks change it)
    while (phaseNow() !== 'done') {
      const attempt = await c.request<Attempt>('exam.start', { course: f.course });
      attemptId = attempt.attemptId;
      let n = attempt.answered.length;
      for (const q of attempt.questions) {
        if (phaseNow() === 'done') break;
        if (attempt.answered.some((a) => a.questionId === q.id)) continue;
        await sleep(f.thinkMinMs + Math.random() * (f.thinkMaxMs - f.thinkMinMs));
        const phase = phaseNow();
        const t = performance.now();
        await c.request('exam.answer', { attemptId, questionId: q.id, choice: randomChoice(q.options.length) });
        const now = performance.now();
        s.acks.set(`${attemptId}:${++n}`, now);
        if ((phase === 'without' || phase === 'with') && phase === phaseNow()) s.answers[phase].add(now - t);
      }
      await c.request('exam.finish', { attemptId });
    }
  } catch (e) {
    s.errors.add(e);
    if (inExam) s.dropped++;
    else s.failed++;
  } finally {
    if (presence) clearInterval(presence);
    await ch?.close('bench done').catch(() => {});
  }
}

/** A reading console: the delay from an answer's ack to the update that shows it. */
async function readingAdmin(
  target: Target,
  s: Shared,
  latency: Samples,
  counts: { updates: number },
): Promise<ClientChannel> {
  const ch = await adminChannel(target);
  const seen = new Set<string>();
  let subscribedAt = Infinity;
  ch.onEvent((name, data) => {
    if (name !== 'monitor') return;
    const at = performance.now();
    for (const a of data.attempts as { attemptId: string; answered: number }[]) {
      counts.updates++;
      const key = `${a.attemptId}:${a.answered}`;
      const acked = s.acks.get(key);
      // Coalescing may skip an intermediate count; later updates (presence) repeat a count: measure each count once per console.
      // Only answers acked while subscribed: an older count repeated by a presence update is not news.
      if (acked === undefined || acked < subscribedAt || seen.has(key) || s.phase !== 'with') {
        seen.add(key); // shown before its ack reached the student: not a delay to measure later
        continue;
      }
      seen.add(key);
      latency.add(Math.max(0, at - acked));
    }
  });
  const snap = await ch.request<{ attempts: { attemptId: string; answered: number }[] }>('monitor.subscribe', {});
  // What the snapshot showed is not news in a later update.
  for (const a of snap.attempts) seen.add(`${a.attemptId}:${a.answered}`);
  subscribedAt = performance.now();
  return ch;
}

function stalledAdmin(target: Target): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'bench/live-admin-child.ts',
      '--port',
      String(target.port),
      '--key',
      Buffer.from(target.serverKey).toString('hex'),
    ],
    {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('the non-reading console did not subscribe within 60 s')), 60_000);
    readline.createInterface({ input: child.stdout! }).on('line', (l) => {
      if (l !== 'subscribed') return;
      clearTimeout(t);
      child.kill('SIGSTOP'); // from now on it reads nothing
      resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`the non-reading console exited (${code}) before subscribing`)));
  });
}

type Flags = {
  students: number;
  admins: number;
  phaseSec: number;
  rampSec: number;
  thinkMinMs: number;
  thinkMaxMs: number;
  presenceMs: number;
  absentShare: number;
  course: string;
  keep: boolean;
};

export async function main(argv: string[]): Promise<number> {
  const f: Flags = parseFlags(
    argv,
    {
      students: 1000,
      admins: 5,
      phaseSec: 60,
      rampSec: 40,
      thinkMinMs: 3000,
      thinkMaxMs: 5000,
      presenceMs: 5000,
      absentShare: 0.02,
      course: 'DSA',
      keep: false,
    },
    USAGE,
  );
  const scratch = scratchRoot('live');
  const log = (l: string) => process.stderr.write(l + '\n');
  let stalled: ChildProcess | undefined;
  try {
    // Unlimited attempts and a long deadline: students start again after finishing, so the load is steady.
    const template = await prepareTemplate(scratch.root, f.students, {
      course: f.course,
      count: 10,
      minutes: 120,
      proctored: true,
      attempts: 0,
    });
    const srv = await spawnServer({
      dataDir: copyTemplate(template, path.join(scratch.root, 'run')),
      fsync: true,
      seal: true,
    });
    const target: Target = { port: srv.port, serverKey: srv.publicKey, seal: true };
    const s: Shared = {
      acks: new Map(),
      phase: 'ramp',
      answers: { without: new Samples(), with: new Samples() },
      errors: new ErrorTally(),
      loggedIn: 0,
      failed: 0,
      dropped: 0,
      loginRetries: 0,
    };
    const rss: { t: number; phase: string; mb: number }[] = [];
    const t0 = performance.now();
    const sampler = setInterval(
      () => rss.push({ t: (performance.now() - t0) / 1000, phase: s.phase, mb: srv.usage().rssMb }),
      1_000,
    );

    log(`live: ${f.students} students logging in over ${f.rampSec} s`);
    const done: Promise<void>[] = [];
    for (let i = 0; i < f.students; i++) {
      done.push(student(target, studentName(i), f, s));
      await sleep((f.rampSec * 1000) / f.students);
    }
    // Every login done (scrypt competes for the cores while they run), then everyone answering.
    const loginsBy = performance.now() + 300_000;
    while (s.loggedIn + s.failed < f.students && performance.now() < loginsBy) await sleep(500);
    log(`live: ${s.loggedIn} students logged in, ${s.failed} gave up`);
    await sleep(Math.min(10_000, f.thinkMaxMs * 2));
    const activeAtStart = s.loggedIn - s.dropped;
    const droppedBefore = s.dropped;

    log(`live: phase 1, ${f.phaseSec} s without subscribers`);
    const rssStart = srv.usage().rssMb;
    s.phase = 'without';
    await sleep(f.phaseSec * 1000);
    const rssWithout = srv.usage().rssMb;
    s.phase = 'ramp'; // the consoles' start-up is in neither phase

    log(`live: phase 2, ${f.phaseSec} s with ${f.admins} subscribed consoles (1 never reads)`);
    const latency = new Samples();
    const counts = { updates: 0 };
    const readers: ClientChannel[] = [];
    if (f.admins > 0) stalled = await stalledAdmin(target);
    for (let i = 1; i < f.admins; i++) readers.push(await readingAdmin(target, s, latency, counts));
    s.phase = 'with';
    const rssWithStart = srv.usage().rssMb;
    await sleep(f.phaseSec * 1000);
    const rssWithEnd = srv.usage().rssMb;
    s.phase = 'done';
    clearInterval(sampler);
    const rssWith = rss.filter((r) => r.phase === 'with').map((r) => r.mb);
    const stalledAlive = stalled !== undefined && stalled.exitCode === null;

    for (const r of readers) await r.close('bench done').catch(() => {});
    stalled?.kill('SIGKILL');
    await Promise.race([Promise.all(done), sleep(30_000)]);
    await srv.stop();

    const w = s.answers.without.summary();
    const v = s.answers.with.summary();
    const lat = latency.summary();
    const third = Math.max(1, Math.floor(rssWith.length / 3));
    const firstThird = rssWith.slice(0, third);
    const lastThird = rssWith.slice(-third);
    const avg = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
    process.stdout.write(
      `\nlive: ${f.students} students, presence every ${f.presenceMs / 1000} s, ${f.admins} consoles (${Math.max(0, f.admins - 1)} reading, 1 never reading), ${f.phaseSec} s per phase\n\n`,
    );
    process.stdout.write(
      table(
        ['answers', 'n', 'p50 ms', 'p99 ms', 'max ms'],
        [
          ['without subscribers', w.n, w.p50, w.p99, w.max],
          ['with subscribers', v.n, v.p50, v.p99, v.max],
          ['ratio p99 with/without', '', '', round(w.p99 > 0 ? v.p99 / w.p99 : 0, 2), ''],
        ],
      ) + '\n\n',
    );
    process.stdout.write(
      table(
        ['monitor updates (reading consoles)', 'n', 'p50 ms', 'p99 ms', 'max ms'],
        [['ack of an answer -> update showing it', lat.n, lat.p50, lat.p99, lat.max]],
      ) + ` (target p99 < 1000 ms)\n`,
    );
    process.stdout.write(`attempt updates received by the reading consoles: ${counts.updates}\n\n`);
    process.stdout.write(
      table(
        ['server RSS (MB)', 'value'],
        [
          ['phase 1 (no subscribers): start -> end', `${round(rssStart)} -> ${round(rssWithout)}`],
          ['phase 2 (1 console not reading): start -> end', `${round(rssWithStart)} -> ${round(rssWithEnd)}`],
          ['phase 2, mean of the first third', round(avg(firstThird))],
          ['phase 2, mean of the last third', round(avg(lastThird))],
          ['phase 2, max', round(Math.max(0, ...rssWith))],
        ],
      ) +
        `\nRSS every 10 s of phase 2 (MB): ${rss
          .filter((r) => r.phase === 'with')
          .filter((_, i) => i % 10 === 0)
          .map((r) => round(r.mb, 0))
          .join(' ')}` +
        `\nthe non-reading console stayed connected (stopped) through phase 2: ${stalledAlive ? 'yes' : 'NO'}\n`,
    );
    process.stdout.write(
      `students answering: ${activeAtStart} when phase 1 began, ${activeAtStart - (s.dropped - droppedBefore)} at the end of phase 2; ${s.failed} never logged in (${s.loginRetries} login retries)\n`,
    );
    process.stdout.write(`errors: ${s.errors.total}${s.errors.total ? ` ${JSON.stringify(s.errors.toJSON())}` : ''}\n`);
    // The benches' last line: one JSON object (docs/performance.md).
    process.stdout.write(
      JSON.stringify({
        students: f.students,
        admins: f.admins,
        phaseSec: f.phaseSec,
        errors: s.errors.total,
        updateP50Ms: lat.p50,
        updateP99Ms: lat.p99,
        updates: lat.n,
        p99AnswerMsWithout: w.p99,
        p99AnswerMsWith: v.p99,
        answersWithout: w.n,
        answersWith: v.n,
        rssMbStart: round(rssStart),
        rssMbWithout: round(rssWithout),
        rssMbWithStart: round(rssWithStart),
        rssMbWithEnd: round(rssWithEnd),
        rssMbWithFirstThird: round(avg(firstThird)),
        rssMbWithLastThird: round(avg(lastThird)),
        rssMbWithMax: round(Math.max(0, ...rssWith)),
        stalledStayedConnected: stalledAlive,
        studentsAnswering: activeAtStart,
        loginFailures: s.failed,
      }) + '\n',
    );
    return 0;
  } finally {
    if (stalled && stalled.exitCode === null) stalled.kill('SIGKILL');
    if (!f.keep) scratch.cleanup();
  }
}
