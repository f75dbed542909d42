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

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

export function attemptSummaries(raw: unknown): { rows: AttemptRow[]; more: boolean } {
  const r = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  const list = Array.isArray(r.attempts) ? r.attempts : [];
  const rows: AttemptRow[] = [];
  for (const x of list) {
    if (!x || typeof x !== 'object' || typeof (x as any).attemptId !== 'string') continue;
    const a = x as Record<string, any>;
    rows.push({
      attemptId: a.attemptId,
      student: typeof a.student === 'string' ? a.student : '?',
      course: typeof a.course === 'string' ? a.course : '',
      state: typeof a.state === 'string' ? a.state : '?',
      started: num(a.started) ?? 0,
      answered: num(a.answered) ?? 0,
      total: num(a.total) ?? 0,
      percent: num(a.percent),
      review: { level: typeof a.review?.level === 'string' ? a.review.level : 'low', points: num(a.review?.points) ?? 0 },
    });
  }
  // Stable sort: equal points keep the server's newest-first order.
  rows.sort((a, b) => b.review.points - a.review.points);
  return { rows, more: typeof r.cursor === 'string' };
}
