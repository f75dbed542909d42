// Editing one course's exam settings (PROTOCOL.md 6 exams.configure: count, minutes, proctored,
// attempts with 0 = unlimited). Pure.
import type { CourseInfo, ExamConfig } from '../../protocol/messages.js';

export type SettingsField = 'count' | 'minutes' | 'proctored' | 'attempts';
export const SETTINGS_FIELDS: SettingsField[] = ['count', 'minutes', 'proctored', 'attempts'];

export interface SettingsEdit {
  course: string;
  bank: number;
  values: { count: string; minutes: string; attempts: string; proctored: boolean };
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
    values: { count: String(c.exam.count), minutes: String(c.exam.minutes), attempts: String(c.exam.attempts), proctored: c.exam.proctored },
    focus: 0,
    saving: false,
  };
}

export function settingsError(e: SettingsEdit): string | undefined {
  const n = (s: string) => (/^\d+$/.test(s) ? Number(s) : NaN);
  const count = n(e.values.count);
  if (!(count >= 1)) return 'questions per exam: a whole number, at least 1';
  const minutes = n(e.values.minutes);
  if (!(minutes >= 1 && minutes <= 600)) return 'minutes: a whole number from 1 to 600';
  if (Number.isNaN(n(e.values.attempts))) return 'attempts: a whole number; 0 means unlimited';
  return undefined;
}

export function toConfig(e: SettingsEdit): ExamConfig {
  return { count: Number(e.values.count), minutes: Number(e.values.minutes), proctored: e.values.proctored, attempts: Number(e.values.attempts) };
}

export function settingsReducer(e: SettingsEdit, a: SettingsAction): SettingsEdit {
  const field = SETTINGS_FIELDS[e.focus];
  switch (a.type) {
    case 'digit': {
      if (e.saving) return e;
      if (field === 'proctored') return /^[yn]$/i.test(a.text) ? { ...e, values: { ...e.values, proctored: a.text.toLowerCase() === 'y' } } : e;
      const digits = a.text.replace(/\D/g, '');
      if (digits === '') return e;
      return { ...e, values: { ...e.values, [field]: (e.values[field] + digits).replace(/^0+(?=\d)/, '').slice(0, 4) }, error: undefined };
    }
    case 'backspace':
      if (e.saving || field === 'proctored') return e;
      return { ...e, values: { ...e.values, [field]: e.values[field].slice(0, -1) }, error: undefined };
    case 'move':
      return { ...e, focus: (e.focus + a.delta + SETTINGS_FIELDS.length) % SETTINGS_FIELDS.length };
    case 'toggle':
      return field === 'proctored' && !e.saving ? { ...e, values: { ...e.values, proctored: !e.values.proctored } } : e;
    case 'submit': {
      if (e.saving) return e;
      const error = settingsError(e);
      return error ? { ...e, error } : { ...e, error: undefined, saving: true };
    }
    case 'failed':
      return { ...e, saving: false, error: a.error };
  }
}
