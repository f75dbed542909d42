// Reads report data (scores.mine, analytics.summary, attempts.timeline) into the shapes the
// screens draw. Each field is read by the one name the server sends (server/handlers/scores.ts,
// server/exam/analytics.ts, server/handlers/analytics.ts, server/exam/integrity.ts); a field that
// is missing or of the wrong type shows as "–" instead of crashing, and nothing is guessed.
import type { Interval } from './charts.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export function num(o: unknown, key: string): number | undefined {
  return isObj(o) && typeof o[key] === 'number' && Number.isFinite(o[key]) ? (o[key] as number) : undefined;
}
export function str(o: unknown, key: string): string | undefined {
  return isObj(o) && typeof o[key] === 'string' ? (o[key] as string) : undefined;
}
/** The objects of an array field (or of `o` itself when it is the array). */
export function rows(o: unknown, key?: string): Obj[] {
  const v = key === undefined ? o : isObj(o) ? o[key] : undefined;
  return Array.isArray(v) ? v.filter(isObj) : [];
}

export interface ConceptRow { concept: string; correct: number; total: number; percent: number }
export interface Integrity {
  secondsAbsent?: number; absences?: number; secondsMultiple?: number; silences?: number; cameraErrors?: number;
  priority?: string; level?: string; reasons: string[];
}
export interface ScoreRow {
  attemptId: string; course: string; score: number; total: number; percent: number; at?: number; started?: number;
  finished: boolean; concepts: ConceptRow[]; integrity?: Integrity;
}

function pct(correct: number, total: number): number {
  return total > 0 ? Math.round((1000 * correct) / total) / 10 : 0;
}

/** scores.mine `concepts`: [{concept, correct, total}] (server/exam/view.ts conceptBreakdown). */
export function concepts(o: unknown): ConceptRow[] {
  return rows(o, 'concepts').map((r) => {
    const correct = num(r, 'correct') ?? 0;
    const total = num(r, 'total') ?? 0;
    return { concept: str(r, 'concept') ?? '?', correct, total, percent: pct(correct, total) };
  });
}

/** `integrity` (server/exam/integrity.ts IntegritySummary): priority = {score, level, contributions: [{reason, points}]}. */
export function integrity(o: unknown): Integrity | undefined {
  const i = isObj(o) ? o.integrity : undefined;
  if (!isObj(i)) return undefined;
  const pr = isObj(i.priority) ? i.priority : undefined;
  const level = str(pr, 'level');
  const score = num(pr, 'score');
  return {
    secondsAbsent: num(i, 'secondsAbsent'),
    absences: num(i, 'absences'),
    secondsMultiple: num(i, 'secondsMultiple'),
    silences: Array.isArray(i.silences) ? i.silences.length : undefined,
    cameraErrors: num(i, 'cameraErrors'),
    priority: level === undefined ? undefined : `${level}${score !== undefined ? ` (${score} pts)` : ''}`,
    level,
    reasons: rows(pr, 'contributions').map((c) => `${str(c, 'reason') ?? '?'}${num(c, 'points') !== undefined ? ` (+${num(c, 'points')})` : ''}`),
  };
}

/** scores.mine: finished attempts, oldest first (server/handlers/scores.ts). */
export function scoreRows(data: unknown): ScoreRow[] {
  return rows(data).map((r) => {
    const score = num(r, 'score') ?? 0;
    const total = num(r, 'total') ?? 0;
    return {
      attemptId: str(r, 'attemptId') ?? '?', course: str(r, 'course') ?? '?', score, total,
      percent: num(r, 'percent') ?? pct(score, total), at: num(r, 'finishedAt'), started: num(r, 'startedAt'),
      finished: typeof r.finishedAt === 'number', concepts: concepts(r), integrity: integrity(r),
    };
  }).sort((a, b) => (a.at ?? 0) - (b.at ?? 0));
}

/** Sums concept results over attempts (optionally of one course). */
export function conceptTotals(list: ScoreRow[]): ConceptRow[] {
  const m = new Map<string, { correct: number; total: number }>();
  for (const r of list) for (const c of r.concepts) {
    const t = m.get(c.concept) ?? { correct: 0, total: 0 };
    t.correct += c.correct; t.total += c.total;
    m.set(c.concept, t);
  }
  return [...m.entries()].map(([concept, t]) => ({ concept, ...t, percent: pct(t.correct, t.total) })).sort((a, b) => a.percent - b.percent);
}

export function courseTotals(list: ScoreRow[]): { course: string; attempts: number; best: number; mean: number; last: number }[] {
  const m = new Map<string, number[]>();
  for (const r of list) m.set(r.course, [...(m.get(r.course) ?? []), r.percent]);
  return [...m.entries()].sort().map(([course, p]) => ({
    course, attempts: p.length, best: Math.max(...p), last: p[p.length - 1], mean: Math.round((10 * p.reduce((a, b) => a + b, 0)) / p.length) / 10,
  }));
}

/** Items table order: flagged first, then by question id as a person counts (2 before 14), not "14" before "2". */
export function itemOrder(a: ItemRow, b: ItemRow): number {
  return Number(b.flagged) - Number(a.flagged) || a.id.localeCompare(b.id, 'en', { numeric: true });
}

export interface ItemRow { id: string; text: string; course: string; n?: number; facility?: number; discrimination?: number; efficiency?: number; flagged: boolean; why?: string }
export interface Analytics {
  distribution: { label: string; count: number }[];
  students: { username: string; attempts?: number; mean?: number; best?: number }[];
  courses: { course: string; attempts?: number; mean?: number }[];
  concepts: { concept: string; percent?: number; n?: number }[];
  items: ItemRow[];
}

/** analytics.summary (server/exam/analytics.ts AnalyticsSummary, items with `text`). */
export function analytics(data: unknown): Analytics {
  const items = rows(data, 'items').map((r) => {
    // flags: [{reason}] (server/exam/analytics-items.ts ItemFlag).
    const why = rows(r, 'flags').map((f) => str(f, 'reason') ?? '?');
    return {
      id: str(r, 'questionId') ?? '?', text: str(r, 'text') ?? '', course: str(r, 'course') ?? '', n: num(r, 'attempts'),
      facility: num(r, 'facility'), discrimination: num(r, 'discriminationIndex'), efficiency: num(r, 'discriminativeEfficiency'),
      flagged: why.length > 0, why: why.length > 0 ? why.join(', ') : str(r, 'note'),
    };
  });
  return {
    distribution: rows(data, 'distribution').map((r) => ({ label: str(r, 'label') ?? '?', count: num(r, 'count') ?? 0 })),
    students: rows(data, 'students').map((r) => ({ username: str(r, 'username') ?? '?', attempts: num(r, 'attempts'), mean: num(r, 'mean'), best: num(r, 'best') })),
    courses: rows(data, 'courses').map((r) => ({ course: str(r, 'course') ?? '?', attempts: num(r, 'attempts'), mean: num(r, 'mean') })),
    concepts: rows(data, 'concepts').map((r) => ({ concept: str(r, 'concept') ?? '?', percent: num(r, 'rate'), n: num(r, 'answered') })),
    items,
  };
}

export interface Timeline {
  attemptId: string; username: string; course: string; score?: number; total?: number;
  answers: { questionId: string; choice: string; correct: boolean; at?: number }[];
  /** The server's presence intervals, ms from the start, covering the whole attempt. */
  intervals: Interval[];
  /** Presence events stored for the attempt (`presenceTotal`; the raw events are not drawn). */
  reports: number;
  integrity?: Integrity; maxFaces?: number;
}

const INTERVAL_STATES = new Set<string>(['present', 'absent', 'multiple', 'camera-error', 'stopped', 'no-data']);

/** attempts.timeline (server/handlers/analytics.ts): {attempt, answers, presence, presenceTotal, intervals, integrity}. */
export function timeline(data: unknown): Timeline {
  const a = isObj(data) && isObj(data.attempt) ? data.attempt : {};
  const intervals = rows(data, 'intervals')
    .filter((r) => typeof r.state === 'string' && INTERVAL_STATES.has(r.state) && num(r, 'from') !== undefined && num(r, 'to') !== undefined)
    .map((r) => ({ state: r.state as Interval['state'], from: r.from as number, to: r.to as number }));
  return {
    attemptId: str(a, 'attemptId') ?? '?', username: str(a, 'username') ?? '?', course: str(a, 'course') ?? '?',
    score: num(a, 'score'), total: num(a, 'total'),
    answers: rows(data, 'answers').map((r) => ({ questionId: str(r, 'questionId') ?? '?', choice: str(r, 'choice') ?? '?', correct: r.correct === true, at: num(r, 'at') })),
    intervals, reports: num(data, 'presenceTotal') ?? rows(data, 'presence').length,
    integrity: integrity(data), maxFaces: isObj(data) ? num(data.integrity, 'maxFaces') : undefined,
  };
}
