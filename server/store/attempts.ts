// attempts.csv: append-only. A `start` row holds the attempt as drawn (question snapshot with the
// shuffled option order and the answer letter in that order), so later bank edits never change an
// attempt's grading; a `finish` row closes it. answers.csv holds the answers.
import { CHOICES, DIFFICULTIES, type Choice, type Difficulty } from '../../protocol/messages.js';
import { formatRow } from './csv.js';
import { boolField, intField, nonEmpty, oneOf, RowError, type TableSpec } from './load.js';

export const ATTEMPTS_FILE = 'attempts.csv';
export const ATTEMPTS_HEADER = [
  'Event',
  'AttemptId',
  'Username',
  'Course',
  'At',
  'Deadline',
  'Proctored',
  'Score',
  'Total',
  'Reason',
  'Questions',
] as const;

export interface DrawnItem {
  id: string;
  text: string;
  options: string[]; // in the order this attempt shows them
  answer: Choice; // letter in that order
  concept: string;
  difficulty: Difficulty;
  version: number;
}

export type FinishReason = 'finished' | 'expired';

export type AttemptRow =
  | {
      event: 'start';
      attemptId: string;
      username: string;
      course: string;
      at: number;
      deadline: number;
      proctored: boolean;
      items: DrawnItem[];
    }
  | { event: 'finish'; attemptId: string; at: number; score: number; total: number; reason: FinishReason }
  // An invigilator gave extra time (PROTOCOL.md 8 attempts.extend): the new deadline from then on.
  | { event: 'extend'; attemptId: string; at: number; deadline: number };

function parseItems(json: string): DrawnItem[] {
  let items: unknown;
  try {
    items = JSON.parse(json);
  } catch {
    throw new RowError('Questions is not valid JSON');
  }
  if (!Array.isArray(items) || items.length === 0) throw new RowError('Questions must be a non-empty list');
  for (const it of items as DrawnItem[]) {
    const ok =
      it &&
      typeof it.id === 'string' &&
      typeof it.text === 'string' &&
      Array.isArray(it.options) &&
      it.options.every((o) => typeof o === 'string') &&
      CHOICES.indexOf(it.answer) >= 0 &&
      CHOICES.indexOf(it.answer) < it.options.length &&
      typeof it.concept === 'string' &&
      DIFFICULTIES.includes(it.difficulty) &&
      Number.isInteger(it.version);
    if (!ok)
      throw new RowError('Questions holds an item without id, text, options, answer, concept, difficulty, version');
  }
  return items as DrawnItem[];
}

export const attemptsTable: TableSpec<AttemptRow> = {
  file: ATTEMPTS_FILE,
  header: ATTEMPTS_HEADER,
  appendOnly: true,
  parse(cells) {
    const [event, attemptId, username, course, at, deadline, proctored, score, total, reason, questions] = cells;
    const kind = oneOf(event, ['start', 'finish', 'extend'] as const, 'Event');
    nonEmpty(attemptId, 'AttemptId');
    if (kind === 'start') {
      return {
        event: kind,
        attemptId,
        username: nonEmpty(username, 'Username'),
        course: nonEmpty(course, 'Course'),
        at: intField(at, 'At'),
        deadline: intField(deadline, 'Deadline'),
        proctored: boolField(proctored, 'Proctored'),
        items: parseItems(questions),
      };
    }
    if (kind === 'extend')
      return { event: kind, attemptId, at: intField(at, 'At'), deadline: intField(deadline, 'Deadline') };
    return {
      event: kind,
      attemptId,
      at: intField(at, 'At'),
      score: intField(score, 'Score'),
      total: intField(total, 'Total'),
      reason: oneOf(reason, ['finished', 'expired'] as const, 'Reason'),
    };
  },
};

export function attemptRow(r: AttemptRow): string {
  const cells =
    r.event === 'start'
      ? ['start', r.attemptId, r.username, r.course, r.at, r.deadline, r.proctored, '', '', '', JSON.stringify(r.items)]
      : r.event === 'extend'
        ? ['extend', r.attemptId, '', '', r.at, r.deadline, '', '', '', '', '']
        : ['finish', r.attemptId, '', '', r.at, '', '', r.score, r.total, r.reason, ''];
  return formatRow(cells, { singleLine: true });
}
