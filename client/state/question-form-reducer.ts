// Add / edit one question with validation and optimistic-concurrency conflicts (PROTOCOL.md 6:
// questions.update with a stale version answers CONFLICT). Pure.
import { QUESTION_LIMITS } from '../../protocol/contract/limits.js';
import { CHOICES, DIFFICULTIES, type Choice, type Question } from '../../protocol/messages.js';
import { draftArgs, questionErrors, usedOptions, type DraftField, type QuestionDraft } from './validate.js';
import { editField, type EditKey } from './text-field.js';

export const FORM_FIELDS: DraftField[] = [
  'course',
  'concept',
  'difficulty',
  'answer',
  'text',
  ...CHOICES.map((_, i) => `option${i}` as DraftField),
];

export interface FormState {
  draft: QuestionDraft;
  /** The question being edited (undefined = new). */
  base?: Question;
  focus: number;
  /** Cursor in the focused text field (client/state/text-field.ts); at the end after a move. */
  cursor: number;
  errors: Partial<Record<DraftField, string>>;
  saving: boolean;
  /** Set after CONFLICT: the version now on the server (undefined = deleted meanwhile). */
  conflict?: { theirs?: Question };
}

export type FormAction =
  | { type: 'type'; text: string }
  | { type: 'backspace' }
  /** One Ink input event in the focused field (typing, paste, cursor keys, fast bursts). */
  | { type: 'edit'; input: string; key: EditKey }
  | { type: 'move'; delta: number }
  | { type: 'cycle'; delta: number }
  | { type: 'submit' }
  | { type: 'saved'; question: Question }
  | { type: 'failed' }
  | { type: 'conflict'; theirs?: Question };

export function draftOf(q?: Question, course?: string): QuestionDraft {
  const options = Array.from({ length: QUESTION_LIMITS.optionsMax }, (_, i) => q?.options[i] ?? '');
  return {
    course: q?.course ?? course ?? '',
    concept: q?.concept ?? '',
    difficulty: q?.difficulty ?? 'Medium',
    answer: q?.answer ?? 'A',
    text: q?.text ?? '',
    options,
  };
}

export function initialForm(q?: Question, course?: string): FormState {
  const draft = draftOf(q, course);
  const focus = q ? 4 : 0;
  return { draft, base: q, focus, cursor: fieldValue(draft, FORM_FIELDS[focus]).length, errors: {}, saving: false };
}

export function fieldValue(d: QuestionDraft, f: DraftField): string {
  if (f.startsWith('option')) return d.options[Number(f.slice(6))];
  return d[f as Exclude<DraftField, `option${number}`>];
}

function withValue(d: QuestionDraft, f: DraftField, v: string): QuestionDraft {
  if (f.startsWith('option')) {
    const options = [...d.options];
    options[Number(f.slice(6))] = v;
    return { ...d, options };
  }
  return { ...d, [f]: v };
}

export function isChoiceField(f: DraftField): boolean {
  return f === 'difficulty' || f === 'answer';
}

/** What to send: the draft as a Question (without id/version for a new one). */
export function toQuestion(
  s: FormState,
  version?: number,
): Omit<Question, 'id' | 'version'> & Partial<Pick<Question, 'id' | 'version'>> {
  const q = draftArgs(s.draft);
  return s.base ? { ...q, id: s.base.id, version: version ?? s.base.version } : q;
}

export function formReducer(s: FormState, a: FormAction): FormState {
  const field = FORM_FIELDS[s.focus];
  switch (a.type) {
    case 'edit': {
      if (s.saving) return s;
      // A burst (keys typed or sent faster than a redraw) may hold Tab or Enter: they move to the next
      // field and the keys after them are that field's, never typed here as spaces nor dropped.
      const onward = (st: FormState, rest?: string) => {
        const moved = formReducer(st, { type: 'move', delta: 1 });
        return rest ? formReducer(moved, { type: 'edit', input: rest, key: {} }) : moved;
      };
      if (isChoiceField(field)) {
        if (a.key.return) return onward(s);
        const chars = [...a.input];
        let st = s;
        for (let i = 0; i < chars.length; i++) {
          if (chars[i] === '\t' || chars[i] === '\r') return onward(st, chars.slice(i + 1).join(''));
          st = formReducer(st, { type: 'type', text: chars[i] });
        }
        return st;
      }
      const r = editField(
        { value: fieldValue(s.draft, field), cursor: Math.min(s.cursor, fieldValue(s.draft, field).length) },
        a.input,
        a.key,
        { tabEnds: true },
      );
      const next = {
        ...s,
        draft: withValue(s.draft, field, r.field.value),
        cursor: r.field.cursor,
        errors: r.field.value === fieldValue(s.draft, field) ? s.errors : {},
      };
      // Enter in a text field moves on (Ctrl+S saves).
      return r.enter || r.tab ? onward(next, r.rest) : next;
    }
    case 'type': {
      if (s.saving || isChoiceField(field)) {
        // Letters pick a choice directly: e/m/h for difficulty, a-h for the answer.
        if (field === 'answer' && /^[a-h]$/i.test(a.text))
          return { ...s, draft: { ...s.draft, answer: a.text.toUpperCase() as Choice }, errors: {} };
        const d = DIFFICULTIES.find((x) => x[0].toLowerCase() === a.text.toLowerCase());
        if (field === 'difficulty' && d) return { ...s, draft: { ...s.draft, difficulty: d }, errors: {} };
        return s;
      }
      return formReducer(s, { type: 'edit', input: a.text.replace(/\r/g, ' '), key: {} });
    }
    case 'backspace':
      if (s.saving || isChoiceField(field)) return s;
      return formReducer(s, { type: 'edit', input: '', key: { backspace: true } });
    case 'move': {
      const focus = (s.focus + a.delta + FORM_FIELDS.length) % FORM_FIELDS.length;
      return { ...s, focus, cursor: fieldValue(s.draft, FORM_FIELDS[focus]).length };
    }
    case 'cycle': {
      if (field === 'difficulty') {
        const i = DIFFICULTIES.indexOf(s.draft.difficulty);
        return { ...s, draft: { ...s.draft, difficulty: DIFFICULTIES[(i + a.delta + 3) % 3] } };
      }
      if (field === 'answer') {
        const n = Math.max(QUESTION_LIMITS.optionsMin, usedOptions(s.draft).length);
        const i = CHOICES.indexOf(s.draft.answer);
        return { ...s, draft: { ...s.draft, answer: CHOICES[(i + a.delta + n) % n] } };
      }
      // ←/→ in a text field move the cursor (decided here, on the focus as it is now).
      return { ...s, cursor: Math.max(0, Math.min(fieldValue(s.draft, field).length, s.cursor + a.delta)) };
    }
    case 'submit': {
      if (s.saving) return s;
      const errors = questionErrors(s.draft);
      if (Object.keys(errors).length > 0) {
        const first = FORM_FIELDS.findIndex((f) => errors[f]);
        const focus = first >= 0 ? first : s.focus;
        return { ...s, errors, focus, cursor: fieldValue(s.draft, FORM_FIELDS[focus]).length };
      }
      return { ...s, errors: {}, saving: true };
    }
    case 'saved':
      return { ...s, saving: false, base: a.question, draft: draftOf(a.question), conflict: undefined };
    case 'failed':
      return { ...s, saving: false };
    case 'conflict':
      return { ...s, saving: false, conflict: { theirs: a.theirs } };
  }
}

/** The explanation shown after CONFLICT, in plain words. */
export function conflictText(s: FormState): string[] {
  if (!s.conflict || !s.base) return [];
  const theirs = s.conflict.theirs;
  if (!theirs)
    return [
      `Another admin deleted this question after you opened it.`,
      'Ctrl+S saves your edits as a new question; Esc discards them.',
    ];
  return [
    `another admin saved version ${theirs.version} after you opened version ${s.base.version}.`,
    `Theirs: ${theirs.text.slice(0, 60)}${theirs.text.length > 60 ? '…' : ''} (answer ${theirs.answer})`,
    'Ctrl+S overwrites theirs with your edits; Esc discards yours and keeps theirs.',
  ];
}
