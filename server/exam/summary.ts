// PROTOCOL.md 8 `AttemptSummary` and the `attempts.review` questions (pure). Students get `correct`
// and `answer` only as the course's feedback setting allows (exam/feedback.ts); admins get them all.
import type { AttemptReview, AttemptSummary, Feedback, ReviewQuestion } from '../../protocol/messages.js';
import type { AttemptState } from '../store/model.js';
import { integritySummary } from './integrity.js';
import { grade, integrityInput, studentQuestion } from './view.js';

export function attemptSummary(a: AttemptState, now: number): AttemptSummary {
  const ended = a.finish !== null;
  const g = grade(a);
  const priority = integritySummary(integrityInput(a, now)).priority;
  return {
    attemptId: a.attemptId,
    student: a.username,
    course: a.course,
    state: a.finish ? a.finish.reason : 'open',
    started: a.startedAt,
    deadline: a.deadline,
    ...(a.finish ? { finished: a.finish.at } : {}),
    answered: a.answers.size,
    total: a.items.length,
    ...(ended ? { score: g.score, percent: g.percent } : {}),
    proctored: a.proctored,
    review: { level: priority.level, points: priority.score },
  };
}

/** `showKey`: include right/wrong and the correct letter (an admin, or a student the setting allows). */
export function attemptReview(a: AttemptState, feedback: Feedback, showKey: boolean, now: number): AttemptReview {
  // The total score stays visible under every setting, as exam.finish and scores.mine give it
  // (PROTOCOL.md 6); the setting hides which question was right and the letters.
  const attempt = attemptSummary(a, now);
  const questions = a.items.map((it): ReviewQuestion => {
    const ans = a.answers.get(it.id);
    const q: ReviewQuestion = studentQuestion(it);
    if (ans) q.choice = ans.choice;
    if (showKey) {
      q.answer = it.answer;
      if (ans) q.correct = ans.correct;
    }
    return q;
  });
  return { attempt, feedback, questions };
}
