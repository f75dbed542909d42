// One exam attempt on screen: navigation, the answer in flight, instant feedback, finish. Pure.
// The server grades and times everything (PROTOCOL.md 6); this only mirrors what it said.
import { CHOICES, type AnsweredItem, type Attempt, type Choice, type FinishResult } from '../../protocol/messages.js';

export interface ExamState {
  attempt?: Attempt;
  index: number;
  /** Highlighted option on the current question; -1 until ↑/↓ picks one, so an Enter pressed twice
   * (or a bouncing key) on the feedback line cannot answer the next question unseen. */
  cursor: number;
  answers: Record<string, AnsweredItem>;
  /** Answers sent and not yet acknowledged: questionId -> choice. */
  pending: Record<string, Choice>;
  confirmFinish: boolean;
  finishing: boolean;
  result?: FinishResult;
  expired: boolean;
  error?: string;
  /** First visible line of the question pane. */
  top: number;
  /** Answers the server did not take, and why (shown truthfully in the summary). */
  refused: Record<string, { choice: Choice; reason: string }>;
  /** Esc or Ctrl+C asked to leave: the question on screen before leaving. */
  leaving?: 'back' | 'quit';
}

export type ExamAction =
  | { type: 'loaded'; attempt: Attempt }
  | { type: 'go'; delta: number }
  | { type: 'cursor'; delta: number }
  | { type: 'choose'; index: number }
  | { type: 'answered'; questionId: string; choice: Choice; correct?: boolean; answer?: Choice }
  | { type: 'answerFailed'; questionId: string; error: string; refused?: string }
  | { type: 'scrollTo'; top: number }
  | { type: 'askLeave'; how: 'back' | 'quit' }
  | { type: 'cancelLeave' }
  | { type: 'askFinish' }
  | { type: 'cancelFinish' }
  | { type: 'finishing' }
  | { type: 'finished'; result: FinishResult }
  | { type: 'expired' }
  /** An invigilator moved the deadline (PROTOCOL.md 8 exam.deadline). */
  | { type: 'deadline'; deadline: number }
  | { type: 'error'; error: string };

export const initialExam: ExamState = {
  index: 0,
  cursor: -1,
  answers: {},
  pending: {},
  confirmFinish: false,
  finishing: false,
  expired: false,
  top: 0,
  refused: {},
};

export function firstUnanswered(s: Pick<ExamState, 'attempt' | 'answers' | 'pending'>, from = 0): number | undefined {
  const qs = s.attempt?.questions ?? [];
  for (let k = 0; k < qs.length; k++) {
    const i = (from + k) % qs.length;
    if (!s.answers[qs[i].id] && !s.pending[qs[i].id]) return i;
  }
  return undefined;
}

export function progress(s: ExamState): { answered: number; correct: number; total: number } {
  const total = s.attempt?.questions.length ?? 0;
  const items = Object.values(s.answers);
  return { answered: items.length, correct: items.filter((a) => a.correct).length, total };
}

/** Time left by the server's clock: deadline - (local now + offset), never negative. */
export function remainingMs(deadline: number, clockOffsetMs: number, localNow: number): number {
  return Math.max(0, deadline - (localNow + clockOffsetMs));
}

export function formatClock(ms: number): string {
  // Rounded, not ceiled: the offset estimate is a few ms off, and "15:01 left" of 15 minutes looks wrong.
  const s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

export function examReducer(s: ExamState, a: ExamAction): ExamState {
  const qs = s.attempt?.questions ?? [];
  switch (a.type) {
    case 'loaded': {
      // A resumed attempt (after a reconnect or re-open) merges the server's record of answers;
      // answers still in flight stay pending (the session repeats them: exam.answer is idempotent).
      const answers = { ...s.answers };
      for (const it of a.attempt.answered) answers[it.questionId] = it;
      const pending = Object.fromEntries(Object.entries(s.pending).filter(([id]) => !answers[id]));
      const next: ExamState = { ...s, attempt: a.attempt, answers, pending, error: undefined };
      const keep = s.attempt?.attemptId === a.attempt.attemptId;
      const index = keep ? Math.min(s.index, a.attempt.questions.length - 1) : (firstUnanswered(next) ?? 0);
      return { ...next, index: Math.max(0, index), cursor: keep ? s.cursor : -1, top: keep ? s.top : 0 };
    }
    case 'go': {
      if (qs.length === 0) return s;
      const index = Math.min(qs.length - 1, Math.max(0, s.index + a.delta));
      if (index === s.index) return { ...s, error: undefined };
      return { ...s, index, cursor: -1, top: 0, error: undefined };
    }
    case 'cursor': {
      const n = qs[s.index]?.options.length ?? 0;
      if (n === 0) return s;
      // From no highlight, ↓ starts at A and ↑ at the last option.
      const from = s.cursor < 0 ? (a.delta > 0 ? -1 : 0) : s.cursor;
      return { ...s, cursor: (from + a.delta + n) % n, error: undefined };
    }
    case 'choose': {
      const q = qs[s.index];
      if (!q || s.result || s.expired || s.answers[q.id] || s.pending[q.id]) return s;
      if (a.index < 0 || a.index >= q.options.length)
        return { ...s, error: `no option ${CHOICES[a.index] ?? '?'}: pick A-${CHOICES[q.options.length - 1]}` };
      return { ...s, cursor: a.index, pending: { ...s.pending, [q.id]: CHOICES[a.index] }, error: undefined };
    }
    case 'answered': {
      const pending = { ...s.pending };
      delete pending[a.questionId];
      const item: AnsweredItem = { questionId: a.questionId, choice: a.choice };
      // Absent when the course's feedback setting hides them (PROTOCOL.md 8).
      if (a.correct !== undefined) item.correct = a.correct;
      if (a.answer !== undefined) item.answer = a.answer;
      return { ...s, pending, answers: { ...s.answers, [a.questionId]: item } };
    }
    case 'answerFailed': {
      const pending = { ...s.pending };
      delete pending[a.questionId];
      const choice = s.pending[a.questionId];
      const refused = a.refused && choice ? { ...s.refused, [a.questionId]: { choice, reason: a.refused } } : s.refused;
      return { ...s, pending, refused, error: a.error };
    }
    case 'scrollTo':
      return a.top === s.top ? s : { ...s, top: Math.max(0, a.top) };
    case 'askLeave':
      return { ...s, leaving: a.how, confirmFinish: false };
    case 'cancelLeave':
      return { ...s, leaving: undefined };
    case 'askFinish':
      return s.result ? s : { ...s, confirmFinish: true };
    case 'cancelFinish':
      return { ...s, confirmFinish: false };
    case 'finishing':
      return { ...s, confirmFinish: false, finishing: true };
    case 'finished':
      return { ...s, finishing: false, confirmFinish: false, result: a.result };
    case 'expired':
      return { ...s, expired: true, confirmFinish: false, leaving: undefined };
    case 'deadline':
      return s.attempt ? { ...s, attempt: { ...s.attempt, deadline: a.deadline } } : s;
    case 'error':
      return { ...s, finishing: false, error: a.error };
  }
}

/** The question to show after feedback: the next unanswered one after the current. */
export function nextAfter(s: ExamState): number | undefined {
  return firstUnanswered(s, s.index + 1);
}

/** The finish question: with every answer given, "0 unanswered will count as wrong" would only alarm. */
export function finishPrompt(total: number, answered: number): string {
  const left = total - answered;
  if (left <= 0) return `Finish the exam now? All ${total} answered. y / n`;
  return `Finish the exam now? ${left} unanswered question${left === 1 ? '' : 's'} will count as wrong. y / n`;
}
