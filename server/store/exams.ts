// exams.csv: the exam settings per course (PROTOCOL.md 6 exams.configure). Rewritten atomically.
import type { ExamConfig } from '../../protocol/messages.js';
import { formatRow } from './csv.js';
import { boolField, intField, nonEmpty, type TableSpec } from './load.js';

export const EXAMS_FILE = 'exams.csv';
export const EXAMS_HEADER = ['Course', 'Count', 'Minutes', 'Proctored', 'Attempts'] as const;

/** Used for a course that has questions but no row in exams.csv. attempts 0 = unlimited. */
export const DEFAULT_EXAM: ExamConfig = { count: 10, minutes: 15, proctored: true, attempts: 0 };

export const examsTable: TableSpec<{ course: string; config: ExamConfig }> = {
  file: EXAMS_FILE,
  header: EXAMS_HEADER,
  appendOnly: false,
  parse(cells) {
    const [course, count, minutes, proctored, attempts] = cells;
    return {
      course: nonEmpty(course.trim(), 'Course'),
      config: {
        count: intField(count, 'Count', 1),
        minutes: intField(minutes, 'Minutes', 1),
        proctored: boolField(proctored, 'Proctored'),
        attempts: intField(attempts, 'Attempts', 0),
      },
    };
  },
};

export function renderExamsCsv(exams: Map<string, ExamConfig>): string {
  let out = formatRow(EXAMS_HEADER);
  for (const [course, c] of [...exams].sort(([a], [b]) => a.localeCompare(b))) {
    out += formatRow([course, c.count, c.minutes, c.proctored, c.attempts]);
  }
  return out;
}

/** exams.csv as rows, for the chunked rewrite (store/rewrite-rows.ts); same content as renderExamsCsv. */
export function* examsCsvRows(exams: Map<string, ExamConfig>): Generator<(string | number | boolean)[]> {
  yield [...EXAMS_HEADER];
  for (const [course, c] of [...exams].sort(([a], [b]) => a.localeCompare(b))) yield [course, c.count, c.minutes, c.proctored, c.attempts];
}
