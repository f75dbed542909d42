// The data directory: loads every file (all of them are checked before any is touched), builds the
// in-memory model, and owns the append logs and atomically rewritten files (issue 4 storage).
import { copyFile, mkdir, open, readdir, rename, rm, stat, truncate } from 'node:fs/promises';
import { join } from 'node:path';
import { packageRoot } from '../../common/package.js';
import { existsSync } from 'node:fs';
import type { ExamConfig, Question } from '../../protocol/messages.js';
import { AppendLog } from './append-log.js';
import { formatRow } from './csv.js';
import { DataFileError, loadTable, type LoadedTable, type TableSpec } from './load.js';
import { answerRow, answersTable, type AnswerRow } from './answers.js';
import { attemptRow, attemptsTable, type AttemptRow } from './attempts.js';
import { AUDIT_HEAD_FILE, AuditChain, auditTable, formatHead, GENESIS_HEAD, type AuditHead, type AuditRow, type ChainedAuditRow } from './audit.js';
import { upgradeAuditLog } from './audit-file.js';
import { examsTable, EXAMS_FILE, renderExamsCsv } from './exams.js';
import { legacyScoreRow, legacyScoresTable, type LegacyScoreRow } from './legacy-scores.js';
import { presenceRow, presenceTable, type PresenceRow } from './presence.js';
import { extraColumnNames, questionsTable, QUESTIONS_FILE, renderQuestionsCsv, type ExtraColumns } from './questions.js';
import { latestUsers, userRow, usersTable, type UserRecord } from './users.js';
import { RewriteFile, fsyncDir, writeFileAtomic } from './rewrite-file.js';
import { indexAttempt, newAttemptState, type Model } from './model.js';

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
  private headTimer: NodeJS.Timeout | null = null;
  private durableHead: AuditHead = GENESIS_HEAD;
  private constructor(
    readonly dir: string,
    readonly model: Model,
    private readonly logs: Record<string, AppendLog>,
    private readonly questionsFile: RewriteFile,
    private readonly examsFile: RewriteFile,
    private readonly auditChain: AuditChain,
    private readonly auditHeadFile: RewriteFile,
  ) {}

  static async open(dir: string, opts: DatabaseOptions = {}): Promise<Database> {
    const fsync = opts.fsync ?? true;
    const warn = opts.warn ?? (() => {});
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await seedIfNew(dir, opts.seedDir ?? defaultSeedDir(), fsync);
    if (await upgradeAuditLog(dir, fsync)) warn(`audit.csv: gave every row a sequence number and chain hash (written before the audit chain)`);

    // Read and check everything first: a malformed file stops start-up before any file changes.
    const questions = await loadTable(join(dir, QUESTIONS_FILE), questionsTable);
    const exams = await loadTable(join(dir, EXAMS_FILE), examsTable);
    const loaded = new Map<string, LoadedTable<unknown>>();
    for (const t of APPEND_TABLES) loaded.set(t.file, await loadTable(join(dir, t.file), t as TableSpec<unknown>));
    const model = buildModel(questions, exams, loaded as Map<string, LoadedTable<never>>);
    const extras: ExtraColumns = { names: extraColumnNames(questions.header), byId: new Map(questions.rows.map((r) => [r.value.question.id, r.value.extra])) };

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

    const auditRows = (loaded.get(auditTable.file) as LoadedTable<ChainedAuditRow>).rows;
    const last = auditRows.at(-1)?.value;
    const auditChain = new AuditChain(last ? { seq: last.seq, chain: last.chain } : GENESIS_HEAD);

    const logs: Record<string, AppendLog> = {};
    for (const t of APPEND_TABLES) logs[t.file] = await AppendLog.open(join(dir, t.file), { fsync });
    const db: Database = new Database(
      dir,
      model,
      logs,
      new RewriteFile(join(dir, QUESTIONS_FILE), () => renderQuestionsCsv(model.questions.values(), extras), fsync),
      new RewriteFile(join(dir, EXAMS_FILE), () => renderExamsCsv(model.exams), fsync),
      auditChain,
      // Not fsynced: after a crash it may lag behind audit.csv, which `audit verify` accepts (only a
      // log shorter than its head is an error); rewritten at most once a second, and at close.
      new RewriteFile(join(dir, AUDIT_HEAD_FILE), () => formatHead(db.durableHead), false),
    );
    db.durableHead = auditChain.head; // the rows just loaded are on disk
    return db;
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
    const done = this.logs[auditTable.file].append(this.auditChain.next(r));
    const head = this.auditChain.head;
    // audit.head may only name rows that are on disk (a longer head than the log reads as a cut-off log).
    done.then(() => {
      if (head.seq > this.durableHead.seq) this.durableHead = head;
    }, () => {});
    // At most one audit.head rewrite a second: its file operations share libuv's pool with every
    // answer's fsync, and a head that lags the log by a second is still a valid head.
    if (!this.headTimer) {
      this.headTimer = setTimeout(() => {
        this.headTimer = null;
        void this.auditHeadFile.save().catch(() => {});
      }, 1000);
      this.headTimer.unref();
    }
    return done;
  }
  /** The audit chain's latest (Seq, Chain): what an instructor notes down (docs/server.md "Audit log"). */
  auditHead(): AuditHead {
    return this.auditChain.head;
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
    if (this.headTimer) clearTimeout(this.headTimer);
    this.headTimer = null;
    await this.auditHeadFile.idle();
    await writeFileAtomic(join(this.dir, AUDIT_HEAD_FILE), formatHead(this.auditChain.head), { fsync: true }).catch(() => {});
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

function buildModel(
  questions: LoadedTable<{ question: Question }>,
  exams: LoadedTable<{ course: string; config: ExamConfig }>,
  loaded: Map<string, LoadedTable<never>>,
): Model {
  const model: Model = { users: new Map(), questions: new Map(), exams: new Map(), attempts: new Map(), attemptsByUser: new Map(), legacyScores: [] };
  for (const { line, value } of questions.rows) {
    const q = value.question;
    if (model.questions.has(q.id)) throw new DataFileError(QUESTIONS_FILE, line, `question ID '${q.id}' appears twice`);
    model.questions.set(q.id, q);
  }
  for (const { line, value } of exams.rows) {
    if (model.exams.has(value.course)) throw new DataFileError(EXAMS_FILE, line, `course '${value.course}' appears twice`);
    model.exams.set(value.course, value.config);
  }
  model.users = latestUsers((loaded.get(usersTable.file) as LoadedTable<UserRecord>).rows);
  for (const { line, value } of (loaded.get(attemptsTable.file) as LoadedTable<AttemptRow>).rows) {
    const existing = model.attempts.get(value.attemptId);
    if (value.event === 'start') {
      if (existing) throw new DataFileError(attemptsTable.file, line, `attempt '${value.attemptId}' starts twice`);
      const { event: _e, at, ...rest } = value;
      indexAttempt(model, newAttemptState({ ...rest, startedAt: at, startDurable: null }));
    } else {
      if (!existing) throw new DataFileError(attemptsTable.file, line, `finish of unknown attempt '${value.attemptId}'`);
      if (existing.finish) throw new DataFileError(attemptsTable.file, line, `attempt '${value.attemptId}' finishes twice`);
      existing.finish = { at: value.at, score: value.score, total: value.total, reason: value.reason, durable: null };
    }
  }
  for (const { line, value } of (loaded.get(answersTable.file) as LoadedTable<AnswerRow>).rows) {
    const a = model.attempts.get(value.attemptId);
    if (!a) throw new DataFileError(answersTable.file, line, `answer for unknown attempt '${value.attemptId}'`);
    if (!a.itemById.has(value.questionId)) throw new DataFileError(answersTable.file, line, `question '${value.questionId}' is not in attempt '${value.attemptId}'`);
    if (a.answers.has(value.questionId)) throw new DataFileError(answersTable.file, line, `question '${value.questionId}' answered twice in attempt '${value.attemptId}'`);
    a.answers.set(value.questionId, { choice: value.choice, correct: value.correct, at: value.at, durable: null });
  }
  for (const { line, value } of (loaded.get(presenceTable.file) as LoadedTable<PresenceRow>).rows) {
    const a = model.attempts.get(value.attemptId);
    if (!a) throw new DataFileError(presenceTable.file, line, `event for unknown attempt '${value.attemptId}'`);
    if (a.presenceSeqs.has(value.seq)) continue;
    a.presenceSeqs.add(value.seq);
    a.presence.push(value);
    a.maxSeq = Math.max(a.maxSeq, value.seq);
  }
  for (const { value } of (loaded.get(legacyScoresTable.file) as LoadedTable<LegacyScoreRow>).rows) {
    model.legacyScores.push({ student: value.student, score: value.score });
  }
  return model;
}
