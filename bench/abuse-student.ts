// `npm run bench -- abuse-student`: one student account with a script (and one admin's large import)
// beside honest students over real encrypted TCP, one scenario at a time on a fresh copy of the
// data directory. Per scenario it prints the honest answer p99 (target < 100 ms), the server's
// peak RSS (target < 500 MB) and the data directory's growth against the documented budget
// (docs/server.md "Student budgets").
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ClientChannel } from '../protocol/api.js';
import { attemptRow, type DrawnItem } from '../server/store/attempts.js';
import { DEFAULT_STUDENT_BUDGETS } from '../server/limits.js';
import { parseFlags } from './args.js';
import { spawnServer, type ServerProc } from './server-proc.js';
import { adminChannel, copyTemplate, prepareTemplate, scratchRoot } from './setup.js';
import { round, sleep, table } from './stats.js';
import { Metrics, login, open, stayingStudent, studentName, type Target } from './student.js';

const USAGE = `Usage: npm run bench -- abuse-student [options]
  --seconds S         each scenario's length (default 60)
  --students N        honest students beside the attacker (default 100)
  --scenarios LIST    comma list of: flood, loop, amplify, import, courses, logins, sockets (default all)
  --past-attempts N   finished attempts the attacker already has, for amplify (default 1200)
  --keep              keep the scratch data directories`;

const SCENARIOS = {
  flood: 'presence flood: 500 events per report, as fast as answered, new attempt when refused',
  loop: 'exam.start / exam.finish loop on three courses',
  amplify: 'scores.mine: 4 connections pipelining 256 requests each, over and over',
  import: 'an admin imports 20,000 questions (again every 15 s)',
  courses: 'courses.list over a 20,000-question bank: 16 connections pipelining 200 each, over and over',
  logins: 'login/logout loop on 8 connections of the one account',
  sockets: 'the one account logs in 200 connections and keeps them',
} as const;
type Scenario = keyof typeof SCENARIOS;

interface Outcome {
  scenario: Scenario;
  honestAnswers: number;
  honestErrors: number;
  p99AnswerMs: number;
  maxAnswerMs: number;
  peakRssMb: number;
  growthMb: number;
  budgetMb: number;
  attacker: string;
}

function dirBytes(dir: string): number {
  let n = 0;
  for (const f of fs.readdirSync(dir)) {
    const st = fs.statSync(path.join(dir, f));
    if (st.isFile()) n += st.size;
  }
  return n;
}

/** Finished attempts of `username` already in the record (a term's worth), for the amplification. */
function addPastAttempts(dataDir: string, username: string, n: number): void {
  const items: DrawnItem[] = Array.from({ length: 10 }, (_, i) => ({
    id: String(i + 1),
    text: `Past question ${i + 1}?`,
    options: ['a', 'b', 'c', 'd'],
    answer: 'A',
    concept: `C${i % 3}`,
    difficulty: 'Easy',
    version: 1,
  }));
  const rows: string[] = [];
  const t0 = Date.now() - 30 * 86_400_000;
  for (let i = 0; i < n; i++) {
    const id = `past${String(i).padStart(8, '0')}`;
    const at = t0 + i * 60_000;
    rows.push(
      attemptRow({
        event: 'start',
        attemptId: id,
        username,
        course: ['DSA', 'OOP', 'PF'][i % 3],
        at,
        deadline: at + 900_000,
        proctored: false,
        items,
      }),
    );
    rows.push(attemptRow({ event: 'finish', attemptId: id, at: at + 30_000, score: 0, total: 10, reason: 'finished' }));
  }
  fs.appendFileSync(path.join(dataDir, 'attempts.csv'), rows.join(''));
}

type Stop = () => boolean;

async function flood(target: Target, username: string, stop: Stop): Promise<string> {
  const ch = await open(target);
  await login(ch, username);
  let acked = 0;
  let refused = 0;
  let attempts = 0;
  let seq = 0;
  let attemptId = '';
  const course = ['DSA', 'OOP', 'PF'];
  while (!stop()) {
    if (!attemptId) {
      try {
        attemptId = (await ch.request<{ attemptId: string }>('exam.start', { course: course[attempts % 3] })).attemptId;
        attempts++;
      } catch {
        refused++;
        await sleep(50);
        continue;
      }
    }
    const events = Array.from({ length: 500 }, () => ({
      seq: seq++,
      at: Date.now() + (seq % 97 === 0 ? 10 * 365 * 86_400_000 : 0),
      state: 'present',
      faces: 1,
      fps: 30,
    }));
    const reports = Array.from({ length: 8 }, (_, k) =>
      ch.request<{ acked: number }>('presence.report', { attemptId, events: events.slice(k * 63, k * 63 + 63) }),
    );
    const results = await Promise.allSettled(reports);
    for (const r of results) {
      if (r.status === 'fulfilled') acked += 63;
      else refused++;
    }
    if (results.every((r) => r.status === 'rejected')) {
      await ch.request('exam.finish', { attemptId }).catch(() => {});
      attemptId = '';
    }
  }
  await ch.close('done').catch(() => {});
  return `${attempts} attempts, ~${acked} events sent in accepted reports, ${refused} refusals`;
}

async function loop(target: Target, username: string, stop: Stop): Promise<string> {
  const ch = await open(target);
  await login(ch, username);
  let started = 0;
  let refused = 0;
  for (let i = 0; !stop(); i++) {
    try {
      const a = await ch.request<{ attemptId: string }>('exam.start', { course: ['DSA', 'OOP', 'PF'][i % 3] });
      started++;
      await ch.request('exam.finish', { attemptId: a.attemptId });
    } catch {
      refused++;
    }
  }
  await ch.close('done').catch(() => {});
  return `${started} attempts started, ${refused} refusals`;
}

async function amplify(target: Target, username: string, stop: Stop): Promise<string> {
  let answered = 0;
  let failed = 0;
  const conns = await Promise.all(
    Array.from({ length: 4 }, async () => {
      const ch = await open(target);
      await login(ch, username);
      return ch;
    }),
  );
  await Promise.all(
    conns.map(async (ch: ClientChannel) => {
      while (!stop()) {
        const rs = await Promise.allSettled(Array.from({ length: 256 }, () => ch.request('scores.mine', {})));
        for (const r of rs) {
          if (r.status === 'fulfilled') answered++;
          else failed++;
        }
      }
      await ch.close('done').catch(() => {});
    }),
  );
  return `${answered} scores.mine answered, ${failed} failed`;
}

async function coursesFlood(target: Target, username: string, stop: Stop): Promise<string> {
  let answered = 0;
  let failed = 0;
  let displaced = 0;
  const conns: ClientChannel[] = [];
  for (let i = 0; i < 16; i++) {
    const ch = await open(target);
    await login(ch, username); // one at a time: concurrent logins of one account look like guessing
    conns.push(ch);
  }
  await Promise.all(
    conns.map(async (ch: ClientChannel) => {
      while (!stop() && !ch.closed) {
        const rs = await Promise.allSettled(Array.from({ length: 200 }, () => ch.request('courses.list', {})));
        for (const r of rs) {
          if (r.status === 'fulfilled') answered++;
          else failed++;
        }
      }
      if (ch.closed) displaced++;
      await ch.close('done').catch(() => {});
    }),
  );
  return `${answered} courses.list answered, ${failed} failed; ${displaced} of 16 connections closed by the server (the account may hold 8)`;
}

async function loginLoop(target: Target, username: string, stop: Stop): Promise<string> {
  let logins = 0;
  const refusals: Record<string, number> = {};
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      const ch = await open(target);
      while (!stop() && !ch.closed) {
        try {
          await login(ch, username);
          logins++;
          await ch.request('auth.logout', {});
        } catch (e) {
          const code = (e as { code?: string }).code ?? 'error';
          refusals[code] = (refusals[code] ?? 0) + 1;
          await sleep(100);
        }
      }
      await ch.close('done').catch(() => {});
    }),
  );
  return `${logins} logins, refused ${JSON.stringify(refusals)}`;
}

async function socketHoard(target: Target, username: string, stop: Stop): Promise<string> {
  const conns: ClientChannel[] = [];
  let failed = 0;
  for (let i = 0; i < 200 && !stop(); i++) {
    try {
      const ch = await open(target);
      await login(ch, username);
      conns.push(ch);
    } catch {
      failed++;
    }
  }
  while (!stop()) await sleep(500);
  const held = conns.filter((c) => !c.closed).length;
  for (const c of conns) await c.close('done').catch(() => {});
  return `${conns.length} logged in, ${failed} failed, ${held} still open at the end`;
}

/** 20,000 more questions in the bank (the size an import makes), before the server starts. */
function addBigBank(dataDir: string): void {
  const rows = Array.from({ length: 20_000 }, (_, i) => `b${i},Bank ${i}?,a|b|c,A,C${i % 9},Easy,BIG${i % 3},1\r\n`);
  fs.appendFileSync(path.join(dataDir, 'questions.csv'), rows.join(''));
}

async function bigImport(target: Target, stop: Stop): Promise<string> {
  const ch = await adminChannel(target);
  const times: number[] = [];
  for (let round = 0; !stop(); round++) {
    const rows = Array.from(
      { length: 20_000 },
      (_, i) => `,Imported ${round}-${i}?,a|b|c,A,C${i % 9},Easy,IMP${round % 3}`,
    );
    const t = performance.now();
    await ch.request('questions.import', {
      csv: `ID,Text,Options,CorrectAnswer,Concept,Difficulty,Course\n${rows.join('\n')}\n`,
    });
    times.push(Math.round(performance.now() - t));
    for (let w = 0; w < 150 && !stop(); w++) await sleep(100);
  }
  await ch.close('done').catch(() => {});
  return `${times.length} imports of 20,000 rows, ${times.join(' / ')} ms each`;
}

async function runScenario(
  template: string,
  dir: string,
  scenario: Scenario,
  f: { seconds: number; students: number },
): Promise<Outcome> {
  copyTemplate(template, dir);
  if (scenario === 'courses') addBigBank(dir);
  const before = dirBytes(dir);
  const srv: ServerProc = await spawnServer({ dataDir: dir, fsync: true });
  const target: Target = { port: srv.port, serverKey: srv.publicKey, seal: true };
  const m = new Metrics();
  let stopAt = Infinity;
  const stop = () => Date.now() >= stopAt;
  try {
    const plan = { course: 'DSA', thinkMinMs: 3000, thinkMaxMs: 5000, presenceEveryMs: 5000, stop };
    const honest = Array.from({ length: f.students }, (_, i) => stayingStudent(target, studentName(i), plan, m));
    await Promise.all(honest.map((h) => h.ready));
    stopAt = Date.now() + f.seconds * 1000;
    const attacker = studentName(f.students);
    const attack =
      scenario === 'flood'
        ? flood(target, attacker, stop)
        : scenario === 'loop'
          ? loop(target, attacker, stop)
          : scenario === 'amplify'
            ? amplify(target, attacker, stop)
            : scenario === 'courses'
              ? coursesFlood(target, attacker, stop)
              : scenario === 'logins'
                ? loginLoop(target, attacker, stop)
                : scenario === 'sockets'
                  ? socketHoard(target, attacker, stop)
                  : bigImport(target, stop);
    const [summary] = await Promise.all([
      attack.catch((e: Error) => `attacker stopped: ${e.message}`),
      ...honest.map((h) => h.done),
    ]);
    const usage = srv.usage();
    await srv.stop();
    const b = DEFAULT_STUDENT_BUDGETS;
    // Everyone (attacker and honest students) may add at most one hour's bytes at once, then the hourly rate.
    const perStudent = b.bytesPerHour + (b.bytesPerHour / 3600) * f.seconds;
    return {
      scenario,
      honestAnswers: m.answers,
      honestErrors: m.errors.total,
      p99AnswerMs: round(m.answerMs.percentile(99)),
      maxAnswerMs: round(m.answerMs.max()),
      peakRssMb: round(usage.peakRssMb),
      growthMb: round((dirBytes(dir) - before) / 1024 / 1024, 2),
      budgetMb: round((perStudent * (f.students + 1)) / 1024 / 1024, 1),
      attacker: summary,
    };
  } catch (e) {
    await srv.stop().catch(() => {});
    throw e;
  }
}

export async function main(argv: string[]): Promise<number> {
  const f = parseFlags(
    argv,
    { seconds: 60, students: 100, scenarios: Object.keys(SCENARIOS).join(','), pastAttempts: 1200, keep: false },
    USAGE,
  );
  const names = f.scenarios.split(',').map((s) => s.trim()) as Scenario[];
  for (const n of names)
    if (!(n in SCENARIOS)) throw new Error(`unknown scenario '${n}'; use ${Object.keys(SCENARIOS).join(', ')}`);
  const scratch = scratchRoot('abuse-student');
  try {
    const exam = { course: 'DSA', count: 10, minutes: 120, proctored: true, attempts: 0 };
    const template = await prepareTemplate(scratch.root, f.students + 1, exam);
    addPastAttempts(template, studentName(f.students), f.pastAttempts);
    const results: Outcome[] = [];
    for (const name of names) {
      process.stderr.write(
        `abuse-student: ${SCENARIOS[name]} beside ${f.students} students for ${f.seconds} s (load average ${os.loadavg()[0].toFixed(1)}) ...\n`,
      );
      results.push(await runScenario(template, path.join(scratch.root, name), name, f));
    }
    const rows: [string, (r: Outcome) => string | number][] = [
      ['honest answers / errors', (r) => `${r.honestAnswers} / ${r.honestErrors}`],
      ['honest answer p99 ms (< 100)', (r) => r.p99AnswerMs],
      ['honest answer max ms', (r) => r.maxAnswerMs],
      ['server peak RSS MB (< 500)', (r) => r.peakRssMb],
      ['data-dir growth MB', (r) => r.growthMb],
      ['budget for the run MB', (r) => r.budgetMb],
    ];
    console.log(
      table(
        ['', ...results.map((r) => r.scenario)],
        rows.map(([label, get]) => [label, ...results.map(get)]),
      ),
    );
    for (const r of results) console.log(`${r.scenario}: ${r.attacker}`);
    console.log(JSON.stringify({ bench: 'abuse-student', seconds: f.seconds, students: f.students, results }));
    return results.every((r) => r.honestErrors === 0) ? 0 : 1;
  } finally {
    if (!f.keep) scratch.cleanup();
  }
}
