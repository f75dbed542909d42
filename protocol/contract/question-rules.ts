// Rules of a question's fields that a schema cannot express, shared by questions.create/update
// (both sides), questions.import and questions.csv loading (server/store/questions.ts).
import { CHOICES, DIFFICULTIES, type Choice, type Difficulty } from './fields.js';
import { COURSE_MAX, COURSE_RE, QUESTION_LIMITS } from './limits.js';

export interface QuestionFields {
  text: string;
  options: string[];
  answer: Choice;
  concept: string;
  difficulty: Difficulty;
  course: string;
}

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
  if (q.concept.trim() === '' || q.concept.length > QUESTION_LIMITS.conceptMax)
    return `concept must be 1-${QUESTION_LIMITS.conceptMax} characters`;
  if (!DIFFICULTIES.includes(q.difficulty)) return 'difficulty must be Easy, Medium or Hard';
  if (!COURSE_RE.test(q.course)) return `course must be 1-${COURSE_MAX} letters, digits, spaces, _ . -`;
  return null;
}

/** How two options are compared: case and runs of spaces aside. */
export const optionKey = (o: string): string => o.trim().replace(/\s+/g, ' ').toLowerCase();

/**
 * Two options that read the same (case and spacing aside) make a question with no single right
 * answer. Checked for new and edited questions and imports, not when questions.csv is loaded, so
 * an older bank that has such a question still starts.
 */
export function duplicateOption(options: readonly string[]): string | null {
  const seen = new Map<string, number>();
  for (const [i, o] of options.entries()) {
    const key = optionKey(o);
    const first = seen.get(key);
    if (first !== undefined)
      return `option ${CHOICES[i]} repeats option ${CHOICES[first]} ('${o.trim().slice(0, 20)}')`;
    seen.set(key, i);
  }
  return null;
}

/** questions.create / questions.update: both rules, as the refusal's one line. */
export function questionCheck(q: QuestionFields): string | null {
  const problem = questionProblem(q) ?? duplicateOption(q.options);
  return problem ? `Question: ${problem}.` : null;
}

/** Trims as questions.csv is read back (server/store/questions.ts), so a restart never changes a question. */
export const trimQuestion = Object.assign(
  (args: Record<string, unknown>): Record<string, unknown> => {
    const out = { ...args };
    for (const k of ['text', 'concept', 'course']) if (typeof out[k] === 'string') out[k] = (out[k] as string).trim();
    if (Array.isArray(out.options)) out.options = out.options.map((o) => (typeof o === 'string' ? o.trim() : o));
    return out;
  },
  { doc: '`text`, `concept`, `course` and each option trimmed of surrounding spaces' },
);
