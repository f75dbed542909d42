// exams.csv: the exam settings per course (PROTOCOL.md 6 exams.configure). Rewritten atomically.
import { FEEDBACKS, type ExamConfig } from '../../protocol/messages.js';
import { boolField, intField, nonEmpty, oneOf, type TableSpec } from './load.js';

export const EXAMS_FILE = 'exams.csv';
export const EXAMS_HEADER = ['Course', 'Count', 'Minutes', 'Proctored', 'Attempts'] as const;
/** PROTOCOL.md 8 `feedback`: an optional sixth column, so files written before it still load. */
export const FEEDBACK_COLUMN = 'Feedback';

/** Used for a course that has questions but no row in exams.csv. attempts 0 = unlimited. */
export const DEFAULT_EXAM: ExamConfig = { count: 10, minutes: 15, proctored: true, attempts: 0, feedback: 'immediate' };

export const examsTable: TableSpec<{ course: string; config: ExamConfig }> = {
  file: EXAMS_FILE,
  header: EXAMS_HEADER,
  appendOnly: false,
  extraColumns: true,
  parse(cells, col) {
    const [course, count, minutes, proctored, attempts] = cells;
    const feedback = col(FEEDBACK_COLUMN).trim();
    return {
      course: nonEmpty(course.trim(), 'Course'),
      config: {
        count: intField(count, 'Count', 1),
        minutes: intField(minutes, 'Minutes', 1),
        proctored: boolField(proctored, 'Proctored'),
        attempts: intField(attempts, 'Attempts', 0),
        feedback: feedback === '' ? 'immediate' : oneOf(feedback, FEEDBACKS, FEEDBACK_COLUMN),
      },
    };
  },
};

/** exams.csv as rows, for the chunked rewrite (store/rewrite-rows.ts). */
export function* examsCsvRows(exams: Map<string, ExamConfig>): Generator<(string | number | boolean)[]> {
  yield [...EXAMS_HEADER, FEEDBACK_COLUMN];
  for (const [course, c] of [...exams].sort(([a], [b]) => a.localeCompare(b))) {
    yield [course, c.count, c.minutes, c.proctored, c.attempts, c.feedback ?? 'immediate'];
  }
}
