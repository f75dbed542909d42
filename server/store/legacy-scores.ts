// legacy-scores.csv: student_scores.csv of the original layout, kept as import-legacy read it;
// shown to a student whose username matches under scores.mine.
import { formatRow } from './csv.js';
import { intField, type TableSpec } from './load.js';

export const LEGACY_SCORES_FILE = 'legacy-scores.csv';
export const LEGACY_SCORES_HEADER = ['Student Name', 'Score', 'ImportedAt'] as const;
export interface LegacyScoreRow {
  student: string;
  score: string;
  importedAt: number;
}

export const legacyScoresTable: TableSpec<LegacyScoreRow> = {
  file: LEGACY_SCORES_FILE,
  header: LEGACY_SCORES_HEADER,
  appendOnly: true,
  parse(cells) {
    return { student: cells[0], score: cells[1], importedAt: intField(cells[2], 'ImportedAt') };
  },
};

export function legacyScoreRow(r: LegacyScoreRow): string {
  return formatRow([r.student, r.score, r.importedAt], { singleLine: true });
}
