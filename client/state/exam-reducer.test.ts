import type { Attempt } from '../../protocol/messages.js';
import {
  examReducer,
  finishPrompt,
  firstUnanswered,
  formatClock,
  initialExam,
  nextAfter,
  progress,
  remainingMs,
  type ExamAction,
  type ExamState,
} from './exam-reducer.js';

const attempt = (answered: Attempt['answered'] = []): Attempt => ({
  attemptId: 'a1',
  course: 'DSA',
  deadline: 1_000_000,
  proctored: false,
  answered,
  questions: ['q1', 'q2', 'q3'].map((id) => ({
    id,
    text: `text ${id}`,
    options: ['x', 'y', 'z'],
    concept: 'c',
    difficulty: 'Easy' as const,
  })),
});
const run = (s: ExamState, ...as: ExamAction[]) => as.reduce(examReducer, s);

describe('examReducer', () => {
  test('a fresh attempt opens on the first question', () => {
    const s = run(initialExam, { type: 'loaded', attempt: attempt() });
    expect(s.index).toBe(0);
    expect(progress(s)).toEqual({ answered: 0, correct: 0, total: 3 });
  });
  test('a resumed attempt opens on the first unanswered question with earlier answers shown', () => {
    const s = run(initialExam, {
      type: 'loaded',
      attempt: attempt([{ questionId: 'q1', choice: 'A', correct: true, answer: 'A' }]),
    });
    expect(s.index).toBe(1);
    expect(s.answers.q1.correct).toBe(true);
  });
  test('choose marks the answer pending once; the first answer is final', () => {
    let s = run(initialExam, { type: 'loaded', attempt: attempt() }, { type: 'choose', index: 1 });
    expect(s.pending).toEqual({ q1: 'B' });
    s = run(s, { type: 'choose', index: 2 });
    expect(s.pending).toEqual({ q1: 'B' });
    s = run(s, { type: 'answered', questionId: 'q1', choice: 'B', correct: false, answer: 'C' });
    expect(s.pending).toEqual({});
    expect(s.answers.q1).toEqual({ questionId: 'q1', choice: 'B', correct: false, answer: 'C' });
    expect(run(s, { type: 'choose', index: 0 }).pending).toEqual({});
  });
  test('a letter beyond the options explains the valid range', () => {
    const s = run(initialExam, { type: 'loaded', attempt: attempt() }, { type: 'choose', index: 5 });
    expect(s.error).toBe('no option F: pick A-C');
    expect(s.pending).toEqual({});
  });
  test('reloading after a reconnect keeps answers still in flight as pending and the current question', () => {
    let s = run(
      initialExam,
      { type: 'loaded', attempt: attempt() },
      { type: 'go', delta: 2 },
      { type: 'choose', index: 0 },
    );
    s = run(s, { type: 'loaded', attempt: attempt([{ questionId: 'q1', choice: 'B', correct: true, answer: 'B' }]) });
    expect(s.index).toBe(2);
    expect(s.pending).toEqual({ q3: 'A' });
    expect(Object.keys(s.answers)).toEqual(['q1']);
    // Once the server has it, the reload drops it from pending.
    s = run(s, {
      type: 'loaded',
      attempt: attempt([
        { questionId: 'q1', choice: 'B', correct: true, answer: 'B' },
        { questionId: 'q3', choice: 'A', correct: false, answer: 'C' },
      ]),
    });
    expect(s.pending).toEqual({});
  });
  test('navigation and cursor wrap sensibly', () => {
    let s = run(initialExam, { type: 'loaded', attempt: attempt() }, { type: 'go', delta: -1 });
    expect(s.index).toBe(0);
    s = run(s, { type: 'go', delta: 10 });
    expect(s.index).toBe(2);
    s = run(s, { type: 'cursor', delta: -1 });
    expect(s.cursor).toBe(2);
  });
  test('nextAfter finds the next unanswered question, wrapping; undefined when all are answered', () => {
    let s = run(initialExam, {
      type: 'loaded',
      attempt: attempt([{ questionId: 'q2', choice: 'A', correct: true, answer: 'A' }]),
    });
    expect(nextAfter(s)).toBe(2);
    s = run(s, { type: 'go', delta: 2 });
    expect(nextAfter(s)).toBe(0);
    expect(
      firstUnanswered({ ...s, answers: { q1: s.answers.q2, q2: s.answers.q2, q3: s.answers.q2 } }),
    ).toBeUndefined();
  });
  test('no answers after expiry or finish; finishing flow', () => {
    let s = run(initialExam, { type: 'loaded', attempt: attempt() }, { type: 'expired' }, { type: 'choose', index: 0 });
    expect(s.pending).toEqual({});
    s = run(initialExam, { type: 'loaded', attempt: attempt() }, { type: 'askFinish' });
    expect(s.confirmFinish).toBe(true);
    s = run(s, { type: 'finishing' }, { type: 'finished', result: { score: 1, total: 3, percent: 33.3 } });
    expect(s).toMatchObject({ confirmFinish: false, finishing: false, result: { score: 1 } });
  });
});

describe('server clock', () => {
  test('remaining time uses the offset to the server clock and never goes negative', () => {
    // Local clock 5 s behind the server: 60 s deadline by the server is 55 s from local now.
    expect(remainingMs(100_000, 5_000, 35_000)).toBe(60_000);
    expect(remainingMs(100_000, 0, 200_000)).toBe(0);
  });
  test('formatClock', () => {
    expect(formatClock(0)).toBe('0:00');
    expect(formatClock(61_001)).toBe('1:01');
    expect(formatClock(900_004)).toBe('15:00');
    expect(formatClock(3_600_000)).toBe('1:00:00');
  });
  test('the finish question does not warn about unanswered questions when there are none', () => {
    expect(finishPrompt(10, 10)).toBe('Finish the exam now? All 10 answered. y / n');
    expect(finishPrompt(10, 9)).toBe('Finish the exam now? 1 unanswered question will count as wrong. y / n');
    expect(finishPrompt(10, 4)).toBe('Finish the exam now? 6 unanswered questions will count as wrong. y / n');
  });
});
