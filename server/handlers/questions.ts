// questions.* (PROTOCOL.md 6): admins edit the bank. Every edit names the version it edits, so of two
// admins editing one question the second gets CONFLICT and nothing is silently overwritten.
import { AppError } from '../../protocol/errors.js';
import { CHOICES, DIFFICULTIES, type Question } from '../../protocol/messages.js';
import type { App, RequestContext } from '../app.js';
import { QUESTION_LIMITS } from '../limits.js';
import { formatExportCsv } from '../store/csv.js';
import { parseQuestionImport } from '../store/question-import.js';
import { duplicateOption, QUESTION_HEADER, questionProblem, type QuestionFields } from '../store/questions.js';
import { bad, bool, int, list, oneOf, str, type Args } from '../validate.js';
import { courseArg } from './courses.js';

export function optionalCourse(args: Args): { course?: string } {
  return args.course === undefined || args.course === null ? {} : { course: courseArg(args) };
}

export function questionFields(args: Args): QuestionFields {
  const options = list(args, 'options', QUESTION_LIMITS.optionsMin, QUESTION_LIMITS.optionsMax).map((o) => {
    if (typeof o !== 'string') throw bad("'options' must be strings.");
    return o.trim();
  });
  // Trimmed as questions.csv is read back (store/questions.ts), so a restart never changes a question.
  const fields: QuestionFields = {
    text: str(args, 'text', { max: QUESTION_LIMITS.textMax }).trim(),
    options,
    answer: oneOf(args, 'answer', CHOICES),
    concept: str(args, 'concept', { max: QUESTION_LIMITS.conceptMax }).trim(),
    difficulty: oneOf(args, 'difficulty', DIFFICULTIES),
    course: courseArg(args),
  };
  const problem = questionProblem(fields) ?? duplicateOption(fields.options);
  if (problem) throw bad(`Question: ${problem}.`);
  return fields;
}

export function idVersion(args: Args): { id: string; version: number } {
  return { id: str(args, 'id', { max: 64 }), version: int(args, 'version', 1, Number.MAX_SAFE_INTEGER) };
}

function byCourse(app: App, course?: string): Question[] {
  return [...app.db.model.questions.values()].filter((q) => course === undefined || q.course === course);
}

export function listQuestions(args: { course?: string }, { app }: RequestContext): Question[] {
  return byCourse(app, args.course).map((q) => ({ ...q, options: q.options.slice() }));
}

async function persist(ctx: RequestContext, action: string, target: string, detail = ''): Promise<void> {
  const { app, session, address } = ctx;
  await Promise.all([app.db.saveQuestions(), app.db.audit({ at: app.now(), actor: session.username ?? '', address, action, target, detail })]);
}

export async function createQuestion(args: QuestionFields, ctx: RequestContext): Promise<Question> {
  const q: Question = { id: ctx.app.db.nextQuestionId(), ...args, version: 1 };
  ctx.app.db.model.questions.set(q.id, q);
  await persist(ctx, 'questions.create', q.id);
  return { ...q };
}

function current(app: App, id: string, version: number): Question {
  const q = app.db.model.questions.get(id);
  if (!q) throw new AppError('NOT_FOUND', `Question '${id}' does not exist (deleted?); reload the list.`);
  if (q.version !== version) {
    throw new AppError('CONFLICT', `Question '${id}' was changed by someone else (now version ${q.version}, you edited ${version}); reload it and edit again.`);
  }
  return q;
}

export async function updateQuestion(args: QuestionFields & { id: string; version: number }, ctx: RequestContext): Promise<Question> {
  const old = current(ctx.app, args.id, args.version);
  const { id, version, ...fields } = args;
  const q: Question = { ...old, ...fields, id, version: version + 1 };
  ctx.app.db.model.questions.set(id, q);
  await persist(ctx, 'questions.update', id, `version ${q.version}`);
  return { ...q };
}

export async function deleteQuestion(args: { id: string; version: number }, ctx: RequestContext) {
  current(ctx.app, args.id, args.version);
  ctx.app.db.model.questions.delete(args.id);
  await persist(ctx, 'questions.delete', args.id, `version ${args.version}`);
  return {};
}

/**
 * Import options (feature `import-preview`, docs/protocol.md): `dryRun` answers what the import
 * would do and changes nothing; `allOrNothing` applies no row when any row has an error. Both
 * absent: the 1.0 behaviour, good rows apply and bad ones are reported.
 */
export interface ImportOptions { dryRun?: boolean; allOrNothing?: boolean }

export function importArgs(args: Args): { csv: string } & ImportOptions {
  const flag = (k: 'dryRun' | 'allOrNothing') => (args[k] === undefined || args[k] === null ? {} : { [k]: bool(args, k) });
  return { csv: str(args, 'csv', { min: 0, max: QUESTION_LIMITS.importCsvMax }), ...flag('dryRun'), ...flag('allOrNothing') };
}

/** Applies parsed rows: a known ID is updated (new version) when it differs, anything else is created. */
export function applyImport(app: App, csv: string, opts: ImportOptions = {}) {
  const { rows, errors } = parseQuestionImport(csv);
  // Plan first, so a dry run or a refused all-or-nothing import touches nothing.
  const plan: { id: string; fields: QuestionFields; old?: Question }[] = [];
  for (const { id, fields } of rows) {
    const old = id === '' ? undefined : app.db.model.questions.get(id);
    if (old && JSON.stringify({ ...old, id: 0, version: 0 }) === JSON.stringify({ ...old, ...fields, id: 0, version: 0 })) continue;
    plan.push({ id, fields, old });
  }
  const apply = !opts.dryRun && !(opts.allOrNothing && errors.length > 0);
  const asked = opts.dryRun !== undefined || opts.allOrNothing !== undefined ? { applied: apply } : {};
  if (!apply && !opts.dryRun) return { created: 0, updated: 0, errors, ...asked };
  let created = 0;
  let updated = 0;
  for (const { id, fields, old } of plan) {
    if (old) {
      if (apply) app.db.model.questions.set(id, { ...old, ...fields, version: old.version + 1 });
      updated++;
    } else {
      if (apply) {
        const newId = id === '' ? app.db.nextQuestionId() : id;
        app.db.model.questions.set(newId, { id: newId, ...fields, version: 1 });
      }
      created++;
    }
  }
  return { created, updated, errors, ...asked };
}

export async function importQuestions(args: { csv: string } & ImportOptions, ctx: RequestContext) {
  const { csv, ...opts } = args;
  const result = applyImport(ctx.app, csv, opts);
  if (result.applied === false) return result; // nothing changed: nothing to write or audit
  await persist(ctx, 'questions.import', '', `created ${result.created}, updated ${result.updated}, errors ${result.errors.length}`);
  return result;
}

export function exportQuestions(args: { course?: string }, { app }: RequestContext) {
  const rows = byCourse(app, args.course).map((q) => [q.id, q.text, q.options.join('|'), q.answer, q.concept, q.difficulty, q.course, q.version]);
  return { csv: formatExportCsv([...QUESTION_HEADER, 'Version'], rows) };
}
