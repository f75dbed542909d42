// The lab-restart part of `npm run bench -- fault`: N students (default 1,000) are in their exams,
// the server is SIGKILLed and restarted, and every student comes back. Printed: the time from the
// restarted server being ready until every student is back in their attempt (target: all within
// 5 s), the password hashes the server ran for those returns (read from audit.csv: logins,
// failed logins and registrations after the restart; target 0 with auth.resume), and acknowledged
// answers lost (target 0). `--lab-modes resume,password` runs the same restart with the 1.0
// behaviour (a password login per student) beside it, as the baseline.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ClientChannel } from '../protocol/api.js';
import type { Attempt } from '../protocol/messages.js';
import { startLoadChild } from './load-child.js';
import { spawnServer } from './server-proc.js';
import { copyTemplate } from './setup.js';
import { Samples, round } from './stats.js';
import { open, randomChoice, studentName, type Target } from './student.js';

export interface LabOptions {
  students: number;
  answersBefore: number;
  concurrency: number;
  course: string;
}

export interface LabResult {
  mode: 'resume' | 'password';
  students: number;
  backSec: { p50: number; p99: number; max: number };
  allBackSec: number;
  restartSec: number;
  /** CPU the server used while everyone came back (handshakes are most of it). */
  serverCpuSec: number;
  /** p50 / max since ready of: connected (handshake done), authenticated (resume or login). */
  connectedSec: { p50: number; max: number };
  authSec: { p50: number; max: number };
  hashesForReturns: number;
  resumes: number;
  resumeFallbacks: number;
  acknowledged: number;
  lost: number;
  errors: number;
}

interface ChildResult {
  connected: number[];
  authed: number[];
  back: number[];
  fallbacks: number;
  missing: number;
  errors: number;
  answered: number;
}

/** Starts bench/lab-child.ts with its students; go(tReady) lets them reconnect and returns their figures. */
async function labChild(job: unknown): Promise<{ go(tReady: number): Promise<ChildResult> }> {
  // students' own machines do their X25519 in a real lab: the child runs at a lower priority
  const { child, next } = await startLoadChild('lab-child.ts', [], 'lab child', JSON.stringify(job) + '\n');
  return {
    async go(tReady: number) {
      child.stdin!.write(`${tReady}\n`);
      const r = (await next()) as unknown as ChildResult;
      child.stdin!.end();
      return r;
    },
  };
}

interface Student {
  name: string;
  ch?: ClientChannel;
  token?: string;
  attemptId?: string;
  acked: Map<string, string>;
}

/** Runs `jobs` with at most `limit` in flight. */
async function pool<T>(items: T[], limit: number, job: (x: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await job(items[next++]);
    }),
  );
}

/** Password hashes the server ran since `since`: one per login, failed login or registration (audit.csv). */
export function hashesSince(dataDir: string, since: number): { hashes: number; resumes: number } {
  let hashes = 0;
  let resumes = 0;
  for (const line of readFileSync(path.join(dataDir, 'audit.csv'), 'utf8').split('\n').slice(1)) {
    const cells = line.split(',');
    if (cells.length < 4 || Number(cells[0]) < since) continue;
    if (cells[3] === 'auth.login' || cells[3] === 'auth.login.failed' || cells[3] === 'auth.register') hashes++;
    if (cells[3] === 'auth.resume') resumes++;
  }
  return { hashes, resumes };
}

export async function labRestart(
  template: string,
  runDir: string,
  mode: 'resume' | 'password',
  o: LabOptions,
  log: (s: string) => void,
): Promise<LabResult> {
  const dataDir = copyTemplate(template, runDir);
  let srv = await spawnServer({ dataDir, fsync: true });
  const port = srv.port;
  const target: Target = { port, serverKey: srv.publicKey, seal: true };
  const students: Student[] = Array.from({ length: o.students }, (_, i) => ({
    name: studentName(i, 'L'),
    acked: new Map(),
  }));
  let errors = 0;
  let acknowledged = 0;

  const answerSome = async (s: Student, attempt: Attempt, n: number) => {
    const done = new Set(attempt.answered.map((a) => a.questionId));
    for (const q of attempt.questions.filter((x) => !done.has(x.id)).slice(0, n)) {
      const choice = randomChoice(q.options.length);
      await s.ch!.request('exam.answer', { attemptId: attempt.attemptId, questionId: q.id, choice });
      s.acked.set(q.id, choice);
      acknowledged++;
    }
  };

  // Everyone logs in (a password, once), starts the exam and answers a few questions.
  const t0 = Date.now();
  await pool(students, o.concurrency, async (s) => {
    s.ch = await open(target);
    const r = await s.ch.request<{ resume?: { token: string } }>('auth.login', {
      username: s.name,
      password: 'bench-password-1',
      role: 'student',
    });
    s.ch.setRole('student');
    if (mode === 'resume') s.token = r.resume?.token;
    const attempt = await s.ch.request<Attempt>('exam.start', { course: o.course });
    s.attemptId = attempt.attemptId;
    await answerSome(s, attempt, o.answersBefore);
  });
  log(
    `fault lab (${mode}): ${o.students} students in their exams after ${((Date.now() - t0) / 1000).toFixed(1)} s, ${acknowledged} answers acknowledged; SIGKILL`,
  );

  // The returning students live in lower-priority child processes (bench/lab-child.ts), loaded now
  // so that they are ready to reconnect the moment the restarted server is.
  const kids = await Promise.all(
    [0, 1].map((k) =>
      labChild({
        port,
        key: Buffer.from(target.serverKey).toString('hex'),
        course: o.course,
        students: students
          .filter((_, i) => i % 2 === k)
          .map((s) => ({ name: s.name, token: s.token, attemptId: s.attemptId!, acked: [...s.acked] })),
      }),
    ),
  );
  srv.kill('SIGKILL');
  await srv.exited;
  for (const s of students) s.ch?.close('server killed').catch(() => {});
  const tRestart = Date.now();
  srv = await spawnServer({ dataDir, port, fsync: true });
  const tReady = Date.now();
  const cpu0 = srv.usage().cpuSec;
  const results = await Promise.all(kids.map((k) => k.go(tReady)));
  const serverCpuSec = srv.usage().cpuSec - cpu0;
  const back = new Samples();
  const connected = new Samples();
  const authed = new Samples();
  let fallbacks = 0;
  let missing = 0;
  for (const r of results) {
    r.back.forEach((x) => back.add(x));
    r.connected.forEach((x) => connected.add(x));
    r.authed.forEach((x) => authed.add(x));
    fallbacks += r.fallbacks;
    missing += r.missing;
    errors += r.errors;
    acknowledged += r.answered;
  }
  const allBack = back.max();
  const { hashes, resumes } = hashesSince(dataDir, tRestart);
  for (const s of students) await s.ch?.close('bench done').catch(() => {});
  await srv.stop();
  return {
    mode,
    students: o.students,
    backSec: {
      p50: round(back.percentile(50) / 1000, 2),
      p99: round(back.percentile(99) / 1000, 2),
      max: round(allBack / 1000, 2),
    },
    allBackSec: back.count === o.students ? round(allBack / 1000, 2) : Infinity,
    restartSec: round((tReady - tRestart) / 1000, 2),
    serverCpuSec: round(serverCpuSec, 2),
    connectedSec: { p50: round(connected.percentile(50) / 1000, 2), max: round(connected.max() / 1000, 2) },
    authSec: { p50: round(authed.percentile(50) / 1000, 2), max: round(authed.max() / 1000, 2) },
    hashesForReturns: hashes,
    resumes,
    resumeFallbacks: fallbacks,
    acknowledged,
    lost: missing + (o.students - back.count),
    errors,
  };
}
