// Reads report answers (scores.mine, analytics.summary, attempts.timeline) into the shapes the
// screens draw. The answers are typed by the command contract (protocol/contract/reports.ts), which
// the client's API and test fake check, so every field is mapped as it is, with nothing guessed.
import type { ResultOf } from '../../protocol/contract/index.js';
import type { Interval } from './charts.js';

type ScoresMine = ResultOf<'scores.mine'>;
type PastAttempt = Extract<ScoresMine, unknown[]>[number];
type IntegritySummary = PastAttempt['integrity'];
type AnalyticsSummary = ResultOf<'analytics.summary'>;
type TimelineResult = ResultOf<'attempts.timeline'>;

export interface ConceptRow {
  concept: string;
  correct: number;
  total: number;
  percent: number;
}
export interface Integrity {
  secondsAbsent: number;
  absences: number;
  secondsMultiple: number;
  silences: number;
  cameraErrors: number;
  priority: string;
  level: string;
  reasons: string[];
}
export interface ScoreRow {
  attemptId: string;
  course: string;
  score: number;
  total: number;
  percent: number;
  at: number;
  started: number;
  concepts: ConceptRow[];
  integrity: Integrity;
}

function pct(correct: number, total: number): number {
  return total > 0 ? Math.round((1000 * correct) / total) / 10 : 0;
}

/** scores.mine `concepts` of one attempt, with the percentage of each. */
export function concepts(list: PastAttempt['concepts']): ConceptRow[] {
  return list.map((c) => ({
    concept: c.concept,
    correct: c.correct,
    total: c.total,
    percent: pct(c.correct, c.total),
  }));
}

/** The integrity summary as the screens word it: the review priority with every point's reason. */
export function integrity(i: IntegritySummary): Integrity {
  const { level, score, contributions } = i.priority;
  return {
    secondsAbsent: i.secondsAbsent,
    absences: i.absences,
    secondsMultiple: i.secondsMultiple,
    silences: i.silences.length,
    cameraErrors: i.cameraErrors,
    priority: `${level} (${score} pts)`,
    level,
    reasons: contributions.map((c) => `${c.reason} (+${c.points})`),
  };
}

/** scores.mine (the whole list, or one page of it): finished attempts, oldest first. */
export function scoreRows(data: ScoresMine): ScoreRow[] {
  const list = Array.isArray(data) ? data : data.attempts;
  return list
    .map((r) => ({
      attemptId: r.attemptId,
      course: r.course,
      score: r.score,
      total: r.total,
      percent: r.percent,
      at: r.finishedAt,
      started: r.startedAt,
      concepts: concepts(r.concepts),
      integrity: integrity(r.integrity),
    }))
    .sort((a, b) => a.at - b.at);
}

/** Sums concept results over attempts (optionally of one course). */
export function conceptTotals(list: ScoreRow[]): ConceptRow[] {
  const m = new Map<string, { correct: number; total: number }>();
  for (const r of list)
    for (const c of r.concepts) {
      const t = m.get(c.concept) ?? { correct: 0, total: 0 };
      t.correct += c.correct;
      t.total += c.total;
      m.set(c.concept, t);
    }
  return [...m.entries()]
    .map(([concept, t]) => ({ concept, ...t, percent: pct(t.correct, t.total) }))
    .sort((a, b) => a.percent - b.percent);
}

export function courseTotals(
  list: ScoreRow[],
): { course: string; attempts: number; best: number; mean: number; last: number }[] {
  const m = new Map<string, number[]>();
  for (const r of list) m.set(r.course, [...(m.get(r.course) ?? []), r.percent]);
  return [...m.entries()].sort().map(([course, p]) => ({
    course,
    attempts: p.length,
    best: Math.max(...p),
    last: p[p.length - 1],
    mean: Math.round((10 * p.reduce((a, b) => a + b, 0)) / p.length) / 10,
  }));
}

/** Items table order: flagged first, then by question id as a person counts (2 before 14), not "14" before "2". */
export function itemOrder(a: ItemRow, b: ItemRow): number {
  return Number(b.flagged) - Number(a.flagged) || a.id.localeCompare(b.id, 'en', { numeric: true });
}

export interface ItemRow {
  id: string;
  text: string;
  course: string;
  n?: number;
  facility?: number;
  discrimination?: number;
  efficiency?: number;
  flagged: boolean;
  why?: string;
}
export interface Analytics {
  distribution: { label: string; count: number }[];
  students: { username: string; attempts?: number; mean?: number; best?: number }[];
  courses: { course: string; attempts?: number; mean?: number }[];
  concepts: { concept: string; percent?: number; n?: number }[];
  items: ItemRow[];
}

/** analytics.summary (docs/analytics.md): items flagged by the server's flags, concepts by rate. */
export function analytics(data: AnalyticsSummary): Analytics {
  return {
    distribution: data.distribution.map((r) => ({ label: r.label, count: r.count })),
    students: data.students.map((r) => ({ username: r.username, attempts: r.attempts, mean: r.mean, best: r.best })),
    courses: data.courses.map((r) => ({ course: r.course, attempts: r.attempts, mean: r.mean })),
    concepts: data.concepts.map((r) => ({ concept: r.concept, percent: r.rate ?? undefined, n: r.answered })),
    items: data.items.map((r) => {
      const why = r.flags.map((f) => f.reason);
      return {
        id: r.questionId,
        text: r.text,
        course: r.course,
        n: r.attempts,
        facility: r.facility ?? undefined,
        discrimination: r.discriminationIndex ?? undefined,
        efficiency: r.discriminativeEfficiency ?? undefined,
        flagged: why.length > 0,
        why: why.length > 0 ? why.join(', ') : r.note,
      };
    }),
  };
}

export interface Timeline {
  attemptId: string;
  username: string;
  course: string;
  score: number;
  total: number;
  answers: { questionId: string; choice: string; correct: boolean; at: number }[];
  /** The server's presence intervals, ms from the start, covering the whole attempt. */
  intervals: Interval[];
  /** Presence events stored for the attempt (`presenceTotal`; the raw events are not drawn). */
  reports: number;
  integrity: Integrity;
  maxFaces: number;
}

/** attempts.timeline: the attempt, its answers, the server's presence intervals and integrity summary. */
export function timeline(data: TimelineResult): Timeline {
  const a = data.attempt;
  return {
    attemptId: a.attemptId,
    username: a.username,
    course: a.course,
    score: a.score,
    total: a.total,
    answers: data.answers.map((r) => ({
      questionId: r.questionId,
      choice: r.choice,
      correct: r.correct === true,
      at: r.at,
    })),
    intervals: data.intervals.map((r) => ({ state: r.state, from: r.from, to: r.to })),
    reports: data.presenceTotal,
    integrity: integrity(data.integrity),
    maxFaces: data.integrity.maxFaces,
  };
}
