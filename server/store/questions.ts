// questions.csv: the bank. Keeps the original header (PROTOCOL.md 7) plus Version. Rewritten
// atomically on every edit. The row and field rules here also serve questions.import and
// import-legacy, which report per-line errors instead of refusing the whole file.
import { CHOICES, DIFFICULTIES, type Choice, type Difficulty, type Question } from '../../protocol/messages.js';
import { COURSE_RE, QUESTION_LIMITS } from '../limits.js';
import { formatRow } from './csv.js';
import { intField, RowError, type TableSpec } from './load.js';

export const QUESTION_HEADER = ['ID', 'Text', 'Options', 'CorrectAnswer', 'Concept', 'Difficulty', 'Course'] as const;
export const QUESTIONS_FILE = 'questions.csv';
const HEADER_WITH_VERSION = [...QUESTION_HEADER, 'Version'];

export type QuestionFields = Omit<Question, 'id' | 'version'>;

/** Checks the fields of a question; returns a one-line reason or null. */
export function questionProblem(q: QuestionFields): string | null {
  if (q.text.trim() === '') return 'text is empty';
  if (q.text.length > QUESTION_LIMITS.textMax) return `text is longer than ${QUESTION_LIMITS.textMax} characters`;
  if (q.options.length < QUESTION_LIMITS.optionsMin || q.options.length > QUESTION_LIMITS.optionsMax) {
    return `a question needs ${QUESTION_LIMITS.optionsMin} to ${QUESTION_LIMITS.optionsMax} options, got ${q.options.length}`;
  }
  for (const o of q.options) {
    if (o.trim() === '') return 'an option is empty';
    if (o.includes('|')) return "an option contains '|', which questions.csv uses to separate options";
    if (o.length > QUESTION_LIMITS.optionMax) return `an option is longer than ${QUESTION_LIMITS.optionMax} characters`;
  }
  const index = CHOICES.indexOf(q.answer);
  if (index === -1 || index >= q.options.length) return `answer must be a letter A..${CHOICES[q.options.length - 1]}`;
  if (q.concept.trim() === '' || q.concept.length > QUESTION_LIMITS.conceptMax) return `concept must be 1-${QUESTION_LIMITS.conceptMax} characters`;
  if (!DIFFICULTIES.includes(q.difficulty)) return 'difficulty must be Easy, Medium or Hard';
  if (!COURSE_RE.test(q.course)) return 'course must be 1-32 letters, digits, spaces, _ . -';
  return null;
}

/**
 * Two options that read the same (case and spacing aside) make a question with no single right
 * answer. Checked for new and edited questions and imports, not when questions.csv is loaded, so
 * an older bank that has such a question still starts.
 */
export function duplicateOption(options: readonly string[]): string | null {
  const seen = new Map<string, number>();
  for (const [i, o] of options.entries()) {
    const key = o.trim().replace(/\s+/g, ' ').toLowerCase();
    const first = seen.get(key);
    if (first !== undefined) return `option ${CHOICES[i]} repeats option ${CHOICES[first]} ('${o.trim().slice(0, 20)}')`;
    seen.set(key, i);
  }
  return null;
}

/** Reads CorrectAnswer as a letter, or (legacy banks) the text of exactly one option. */
export function parseAnswer(value: string, options: string[]): Choice | null {
  const v = value.trim();
  const letter = v.toUpperCase();
  if ((CHOICES as readonly string[]).includes(letter) && CHOICES.indexOf(letter as Choice) < options.length) return letter as Choice;
  const matches = options.flatMap((o, i) => (o.trim() === v ? [i] : []));
  return matches.length === 1 ? CHOICES[matches[0]] : null;
}

export function parseDifficulty(value: string): Difficulty | null {
  const v = value.trim().toLowerCase();
  return DIFFICULTIES.find((d) => d.toLowerCase() === v) ?? null;
}

/** One questions.csv row (by header name) to fields; throws RowError with the reason. */
export function questionFromColumns(col: (name: string) => string): { id: string; fields: QuestionFields } {
  const options = col('Options').split('|').map((o) => o.trim());
  const answer = parseAnswer(col('CorrectAnswer'), options);
  if (!answer) {
    const letter = col('CorrectAnswer').trim().toUpperCase();
    if ((CHOICES as readonly string[]).includes(letter) && options.length >= 1) throw new RowError(`CorrectAnswer '${letter}' is beyond the ${options.length} options (A-${CHOICES[Math.min(options.length, CHOICES.length) - 1]})`);
    throw new RowError(`CorrectAnswer '${col('CorrectAnswer')}' is neither a letter of an option nor one option's text`);
  }
  const difficulty = parseDifficulty(col('Difficulty'));
  if (!difficulty) throw new RowError(`Difficulty must be Easy, Medium or Hard, got '${col('Difficulty')}'`);
  const fields: QuestionFields = { text: col('Text').trim(), options, answer, concept: col('Concept').trim(), difficulty, course: col('Course').trim() };
  const problem = questionProblem(fields);
  if (problem) throw new RowError(problem);
  return { id: col('ID').trim(), fields };
}

/**
 * Columns an instructor added to questions.csv beyond ours (PROTOCOL.md 7: extra columns may
 * follow), kept per question ID so that rewriting the file after an edit never drops them.
 */
export interface ExtraColumns { names: string[]; byId: Map<string, Record<string, string>> }

export const questionsTable: TableSpec<{ question: Question; extra: Record<string, string> }> = {
  file: QUESTIONS_FILE,
  header: QUESTION_HEADER,
  appendOnly: false,
  extraColumns: true,
  parse(_cells, col, names) {
    const { id, fields } = questionFromColumns(col);
    if (id === '') throw new RowError('ID is empty');
    const version = col('Version') === '' ? 1 : intField(col('Version'), 'Version', 1);
    const extra: Record<string, string> = {};
    for (const name of extraColumnNames(names)) extra[name] = col(name);
    return { question: { id, ...fields, version }, extra };
  },
};

export function extraColumnNames(names: readonly string[]): string[] {
  return names.filter((n) => n !== '' && !HEADER_WITH_VERSION.includes(n));
}

export function renderQuestionsCsv(questions: Iterable<Question>, extras: ExtraColumns): string {
  let out = formatRow([...HEADER_WITH_VERSION, ...extras.names]);
  for (const q of questions) {
    const extra = extras.byId.get(q.id);
    out += formatRow([q.id, q.text, q.options.join('|'), q.answer, q.concept, q.difficulty, q.course, q.version, ...extras.names.map((n) => extra?.[n] ?? '')]);
  }
  return out;
}

/** questions.csv as rows, for the chunked rewrite (store/rewrite-rows.ts); same content as renderQuestionsCsv. */
export function* questionsCsvRows(questions: Iterable<Question>, extras: ExtraColumns): Generator<(string | number)[]> {
  yield [...HEADER_WITH_VERSION, ...extras.names];
  for (const q of questions) {
    const extra = extras.byId.get(q.id);
    yield [q.id, q.text, q.options.join('|'), q.answer, q.concept, q.difficulty, q.course, q.version, ...extras.names.map((n) => extra?.[n] ?? '')];
  }
}
