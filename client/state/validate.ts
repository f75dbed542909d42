// Field rules of PROTOCOL.md 6, checked before sending so the user sees why at once.
import { CHOICES, DIFFICULTIES, type Choice, type Difficulty } from '../../protocol/messages.js';

export function usernameError(u: string): string | undefined {
  if (u.length < 3 || u.length > 32) return 'username: 3-32 characters';
  if (!/^[A-Za-z0-9_.-]+$/.test(u)) return 'username: only letters, digits, _ . -';
  return undefined;
}

export function passwordError(p: string): string | undefined {
  if (p.length < 8) return `password: at least 8 characters (${p.length} now)`;
  if (p.length > 128) return 'password: at most 128 characters';
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
  else if (!/^[A-Za-z0-9_. -]{1,32}$/.test(d.course.trim())) e.course = 'course: 1-32 letters, digits, space _ . -';
  if (d.concept.trim() === '') e.concept = 'concept: required, e.g. Sorting';
  if (d.text.trim() === '') e.text = 'question text: required';
  else if (d.text.length > 2000) e.text = 'question text: at most 2000 characters';
  if (!DIFFICULTIES.includes(d.difficulty)) e.difficulty = 'difficulty: Easy, Medium or Hard';
  const opts = usedOptions(d);
  opts.forEach((o, i) => {
    // The bank's CSV separates options with `|` (PROTOCOL.md 7), so one inside an option would split it.
    if (o === '') e[`option${i}`] = `option ${CHOICES[i]}: empty; fill it or remove the ones after it`;
    else if (o.includes('|')) e[`option${i}`] = `option ${CHOICES[i]}: may not contain |`;
  });
  if (opts.length < 2) e.option1 = e.option1 ?? 'options: at least A and B';
  const idx = CHOICES.indexOf(d.answer);
  if (idx >= opts.length) e.answer = `answer: ${d.answer} has no option; pick A-${CHOICES[Math.max(opts.length, 1) - 1]}`;
  return e;
}
