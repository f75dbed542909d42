// Importing a folder in the original layout: questions.csv, Admin.txt / Student.txt
// (plaintext `user,pass` lines, hashed here; the plaintext is never stored) and student_scores.csv.
// Bad lines are reported with file and line; the rest imports.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Role } from '../protocol/messages.js';
import type { App } from './app.js';
import { applyImport } from './handlers/questions.js';
import { USERNAME_MAX, USERNAME_MIN, USERNAME_RE } from './limits.js';
import { CsvSyntaxError, parseCsv } from './store/csv.js';

export interface LegacyLineError {
  file: string;
  line: number;
  message: string;
}
export interface LegacyReport {
  questions: { created: number; updated: number };
  admins: number;
  students: number;
  scores: number;
  skipped: string[];
  errors: LegacyLineError[];
}

async function readOptional(path: string): Promise<string | null> {
  try {
    return (await readFile(path, 'utf8')).replace(/^\uFEFF/, '');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

async function importAccounts(app: App, file: string, text: string, role: Role, report: LegacyReport): Promise<number> {
  const now = app.now();
  const jobs: Promise<boolean>[] = [];
  const seen = new Set<string>();
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === '') return;
    const comma = raw.indexOf(',');
    const username = (comma === -1 ? raw : raw.slice(0, comma)).trim();
    const password = comma === -1 ? '' : raw.slice(comma + 1).trim();
    const fail = (message: string) => report.errors.push({ file, line, message });
    if (!USERNAME_RE.test(username))
      return fail(`'${username}' is not a valid username (${USERNAME_MIN}-${USERNAME_MAX} letters, digits, _ . -)`);
    if (password === '') return fail(`no password for '${username}' (expected user,pass)`);
    if (seen.has(username) || app.db.model.users.has(username))
      return fail(`'${username}' already exists; kept the existing account`);
    seen.add(username);
    jobs.push(
      app.hasher.hash(password).then(async (hashed) => {
        // Checked again after the slow hash: on a running server a student may have registered this
        // name meanwhile, and writing our row would replace that account (and its password).
        if (app.db.model.users.has(username)) {
          fail(`'${username}' already exists; kept the existing account`);
          return false;
        }
        await app.db.putUser({ username, role, created: now, ...hashed });
        return true;
      }),
    );
  });
  return (await Promise.all(jobs)).filter(Boolean).length;
}

export async function importLegacy(app: App, dir: string): Promise<LegacyReport> {
  const report: LegacyReport = {
    questions: { created: 0, updated: 0 },
    admins: 0,
    students: 0,
    scores: 0,
    skipped: [],
    errors: [],
  };
  const questions = await readOptional(join(dir, 'questions.csv'));
  if (questions === null) report.skipped.push('questions.csv');
  else {
    const r = applyImport(app, questions);
    report.questions = { created: r.created, updated: r.updated };
    report.errors.push(...r.errors.map((e) => ({ file: 'questions.csv', ...e })));
    await app.db.saveQuestions();
  }
  for (const [file, role] of [
    ['Admin.txt', 'admin'],
    ['Student.txt', 'student'],
  ] as const) {
    const text = await readOptional(join(dir, file));
    if (text === null) report.skipped.push(file);
    else report[role === 'admin' ? 'admins' : 'students'] = await importAccounts(app, file, text, role, report);
  }
  const scores = await readOptional(join(dir, 'student_scores.csv'));
  if (scores === null) report.skipped.push('student_scores.csv');
  else report.scores = await importScores(app, scores, report);
  await app.db.audit({
    at: app.now(),
    actor: 'server-console',
    address: 'local',
    action: 'import-legacy',
    target: dir,
    detail: `questions +${report.questions.created} ~${report.questions.updated}, admins ${report.admins}, students ${report.students}, scores ${report.scores}, errors ${report.errors.length}`,
  });
  return report;
}

async function importScores(app: App, text: string, report: LegacyReport): Promise<number> {
  const file = 'student_scores.csv';
  let records;
  try {
    records = parseCsv(text).records;
  } catch (err) {
    if (!(err instanceof CsvSyntaxError)) throw err;
    report.errors.push({ file, line: err.line, message: err.reason });
    return 0;
  }
  const now = app.now();
  const writes: Promise<void>[] = [];
  for (const rec of records) {
    const cells = rec.cells.map((c) => c.trim());
    if (cells.every((c) => c === '')) continue;
    if (rec.line === 1 && cells[0] === 'Student Name') continue; // header
    while (cells.length > 2 && cells[cells.length - 1] === '') cells.pop();
    if (cells.length !== 2 || cells[0] === '') {
      report.errors.push({ file, line: rec.line, message: 'expected Student Name,Score' });
      continue;
    }
    if (!/^\d+(\.\d+)?$/.test(cells[1])) {
      report.errors.push({ file, line: rec.line, message: `score '${cells[1]}' is not a number` });
      continue;
    }
    writes.push(app.db.appendLegacyScore({ student: cells[0], score: cells[1], importedAt: now }));
  }
  await Promise.all(writes);
  return writes.length;
}
