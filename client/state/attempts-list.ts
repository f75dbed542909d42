// attempts.list (PROTOCOL.md 8 AttemptSummary) as the Attempts screen shows it: normalised, highest
// review priority first, newest first among equals (the server's order).
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

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const text = (v: unknown, fallback: string): string => (typeof v === 'string' ? v : fallback);

/** One page of attempts.list: its rows and the cursor of the next page (absent on the last). */
export function attemptSummaries(raw: unknown): { rows: AttemptRow[]; cursor?: string } {
  const r = isObj(raw) ? raw : {};
  const list = Array.isArray(r.attempts) ? r.attempts : [];
  const rows: AttemptRow[] = [];
  for (const a of list) {
    if (!isObj(a) || typeof a.attemptId !== 'string') continue;
    const review = isObj(a.review) ? a.review : {};
    rows.push({
      attemptId: a.attemptId,
      student: text(a.student, '?'),
      course: text(a.course, ''),
      state: text(a.state, '?'),
      started: num(a.started) ?? 0,
      answered: num(a.answered) ?? 0,
      total: num(a.total) ?? 0,
      percent: num(a.percent),
      review: { level: text(review.level, 'low'), points: num(review.points) ?? 0 },
    });
  }
  return { rows: byReview(rows), ...(typeof r.cursor === 'string' ? { cursor: r.cursor } : {}) };
}

/** Highest review points first; the sort is stable, so equal points keep the server's newest-first order. */
export function byReview(rows: AttemptRow[]): AttemptRow[] {
  return [...rows].sort((a, b) => b.review.points - a.review.points);
}
