// The admin's question bank table: course filter, search, cursor and scroll. Pure.
import type { Question } from '../../protocol/messages.js';

export interface BankState {
  questions: Question[];
  course?: string; // undefined = all courses
  search: string;
  searching: boolean;
  cursor: number;
  loading: boolean;
  confirmDelete?: Question;
}

export type BankAction =
  | { type: 'loading' }
  | { type: 'loaded'; questions: Question[] }
  | { type: 'move'; delta: number }
  | { type: 'cycleCourse' }
  | { type: 'startSearch' }
  | { type: 'searchType'; text: string }
  | { type: 'searchBackspace' }
  | { type: 'endSearch'; keep: boolean }
  | { type: 'askDelete' }
  | { type: 'cancelDelete' }
  | { type: 'removed'; id: string };

export const initialBank: BankState = { questions: [], search: '', searching: false, cursor: 0, loading: true };

export function coursesOf(qs: Question[]): string[] {
  return [...new Set(qs.map((q) => q.course))].sort();
}

export function visible(s: BankState): Question[] {
  const needle = s.search.trim().toLowerCase();
  return s.questions.filter(
    (q) =>
      (s.course === undefined || q.course === s.course) &&
      (needle === '' || [q.id, q.text, q.concept, q.difficulty, ...q.options].some((t) => t.toLowerCase().includes(needle))),
  );
}

function clampCursor(s: BankState): BankState {
  const n = visible(s).length;
  return { ...s, cursor: Math.max(0, Math.min(s.cursor, n - 1)) };
}

export function bankReducer(s: BankState, a: BankAction): BankState {
  switch (a.type) {
    case 'loading':
      return { ...s, loading: true };
    case 'loaded':
      return clampCursor({ ...s, questions: a.questions, loading: false });
    case 'move':
      return clampCursor({ ...s, cursor: s.cursor + a.delta });
    case 'cycleCourse': {
      const cs = coursesOf(s.questions);
      const i = s.course === undefined ? -1 : cs.indexOf(s.course);
      const course = i + 1 >= cs.length ? undefined : cs[i + 1];
      return clampCursor({ ...s, course, cursor: 0 });
    }
    case 'startSearch':
      return { ...s, searching: true };
    case 'searchType':
      return { ...s, search: s.search + a.text.replace(/[\r\n]/g, ''), cursor: 0 };
    case 'searchBackspace':
      return { ...s, search: s.search.slice(0, -1), cursor: 0 };
    case 'endSearch':
      return clampCursor({ ...s, searching: false, search: a.keep ? s.search : '' });
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
