// Parsing one data file's text (start-up streams files instead: stream-table.ts). A torn last line of an append-only log is reported (the caller
// drops it with a warning); anything else malformed is a DataFileError `file:line: reason` and the
// server refuses to start without touching any file, so an operator can fix it by hand first.
import { CsvSyntaxError, parseCsv } from './csv.js';

export class DataFileError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly reason: string,
    /** What the operator should do; line 0 means the whole file. */
    readonly fix = 'Fix that line or restore the file from a backup; no file was changed.',
  ) {
    super(line > 0 ? `${file}:${line}: ${reason}` : `${file}: ${reason}`);
    this.name = 'DataFileError';
  }
}

/** Thrown by a table's row parser; the loader adds file and line. */
export class RowError extends Error {}

export interface TableSpec<T> {
  file: string;
  header: readonly string[];
  /** Append-only logs: a cut-short last line is a crash artefact, not an error. */
  appendOnly: boolean;
  /** Extra trailing header columns are allowed (questions.csv, PROTOCOL.md 7). */
  extraColumns?: boolean;
  /** `names`: the file's header cells (for tables that keep extra columns). */
  parse(cells: string[], col: (name: string) => string, names: readonly string[]): T;
}

export interface LoadedTable<T> {
  rows: { line: number; value: T }[];
  /** Set when the file ends in a torn line: truncate to `offset` before appending. */
  torn: { line: number; offset: number } | null;
  /** The file is missing or holds not even a complete header line. */
  empty: boolean;
  /** The header cells as found (empty when the file is empty). */
  header: string[];
}

export function parseTable<T>(file: string, text: string, spec: TableSpec<T>): LoadedTable<T> {
  let parsed;
  try {
    parsed = parseCsv(text, { tornTail: spec.appendOnly });
  } catch (err) {
    if (err instanceof CsvSyntaxError) throw new DataFileError(file, err.line, err.reason);
    throw err;
  }
  const torn = parsed.torn ? { line: parsed.torn.line, offset: parsed.torn.offset } : null;
  const [head, ...records] = parsed.records;
  if (!head) return { rows: [], torn, empty: true, header: [] };
  const names = head.cells.map((c) => c.trim());
  const prefixOk = spec.header.every((h, i) => names[i] === h);
  if (!prefixOk || (!spec.extraColumns && names.length !== spec.header.length)) {
    throw new DataFileError(
      file,
      head.line,
      `header must be ${spec.header.join(',')}${spec.extraColumns ? '[,...]' : ''}`,
    );
  }
  const rows: LoadedTable<T>['rows'] = [];
  for (const rec of records) {
    if (rec.cells.length === 1 && rec.cells[0] === '') continue; // blank line
    // A bank in the original layout may end its rows with one empty column: read it as absent.
    const cells =
      rec.cells.length === names.length + 1 && rec.cells[names.length] === '' ? rec.cells.slice(0, -1) : rec.cells;
    if (cells.length !== names.length) {
      throw new DataFileError(file, rec.line, `expected ${names.length} cells, found ${cells.length}`);
    }
    const col = (name: string): string => {
      const i = names.indexOf(name);
      return i === -1 ? '' : cells[i];
    };
    try {
      rows.push({ line: rec.line, value: spec.parse(cells, col, names) });
    } catch (err) {
      if (err instanceof RowError) throw new DataFileError(file, rec.line, err.message);
      throw err;
    }
  }
  return { rows, torn, empty: false, header: names };
}

// Small strict field readers shared by the table modules.
export function intField(value: string, name: string, min = 0): number {
  if (!/^-?\d+$/.test(value)) throw new RowError(`${name} must be a whole number, got '${value}'`);
  const n = Number(value);
  if (n < min) throw new RowError(`${name} must be at least ${min}, got ${n}`);
  return n;
}

export function boolField(value: string, name: string): boolean {
  const v = value.toLowerCase();
  if (v === 'true' || v === 'yes' || v === '1') return true;
  if (v === 'false' || v === 'no' || v === '0') return false;
  throw new RowError(`${name} must be true or false, got '${value}'`);
}

export function nonEmpty(value: string, name: string): string {
  if (value === '') throw new RowError(`${name} is empty`);
  return value;
}

export function oneOf<T extends string>(value: string, allowed: readonly T[], name: string): T {
  if (!(allowed as readonly string[]).includes(value))
    throw new RowError(`${name} must be one of ${allowed.join(', ')}, got '${value}'`);
  return value as T;
}
