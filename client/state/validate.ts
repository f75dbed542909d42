// Field rules of PROTOCOL.md 6, checked before sending so the user sees why at once.
import { CHOICES, DIFFICULTIES, type Choice, type Difficulty } from '../../protocol/messages.js';

/** The server's QUESTION_LIMITS (server/limits.ts): an option and a concept name. */
export const OPTION_MAX = 500;
export const CONCEPT_MAX = 64;

export function usernameError(u: string): string | undefined {
  if (u.length < 3 || u.length > 32) return 'username: 3-32 characters';
  if (!/^[A-Za-z0-9_.-]+$/.test(u)) return 'username: only letters, digits, _ . -';
  return undefined;
}

export function passwordError(p: string): string | undefined {
  // Characters as the server counts them (code points): an emoji is one, not two UTF-16 units.
  const n = [...p].length;
  if (n < 8) return `password: at least 8 characters (${n} now)`;
  if (n > 128) return 'password: at most 128 characters';
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

export function questionErrors(d: QuestionDraft): Partial<Record<DraftField, string>> {
  const e: Partial<Record<DraftField, string>> = {};
  if (d.course.trim() === '') e.course = 'course: required, e.g. DSA';
  // The server's COURSE_RE (PROTOCOL.md 6 leaves course names to the server): first a letter or digit.
  else if (!/^[A-Za-z0-9][A-Za-z0-9 _.-]{0,31}$/.test(d.course.trim())) e.course = 'course: 1-32 letters, digits, space _ . -, starting with a letter or digit';
  if (d.concept.trim() === '') e.concept = 'concept: required, e.g. Sorting';
  else if (d.concept.trim().length > CONCEPT_MAX) e.concept = `concept: at most ${CONCEPT_MAX} characters`;
  if (d.text.trim() === '') e.text = 'question text: required';
  else if (d.text.length > 2000) e.text = 'question text: at most 2000 characters';
  if (!DIFFICULTIES.includes(d.difficulty)) e.difficulty = 'difficulty: Easy, Medium or Hard';
  const opts = usedOptions(d);
  opts.forEach((o, i) => {
    // The bank's CSV separates options with `|` (PROTOCOL.md 7), so one inside an option would split it.
    if (o === '') e[`option${i}`] = `option ${CHOICES[i]}: empty; fill it or remove the ones after it`;
    else if (o.includes('|')) e[`option${i}`] = `option ${CHOICES[i]}: may not contain |`;
    else if (o.length > OPTION_MAX) e[`option${i}`] = `option ${CHOICES[i]}: at most ${OPTION_MAX} characters (${o.length} now)`;
    else {
      // Same rule as the server: two options that read the same leave no single right answer.
      const first = opts.findIndex((p) => p.replace(/\s+/g, ' ').toLowerCase() === o.replace(/\s+/g, ' ').toLowerCase());
      if (first < i) e[`option${i}`] = `option ${CHOICES[i]}: same as option ${CHOICES[first]}; make each option different`;
    }
  });
  if (opts.length < 2) e.option1 = e.option1 ?? 'options: at least A and B';
  const idx = CHOICES.indexOf(d.answer);
  // With fewer than two options the options error says what to do; "pick A-A" helped nobody.
  if (idx >= opts.length && opts.length >= 2) e.answer = `answer: ${d.answer} has no option; pick A-${CHOICES[opts.length - 1]}`;
  return e;
}
