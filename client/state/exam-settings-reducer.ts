// Editing one course's exam settings (PROTOCOL.md 6 exams.configure: count, minutes, proctored,
// attempts with 0 = unlimited). Pure.
import { EXAM_LIMITS } from '../../protocol/contract/limits.js';
import { checkArgs } from '../../protocol/contract/validate.js';
import { FEEDBACKS, type CourseInfo, type ExamConfig, type Feedback } from '../../protocol/messages.js';

export type SettingsField = 'count' | 'minutes' | 'proctored' | 'attempts' | 'feedback';
export const SETTINGS_FIELDS: SettingsField[] = ['count', 'minutes', 'proctored', 'attempts', 'feedback'];
type TextField = 'count' | 'minutes' | 'attempts';

export interface SettingsEdit {
  course: string;
  bank: number;
  values: { count: string; minutes: string; attempts: string; proctored: boolean; feedback: Feedback };
  focus: number;
  error?: string;
  saving: boolean;
}

export type SettingsAction =
  | { type: 'digit'; text: string }
  | { type: 'backspace' }
  | { type: 'move'; delta: number }
  | { type: 'toggle' }
  | { type: 'submit' }
  | { type: 'failed'; error: string };

export function startEdit(c: CourseInfo): SettingsEdit {
  return {
    course: c.course,
    bank: c.questions,
    values: { count: String(c.exam.count), minutes: String(c.exam.minutes), attempts: String(c.exam.attempts), proctored: c.exam.proctored, feedback: c.exam.feedback ?? 'immediate' },
    focus: 0,
    saving: false,
  };
}

/** The contract's EXAM_LIMITS, said per field; then the contract's own check of exams.configure. */
export function settingsError(e: SettingsEdit): string | undefined {
  const n = (s: string) => (/^\d+$/.test(s) ? Number(s) : NaN);
  const count = n(e.values.count);
  if (!(count >= 1)) return 'questions per exam: a whole number, at least 1';
  if (count > EXAM_LIMITS.countMax) return `questions per exam: at most ${EXAM_LIMITS.countMax}`;
  const minutes = n(e.values.minutes);
  if (!(minutes >= 1 && minutes <= EXAM_LIMITS.minutesMax)) return `minutes: a whole number from 1 to ${EXAM_LIMITS.minutesMax}`;
  const attempts = n(e.values.attempts);
  if (!(attempts >= 0 && attempts <= EXAM_LIMITS.attemptsMax)) return `attempts: a whole number from 0 to ${EXAM_LIMITS.attemptsMax}; 0 means unlimited`;
  const r = checkArgs('exams.configure', { course: e.course, ...toConfig(e) });
  return r.ok ? undefined : r.message;
}

export function toConfig(e: SettingsEdit): ExamConfig {
  return { count: Number(e.values.count), minutes: Number(e.values.minutes), proctored: e.values.proctored, attempts: Number(e.values.attempts), feedback: e.values.feedback };
}

/** An exam draws at most the whole bank: a Count above it is capped, and the screen says so. */
export function countWarning(e: SettingsEdit): string | undefined {
  const count = Number(e.values.count);
  if (!(count > e.bank)) return undefined;
  return e.bank === 0
    ? `The ${e.course} bank is empty: add questions before students can start.`
    : `Only ${e.bank} question${e.bank === 1 ? '' : 's'} in the bank: students get ${e.bank}, not ${count}.`;
}

export function settingsReducer(e: SettingsEdit, a: SettingsAction): SettingsEdit {
  const field = SETTINGS_FIELDS[e.focus];
  switch (a.type) {
    case 'digit': {
      if (e.saving) return e;
      if (field === 'proctored') return /^[yn]$/i.test(a.text) ? { ...e, values: { ...e.values, proctored: a.text.toLowerCase() === 'y' } } : e;
      if (field === 'feedback') return e;
      const digits = a.text.replace(/\D/g, '');
      if (digits === '') return e;
      return { ...e, values: { ...e.values, [field]: (e.values[field as TextField] + digits).replace(/^0+(?=\d)/, '').slice(0, 4) }, error: undefined };
    }
    case 'backspace':
      if (e.saving || field === 'proctored' || field === 'feedback') return e;
      return { ...e, values: { ...e.values, [field]: e.values[field as TextField].slice(0, -1) }, error: undefined };
    case 'move':
      return { ...e, focus: (e.focus + a.delta + SETTINGS_FIELDS.length) % SETTINGS_FIELDS.length };
    case 'toggle':
      if (e.saving) return e;
      if (field === 'feedback') return { ...e, values: { ...e.values, feedback: FEEDBACKS[(FEEDBACKS.indexOf(e.values.feedback) + 1) % FEEDBACKS.length] } };
      return field === 'proctored' ? { ...e, values: { ...e.values, proctored: !e.values.proctored } } : e;
    case 'submit': {
      if (e.saving) return e;
      const error = settingsError(e);
      return error ? { ...e, error } : { ...e, error: undefined, saving: true };
    }
    case 'failed':
      return { ...e, saving: false, error: a.error };
  }
}
