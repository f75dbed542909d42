// Field rules checked before sending, so the user sees why at once. Every limit, pattern and rule is
// the contract's (protocol/contract/), the same the server enforces; the messages here only say
// them per field, in words that fit the form. The contract's own validator runs last, so the form
// never lets through what the server would refuse (client/state/validate-parity.test.ts).
import { passwordLength } from '../../protocol/contract/auth.js';
import { optionKey } from '../../protocol/contract/question-rules.js';
import { checkArgs } from '../../protocol/contract/validate.js';
import {
  COURSE_MAX,
  COURSE_RE,
  PASSWORD_MAX,
  PASSWORD_MIN,
  QUESTION_LIMITS,
  USERNAME_MAX,
  USERNAME_MIN,
  USERNAME_RE,
} from '../../protocol/contract/limits.js';
import { CHOICES, DIFFICULTIES, type Choice, type Difficulty, type Question } from '../../protocol/messages.js';

/** An option and a concept name (the contract's QUESTION_LIMITS). */
export const OPTION_MAX = QUESTION_LIMITS.optionMax;
export const CONCEPT_MAX = QUESTION_LIMITS.conceptMax;

export function usernameError(u: string): string | undefined {
  if (u.length < USERNAME_MIN || u.length > USERNAME_MAX)
    return `username: ${USERNAME_MIN}-${USERNAME_MAX} characters (${u.length} now)`;
  if (!USERNAME_RE.test(u)) return 'username: only letters, digits, _ . -';
  return undefined;
}

export function passwordError(p: string): string | undefined {
  // Characters as the server counts them (code points): an emoji is one, not two UTF-16 units.
  const n = passwordLength(p);
  if (n < PASSWORD_MIN) return `password: at least ${PASSWORD_MIN} characters (${n} now)`;
  if (n > PASSWORD_MAX) return `password: at most ${PASSWORD_MAX} characters`;
  return undefined;
}

export interface QuestionDraft {
  course: string;
  concept: string;
  difficulty: Difficulty;
  answer: Choice;
  text: string;
  options: string[]; // always 8 slots; empty ones at the end are unused
}

export type DraftField = 'course' | 'concept' | 'difficulty' | 'answer' | 'text' | `option${number}`;

/** The options the user filled, in order (trailing empty slots dropped). */
export function usedOptions(d: QuestionDraft): string[] {
  const opts = d.options.map((o) => o.trim());
  let n = opts.length;
  while (n > 0 && opts[n - 1] === '') n -= 1;
  return opts.slice(0, n);
}

/** The draft as questions.create sends it (and questions.update, with id and version). */
export function draftArgs(d: QuestionDraft): Omit<Question, 'id' | 'version'> {
  return {
    text: d.text.trim(),
    options: usedOptions(d),
    answer: d.answer,
    concept: d.concept.trim(),
    difficulty: d.difficulty,
    course: d.course.trim(),
  };
}

export function questionErrors(d: QuestionDraft): Partial<Record<DraftField, string>> {
  const e: Partial<Record<DraftField, string>> = {};
  const course = d.course.trim();
  if (course === '') e.course = 'course: required, e.g. DSA';
  else if (!COURSE_RE.test(course))
    e.course = `course: 1-${COURSE_MAX} letters, digits, space _ . -, starting with a letter or digit`;
  const concept = d.concept.trim();
  if (concept === '') e.concept = 'concept: required, e.g. Sorting';
  else if (concept.length > CONCEPT_MAX) e.concept = `concept: at most ${CONCEPT_MAX} characters`;
  const text = d.text.trim();
  if (text === '') e.text = 'question text: required';
  else if (text.length > QUESTION_LIMITS.textMax)
    e.text = `question text: at most ${QUESTION_LIMITS.textMax} characters`;
  if (!DIFFICULTIES.includes(d.difficulty)) e.difficulty = 'difficulty: Easy, Medium or Hard';
  const opts = usedOptions(d);
  opts.forEach((o, i) => {
    // The bank's CSV separates options with `|` (PROTOCOL.md 7), so one inside an option would split it.
    if (o === '') e[`option${i}`] = `option ${CHOICES[i]}: empty; fill it or remove the ones after it`;
    else if (o.includes('|')) e[`option${i}`] = `option ${CHOICES[i]}: may not contain |`;
    else if (o.length > OPTION_MAX)
      e[`option${i}`] = `option ${CHOICES[i]}: at most ${OPTION_MAX} characters (${o.length} now)`;
    else {
      // The contract's rule: two options that read the same leave no single right answer.
      const first = opts.findIndex((p) => optionKey(p) === optionKey(o));
      if (first < i)
        e[`option${i}`] = `option ${CHOICES[i]}: same as option ${CHOICES[first]}; make each option different`;
    }
  });
  if (opts.length < QUESTION_LIMITS.optionsMin) e.option1 = e.option1 ?? 'options: at least A and B';
  const idx = CHOICES.indexOf(d.answer);
  // With fewer than two options the options error says what to do; "pick A-A" helped nobody.
  if (idx >= opts.length && opts.length >= QUESTION_LIMITS.optionsMin)
    e.answer = `answer: ${d.answer} has no option; pick A-${CHOICES[opts.length - 1]}`;
  if (Object.keys(e).length === 0) {
    // Whatever the contract refuses that the lines above did not name, on the field it names.
    const r = checkArgs('questions.create', draftArgs(d));
    if (!r.ok) e[fieldOf(r.message)] = r.message;
  }
  return e;
}

function fieldOf(message: string): DraftField {
  const named = /^'(course|concept|difficulty|answer|text)'/.exec(message)?.[1] as DraftField | undefined;
  return named ?? 'text';
}
