// The data directory: loads every file (all of them are checked before any is touched), builds the
// in-memory model, and owns the append logs and atomically rewritten files.
import { copyFile, mkdir, open, readdir, rename, rm, stat, truncate } from 'node:fs/promises';
import { join } from 'node:path';
import { packageRoot } from '../../common/package.js';
import { existsSync } from 'node:fs';
import { AppendLog } from './append-log.js';
import { formatRow } from './csv.js';
import type { TableSpec } from './load.js';
import { streamTable, type RowHandler, type StreamedTable } from './stream-table.js';
import { ModelBuilder } from './build-model.js';
import { answerRow, answersTable, type AnswerRow } from './answers.js';
import { attemptRow, attemptsTable, type AttemptRow } from './attempts.js';
import {
  AUDIT_HEAD_FILE,
  AuditChain,
  auditTable,
  formatHead,
  GENESIS_HEAD,
  type AuditHead,
  type AuditRow,
  type ChainedAuditRow,
} from './audit.js';
import { upgradeAuditLog } from './audit-file.js';
import { examsCsvRows, examsTable, EXAMS_FILE } from './exams.js';
import { legacyScoreRow, legacyScoresTable, type LegacyScoreRow } from './legacy-scores.js';
import { PRESENCE_FILE, presenceRow, presenceTable, type PresenceRow } from './presence.js';
import { captureIndex, loadIndex, PRESENCE_INDEX_FILE, presenceIndexTable, tailHash } from './presence-index.js';
import { PRESENCE_LIMITS } from '../limits.js';
import { extraColumnNames, questionsCsvRows, questionsTable, QUESTIONS_FILE, type ExtraColumns } from './questions.js';
import { userRow, usersTable, type UserRecord } from './users.js';
import { RewriteFile, fsyncDir, writeFileAtomic } from './rewrite-file.js';
import { EnrolmentStore } from './enrolments.js';
import { identityTable, identityRow, type IdentityRow } from './identity-log.js';
import { writeRowsAtomic, type RowsWriter } from './rewrite-rows.js';
import type { ExamConfig, Question } from '../../protocol/messages.js';
import type { AttemptState, Model, PlacedPresenceRow } from './model.js';
import { keepRows, noteDisk, PresenceReplay } from '../exam/presence-admit.js';
import type { PresenceClock } from '../exam/presence-clock.js';
import { readPresence, type PresencePage } from './presence-read.js';

export interface DatabaseOptions {
  fsync?: boolean;
  warn?: (line: string) => void;
  /** Where the sample bank lives (default: the repository's data/). */
  seedDir?: string;
  /** How questions.csv and exams.csv are rewritten (tests inject failures here). */
  writeRows?: RowsWriter;
  /** presence.csv bytes between checkpoints (default PRESENCE_LIMITS.snapshotEveryBytes). */
  checkpointEveryBytes?: number;
}

/** The package's data/, from the sources or from dist/ alike. */
export function defaultSeedDir(): string {
  return join(packageRoot(), 'data');
}

const APPEND_TABLES = [
  usersTable,
  attemptsTable,
  answersTable,
  presenceTable,
  auditTable,
  legacyScoresTable,
  identityTable,
] as const;

export class Database {
  private headTimer: NodeJS.Timeout | null = null;
  private durableHead: AuditHead = GENESIS_HEAD;
  private auditChain: AuditChain = new AuditChain(GENESIS_HEAD);
  private auditHeadFile!: RewriteFile;
  private constructor(
    readonly dir: string,
    readonly model: Model,
    private readonly logs: Record<string, AppendLog>,
    private readonly extras: ExtraColumns,
    private readonly writeRows: RowsWriter,
    private readonly fsync: boolean,
  ) {}

  /** Face enrolments (PROTOCOL.md 8 identity): templates on disk, never sent to a client. */
  enrolments!: EnrolmentStore;
  /** identity.csv rows per attempt: enrolments made in it and probe verdicts. */
  identityByAttempt = new Map<string, IdentityRow[]>();

  static async open(dir: string, opts: DatabaseOptions = {}): Promise<Database> {
    const fsync = opts.fsync ?? true;
    const warn = opts.warn ?? (() => {});
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await seedIfNew(dir, opts.seedDir ?? defaultSeedDir(), fsync);
    if (await upgradeAuditLog(dir, fsync))
      warn(`audit.csv: gave every row a sequence number and chain hash (written before the audit chain)`);

    // Read and check everything first: a malformed file stops start-up before any file changes.
    // Each file is streamed row by row into the model, in the order the checks need.
    const build = new ModelBuilder();
    let lastAudit: ChainedAuditRow | undefined;
    const identityByAttempt = new Map<string, IdentityRow[]>();
    const questions = await streamTable(join(dir, QUESTIONS_FILE), questionsTable, build.question);
    await streamTable(join(dir, EXAMS_FILE), examsTable, build.exam);
    const handlers: Record<string, RowHandler<never>> = {
      [usersTable.file]: build.user,
      [attemptsTable.file]: build.attempt,
      [answersTable.file]: build.answer,
      [presenceTable.file]: build.presenceRow,
      [auditTable.file]: (row: ChainedAuditRow) => {
        lastAudit = row;
      },
      [legacyScoresTable.file]: build.legacyScore,
      [identityTable.file]: (row: IdentityRow) => {
        const list = identityByAttempt.get(row.attemptId);
        if (list) list.push(row);
        else identityByAttempt.set(row.attemptId, [row]);
      },
    };
    const loaded = new Map<string, StreamedTable>();
    let resume: { offset: number; line: number } | null = null;
    for (const t of APPEND_TABLES) {
      if (t === presenceTable) {
        // The checkpoint covers most of presence.csv: only the rows after it are read.
        resume = await loadIndex(
          join(dir, PRESENCE_INDEX_FILE),
          join(dir, PRESENCE_FILE),
          build.model.attempts,
          warn,
          (path, onRow) => streamTable(path, presenceIndexTable, onRow),
        );
      }
      loaded.set(
        t.file,
        await streamTable(
          join(dir, t.file),
          t as TableSpec<never>,
          handlers[t.file],
          t === presenceTable ? (resume ?? undefined) : undefined,
        ),
      );
    }
    const model = build.finish();
    const extras: ExtraColumns = { names: extraColumnNames(questions.header), byId: build.extras };

    // Only now repair: drop torn last lines, give new logs their header.
    for (const t of APPEND_TABLES) {
      const file = join(dir, t.file);
      const table = loaded.get(t.file)!;
      if (table.torn) {
        warn(
          `${t.file}:${table.torn.line}: dropped a torn last line (a write cut short by a crash; it was never acknowledged)`,
        );
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
    const db = new Database(dir, model, logs, extras, opts.writeRows ?? writeRowsAtomic, fsync);
    db.enrolments = await EnrolmentStore.open(dir, { fsync, warn });
    db.identityByAttempt = identityByAttempt;
    // The chain continues from the last row on disk (store/audit.ts).
    db.auditChain = new AuditChain(lastAudit ? { seq: lastAudit.seq, chain: lastAudit.chain } : GENESIS_HEAD);
    db.durableHead = db.auditChain.head; // the rows just loaded are on disk
    // Not fsynced: after a crash it may lag behind audit.csv, which `audit verify` accepts (only a
    // log shorter than its head is an error); rewritten at most once a second, and at close.
    db.auditHeadFile = new RewriteFile(join(dir, AUDIT_HEAD_FILE), () => formatHead(db.durableHead), false);
    db.presenceLines = loaded.get(PRESENCE_FILE)!.lines || 1;
    db.coveredBytes = resume?.offset ?? 0;
    db.warn = warn;
    db.checkpointEvery = opts.checkpointEveryBytes ?? PRESENCE_LIMITS.snapshotEveryBytes;
    // A long replay (no usable checkpoint) is not repeated at the next start.
    if (loaded.get(PRESENCE_FILE)!.bytes - db.coveredBytes >= db.checkpointEvery) db.startCheckpoint();
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
  /**
   * Writes presence rows and keeps them in the attempt's memory in the same step, so the checkpoint
   * (which is memory) always describes exactly the rows on disk. `clock`: the rows were admitted by
   * the arrival rules (exam/presence-admit.ts) and carry their server time; without it they are
   * admitted here as one report, as at start-up.
   */
  appendPresence(rows: PresenceRow[], clock?: PresenceClock): Promise<void> {
    const log = this.logs[presenceTable.file];
    const a = rows.length > 0 ? this.model.attempts.get(rows[0].attemptId) : undefined;
    if (rows.length > 0 && (!a || rows.some((r) => r.attemptId !== a.attemptId))) {
      return Promise.reject(new Error('presence rows must belong to one known attempt'));
    }
    const replay = clock ? null : new PresenceReplay();
    const writes: Promise<void>[] = [];
    const start = log.queuedEnd;
    for (const r of rows) {
      const from = log.queuedEnd;
      writes.push(log.append(presenceRow(r)));
      replay?.add(a!, r, from, log.queuedEnd);
    }
    if (a && clock) {
      keepRows(a, rows as PlacedPresenceRow[], clock);
      noteDisk(a, start, log.queuedEnd);
    }
    replay?.flush();
    this.presenceLines += rows.length; // rows of append-only logs are one line each
    if (log.queuedEnd - this.coveredBytes >= this.checkpointEvery) this.startCheckpoint();
    return Promise.all(writes).then(() => {});
  }

  private startCheckpoint(): void {
    if (this.checkpointing) return;
    this.checkpointing = this.checkpoint().finally(() => {
      this.checkpointing = null;
    });
  }

  private presenceLines = 1;
  private checkpointEvery: number = PRESENCE_LIMITS.snapshotEveryBytes;
  private coveredBytes = 0;
  private checkpointing: Promise<void> | null = null;
  private warn: (line: string) => void = () => {};

  /**
   * Writes presence-index.csv: memory as it is at this instant, covering presence.csv up to what has
   * been appended so far; written once those bytes are durable, so it never covers a lost row.
   */
  private async checkpoint(): Promise<void> {
    const log = this.logs[presenceTable.file];
    const covered = { bytes: log.queuedEnd, lines: this.presenceLines };
    const rows = captureIndex(this.model.attempts.values(), covered);
    try {
      await log.flush();
      const path = join(this.dir, PRESENCE_FILE);
      await this.writeRows(join(this.dir, PRESENCE_INDEX_FILE), rows(await tailHash(path, covered.bytes)), {
        fsync: this.fsync,
      });
      this.coveredBytes = covered.bytes;
    } catch (err) {
      this.warn(
        `cannot write ${PRESENCE_INDEX_FILE} (${(err as Error).message}); the next start reads more of presence.csv`,
      );
    }
  }
  /** An attempt's stored presence events, from disk (store/presence-read.ts); waits for its writes. */
  async presenceEvents(a: AttemptState, limit: number, after?: number): Promise<PresencePage> {
    await a.presenceDurable.catch(() => {});
    return readPresence(join(this.dir, presenceTable.file), a.presenceDisk, a.attemptId, limit, after);
  }
  audit(r: AuditRow): Promise<void> {
    const done = this.logs[auditTable.file].append(this.auditChain.next(r));
    const head = this.auditChain.head;
    // audit.head may only name rows that are on disk (a longer head than the log reads as a cut-off log).
    done.then(
      () => {
        if (head.seq > this.durableHead.seq) this.durableHead = head;
      },
      () => {},
    );
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
  /** Stores identity rows (in memory at once, like presence) and resolves when they are durable. */
  appendIdentity(rows: IdentityRow[]): Promise<void> {
    const log = this.logs[identityTable.file];
    for (const r of rows) {
      const list = this.identityByAttempt.get(r.attemptId);
      if (list) list.push(r);
      else this.identityByAttempt.set(r.attemptId, [r]);
    }
    return Promise.all(rows.map((r) => log.append(identityRow(r)))).then(() => {});
  }
  appendLegacyScore(r: LegacyScoreRow): Promise<void> {
    this.model.legacyScores.push({ student: r.student, score: r.score });
    return this.logs[legacyScoresTable.file].append(legacyScoreRow(r));
  }
  private questionsQueue: Promise<unknown> = Promise.resolve();
  private examsQueue: Promise<unknown> = Promise.resolve();

  /**
   * Write first, then apply: `change` edits a copy of the bank, the copy is written to
   * questions.csv, and only once that is durable is `change` applied to the bank students draw from.
   * If the change throws or the write fails, memory and disk stay as they were. Changes run one at a
   * time, each on the result of the previous one, so `change` must decide from the map it is given
   * (a version check in it sees every earlier change). Resolves with what `change` returned.
   */
  changeQuestions<T>(change: (questions: Map<string, Question>) => T | Promise<T>): Promise<T> {
    const run = this.questionsQueue.then(async () => {
      const copy = new Map(this.model.questions);
      const result = await change(copy);
      await this.writeRows(join(this.dir, QUESTIONS_FILE), questionsCsvRows(copy.values(), this.extras), {
        fsync: this.fsync,
      });
      // A change may yield (a large import applies in chunks): students then draw from a bank with
      // part of it, each question whole; no other change runs in between (the queue).
      await change(this.model.questions);
      return result;
    });
    this.questionsQueue = run.catch(() => {});
    return run;
  }

  /** As changeQuestions, for exams.csv. */
  changeExams<T>(change: (exams: Map<string, ExamConfig>) => T): Promise<T> {
    const run = this.examsQueue.then(async () => {
      const copy = new Map(this.model.exams);
      const result = change(copy);
      await this.writeRows(join(this.dir, EXAMS_FILE), examsCsvRows(copy), { fsync: this.fsync });
      change(this.model.exams);
      return result;
    });
    this.examsQueue = run.catch(() => {});
    return run;
  }

  /** Older style: call after changing model.questions yourself; resolves once questions.csv holds it. */
  saveQuestions(): Promise<void> {
    return this.changeQuestions(() => {});
  }
  saveExams(): Promise<void> {
    return this.changeExams(() => {});
  }

  /** Resolves once every row appended so far is durable. */
  async flush(): Promise<void> {
    await Promise.all(Object.values(this.logs).map((l) => l.flush()));
  }

  async close(): Promise<void> {
    await Promise.all([this.questionsQueue, this.examsQueue, this.checkpointing]);
    // A clean stop leaves a checkpoint covering everything, so the next start reads no events.
    if (this.logs[presenceTable.file].queuedEnd > this.coveredBytes) await this.checkpoint();
    await Promise.all(Object.values(this.logs).map((l) => l.close()));
    if (this.headTimer) clearTimeout(this.headTimer);
    this.headTimer = null;
    await this.auditHeadFile.idle();
    await writeFileAtomic(join(this.dir, AUDIT_HEAD_FILE), formatHead(this.auditChain.head), { fsync: true }).catch(
      () => {},
    );
  }
}

async function seedIfNew(dir: string, seedDir: string, fsync: boolean): Promise<void> {
  // First start: no bank yet, so copy the sample bank and its exam settings.
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
    if (/\.tmp-(\d+|seed)$/.test(name) && (await stat(join(dir, name))).isFile())
      await rm(join(dir, name), { force: true });
  }
}
