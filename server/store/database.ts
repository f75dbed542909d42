// The data directory: loads every file (all of them are checked before any is touched), builds the
// in-memory model, and owns the append logs and atomically rewritten files (issue 4 storage).
import { copyFile, mkdir, open, readdir, rename, rm, stat, truncate } from 'node:fs/promises';
import { join } from 'node:path';
import { packageRoot } from '../../cli/paths.js';
import { existsSync } from 'node:fs';
import { AppendLog } from './append-log.js';
import { formatRow } from './csv.js';
import type { TableSpec } from './load.js';
import { streamTable, type StreamedTable } from './stream-table.js';
import { ModelBuilder } from './build-model.js';
import { answerRow, answersTable, type AnswerRow } from './answers.js';
import { attemptRow, attemptsTable, type AttemptRow } from './attempts.js';
import { auditRow, auditTable, type AuditRow } from './audit.js';
import { examsTable, EXAMS_FILE, renderExamsCsv } from './exams.js';
import { legacyScoreRow, legacyScoresTable, type LegacyScoreRow } from './legacy-scores.js';
import { presenceRow, presenceTable, type PresenceRow } from './presence.js';
import { extraColumnNames, questionsTable, QUESTIONS_FILE, renderQuestionsCsv, type ExtraColumns } from './questions.js';
import { userRow, usersTable, type UserRecord } from './users.js';
import { RewriteFile, fsyncDir } from './rewrite-file.js';
import type { Model } from './model.js';

export interface DatabaseOptions {
  fsync?: boolean;
  warn?: (line: string) => void;
  /** Where the sample bank lives (default: the repository's data/). */
  seedDir?: string;
}

/** The package's data/, from the sources or from dist/ alike. */
export function defaultSeedDir(): string {
  return join(packageRoot(), 'data');
}

const APPEND_TABLES = [usersTable, attemptsTable, answersTable, presenceTable, auditTable, legacyScoresTable] as const;

export class Database {
  private constructor(
    readonly dir: string,
    readonly model: Model,
    private readonly logs: Record<string, AppendLog>,
    private readonly questionsFile: RewriteFile,
    private readonly examsFile: RewriteFile,
  ) {}

  static async open(dir: string, opts: DatabaseOptions = {}): Promise<Database> {
    const fsync = opts.fsync ?? true;
    const warn = opts.warn ?? (() => {});
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await seedIfNew(dir, opts.seedDir ?? defaultSeedDir(), fsync);

    // Read and check everything first: a malformed file stops start-up before any file changes.
    // Each file is streamed row by row into the model, in the order the checks need.
    const build = new ModelBuilder();
    const questions = await streamTable(join(dir, QUESTIONS_FILE), questionsTable, build.question);
    await streamTable(join(dir, EXAMS_FILE), examsTable, build.exam);
    const handlers: Record<string, (value: never) => void> = {
      [usersTable.file]: build.user,
      [attemptsTable.file]: build.attempt,
      [answersTable.file]: build.answer,
      [presenceTable.file]: build.presenceRow,
      [auditTable.file]: () => {},
      [legacyScoresTable.file]: build.legacyScore,
    };
    const loaded = new Map<string, StreamedTable>();
    for (const t of APPEND_TABLES) loaded.set(t.file, await streamTable(join(dir, t.file), t as TableSpec<never>, handlers[t.file]));
    const model = build.finish();
    const extras: ExtraColumns = { names: extraColumnNames(questions.header), byId: build.extras };

    // Only now repair: drop torn last lines, give new logs their header.
    for (const t of APPEND_TABLES) {
      const file = join(dir, t.file);
      const table = loaded.get(t.file)!;
      if (table.torn) {
        warn(`${t.file}:${table.torn.line}: dropped a torn last line (a write cut short by a crash; it was never acknowledged)`);
        await truncate(file, table.torn.offset);
      }
      if (table.empty) {
        if (existsSync(file)) await truncate(file, 0);
        const fh = await open(file, 'a', 0o600);
        await fh.write(formatRow(t.header));
        if (fsync) await fh.sync();
        await fh.close();
      }
    }
    if (fsync) await fsyncDir(dir);
    await removeStaleTemps(dir);

    const logs: Record<string, AppendLog> = {};
    for (const t of APPEND_TABLES) logs[t.file] = await AppendLog.open(join(dir, t.file), { fsync });
    return new Database(
      dir,
      model,
      logs,
      new RewriteFile(join(dir, QUESTIONS_FILE), () => renderQuestionsCsv(model.questions.values(), extras), fsync),
      new RewriteFile(join(dir, EXAMS_FILE), () => renderExamsCsv(model.exams), fsync),
    );
  }

  putUser(u: UserRecord): Promise<void> {
    this.model.users.set(u.username, u);
    return this.logs[usersTable.file].append(userRow(u));
  }
  appendAttempt(r: AttemptRow): Promise<void> {
    return this.logs[attemptsTable.file].append(attemptRow(r));
  }
  appendAnswer(r: AnswerRow): Promise<void> {
    return this.logs[answersTable.file].append(answerRow(r));
  }
  appendPresence(rows: PresenceRow[]): Promise<void> {
    const log = this.logs[presenceTable.file];
    return Promise.all(rows.map((r) => log.append(presenceRow(r)))).then(() => {});
  }
  audit(r: AuditRow): Promise<void> {
    return this.logs[auditTable.file].append(auditRow(r));
  }
  appendLegacyScore(r: LegacyScoreRow): Promise<void> {
    this.model.legacyScores.push({ student: r.student, score: r.score });
    return this.logs[legacyScoresTable.file].append(legacyScoreRow(r));
  }
  /** Call after changing model.questions; resolves once questions.csv holds the change. */
  saveQuestions(): Promise<void> {
    return this.questionsFile.save();
  }
  saveExams(): Promise<void> {
    return this.examsFile.save();
  }

  /** Next free numeric question id (the original banks number their questions). */
  nextQuestionId(): string {
    let max = 0;
    for (const id of this.model.questions.keys()) if (/^\d+$/.test(id)) max = Math.max(max, Number(id));
    return String(max + 1);
  }

  async close(): Promise<void> {
    await Promise.all([this.questionsFile.idle(), this.examsFile.idle()]);
    await Promise.all(Object.values(this.logs).map((l) => l.close()));
  }
}

async function seedIfNew(dir: string, seedDir: string, fsync: boolean): Promise<void> {
  // First start (issue 4): no bank yet, so copy the sample bank and its exam settings.
  if (existsSync(join(dir, QUESTIONS_FILE))) return;
  for (const f of [EXAMS_FILE, QUESTIONS_FILE]) {
    // questions.csv last: its presence marks the seed as complete. Exam settings written before the
    // first start (e.g. by an instructor preparing the directory) are kept.
    const src = join(seedDir, f);
    if (!existsSync(src) || (f === EXAMS_FILE && existsSync(join(dir, f)))) continue;
    const tmp = join(dir, `${f}.tmp-seed`);
    await copyFile(src, tmp);
    if (fsync) {
      const fh = await open(tmp, 'r+');
      await fh.sync();
      await fh.close();
    }
    await rename(tmp, join(dir, f));
  }
  if (fsync) await fsyncDir(dir);
}

async function removeStaleTemps(dir: string): Promise<void> {
  for (const name of await readdir(dir)) {
    if (/\.tmp-(\d+|seed)$/.test(name) && (await stat(join(dir, name))).isFile()) await rm(join(dir, name), { force: true });
  }
}
