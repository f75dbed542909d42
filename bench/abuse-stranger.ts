// `npm run bench -- abuse-stranger`: pre-login attacks by strangers with no account (docs/server.md
// "Threats and limits"), each for --seconds beside 100 honest students in an exam. Per scenario it
// prints the honest answer p99 (target < 100 ms), the honest login time (a new student logging in
// every 2 s from its own machine; target < 5 s) and the server's RSS (target < 500 MB, and back
// within 50 MB of the baseline --after-sec after the attack; the issue asks for 30 s).
// Every simulated machine has its own loopback address (127.0.1.x students, 127.0.2.x newcomers,
// 127.0.3.x+ strangers), so per-address limits see what they would see in a lab.
import path from 'node:path';
import { parseFlags } from './args.js';
import { startLoadChild } from './load-child.js';
import { spawnServer, type ServerProc } from './server-proc.js';
import { copyTemplate, prepareTemplate, scratchRoot } from './setup.js';
import { Samples, round, sleep, table } from './stats.js';
import { Metrics, login, open, stayingStudent, studentName, type Target } from './student.js';

const SCENARIOS: Record<string, { label: string; addresses: string[]; fdLimit?: number }> = {
  none: { label: 'no attack (baseline, same run)', addresses: ['127.0.3.1'] },
  ping1: { label: '1 anonymous ping flood', addresses: ['127.0.3.1'] },
  ping20: { label: '20 anonymous ping floods', addresses: ['127.0.3.1'] },
  noread60: { label: '60 anonymous never reading', addresses: ['127.0.3.1'] },
  logins: {
    label: '5 addresses x 1,000 queued wrong logins',
    addresses: ['127.0.3.1', '127.0.3.2', '127.0.3.3', '127.0.3.4', '127.0.3.5'],
  },
  register: { label: '400 registrations pipelined', addresses: ['127.0.3.1'] },
  fds: {
    label: 'descriptors filled (limit 1,024)',
    addresses: Array.from({ length: 20 }, (_, i) => `127.0.4.${i + 1}`),
    fdLimit: 1024,
  },
  lockout: { label: 'lockout of an account; owner elsewhere', addresses: ['127.0.3.9'] },
};

const USAGE = `Usage: npm run bench -- abuse-stranger [options]
  --seconds S       attack length per scenario (default 60)
  --after-sec S     wait after the attack before the last RSS reading (default 30)
  --students N      honest students in the exam (default 100)
  --scenarios LIST  comma-separated, from ${Object.keys(SCENARIOS).join(',')} (default all)
  --keep            keep the scratch data directories`;

const VICTIM = 'owner0';

interface AttackStats {
  connections: number;
  refusedOrClosed: number;
  framesSent: number;
  framesReceived: number;
  openAtStop: number;
}

async function strangers(target: Target, scenario: string): Promise<{ start(): void; stop(): Promise<AttackStats> }> {
  const { child, next } = await startLoadChild(
    'stranger-child.ts',
    [
      '--port',
      String(target.port),
      '--key',
      Buffer.from(target.serverKey).toString('hex'),
      '--scenario',
      scenario,
      ...(scenario === 'lockout' ? ['--victim', VICTIM] : []),
      '--addresses',
      SCENARIOS[scenario].addresses.join(','),
    ],
    'stranger child',
  );
  return {
    start: () => void child.stdin!.write('go\n'),
    async stop() {
      child.stdin!.write('stop\n');
      const res = (await next()) as unknown as AttackStats;
      child.stdin!.end();
      return res;
    },
  };
}

/** A newcomer logs in every 2 s from a fresh machine: connect + auth.login time. */
function newcomers(target: Target, account: (i: number) => string, password: string) {
  const ms = new Samples();
  let failures = 0;
  let stop = false;
  let i = 0;
  const done = (async () => {
    while (!stop) {
      const k = i++;
      const t = performance.now();
      try {
        const ch = await open({ ...target, localAddress: `127.0.2.${(k % 250) + 1}` });
        await login(ch, account(k), password);
        ms.add(performance.now() - t);
        await ch.close('probe done');
      } catch {
        failures++;
        ms.add(performance.now() - t);
      }
      await sleep(2_000);
    }
  })();
  return { ms, failures: () => failures, stop: async () => ((stop = true), await done) };
}

async function runScenario(
  name: string,
  template: string,
  root: string,
  f: { seconds: number; afterSec: number; students: number },
) {
  const sc = SCENARIOS[name];
  const dataDir = copyTemplate(template, path.join(root, `run-${name}`));
  const srv: ServerProc = await spawnServer({
    dataDir,
    fsync: true,
    wrapper: sc.fdLimit ? ['prlimit', `--nofile=${sc.fdLimit}:${sc.fdLimit}`, '--'] : undefined,
  });
  const target: Target = { port: srv.port, serverKey: srv.publicKey, seal: true };
  const m = new Metrics();
  m.keepAnswerLog = true;
  let stopStudents = false;
  const plan = { course: 'DSA', thinkMinMs: 500, thinkMaxMs: 1500, presenceEveryMs: 5000, stop: () => stopStudents };
  const students = Array.from({ length: f.students }, (_, i) =>
    stayingStudent({ ...target, localAddress: `127.0.1.${(i % 250) + 1}` }, studentName(i, 'e'), plan, m),
  );
  await Promise.all(students.map((s) => s.ready));
  await sleep(3_000);
  const baseRss = srv.usage().rssMb;
  const attack = await strangers(target, name);
  const probe = newcomers(
    target,
    (k) => (name === 'lockout' ? VICTIM : studentName(f.students + (k % 200), 'e')),
    'bench-password-1',
  );
  let peakRss = baseRss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, srv.usage().rssMb)), 500);
  const cpu0 = srv.usage().cpuSec;
  const tStart = Date.now();
  attack.start();
  await sleep(f.seconds * 1000);
  const tEnd = Date.now();
  const cpuPct = (100 * (srv.usage().cpuSec - cpu0)) / ((tEnd - tStart) / 1000);
  const stats = await attack.stop();
  await probe.stop();
  const duringAttack = new Samples();
  const slow: string[] = [];
  for (const a of m.answerLog) {
    if (a.at < tStart || a.at >= tEnd) continue;
    duringAttack.add(a.ms);
    if (a.ms > 100) slow.push(`${round((a.at - tStart) / 1000)}s:${round(a.ms, 0)}ms`);
  }
  await sleep(f.afterSec * 1000);
  clearInterval(sampler);
  const afterRss = srv.usage().rssMb;
  stopStudents = true;
  await Promise.all(students.map((s) => s.done));
  await srv.stop();
  const a = duringAttack.summary();
  return {
    scenario: name,
    label: sc.label,
    answers: a.n,
    answerP99Ms: a.p99,
    answerMaxMs: a.max,
    loginMaxMs: round(probe.ms.max()),
    loginP50Ms: round(probe.ms.percentile(50)),
    logins: probe.ms.count,
    loginFailures: probe.failures(),
    studentErrors: m.errors.total,
    serverCpuPct: round(cpuPct),
    slowAnswers: slow.slice(0, 20),
    /** Answers over 100 ms per 10 s of the attack: a burst at the start or a steady cost. */
    slowPer10s: Array.from(
      { length: Math.ceil(f.seconds / 10) },
      (_, k) => slow.filter((x) => Math.floor(parseFloat(x) / 10) === k).length,
    ),
    rssBaseMb: round(baseRss),
    rssPeakMb: round(peakRss),
    rssAfterMb: round(afterRss),
    attack: stats,
  };
}

export async function main(argv: string[]): Promise<number> {
  const f = parseFlags(
    argv,
    { seconds: 60, afterSec: 30, students: 100, scenarios: Object.keys(SCENARIOS).join(','), keep: false },
    USAGE,
  );
  const names = f.scenarios.split(',').filter(Boolean);
  for (const n of names)
    if (!SCENARIOS[n])
      throw new Error(`abuse-stranger: unknown scenario '${n}' (have ${Object.keys(SCENARIOS).join(', ')})`);
  const scratch = scratchRoot('abuse-stranger');
  try {
    // Students e00000.. (the first `students` in the exam, 200 more for the newcomers) and the lockout victim.
    const template = await prepareTemplate(
      scratch.root,
      f.students + 200,
      { course: 'DSA', count: 10, minutes: 120, proctored: true, attempts: 0 },
      'e',
    );
    const srv = await spawnServer({ dataDir: template, fsync: false });
    const reg = await open({ port: srv.port, serverKey: srv.publicKey, seal: true });
    await reg.request('auth.register', { username: VICTIM, password: 'bench-password-1' });
    await reg.close();
    await srv.stop();
    const results = [];
    for (const n of names) {
      process.stderr.write(`abuse-stranger: ${SCENARIOS[n].label}, ${f.seconds} s beside ${f.students} students ...\n`);
      const r = await runScenario(n, template, scratch.root, f);
      results.push(r);
      process.stderr.write(`  ${JSON.stringify(r)}\n`);
    }
    console.log(
      `abuse-stranger: each attack ${f.seconds} s beside ${f.students} honest students; RSS 'after' = ${f.afterSec} s after the attack ended`,
    );
    console.log(
      table(
        [
          'scenario',
          'answers',
          'p99 ms',
          'max ms',
          'login max ms',
          'logins ok',
          'server CPU %',
          'RSS base MB',
          'peak MB',
          'after MB',
          'after-base MB',
        ],
        results.map((r) => [
          r.label,
          r.answers,
          r.answerP99Ms,
          r.answerMaxMs,
          r.loginMaxMs,
          `${r.logins - r.loginFailures}/${r.logins}`,
          r.serverCpuPct,
          r.rssBaseMb,
          r.rssPeakMb,
          r.rssAfterMb,
          round(r.rssAfterMb - r.rssBaseMb),
        ]),
      ),
    );
    const ok = results.every(
      (r) =>
        r.answerP99Ms < 100 &&
        r.loginMaxMs < 5_000 &&
        r.loginFailures === 0 &&
        r.rssPeakMb < 500 &&
        r.rssAfterMb - r.rssBaseMb < 50,
    );
    console.log(
      `targets (p99 < 100 ms, login < 5 s, RSS < 500 MB and within 50 MB of baseline after): ${ok ? 'all met' : 'NOT all met'}`,
    );
    console.log(
      JSON.stringify({
        bench: 'abuse-stranger',
        seconds: f.seconds,
        afterSec: f.afterSec,
        students: f.students,
        results,
      }),
    );
    return 0;
  } finally {
    if (!f.keep) scratch.cleanup();
  }
}
