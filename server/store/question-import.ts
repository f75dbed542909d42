// Reading a questions.csv from outside (questions.import, import-legacy): unlike start-up loading,
// a bad row is reported with its line and the other rows still import (PROTOCOL.md 6).
import { CsvSyntaxError, parseCsv, unneutraliseCell, type CsvRecord } from './csv.js';
import { RowError } from './load.js';
import { duplicateOption, QUESTION_HEADER, questionFromColumns, type QuestionFields } from './questions.js';

export interface ImportRow {
  line: number;
  id: string;
  fields: QuestionFields;
}
export interface ImportError {
  line: number;
  message: string;
}

interface Parsing {
  names: string[];
  rows: ImportRow[];
  errors: ImportError[];
  seen: Set<string>;
}

/** Splits the text into records and checks the header; `records` null when there is nothing to read. */
function begin(
  text: string,
): { p: Parsing; records: CsvRecord[] } | { done: { rows: ImportRow[]; errors: ImportError[] } } {
  let records;
  try {
    records = parseCsv(text).records;
  } catch (err) {
    if (err instanceof CsvSyntaxError) return { done: { rows: [], errors: [{ line: err.line, message: err.reason }] } };
    throw err;
  }
  const [head, ...body] = records;
  if (!head) return { done: { rows: [], errors: [{ line: 1, message: 'the file is empty' }] } };
  const names = head.cells.map((c) => c.trim());
  if (!QUESTION_HEADER.every((h, i) => names[i] === h)) {
    return {
      done: { rows: [], errors: [{ line: head.line, message: `header must start with ${QUESTION_HEADER.join(',')}` }] },
    };
  }
  return { p: { names, rows: [], errors: [], seen: new Set() }, records: body };
}

function record(p: Parsing, rec: CsvRecord): void {
  const { names, rows, errors, seen } = p;
  if (rec.cells.every((c) => c.trim() === '')) return;
  const cells = rec.cells.map(unneutraliseCell);
  // A legacy bank may end every row with an empty column (the original layout did); missing extra columns are fine.
  while (cells.length > names.length && cells[cells.length - 1] === '') cells.pop();
  if (cells.length < QUESTION_HEADER.length || cells.length > names.length) {
    errors.push({
      line: rec.line,
      message: `expected ${QUESTION_HEADER.length} to ${names.length} cells, found ${rec.cells.length}`,
    });
    return;
  }
  try {
    const { id, fields } = questionFromColumns((name) => cells[names.indexOf(name)] ?? '');
    const dup = duplicateOption(fields.options);
    if (dup) throw new RowError(dup);
    // An ID travels in exam.answer (at most 64 characters) and in answers.csv, whose rows are one
    // line each: an ID with a line break would be stored altered, and the next start would refuse.
    // eslint-disable-next-line no-control-regex -- control characters are exactly what an ID may not hold
    if (id.length > 64 || /[\x00-\x1f\x7f]/.test(id))
      throw new RowError('ID must be at most 64 characters, without line breaks or control characters');
    if (id !== '' && seen.has(id)) throw new RowError(`ID '${id}' appears twice in this file`);
    if (id !== '') seen.add(id);
    rows.push({ line: rec.line, id, fields });
  } catch (err) {
    if (!(err instanceof RowError)) throw err;
    errors.push({ line: rec.line, message: err.message });
  }
}

export function parseQuestionImport(text: string): { rows: ImportRow[]; errors: ImportError[] } {
  const b = begin(text);
  if ('done' in b) return b.done;
  for (const rec of b.records) record(b.p, rec);
  return { rows: b.p.rows, errors: b.p.errors };
}

/** The same, checking `chunk` rows at a time and awaiting `pause` in between (a large import never stalls students). */
export async function parseQuestionImportChunked(
  text: string,
  chunk: number,
  pause: () => Promise<void>,
): Promise<{ rows: ImportRow[]; errors: ImportError[] }> {
  const b = begin(text);
  if ('done' in b) return b.done;
  for (let i = 0; i < b.records.length; i++) {
    if (i > 0 && i % chunk === 0) await pause();
    record(b.p, b.records[i]);
  }
  return { rows: b.p.rows, errors: b.p.errors };
}
