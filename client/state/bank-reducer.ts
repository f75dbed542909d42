// The admin's question bank table: course filter, search, cursor and scroll. Pure.
import type { Question } from '../../protocol/messages.js';
import { editField, type EditKey } from './text-field.js';

/** What the bank remembers while the admin edits, imports or exports (restored on return). */
export interface BankView {
  course?: string;
  search: string;
  selectedId?: string;
}

export interface BankState {
  questions: Question[];
  course?: string; // undefined = all courses
  search: string;
  /** Cursor inside the search text (client/state/text-field.ts). */
  searchCursor: number;
  searching: boolean;
  /** The question to put the cursor on once the list (re)loads. */
  selectedId?: string;
  cursor: number;
  loading: boolean;
  confirmDelete?: Question;
}

export type BankAction =
  | { type: 'loading'; selectedId?: string }
  | { type: 'loaded'; questions: Question[] }
  | { type: 'move'; delta: number }
  | { type: 'cycleCourse' }
  | { type: 'startSearch' }
  | { type: 'searchType'; text: string }
  | { type: 'searchBackspace' }
  | { type: 'searchEdit'; input: string; key: EditKey }
  | { type: 'endSearch'; keep: boolean }
  | { type: 'askDelete' }
  | { type: 'cancelDelete' }
  | { type: 'removed'; id: string };

export const initialBank: BankState = {
  questions: [],
  search: '',
  searchCursor: 0,
  searching: false,
  cursor: 0,
  loading: true,
};

export function bankFrom(view?: BankView): BankState {
  return view
    ? {
        ...initialBank,
        course: view.course,
        search: view.search,
        searchCursor: view.search.length,
        selectedId: view.selectedId,
      }
    : initialBank;
}

export function viewOfBank(s: BankState): BankView {
  return { course: s.course, search: s.search, selectedId: visible(s)[s.cursor]?.id };
}

export function coursesOf(qs: Question[]): string[] {
  return [...new Set(qs.map((q) => q.course))].sort();
}

export function visible(s: BankState): Question[] {
  const needle = s.search.trim().toLowerCase();
  return s.questions.filter(
    (q) =>
      (s.course === undefined || q.course === s.course) &&
      (needle === '' ||
        [q.id, q.text, q.concept, q.difficulty, ...q.options].some((t) => t.toLowerCase().includes(needle))),
  );
}

function clampCursor(s: BankState): BankState {
  const n = visible(s).length;
  return { ...s, cursor: Math.max(0, Math.min(s.cursor, n - 1)) };
}

export function bankReducer(s: BankState, a: BankAction): BankState {
  switch (a.type) {
    case 'loading':
      return { ...s, loading: true, selectedId: a.selectedId ?? s.selectedId };
    case 'loaded': {
      const next = { ...s, questions: a.questions, loading: false, selectedId: undefined };
      // Back from an edit or a reload: the cursor returns to the question it was on.
      const at = s.selectedId === undefined ? -1 : visible(next).findIndex((q) => q.id === s.selectedId);
      return clampCursor(at >= 0 ? { ...next, cursor: at } : next);
    }
    case 'move':
      return clampCursor({ ...s, cursor: s.cursor + a.delta });
    case 'cycleCourse': {
      const cs = coursesOf(s.questions);
      const i = s.course === undefined ? -1 : cs.indexOf(s.course);
      const course = i + 1 >= cs.length ? undefined : cs[i + 1];
      return clampCursor({ ...s, course, cursor: 0 });
    }
    case 'startSearch':
      return { ...s, searching: true, searchCursor: s.search.length };
    case 'searchType':
      return bankReducer(s, { type: 'searchEdit', input: a.text.replace(/[\r\n]/g, ''), key: {} });
    case 'searchBackspace':
      return bankReducer(s, { type: 'searchEdit', input: '', key: { backspace: true } });
    case 'searchEdit': {
      const r = editField({ value: s.search, cursor: Math.min(s.searchCursor, s.search.length) }, a.input, a.key);
      const next = {
        ...s,
        search: r.field.value,
        searchCursor: r.field.cursor,
        cursor: r.field.value === s.search ? s.cursor : 0,
      };
      return r.enter ? clampCursor({ ...next, searching: false }) : next;
    }
    case 'endSearch':
      return clampCursor({
        ...s,
        searching: false,
        search: a.keep ? s.search : '',
        searchCursor: a.keep ? s.searchCursor : 0,
      });
    case 'askDelete': {
      const q = visible(s)[s.cursor];
      return q ? { ...s, confirmDelete: q } : s;
    }
    case 'cancelDelete':
      return { ...s, confirmDelete: undefined };
    case 'removed':
      return clampCursor({ ...s, confirmDelete: undefined, questions: s.questions.filter((q) => q.id !== a.id) });
  }
}

/** First row to draw so the cursor stays inside a window of `rows`. */
export function scrollTop(cursor: number, rows: number, total: number): number {
  if (total <= rows) return 0;
  return Math.max(0, Math.min(cursor - Math.floor(rows / 2), total - rows));
}
