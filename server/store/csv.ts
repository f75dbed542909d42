// RFC 4180 CSV, strict, with the physical line number of every record so a bad file can be
// reported as `file:line: reason`, which an operator can open in an editor. Pure: no I/O.

export interface CsvRecord {
  /** 1-based physical line on which the record starts. */
  line: number;
  cells: string[];
}

export interface CsvParseResult {
  records: CsvRecord[];
  /**
   * Append-only logs only: bytes after the last newline, i.e. a row whose write was cut short by a
   * crash. `offset` is where the complete part ends (truncate the file there).
   */
  torn: { line: number; offset: number; text: string } | null;
}

export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    readonly reason: string,
  ) {
    super(`line ${line}: ${reason}`);
    this.name = 'CsvSyntaxError';
  }
}

/**
 * Parses `text`. With `tornTail`, bytes after the last '\n' are returned as `torn` instead of parsed:
 * append-only logs never write a raw newline inside a cell (see formatRow's `singleLine`), so a
 * record without its newline can only be a write cut short by a crash.
 */
export function parseCsv(text: string, opts: { tornTail?: boolean } = {}): CsvParseResult {
  let body = text;
  let torn: CsvParseResult['torn'] = null;
  if (opts.tornTail) {
    const end = text.lastIndexOf('\n') + 1;
    if (end < text.length) {
      body = text.slice(0, end);
      torn = { line: countLines(body) + 1, offset: Buffer.byteLength(body), text: text.slice(end) };
    }
  }
  return { records: parseBody(body), torn };
}

function countLines(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

function parseBody(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let line = 1;
  let i = 0;
  const n = text.length;
  if (text.charCodeAt(0) === 0xfeff) i = 1; // a BOM from spreadsheet exports
  while (i < n) {
    const startLine = line;
    const cells: string[] = [];
    for (;;) {
      let cell = '';
      if (text[i] === '"') {
        i++;
        for (;;) {
          if (i >= n) throw new CsvSyntaxError(startLine, 'unterminated quoted cell');
          const c = text[i];
          if (c === '"') {
            if (text[i + 1] === '"') {
              cell += '"';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (c === '\n') line++;
          cell += c;
          i++;
        }
        const after = text[i];
        if (i < n && after !== ',' && after !== '\n' && !(after === '\r' && text[i + 1] === '\n')) {
          throw new CsvSyntaxError(line, 'text after a closing quote (write "" for a quote inside a quoted cell)');
        }
      } else {
        const start = i;
        while (i < n) {
          const c = text[i];
          if (c === ',' || c === '\n' || (c === '\r' && text[i + 1] === '\n')) break;
          if (c === '"') throw new CsvSyntaxError(line, 'quote inside an unquoted cell (quote the whole cell)');
          if (c === '\r') throw new CsvSyntaxError(line, 'carriage return inside an unquoted cell');
          i++;
        }
        cell = text.slice(start, i);
      }
      cells.push(cell);
      if (i >= n) break;
      if (text[i] === ',') {
        i++;
        continue;
      }
      i += text[i] === '\r' ? 2 : 1; // end of record
      line++;
      break;
    }
    records.push({ line: startLine, cells });
  }
  return records;
}

const NEEDS_QUOTES = /[",\r\n]/;

function quote(cell: string): string {
  return NEEDS_QUOTES.test(cell) || cell === '' ? `"${cell.replace(/"/g, '""')}"` : cell;
}

/**
 * One CSV record with its CRLF (RFC 4180 2.1, PROTOCOL.md 7; the reader takes LF too, so banks
 * written by hand or by older versions still load). `singleLine` (append-only logs) replaces raw line breaks in cells
 * by spaces so that a torn tail is always recognisable (see parseCsv).
 */
export function formatRow(cells: readonly (string | number | boolean)[], opts: { singleLine?: boolean } = {}): string {
  return (
    cells
      .map((c) => {
        let s = String(c);
        if (opts.singleLine) s = s.replace(/\r\n|\r|\n/g, ' ');
        return s === '' ? '' : quote(s);
      })
      .join(',') + '\r\n'
  );
}

/** PROTOCOL.md 7: exported cells starting with = + - @ or a tab could run as spreadsheet formulas. */
export function neutraliseCell(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

/** The inverse of neutraliseCell for our own exports coming back through questions.import. */
export function unneutraliseCell(cell: string): string {
  return /^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell;
}

export function formatExportCsv(
  header: readonly string[],
  rows: readonly (readonly (string | number | boolean)[])[],
): string {
  return [header, ...rows].map((r) => formatRow(r.map((c) => neutraliseCell(String(c))))).join('');
}
