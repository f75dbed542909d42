// attempts.list (PROTOCOL.md 8 AttemptSummary) as the Attempts screen shows it: normalised, highest
// review priority first, newest first among equals (the server's order).
import type { ResultOf } from '../../protocol/contract/index.js';

export const STATE_FILTERS = ['all', 'open', 'finished', 'expired'] as const;
export type StateFilter = (typeof STATE_FILTERS)[number];

export interface AttemptRow {
  attemptId: string;
  student: string;
  course: string;
  state: string;
  started: number;
  answered: number;
  total: number;
  percent?: number;
  review: { level: string; points: number };
}

/** One page of attempts.list: its rows and the cursor of the next page (absent on the last). */
export function attemptSummaries(page: ResultOf<'attempts.list'>): { rows: AttemptRow[]; cursor?: string } {
  const rows = page.attempts.map((a) => ({
    attemptId: a.attemptId,
    student: a.student,
    course: a.course,
    state: a.state,
    started: a.started,
    answered: a.answered,
    total: a.total,
    percent: a.percent,
    review: { level: a.review.level, points: a.review.points },
  }));
  return { rows: byReview(rows), ...(page.cursor !== undefined ? { cursor: page.cursor } : {}) };
}

/** Highest review points first; the sort is stable, so equal points keep the server's newest-first order. */
export function byReview(rows: AttemptRow[]): AttemptRow[] {
  return [...rows].sort((a, b) => b.review.points - a.review.points);
}
