// questions.* (PROTOCOL.md 6): admins edit the bank. Every edit names the version it edits, so of two
// admins editing one question the second gets CONFLICT and nothing is silently overwritten.
// Arguments arrive checked and trimmed by the contract (protocol/contract/bank.ts), so a restart,
// which reads questions.csv back trimmed, never changes a question.
import type { ArgsOf } from '../../protocol/contract/index.js';
import { AppError } from '../../protocol/errors.js';
import type { Question } from '../../protocol/messages.js';
import type { App, RequestContext } from '../app.js';
import { PAGING_LIMITS } from '../limits.js';
import { pageOf, slicePage, yieldToOthers } from './paging.js';
import { formatExportCsv } from '../store/csv.js';
import { parseQuestionImport, parseQuestionImportChunked, type ImportRow } from '../store/question-import.js';
import { QUESTION_HEADER, type QuestionFields } from '../store/questions.js';

function byCourse(app: App, course?: string): Question[] {
  return [...app.db.model.questions.values()].filter((q) => course === undefined || q.course === course);
}

/** Paged (docs/protocol.md "Paging"): {questions, cursor?}; without paging arguments the 1.0 list. */
export function listQuestions(args: ArgsOf<'questions.list'>, { app }: RequestContext) {
  const copy = (q: Question) => ({ ...q, options: q.options.slice() });
  const page = pageOf(args);
  if (!page) return byCourse(app, args.course).map(copy);
  const { items, cursor } = slicePage(byCourse(app, args.course), page, questionBytes);
  return cursor === undefined ? { questions: items.map(copy) } : { questions: items.map(copy), cursor };
}

/** About the encoded size of a question, to keep a page under PAGING_LIMITS.pageBytes. */
function questionBytes(q: Question): number {
  let n = 64 + q.id.length + q.text.length + q.concept.length + q.course.length;
  for (const o of q.options) n += o.length + 2;
  return n * 2; // characters may take more than one byte
}

function audit(ctx: RequestContext, action: string, target: string, detail = ''): Promise<void> {
  const { app, session, address } = ctx;
  return app.db.audit({ at: app.now(), actor: session.username ?? '', address, action, target, detail });
}

/** Highest numeric ID + 1 (the original banks number their questions). */
function nextId(questions: Map<string, Question>): number {
  let max = 0;
  for (const id of questions.keys()) if (/^\d+$/.test(id)) max = Math.max(max, Number(id));
  return max + 1;
}

// Every edit goes through db.changeQuestions: written to questions.csv first, applied to the bank
// students draw from only once that is durable, so a failed write leaves both as they were.
export async function createQuestion(args: QuestionFields, ctx: RequestContext): Promise<Question> {
  const q = await ctx.app.db.changeQuestions((bank) => {
    const created: Question = { id: String(nextId(bank)), ...args, version: 1 };
    bank.set(created.id, created);
    return created;
  });
  await audit(ctx, 'questions.create', q.id);
  return { ...q };
}

function current(questions: Map<string, Question>, id: string, version: number): Question {
  const q = questions.get(id);
  if (!q) throw new AppError('NOT_FOUND', `Question '${id}' does not exist (deleted?); reload the list.`);
  if (q.version !== version) {
    throw new AppError(
      'CONFLICT',
      `Question '${id}' was changed by someone else (now version ${q.version}, you edited ${version}); reload it and edit again.`,
    );
  }
  return q;
}

export async function updateQuestion(args: ArgsOf<'questions.update'>, ctx: RequestContext): Promise<Question> {
  const { id, version, ...fields } = args;
  current(ctx.app.db.model.questions, id, version); // fail fast; checked again in order below
  const q = await ctx.app.db.changeQuestions((bank) => {
    const updated: Question = { ...current(bank, id, version), ...fields, id, version: version + 1 };
    bank.set(id, updated);
    return updated;
  });
  await audit(ctx, 'questions.update', id, `version ${q.version}`);
  return { ...q };
}

export async function deleteQuestion(args: ArgsOf<'questions.delete'>, ctx: RequestContext) {
  current(ctx.app.db.model.questions, args.id, args.version);
  await ctx.app.db.changeQuestions((bank) => {
    current(bank, args.id, args.version);
    bank.delete(args.id);
  });
  await audit(ctx, 'questions.delete', args.id, `version ${args.version}`);
  return {};
}

/**
 * Import options (feature `import-preview`, docs/protocol.md): `dryRun` answers what the import
 * would do and changes nothing; `allOrNothing` applies no row when any row has an error. Both
 * absent: the 1.0 behaviour, good rows apply and bad ones are reported.
 */
export type ImportOptions = Omit<ArgsOf<'questions.import'>, 'csv'>;

/**
 * Applies parsed rows to `bank`: a known ID is updated (new version) when it differs, anything else
 * is created. New IDs come from one counter started at the highest numeric ID, so an import of n rows
 * costs O(bank + n), not a scan of the bank per row.
 */
export function applyRows(bank: Map<string, Question>, rows: ImportRow[]) {
  return applyRowsFrom(bank, rows, null) as { created: number; updated: number };
}

/** applyRows, awaiting `pause` every PAGING_LIMITS.chunkRows rows when given. */
function applyRowsFrom(
  bank: Map<string, Question>,
  rows: ImportRow[],
  pause: (() => Promise<void>) | null,
): { created: number; updated: number } | Promise<{ created: number; updated: number }> {
  const state = {
    created: 0,
    updated: 0,
    next: nextId(bank),
    named: new Set(rows.flatMap((r) => (r.id === '' ? [] : [r.id]))),
  };
  if (!pause) {
    for (const row of rows) applyRow(bank, row, state);
    return { created: state.created, updated: state.updated };
  }
  return (async () => {
    for (let i = 0; i < rows.length; i++) {
      if (i > 0 && i % PAGING_LIMITS.chunkRows === 0) await pause();
      applyRow(bank, rows[i], state);
    }
    return { created: state.created, updated: state.updated };
  })();
}

function applyRow(
  bank: Map<string, Question>,
  { id, fields }: ImportRow,
  state: { created: number; updated: number; next: number; named: Set<string> },
): void {
  const old = id === '' ? undefined : bank.get(id);
  if (old) {
    const same =
      JSON.stringify({ ...old, id: 0, version: 0 }) === JSON.stringify({ ...old, ...fields, id: 0, version: 0 });
    if (same) return;
    bank.set(id, { ...old, ...fields, version: old.version + 1 });
    state.updated++;
    return;
  }
  let newId = id;
  if (newId === '') {
    // IDs the file names itself are never handed to its rows without one.
    while (bank.has(String(state.next)) || state.named.has(String(state.next))) state.next++;
    newId = String(state.next++);
  } else if (/^\d+$/.test(newId)) {
    state.next = Math.max(state.next, Number(newId) + 1);
  }
  bank.set(newId, { id: newId, ...fields, version: 1 });
  state.created++;
}

/** For callers that edit memory and save themselves (import-legacy, offline). */
export function applyImport(app: App, csv: string) {
  const { rows, errors } = parseQuestionImport(csv);
  return { ...applyRows(app.db.model.questions, rows), errors };
}

export async function importQuestions(args: ArgsOf<'questions.import'>, ctx: RequestContext) {
  const { rows, errors } = await parseQuestionImportChunked(args.csv, PAGING_LIMITS.chunkRows, yieldToOthers);
  const asked = args.dryRun !== undefined || args.allOrNothing !== undefined;
  // A dry run counts on a copy of the bank (applyRow only ever sets new objects): nothing is
  // written or audited, and students keep drawing from the bank as it is.
  if (args.dryRun)
    return {
      ...(await applyRowsFrom(new Map(ctx.app.db.model.questions), rows, yieldToOthers)),
      errors,
      applied: false,
    };
  if (args.allOrNothing && errors.length > 0) return { created: 0, updated: 0, errors, applied: false };
  const counts = await ctx.app.db.changeQuestions((bank) => applyRowsFrom(bank, rows, yieldToOthers));
  const result = { ...counts, errors, ...(asked ? { applied: true } : {}) };
  await audit(
    ctx,
    'questions.import',
    '',
    `created ${result.created}, updated ${result.updated}, errors ${result.errors.length}`,
  );
  return result;
}

/** Paged (docs/protocol.md "Paging"): the header only on the first page, so pages concatenate. */
export async function exportQuestions(args: ArgsOf<'questions.export'>, { app }: RequestContext) {
  const all = byCourse(app, args.course);
  const page = pageOf(args);
  const { items, cursor } = page ? slicePage(all, page, questionBytes) : { items: all, cursor: undefined };
  let csv = page && page.offset > 0 ? '' : formatExportCsv([...QUESTION_HEADER, 'Version'], []);
  for (let i = 0; i < items.length; i += PAGING_LIMITS.chunkRows) {
    // Rendered in chunks: a large export never holds the event loop from students' answers.
    if (i > 0) await yieldToOthers();
    const rows = items
      .slice(i, i + PAGING_LIMITS.chunkRows)
      .map((q) => [q.id, q.text, q.options.join('|'), q.answer, q.concept, q.difficulty, q.course, q.version]);
    const chunk = formatExportCsv([], rows);
    csv += chunk.slice(chunk.indexOf('\n') + 1); // formatExportCsv always starts with a header line
  }
  return cursor === undefined ? { csv } : { csv, cursor };
}
