// What a student may see of an attempt (pure). PROTOCOL.md 6: no response to a student may contain
// the `answer` of a question before that student has answered it, so every student-facing shape is
// built here, field by field, never by copying a DrawnItem.
import type { IdentityRow } from '../store/identity-log.js';
import type { Attempt, AnsweredItem, AttemptQuestion, FinishResult } from '../../protocol/messages.js';
import type { AttemptState } from '../store/model.js';
import { segmentEvents } from './presence-segments.js';
import { integritySummary, type IntegritySummary } from './integrity.js';
import { PRESENCE_LIMITS } from '../limits.js';

export function studentQuestion(it: {
  id: string;
  text: string;
  options: string[];
  concept: string;
  difficulty: AttemptQuestion['difficulty'];
}): AttemptQuestion {
  return { id: it.id, text: it.text, options: it.options.slice(), concept: it.concept, difficulty: it.difficulty };
}

export function answeredItems(a: AttemptState): AnsweredItem[] {
  const out: AnsweredItem[] = [];
  for (const it of a.items) {
    const ans = a.answers.get(it.id);
    if (ans) out.push({ questionId: it.id, choice: ans.choice, correct: ans.correct, answer: it.answer });
  }
  return out;
}

export function studentAttempt(a: AttemptState): Attempt {
  return {
    attemptId: a.attemptId,
    course: a.course,
    questions: a.items.map(studentQuestion),
    deadline: a.deadline,
    proctored: a.proctored,
    answered: answeredItems(a),
  };
}

export function grade(a: AttemptState): FinishResult {
  let score = 0;
  for (const ans of a.answers.values()) if (ans.correct) score++;
  return result(score, a.items.length);
}

/** percent to one decimal place. */
export function result(score: number, total: number): FinishResult {
  return { score, total, percent: total === 0 ? 0 : Math.round((score * 1000) / total) / 10 };
}

export interface ConceptScore {
  concept: string;
  correct: number;
  total: number;
}

export function conceptBreakdown(a: AttemptState): ConceptScore[] {
  const by = new Map<string, ConceptScore>();
  for (const it of a.items) {
    const c = by.get(it.concept) ?? { concept: it.concept, correct: 0, total: 0 };
    c.total++;
    if (a.answers.get(it.id)?.correct) c.correct++;
    by.set(it.concept, c);
  }
  return [...by.values()].sort((x, y) => x.concept.localeCompare(y.concept));
}

/** The analytics contract (server/exam/analytics.ts): unanswered counts as incorrect. */
export function scoredAttempt(a: AttemptState) {
  return {
    attemptId: a.attemptId,
    username: a.username,
    course: a.course,
    startedAt: a.startedAt,
    finishedAt: a.finish?.at ?? a.deadline,
    items: a.items.map((it) => ({
      questionId: it.id,
      concept: it.concept,
      difficulty: it.difficulty,
      correct: a.answers.get(it.id)?.correct ?? false,
    })),
  };
}

/** Input of integritySummary / presenceIntervals for one attempt. */
export function integrityInput(a: AttemptState, now: number, identity?: IdentityRow[]) {
  return {
    identity,
    startedAt: a.startedAt,
    endedAt: a.finish?.at ?? Math.min(now, a.deadline),
    proctored: a.proctored,
    // The runs kept in memory, at the server times fixed when their events arrived
    // (exam/presence-clock.ts), so a later report can never move them.
    events: segmentEvents(a.segments),
    clockOffsetMs: a.clock.offset,
    eventCount: a.presenceCount,
  };
}

const settled = new WeakMap<AttemptState, IntegritySummary>();

/**
 * The integrity summary of `a`. Once an attempt is finished and its grace for late presence is over
 * its record can no longer change (exam/presence-clock.ts), so the summary is computed once: a
 * student asking for scores.mine again and again costs no recomputation.
 */
export function integrityOf(a: AttemptState, now: number, identity?: IdentityRow[]): IntegritySummary {
  const cached = settled.get(a);
  if (cached) return cached;
  const summary = integritySummary(integrityInput(a, now, identity));
  if (a.finish && a.finish.durable === null && now > a.finish.at + PRESENCE_LIMITS.graceMs) settled.set(a, summary);
  return summary;
}
