// The invigilator's events as the student's exam screen reads them (PROTOCOL.md 8).
import { examEvent, noticeLine } from './live-events.js';

test('exam.deadline and exam.ended apply only to the attempt on screen, and only when well formed', () => {
  expect(examEvent('exam.deadline', { attemptId: 'a1', deadline: 5 }, 'a1')).toEqual({ kind: 'deadline', deadline: 5 });
  expect(examEvent('exam.deadline', { attemptId: 'other', deadline: 5 }, 'a1')).toBeNull();
  expect(examEvent('exam.deadline', { attemptId: 'a1', deadline: 'soon' }, 'a1')).toBeNull();
  expect(
    examEvent('exam.ended', { attemptId: 'a1', reason: 'copying', score: 2, total: 10, percent: 20 }, 'a1'),
  ).toEqual({ kind: 'ended', reason: 'copying', result: { score: 2, total: 10, percent: 20 } });
  expect(examEvent('exam.ended', { attemptId: 'a1', score: 2 }, 'a1')).toBeNull();
  expect(examEvent('exam.ended', { attemptId: 'a1', score: 2, total: 10, percent: 20 }, undefined)).toBeNull();
});

test('a notice is one line, whatever line breaks it holds', () => {
  const line = noticeLine(
    'notice',
    { from: 'proc', text: 'Ten minutes\nleft,\r\n  please   finish', at: new Date(2026, 0, 1, 9, 5).getTime() },
    undefined,
  );
  expect(line).toBe('Notice from proc at 09:05: Ten minutes left, please finish');
  expect(noticeLine('notice', { text: 42 }, undefined)).toBeNull();
  expect(noticeLine('exam.deadline', { attemptId: 'a1', deadline: new Date(2026, 0, 1, 10, 40).getTime() }, 'a1')).toBe(
    'The invigilator gave you more time: the exam now ends at 10:40.',
  );
  expect(noticeLine('exam.expired', { attemptId: 'a1' }, 'a1')).toBeNull();
});
