// Data directories for the benches: one template per bench command (accounts registered once over
// the protocol, the exam configured by an admin), then a fresh copy per measured run.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ClientChannel } from '../protocol/api.js';
import { spawnServer } from './server-proc.js';
import { ADMIN_PASSWORD, ADMIN_USER, STUDENT_PASSWORD, login, open, studentName, type Target } from './student.js';

export interface ExamSetup {
  course: string;
  count: number;
  minutes: number;
  proctored: boolean;
  /** 0 = unlimited (PROTOCOL.md 6). */
  attempts: number;
}

/** A scratch root on the real disk (fsync must mean something), removed by `cleanup`. */
export function scratchRoot(name: string, base = os.tmpdir()): { root: string; cleanup(): void } {
  const root = fs.mkdtempSync(path.join(base, `pandaproctor-bench-${name}-`));
  return { root, cleanup: () => fs.rmSync(root, { recursive: true, force: true }) };
}

/**
 * Builds `<root>/template`: starts a server on it (which copies the sample bank), adds the bench
 * admin, registers `students` accounts named `prefix00000..`, configures the exam, stops cleanly.
 */
export async function prepareTemplate(
  root: string,
  students: number,
  exam: ExamSetup,
  prefix = 's',
  fast = process.env.BENCH_SLOW_SETUP !== '1',
  log = (s: string) => process.stderr.write(s + '\n'),
): Promise<string> {
  const dataDir = path.join(root, 'template');
  const t0 = Date.now();
  const srv = await spawnServer({ dataDir, fsync: false });
  try {
    const { addAdmin } = await import('../server/admin-ops.js');
    await addAdmin(dataDir, ADMIN_USER, ADMIN_PASSWORD);
    const target: Target = { port: srv.port, serverKey: srv.publicKey, seal: true };
    // A few anonymous connections register in parallel; scrypt is the cost (the server bounds it).
    // With `fast`, only the first account is registered; the rest are cloned after the stop.
    const toRegister = fast ? Math.min(1, students) : students;
    const lanes = 4;
    let next = 0;
    await Promise.all(
      Array.from({ length: lanes }, async () => {
        const ch = await open(target);
        try {
          while (next < toRegister) {
            const i = next++;
            await ch.request('auth.register', { username: studentName(i, prefix), password: STUDENT_PASSWORD });
          }
        } finally {
          await ch.close('setup done');
        }
      }),
    );
    await configureExam(target, exam);
  } finally {
    await srv.stop();
  }
  if (fast && students > 1) cloneAccounts(dataDir, studentName(0, prefix), students, (i) => studentName(i, prefix));
  log(
    `setup: ${students} accounts registered and ${exam.course} configured in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
  );
  return dataDir;
}

export async function adminChannel(target: Target): Promise<ClientChannel> {
  const ch = await open(target);
  await login(ch, ADMIN_USER, ADMIN_PASSWORD, 'admin');
  return ch;
}

export async function configureExam(target: Target, exam: ExamSetup): Promise<void> {
  const ch = await adminChannel(target);
  try {
    const courses = await ch.request<{ course: string; questions: number }[]>('courses.list', {});
    const info = courses.find((c) => c.course === exam.course);
    if (!info)
      throw new Error(
        `course ${exam.course} is not in the sample bank (have: ${courses.map((c) => c.course).join(', ')})`,
      );
    await ch.request('exams.configure', { ...exam, count: Math.min(exam.count, info.questions) });
  } finally {
    await ch.close('setup done');
  }
}

/**
 * Bench-only shortcut: 1,000 registrations cost 1,000 scrypt hashes (over a minute here), which is
 * setup, not what the benches measure. The first account is registered through the protocol; its
 * users.csv row (username first, salt, hash — server/store/users.ts) is cloned for the others while
 * the server is stopped, so every student shares one salt. Each login still runs a real scrypt.
 * BENCH_SLOW_SETUP=1 registers every account over the protocol instead.
 */
function cloneAccounts(dataDir: string, first: string, students: number, name: (i: number) => string): void {
  const file = path.join(dataDir, 'users.csv');
  const row = fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${first},`));
  if (!row) throw new Error(`setup: ${first} not found in ${file}; run with BENCH_SLOW_SETUP=1`);
  const rest = row.slice(first.length);
  const rows: string[] = [];
  for (let i = 1; i < students; i++) rows.push(`${name(i)}${rest}\n`);
  fs.appendFileSync(file, rows.join(''));
}

/** A fresh copy of the template for one run (no lock or log carried over). */
export function copyTemplate(template: string, dest: string): string {
  fs.cpSync(template, dest, { recursive: true, filter: (src) => !/\.lock$|\.sock$/.test(src) });
  return dest;
}
