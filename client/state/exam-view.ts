// Small pure pieces of the exam screen: progress marks, the clock with its warning tone and symbol,
// the leave question, and which answers did not count.
import type { Choice } from '../../protocol/messages.js';
import { theme } from '../theme.js';
import { formatClock, type ExamState } from './exam-reducer.js';

export function progressMarks(s: ExamState, width: number): string {
  const qs = s.attempt?.questions ?? [];
  const marks = qs.map((q, i) => {
    const a = s.answers[q.id];
    const m = a ? (a.correct === undefined ? '•' : a.correct ? '✓' : '✗') : s.pending[q.id] ? '…' : '·';
    return i === s.index ? `[${m}]` : m;
  });
  const text = marks.join('');
  return text.length <= width ? text : text.slice(0, width - 1) + '…';
}

/** Time warnings: at 5 minutes and at 1 minute; the symbol carries it under NO_COLOR. */
export const CLOCK_WARN_MS = 5 * 60_000;
export const CLOCK_URGENT_MS = 60_000;

export function clockView(left: number | undefined): { text: string; tone?: string; level: 'ok' | 'warn' | 'urgent' } {
  if (left === undefined) return { text: '', level: 'ok' };
  const base = `⏱ ${formatClock(left)} left`;
  if (left <= CLOCK_URGENT_MS) return { text: `${base} ‼`, tone: theme.bad, level: 'urgent' };
  if (left <= CLOCK_WARN_MS) return { text: `${base} !`, tone: theme.warn, level: 'warn' };
  return { text: base, level: 'ok' };
}

/** The question before leaving an open attempt (Esc) or quitting the client (Ctrl+C). */
export function leavePrompt(how: 'back' | 'quit', left: number | undefined): string {
  // One 80-column line. The time left exactly as the clock shows it: "15 min" for 14:16 read as
  // more time than there was, and "stays open" alone let a student think the clock would wait.
  const time = left === undefined ? 'it keeps its time' : `${formatClock(left)} left`;
  return how === 'quit'
    ? `Quit PandaProctor? Your exam stays open, its clock running: ${time}. y / n`
    : `Leave the exam? It stays open and its clock keeps running: ${time}. y / n`;
}

export interface NotCounted {
  n: number;
  choice: Choice;
  reason: string;
}

/** Answers chosen on this screen that the server did not record, with the question number and why. */
export function notCounted(s: ExamState): NotCounted[] {
  const qs = s.attempt?.questions ?? [];
  const out: NotCounted[] = [];
  qs.forEach((q, i) => {
    if (s.answers[q.id]) return;
    const refused = s.refused[q.id];
    if (refused) out.push({ n: i + 1, choice: refused.choice, reason: refused.reason });
    else if (s.pending[q.id])
      out.push({ n: i + 1, choice: s.pending[q.id], reason: 'it had not reached the server when the attempt ended' });
  });
  return out;
}
