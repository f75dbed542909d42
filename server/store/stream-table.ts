// Reading one data file at start-up record by record (csv-parse over a file stream), never the whole
// file as one string: a data directory of any size loads in memory that follows what is kept, not
// the file's size. Same rules as parseTable (load.ts): a torn last line of an append-only log is
// reported for the caller to drop; anything else malformed is a DataFileError `file:line: reason`.
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import { parse, CsvError } from 'csv-parse';
import { DataFileError, RowError, type TableSpec } from './load.js';

export interface StreamedTable {
  torn: { line: number; offset: number } | null;
  empty: boolean;
  header: string[];
  /** Bytes of the file that hold complete records (the torn tail excluded). */
  bytes: number;
  /** Lines of the file those records take. */
  lines: number;
}

/** Where the complete part of an append-only log ends: just after its last '\n' (0 if none). */
async function completeEnd(path: string, size: number): Promise<number> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(64 * 1024);
    for (let end = size; end > 0;) {
      const start = Math.max(0, end - buf.length);
      const { bytesRead } = await fh.read(buf, 0, end - start, start);
      const i = buf.subarray(0, bytesRead).lastIndexOf(0x0a);
      if (i !== -1) return start + i + 1;
      end = start;
    }
    return 0;
  } finally {
    await fh.close();
  }
}

/** csv-parse's codes, said as the hand-written parser (csv.ts) says them. */
function syntaxReason(err: CsvError): string {
  switch (err.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'unterminated quoted cell';
    case 'CSV_INVALID_CLOSING_QUOTE':
      return 'text after a closing quote (write "" for a quote inside a quoted cell)';
    case 'INVALID_OPENING_QUOTE':
      return 'quote inside an unquoted cell (quote the whole cell)';
    default:
      return err.message;
  }
}

export function unreadable(file: string, err: NodeJS.ErrnoException): DataFileError {
  return new DataFileError(
    file,
    0,
    `cannot be read (${err.code ?? err.message})`,
    `Give the server's user read and write access to ${file} (or restore it from a backup); no file was changed.`,
  );
}

/** Gets each parsed row with its line and its bytes [from, to) in the file; may throw RowError. */
export type RowHandler<T> = (value: T, line: number, from: number, to: number) => void;

/**
 * Streams `path`, calling `onRow` with each parsed row in file order. A missing file is `empty`.
 * `resume`: start reading at a row boundary `offset` whose line is `line` (a checkpoint covered the
 * rows before it and the header, as it was then).
 */
export async function streamTable<T>(
  path: string,
  spec: TableSpec<T>,
  onRow: RowHandler<T>,
  resume?: { offset: number; line: number },
): Promise<StreamedTable> {
  const file = basename(path);
  let size: number;
  try {
    const fh = await open(path, 'r');
    try {
      const st = await fh.stat();
      if (!st.isFile()) throw Object.assign(new Error('not a regular file'), { code: 'EISDIR' });
      size = st.size;
    } finally {
      await fh.close();
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT')
      return { torn: null, empty: true, header: [], bytes: 0, lines: 0 };
    throw unreadable(file, err as NodeJS.ErrnoException);
  }
  const end = spec.appendOnly ? await completeEnd(path, size) : size;
  const start = resume && resume.offset <= end ? resume.offset : 0;
  let header: string[] | null = start > 0 ? [...spec.header] : null;
  let lastLine = start > 0 ? resume!.line - 1 : 0;
  let lastEnd = start;
  const base = lastLine; // csv-parse counts lines from where it starts reading
  if (end > start) {
    // `lines` in csv-parse's info is the line a record ends on; the next one starts after it.
    const parser = createReadStream(path, { start, end: end - 1, highWaterMark: 256 * 1024 }).pipe(
      parse({
        info: true,
        relax_column_count: true,
        bom: true,
        record_delimiter: ['\r\n', '\n'],
        skip_empty_lines: false,
      }),
    );
    try {
      for await (const { record, info } of parser as AsyncIterable<{
        record: string[];
        info: { lines: number; bytes: number };
      }>) {
        const line = lastLine + 1;
        lastLine = base + info.lines;
        const from = lastEnd;
        lastEnd = start + info.bytes;
        if (header === null) {
          header = checkHeader(file, line, record, spec);
          continue;
        }
        acceptRow(file, line, record, header, spec, onRow, from, lastEnd);
      }
    } catch (err) {
      if (err instanceof CsvError) {
        const at = (err as CsvError & { lines?: number }).lines;
        throw new DataFileError(file, at === undefined ? lastLine + 1 : base + at, syntaxReason(err));
      }
      if ((err as NodeJS.ErrnoException).code && !(err instanceof DataFileError))
        throw unreadable(file, err as NodeJS.ErrnoException);
      throw err;
    }
  }
  const torn = end < size ? { line: lastLine + 1, offset: end } : null;
  if (header === null) return { torn, empty: true, header: [], bytes: end, lines: lastLine };
  return { torn, empty: false, header, bytes: end, lines: lastLine };
}

function checkHeader<T>(file: string, line: number, record: string[], spec: TableSpec<T>): string[] {
  const names = record.map((c) => c.trim());
  const prefixOk = spec.header.every((h, i) => names[i] === h);
  if (!prefixOk || (!spec.extraColumns && names.length !== spec.header.length)) {
    throw new DataFileError(file, line, `header must be ${spec.header.join(',')}${spec.extraColumns ? '[,...]' : ''}`);
  }
  return names;
}

function acceptRow<T>(
  file: string,
  line: number,
  record: string[],
  names: string[],
  spec: TableSpec<T>,
  onRow: RowHandler<T>,
  from: number,
  to: number,
): void {
  if (record.length === 1 && record[0] === '') return; // blank line
  // A bank in the original layout may end its rows with one empty column: read it as absent.
  const cells = record.length === names.length + 1 && record[names.length] === '' ? record.slice(0, -1) : record;
  if (cells.length !== names.length)
    throw new DataFileError(file, line, `expected ${names.length} cells, found ${cells.length}`);
  const col = (name: string): string => {
    const i = names.indexOf(name);
    return i === -1 ? '' : cells[i];
  };
  let value: T;
  try {
    value = spec.parse(cells, col, names);
  } catch (err) {
    if (err instanceof RowError) throw new DataFileError(file, line, err.message);
    throw err;
  }
  try {
    onRow(value, line, from, to);
  } catch (err) {
    if (err instanceof RowError) throw new DataFileError(file, line, err.message);
    throw err;
  }
}
