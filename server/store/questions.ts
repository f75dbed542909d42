// questions.csv: the bank. Keeps the original header (PROTOCOL.md 7) plus Version. Rewritten
// atomically on every edit. The row and field rules here also serve questions.import and
// import-legacy, which report per-line errors instead of refusing the whole file.
import { CHOICES, DIFFICULTIES, type Choice, type Difficulty, type Question } from '../../protocol/messages.js';
import { questionProblem } from '../../protocol/contract/question-rules.js';
import { formatRow } from './csv.js';
import { intField, RowError, type TableSpec } from './load.js';

export const QUESTION_HEADER = ['ID', 'Text', 'Options', 'CorrectAnswer', 'Concept', 'Difficulty', 'Course'] as const;
export const QUESTIONS_FILE = 'questions.csv';
const HEADER_WITH_VERSION = [...QUESTION_HEADER, 'Version'];

export type QuestionFields = Omit<Question, 'id' | 'version'>;

// The field rules are the contract's, so questions.create/update on both sides, import and the
// bank loaded at start agree (protocol/contract/question-rules.ts).
export { duplicateOption, questionProblem } from '../../protocol/contract/question-rules.js';

/** Reads CorrectAnswer as a letter, or (legacy banks) the text of exactly one option. */
export function parseAnswer(value: string, options: string[]): Choice | null {
  const v = value.trim();
  const letter = v.toUpperCase();
  if ((CHOICES as readonly string[]).includes(letter) && CHOICES.indexOf(letter as Choice) < options.length)
    return letter as Choice;
  const matches = options.flatMap((o, i) => (o.trim() === v ? [i] : []));
  return matches.length === 1 ? CHOICES[matches[0]] : null;
}

export function parseDifficulty(value: string): Difficulty | null {
  const v = value.trim().toLowerCase();
  return DIFFICULTIES.find((d) => d.toLowerCase() === v) ?? null;
}

/** One questions.csv row (by header name) to fields; throws RowError with the reason. */
export function questionFromColumns(col: (name: string) => string): { id: string; fields: QuestionFields } {
  const options = col('Options')
    .split('|')
    .map((o) => o.trim());
  const answer = parseAnswer(col('CorrectAnswer'), options);
  if (!answer) {
    const letter = col('CorrectAnswer').trim().toUpperCase();
    if ((CHOICES as readonly string[]).includes(letter) && options.length >= 1)
      throw new RowError(
        `CorrectAnswer '${letter}' is beyond the ${options.length} options (A-${CHOICES[Math.min(options.length, CHOICES.length) - 1]})`,
      );
    throw new RowError(
      `CorrectAnswer '${col('CorrectAnswer')}' is neither a letter of an option nor one option's text`,
    );
  }
  const difficulty = parseDifficulty(col('Difficulty'));
  if (!difficulty) throw new RowError(`Difficulty must be Easy, Medium or Hard, got '${col('Difficulty')}'`);
  const fields: QuestionFields = {
    text: col('Text').trim(),
    options,
    answer,
    concept: col('Concept').trim(),
    difficulty,
    course: col('Course').trim(),
  };
  const problem = questionProblem(fields);
  if (problem) throw new RowError(problem);
  return { id: col('ID').trim(), fields };
}

/**
 * Columns an instructor added to questions.csv beyond ours (PROTOCOL.md 7: extra columns may
 * follow), kept per question ID so that rewriting the file after an edit never drops them.
 */
export interface ExtraColumns {
  names: string[];
  byId: Map<string, Record<string, string>>;
}

export const questionsTable: TableSpec<{ question: Question; extra: Record<string, string> }> = {
  file: QUESTIONS_FILE,
  header: QUESTION_HEADER,
  appendOnly: false,
  extraColumns: true,
  parse(_cells, col, names) {
    const { id, fields } = questionFromColumns(col);
    if (id === '') throw new RowError('ID is empty');
    const version = col('Version') === '' ? 1 : intField(col('Version'), 'Version', 1);
    // No prototype: a column an instructor named `__proto__` is a cell like any other.
    const extra: Record<string, string> = Object.create(null) as Record<string, string>;
    for (const name of extraColumnNames(names)) extra[name] = col(name);
    return { question: { id, ...fields, version }, extra };
  },
};

export function extraColumnNames(names: readonly string[]): string[] {
  return names.filter((n) => n !== '' && !HEADER_WITH_VERSION.includes(n));
}

export function renderQuestionsCsv(questions: Iterable<Question>, extras: ExtraColumns): string {
  let out = '';
  for (const row of questionsCsvRows(questions, extras)) out += formatRow(row);
  return out;
}

/** questions.csv as rows, for the chunked rewrite (store/rewrite-rows.ts); same content as renderQuestionsCsv. */
export function* questionsCsvRows(questions: Iterable<Question>, extras: ExtraColumns): Generator<(string | number)[]> {
  yield [...HEADER_WITH_VERSION, ...extras.names];
  for (const q of questions) {
    const extra = extras.byId.get(q.id);
    yield [
      q.id,
      q.text,
      q.options.join('|'),
      q.answer,
      q.concept,
      q.difficulty,
      q.course,
      q.version,
      ...extras.names.map((n) => (extra && Object.hasOwn(extra, n) ? extra[n] : '')),
    ];
  }
}
