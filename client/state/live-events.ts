// The invigilator's events to a student (PROTOCOL.md 8): exam.deadline, exam.ended, notice. Pure:
// checks the shapes (a server event is input like any other) and says what the exam screen does.
import type { FinishResult } from '../../protocol/messages.js';

export type ExamEvent =
  { kind: 'deadline'; deadline: number } | { kind: 'ended'; reason: string; result: FinishResult };

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** What an event means for the attempt on screen, or null when it is not about it. */
export function examEvent(
  name: string,
  data: Record<string, unknown>,
  attemptId: string | undefined,
): ExamEvent | null {
  if (attemptId === undefined || data.attemptId !== attemptId) return null;
  if (name === 'exam.deadline' && isNum(data.deadline)) return { kind: 'deadline', deadline: data.deadline };
  if (name === 'exam.ended' && isNum(data.score) && isNum(data.total) && isNum(data.percent)) {
    return {
      kind: 'ended',
      reason: typeof data.reason === 'string' ? data.reason : '',
      result: { score: data.score, total: data.total, percent: data.percent },
    };
  }
  return null;
}

function hhmm(ms: number): string {
  const d = new Date(ms);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

/** The one line the student sees for an event, or null for events that are not for this line. */
export function noticeLine(name: string, data: Record<string, unknown>, attemptId: string | undefined): string | null {
  if (name === 'notice' && typeof data.text === 'string') {
    // One line: a notice may hold line breaks, which would push the exam screen down.
    const text = data.text.replace(/\s+/g, ' ').trim();
    const from = typeof data.from === 'string' ? data.from : 'the invigilator';
    return `Notice from ${from}${isNum(data.at) ? ` at ${hhmm(data.at)}` : ''}: ${text}`;
  }
  const e = examEvent(name, data, attemptId);
  if (e?.kind === 'deadline') return `The invigilator gave you more time: the exam now ends at ${hhmm(e.deadline)}.`;
  return null;
}
