// Normalises report data (scores.mine, analytics.summary, attempts.timeline) into the shapes the
// screens draw. PROTOCOL.md 6 names these commands but not every field, so reading is tolerant:
// a few likely spellings are accepted and anything missing shows as "–" instead of crashing.
import type { PresenceEvent } from '../../protocol/messages.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export function num(o: unknown, ...keys: string[]): number | undefined {
  if (!isObj(o)) return undefined;
  for (const k of keys) if (typeof o[k] === 'number' && Number.isFinite(o[k])) return o[k] as number;
  return undefined;
}
export function str(o: unknown, ...keys: string[]): string | undefined {
  if (!isObj(o)) return undefined;
  for (const k of keys) if (typeof o[k] === 'string') return o[k] as string;
  return undefined;
}
/** An array field, or a map field turned into rows with its key under `keyName`. */
export function rows(o: unknown, keyName: string, ...keys: string[]): Obj[] {
  if (Array.isArray(o)) return o.filter(isObj);
  if (!isObj(o)) return [];
  for (const k of keys) {
    const v = o[k];
    if (Array.isArray(v)) return v.filter(isObj);
    if (isObj(v)) return Object.entries(v).map(([name, x]) => (isObj(x) ? { [keyName]: name, ...x } : { [keyName]: name, value: x }));
  }
  return [];
}

export interface ConceptRow { concept: string; correct: number; total: number; percent: number }
export interface Integrity {
  secondsAbsent?: number; absences?: number; secondsMultiple?: number; silences?: number; cameraErrors?: number;
  priority?: string | number; level?: string; reasons: string[];
}
export interface ScoreRow {
  attemptId: string; course: string; score: number; total: number; percent: number; at?: number; started?: number;
  finished: boolean; concepts: ConceptRow[]; integrity?: Integrity;
}

function pct(correct: number, total: number): number {
  return total > 0 ? Math.round((1000 * correct) / total) / 10 : 0;
}

export function concepts(o: unknown): ConceptRow[] {
  return rows(o, 'concept', 'concepts', 'concept', 'perConcept', 'byConcept', 'breakdown').map((r) => {
    const correct = num(r, 'correct', 'score') ?? 0;
    const total = num(r, 'total', 'count', 'questions') ?? 0;
    return { concept: str(r, 'concept', 'name') ?? '?', correct, total, percent: num(r, 'percent') ?? pct(correct, total) };
  });
}

export function integrity(o: unknown): Integrity | undefined {
  const i = isObj(o) ? (o.integrity ?? o.integritySummary) : undefined;
  if (!isObj(i)) return undefined;
  // server/exam/integrity.ts: priority = {score, level, contributions: [{reason, points}]}.
  const pr = i.priority;
  const contributions = isObj(pr) ? rows(pr, 'reason', 'contributions') : rows(i, 'reason', 'contributions', 'reasons');
  const reasons = contributions.map((r) => {
    const reason = str(r, 'reason', 'text', 'message', 'label') ?? '?';
    const pts = num(r, 'points');
    return pts === undefined ? reason : `${reason} (+${pts})`;
  });
  const raw = (Array.isArray(i.reasons) ? i.reasons : []).filter((x): x is string => typeof x === 'string');
  const priority = isObj(pr)
    ? `${str(pr, 'level') ?? '?'}${num(pr, 'score') !== undefined ? ` (${num(pr, 'score')} pts)` : ''}`
    : (num(i, 'priority', 'reviewPriority') ?? str(i, 'priority', 'reviewPriority', 'level'));
  return {
    secondsAbsent: num(i, 'secondsAbsent', 'absentSeconds'),
    absences: num(i, 'absences', 'absenceCount'),
    secondsMultiple: num(i, 'secondsMultiple', 'multipleSeconds'),
    silences: Array.isArray(i.silences) ? i.silences.length : num(i, 'silences', 'proctorSilences'),
    cameraErrors: num(i, 'cameraErrors', 'cameraErrorCount'),
    priority,
    level: isObj(pr) ? str(pr, 'level') : str(i, 'level'),
    reasons: raw.length > 0 ? raw : reasons,
  };
}

export function scoreRows(data: unknown): ScoreRow[] {
  return rows(data, 'attemptId', 'attempts', 'scores').map((r) => {
    const score = num(r, 'score', 'correct') ?? 0;
    const total = num(r, 'total', 'count') ?? 0;
    return {
      attemptId: str(r, 'attemptId', 'id') ?? '?', course: str(r, 'course') ?? '?', score, total,
      percent: num(r, 'percent') ?? pct(score, total), at: num(r, 'finishedAt', 'finished', 'startedAt', 'started', 'at'),
      started: num(r, 'startedAt', 'started'),
      finished: r.finishedAt !== null && r.finished !== false && r.open !== true, concepts: concepts(r), integrity: integrity(r),
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
  attempts: { attemptId: string; username: string; course: string; percent?: number; priority?: string | number }[];
}

export function analytics(data: unknown): Analytics {
  const dist = rows(data, 'label', 'distribution', 'scoreDistribution', 'histogram').map((r) => ({
    label: str(r, 'label', 'range', 'bucket') ?? (num(r, 'from', 'min', 'bucket') !== undefined ? `${num(r, 'from', 'min', 'bucket')}-${num(r, 'to', 'max') ?? ''}` : '?'),
    count: num(r, 'count', 'n', 'value') ?? 0,
  }));
  const items = rows(data, 'id', 'items', 'itemAnalysis').map((r) => {
    const efficiency = num(r, 'discriminativeEfficiency', 'efficiency');
    const discrimination = num(r, 'discriminationIndex', 'discrimination');
    const flags = Array.isArray(r.flags) ? r.flags.map(String) : [];
    const flagged = typeof r.flagged === 'boolean' ? r.flagged : Array.isArray(r.flags) ? flags.length > 0 : (efficiency !== undefined && efficiency < 15) || (discrimination !== undefined && discrimination < 0);
    return {
      id: str(r, 'questionId', 'id') ?? '?', text: str(r, 'text') ?? [str(r, 'concept'), str(r, 'difficulty')].filter(Boolean).join(' · '), course: str(r, 'course') ?? '', n: num(r, 'attempts', 'n', 'count'),
      facility: num(r, 'facility'), discrimination, efficiency, flagged, why: flags.length > 0 ? flags.join(', ') : str(r, 'why', 'reason', 'note'),
    };
  });
  return {
    distribution: dist,
    students: rows(data, 'username', 'students', 'perStudent', 'byStudent').map((r) => ({
      username: str(r, 'username', 'student', 'name') ?? '?', attempts: num(r, 'attempts', 'count', 'n'), mean: num(r, 'mean', 'average', 'meanPercent', 'avg'), best: num(r, 'best', 'max', 'bestPercent'),
    })),
    courses: rows(data, 'course', 'courses', 'perCourse', 'byCourse').map((r) => ({
      course: str(r, 'course', 'name') ?? '?', attempts: num(r, 'attempts', 'count', 'n'), mean: num(r, 'mean', 'average', 'meanPercent', 'avg'),
    })),
    concepts: rows(data, 'concept', 'concepts', 'perConcept', 'byConcept').map((r) => ({
      concept: str(r, 'concept', 'name') ?? '?', percent: num(r, 'rate', 'percent', 'mean'), n: num(r, 'answered', 'n', 'count', 'total'),
    })),
    items,
    attempts: rows(data, 'attemptId', 'attempts').map((r) => ({
      attemptId: str(r, 'attemptId', 'id') ?? '?', username: str(r, 'username', 'student') ?? '?', course: str(r, 'course') ?? '?',
      percent: num(r, 'percent'), priority: integrity(r)?.priority ?? num(r, 'priority') ?? str(r, 'priority'),
    })),
  };
}

export interface Timeline {
  attemptId: string; username: string; course: string; score?: number; total?: number;
  answers: { questionId: string; choice: string; correct: boolean; at?: number }[];
  events: PresenceEvent[]; integrity?: Integrity;
}

export function timeline(data: unknown): Timeline {
  const a = isObj(data) && isObj(data.attempt) ? data.attempt : data;
  const events = rows(data, 'seq', 'events', 'presence').filter((e) => typeof e.at === 'number' && typeof e.state === 'string') as unknown as PresenceEvent[];
  return {
    attemptId: str(a, 'attemptId', 'id') ?? '?', username: str(a, 'username', 'student') ?? '?', course: str(a, 'course') ?? '?',
    score: num(a, 'score') ?? num(data, 'score'), total: num(a, 'total') ?? num(data, 'total'),
    answers: rows(data, 'questionId', 'answers').map((r) => ({ questionId: str(r, 'questionId', 'id') ?? '?', choice: str(r, 'choice') ?? '?', correct: r.correct === true, at: num(r, 'at', 'time') })),
    events: [...events].sort((x, y) => x.seq - y.seq), integrity: integrity(data) ?? integrity(a),
  };
}

/** attempt ids parsed from results.export CSV (a column named like attemptId), for the attempts list. */
export function attemptsFromCsv(csv: string): { attemptId: string; username: string; course: string; percent?: number; priority?: string }[] {
  const lines = csv.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length < 2) return [];
  const split = (l: string) => l.split(',').map((c) => c.replace(/^"|"$/g, ''));
  const head = split(lines[0]).map((h) => h.toLowerCase().replace(/[^a-z]/g, ''));
  const col = (...names: string[]) => head.findIndex((h) => names.includes(h));
  const ia = col('attemptid', 'attempt', 'id');
  if (ia < 0) return [];
  const iu = col('username', 'student', 'studentname', 'user');
  const ic = col('course');
  const ip = col('percent');
  const ir = col('review', 'priority');
  const is = col('reviewscore');
  return lines.slice(1).map(split).map((c) => ({
    attemptId: c[ia], username: c[iu] ?? '?', course: c[ic] ?? '?', percent: ip >= 0 ? Number(c[ip]) : undefined,
    priority: ir >= 0 ? `${c[ir]}${is >= 0 ? ` (${c[is]} pts)` : ''}` : undefined,
  }));
}
