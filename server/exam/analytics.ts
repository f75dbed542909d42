// Exam analytics for `analytics.summary` (PROTOCOL.md 6): a pure function of scored attempts.
// One pass over every answered item builds all aggregates; item statistics are then O(s log s)
// per question, so thousands of attempts take milliseconds. Definitions: docs/analytics.md.
import type { Difficulty } from '../../protocol/messages.js';
import { DIFFICULTIES } from '../../protocol/messages.js';
import { itemFlags, itemMoments, type ItemFlag } from './analytics-items.js';

export interface ScoredItem {
  questionId: string;
  concept: string;
  difficulty: Difficulty;
  correct: boolean;
}

export interface ScoredAttempt {
  attemptId: string;
  username: string;
  course: string;
  startedAt: number;
  finishedAt: number;
  items: ScoredItem[];
}

/** A percentage bucket [from, to); the last bucket also holds 100 %. */
export interface ScoreBucket {
  label: string;
  from: number;
  to: number;
  count: number;
}

export interface StudentStats {
  username: string;
  attempts: number;
  /** Percentages (0-100) of the student's attempts. `last` = the attempt finished last. */
  best: number;
  mean: number;
  last: number;
}

export interface CourseStats {
  course: string;
  attempts: number;
  mean: number;
  median: number;
  /** Percentage of attempts scoring at least PASS_PERCENT. */
  passRate: number;
}

export interface RateStats {
  answered: number;
  correct: number;
  /** percentage; null when answered = 0 */ rate: number | null;
}
export interface ConceptStats extends RateStats {
  concept: string;
}
export interface DifficultyStats extends RateStats {
  difficulty: Difficulty;
}

export interface ItemStats {
  questionId: string;
  course: string;
  concept: string;
  difficulty: Difficulty;
  /** Attempts that contained this question (questions are drawn per attempt). */
  attempts: number;
  correct: number;
  /** Percentages as Moodle shows them; null where undefined (see `note`). */
  facility: number | null;
  sd: number | null;
  discriminationIndex: number | null;
  discriminativeEfficiency: number | null;
  flags: ItemFlag[];
  note?: string;
}

export interface AnalyticsSummary {
  /** The course filter applied, or null for all courses. */
  course: string | null;
  attempts: number;
  passPercent: number;
  distribution: ScoreBucket[];
  students: StudentStats[];
  courses: CourseStats[];
  concepts: ConceptStats[];
  difficulties: DifficultyStats[];
  items: ItemStats[];
}

export const PASS_PERCENT = 50;
const BUCKETS = 10;

interface ItemAcc {
  course: string;
  concept: string;
  difficulty: Difficulty;
  x: number[];
  /** Index into the attempt table; Y = attempt total - x is filled in after the pass. */
  attempt: number[];
}

export function computeAnalytics(attempts: ScoredAttempt[], opts: { course?: string } = {}): AnalyticsSummary {
  const course = opts.course ?? null;
  const chosen = course === null ? attempts : attempts.filter((a) => a.course === course);

  const distribution: ScoreBucket[] = Array.from({ length: BUCKETS }, (_, i) => ({
    label: `${i * 10}-${i * 10 + 10}`,
    from: i * 10,
    to: i * 10 + 10,
    count: 0,
  }));
  const totals = new Float64Array(chosen.length);
  const percents = new Float64Array(chosen.length);
  const byStudent = new Map<string, { n: number; best: number; sum: number; last: number; lastAt: number }>();
  const byCourse = new Map<string, number[]>();
  const byConcept = new Map<string, { answered: number; correct: number }>();
  const byDifficulty = new Map<Difficulty, { answered: number; correct: number }>(
    DIFFICULTIES.map((d) => [d, { answered: 0, correct: 0 }]),
  );
  const items = new Map<string, ItemAcc>();

  for (let ai = 0; ai < chosen.length; ai++) {
    const a = chosen[ai];
    const seen = new Set<string>();
    let correct = 0;
    let total = 0;
    for (const it of a.items) {
      // A question counts once per attempt even if a caller passes it twice.
      if (seen.has(it.questionId)) continue;
      seen.add(it.questionId);
      total++;
      const mark = it.correct ? 1 : 0;
      correct += mark;
      const c = byConcept.get(it.concept) ?? { answered: 0, correct: 0 };
      c.answered++;
      c.correct += mark;
      byConcept.set(it.concept, c);
      const d = byDifficulty.get(it.difficulty);
      if (d) {
        d.answered++;
        d.correct += mark;
      }
      let acc = items.get(it.questionId);
      if (!acc) {
        acc = { course: a.course, concept: it.concept, difficulty: it.difficulty, x: [], attempt: [] };
        items.set(it.questionId, acc);
      }
      acc.x.push(mark);
      acc.attempt.push(ai);
    }
    totals[ai] = correct;
    // Integer arithmetic for the bucket so 70 % never lands in 60-70 through float error.
    const pct = total === 0 ? 0 : (100 * correct) / total;
    percents[ai] = pct;
    const bucket = total === 0 ? 0 : Math.min(BUCKETS - 1, Math.floor((BUCKETS * correct) / total));
    distribution[bucket].count++;

    const s = byStudent.get(a.username);
    if (!s) {
      byStudent.set(a.username, { n: 1, best: pct, sum: pct, last: pct, lastAt: a.finishedAt });
    } else {
      s.n++;
      s.sum += pct;
      if (pct > s.best) s.best = pct;
      if (a.finishedAt >= s.lastAt) {
        s.last = pct;
        s.lastAt = a.finishedAt;
      }
    }
    const cp = byCourse.get(a.course);
    if (cp) cp.push(pct);
    else byCourse.set(a.course, [pct]);
  }

  const students: StudentStats[] = [...byStudent]
    .map(([username, s]) => ({ username, attempts: s.n, best: s.best, mean: s.sum / s.n, last: s.last }))
    .sort((p, q) => cmp(p.username, q.username));

  const courses: CourseStats[] = [...byCourse]
    .map(([name, pcts]) => courseStats(name, pcts))
    .sort((p, q) => cmp(p.course, q.course));

  const concepts: ConceptStats[] = [...byConcept]
    .map(([concept, c]) => ({ concept, ...rate(c) }))
    .sort((p, q) => cmp(p.concept, q.concept));

  const difficulties: DifficultyStats[] = DIFFICULTIES.map((difficulty) => ({
    difficulty,
    ...rate(byDifficulty.get(difficulty)!),
  }));

  const itemStats: ItemStats[] = [];
  for (const [questionId, acc] of items) {
    const n = acc.x.length;
    const x = Float64Array.from(acc.x);
    const y = new Float64Array(n);
    let correct = 0;
    for (let i = 0; i < n; i++) {
      y[i] = totals[acc.attempt[i]] - x[i]; // rest of the test: total minus this item
      correct += x[i];
    }
    const m = itemMoments(x, y);
    const st: ItemStats = {
      questionId,
      course: acc.course,
      concept: acc.concept,
      difficulty: acc.difficulty,
      attempts: n,
      correct,
      facility: m.facility,
      sd: m.sd,
      discriminationIndex: m.discriminationIndex,
      discriminativeEfficiency: m.discriminativeEfficiency,
      flags: itemFlags(m),
    };
    if (m.note) st.note = m.note;
    itemStats.push(st);
  }
  itemStats.sort((p, q) => cmp(p.course, q.course) || cmp(p.questionId, q.questionId));

  return {
    course,
    attempts: chosen.length,
    passPercent: PASS_PERCENT,
    distribution,
    students,
    courses,
    concepts,
    difficulties,
    items: itemStats,
  };
}

function courseStats(course: string, pcts: number[]): CourseStats {
  const sorted = Float64Array.from(pcts).sort();
  const n = sorted.length;
  let sum = 0;
  let passed = 0;
  for (const p of sorted) {
    sum += p;
    if (p >= PASS_PERCENT) passed++;
  }
  const mid = n >> 1;
  const median = n % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { course, attempts: n, mean: sum / n, median, passRate: (100 * passed) / n };
}

function rate(c: { answered: number; correct: number }): RateStats {
  return { answered: c.answered, correct: c.correct, rate: c.answered === 0 ? null : (100 * c.correct) / c.answered };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
