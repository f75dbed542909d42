// answers.csv: append-only, one row per first answer (PROTOCOL.md 6: the first answer is final).
import { CHOICES, type Choice } from '../../protocol/messages.js';
import { formatRow } from './csv.js';
import { boolField, intField, nonEmpty, oneOf, type TableSpec } from './load.js';

export const ANSWERS_FILE = 'answers.csv';
export const ANSWERS_HEADER = ['AttemptId', 'QuestionId', 'Choice', 'Correct', 'At'] as const;

export interface AnswerRow {
  attemptId: string;
  questionId: string;
  choice: Choice;
  correct: boolean;
  at: number;
}

export const answersTable: TableSpec<AnswerRow> = {
  file: ANSWERS_FILE,
  header: ANSWERS_HEADER,
  appendOnly: true,
  parse(cells) {
    const [attemptId, questionId, choice, correct, at] = cells;
    return {
      attemptId: nonEmpty(attemptId, 'AttemptId'),
      questionId: nonEmpty(questionId, 'QuestionId'),
      choice: oneOf(choice, CHOICES, 'Choice'),
      correct: boolField(correct, 'Correct'),
      at: intField(at, 'At'),
    };
  },
};

export function answerRow(a: AnswerRow): string {
  return formatRow([a.attemptId, a.questionId, a.choice, a.correct, a.at], { singleLine: true });
}
