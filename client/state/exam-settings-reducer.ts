// Editing one course's exam settings (PROTOCOL.md 6 exams.configure: count, minutes, proctored,
// attempts with 0 = unlimited). Pure.
import { EXAM_LIMITS } from '../../protocol/contract/limits.js';
import { checkArgs } from '../../protocol/contract/validate.js';
import { FEEDBACKS, type CourseInfo, type ExamConfig, type Feedback } from '../../protocol/messages.js';
import { editField, fieldOf, type EditKey } from './text-field.js';

export type SettingsField = 'count' | 'minutes' | 'proctored' | 'attempts' | 'feedback';
export const SETTINGS_FIELDS: SettingsField[] = ['count', 'minutes', 'proctored', 'attempts', 'feedback'];

export interface SettingsEdit {
  course: string;
  bank: number;
  values: { count: string; minutes: string; attempts: string; proctored: boolean; feedback: Feedback };
  focus: number;
  error?: string;
  saving: boolean;
}

export type SettingsAction =
  /** One Ink input event as it came, possibly a burst like "12\x7f5\r": every key applies, in order. */
  | { type: 'input'; input: string; key: EditKey }
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
    values: {
      count: String(c.exam.count),
      minutes: String(c.exam.minutes),
      attempts: String(c.exam.attempts),
      proctored: c.exam.proctored,
      feedback: c.exam.feedback ?? 'immediate',
    },
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
  if (!(minutes >= 1 && minutes <= EXAM_LIMITS.minutesMax))
    return `minutes: a whole number from 1 to ${EXAM_LIMITS.minutesMax}`;
  const attempts = n(e.values.attempts);
  if (!(attempts >= 0 && attempts <= EXAM_LIMITS.attemptsMax))
    return `attempts: a whole number from 0 to ${EXAM_LIMITS.attemptsMax}; 0 means unlimited`;
  const r = checkArgs('exams.configure', { course: e.course, ...toConfig(e) });
  return r.ok ? undefined : r.message;
}

export function toConfig(e: SettingsEdit): ExamConfig {
  return {
    count: Number(e.values.count),
    minutes: Number(e.values.minutes),
    proctored: e.values.proctored,
    attempts: Number(e.values.attempts),
    feedback: e.values.feedback,
  };
}

/** An exam draws at most the whole bank: a Count above it is capped, and the screen says so. */
export function countWarning(e: SettingsEdit): string | undefined {
  const count = Number(e.values.count);
  if (!(count > e.bank)) return undefined;
  return e.bank === 0
    ? `The ${e.course} bank is empty: add questions before students can start.`
    : `Only ${e.bank} question${e.bank === 1 ? '' : 's'} in the bank: students get ${e.bank}, not ${count}.`;
}

const isDigit = (ch: string) => ch >= '0' && ch <= '9';

/** The number fields go through the one text-field editor (client/state/text-field.ts), digits only. */
function typeInto(e: SettingsEdit, input: string, key: EditKey): SettingsEdit {
  const field = SETTINGS_FIELDS[e.focus];
  if (e.saving) return e;
  // A burst may hold Tab or Enter with keys after them: those go to the next field (or are moot once saving).
  const then = (next: SettingsEdit, end: { enter?: boolean; tab?: boolean; rest?: string }): SettingsEdit => {
    if (end.enter) return settingsReducer(next, { type: 'submit' });
    if (!end.tab) return next;
    const moved = settingsReducer(next, { type: 'move', delta: 1 });
    return end.rest ? typeInto(moved, end.rest, {}) : moved;
  };
  if (field === 'feedback' || field === 'proctored') {
    if (key.return) return settingsReducer(e, { type: 'submit' });
    const stop = [...input].findIndex((c) => c === '\r' || c === '\t');
    const mine = stop < 0 ? input : input.slice(0, stop);
    const end = stop < 0 ? {} : { enter: input[stop] === '\r', tab: input[stop] === '\t', rest: input.slice(stop + 1) };
    const yn = field === 'proctored' ? [...mine].reverse().find((c) => /^[yn]$/i.test(c)) : undefined;
    const next = yn === undefined ? e : { ...e, values: { ...e.values, proctored: yn.toLowerCase() === 'y' } };
    return then(next, end);
  }
  const r = editField(fieldOf(e.values[field]), input, key, { max: 4, accept: isDigit, tabEnds: true });
  const value = r.field.value.replace(/^0+(?=\d)/, '');
  const next = value === e.values[field] ? e : { ...e, values: { ...e.values, [field]: value }, error: undefined };
  return then(next, r);
}

export function settingsReducer(e: SettingsEdit, a: SettingsAction): SettingsEdit {
  switch (a.type) {
    case 'input':
      return typeInto(e, a.input, a.key);
    case 'digit':
      return typeInto(e, a.text, {});
    case 'backspace':
      return typeInto(e, '', { backspace: true });
    case 'move':
      return { ...e, focus: (e.focus + a.delta + SETTINGS_FIELDS.length) % SETTINGS_FIELDS.length };
    case 'toggle': {
      const field = SETTINGS_FIELDS[e.focus];
      if (e.saving) return e;
      if (field === 'feedback')
        return {
          ...e,
          values: { ...e.values, feedback: FEEDBACKS[(FEEDBACKS.indexOf(e.values.feedback) + 1) % FEEDBACKS.length] },
        };
      return field === 'proctored' ? { ...e, values: { ...e.values, proctored: !e.values.proctored } } : e;
    }
    case 'submit': {
      if (e.saving) return e;
      const error = settingsError(e);
      return error ? { ...e, error } : { ...e, error: undefined, saving: true };
    }
    case 'failed':
      return { ...e, saving: false, error: a.error };
  }
}
