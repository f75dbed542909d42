// Rewriting a whole CSV file (questions.csv, exams.csv) atomically, in chunks: rows are turned into
// CSV by csv-stringify a chunk at a time and written to a temp file, yielding to the event loop in
// between, so a bank of tens of thousands of questions never stalls students; then fsync, rename,
// fsync the directory (CONVENTIONS.md habit 5).
import { open, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { PAGING_LIMITS } from '../limits.js';
import { fsyncDir } from './rewrite-file.js';

export type Cell = string | number | boolean;

/** The seam tests use to make a rewrite fail (EMFILE, ENOSPC) and check that memory stays as it was. */
export type RowsWriter = (path: string, rows: Iterable<readonly Cell[]>, opts: { fsync: boolean }) => Promise<void>;

/** Same quoting as formatRow (csv.ts): only where needed, and around any line break. */
export function stringifyRows(rows: readonly (readonly Cell[])[]): string {
  return stringify(rows as Cell[][], {
    record_delimiter: '\r\n',
    quoted_match: /[\r\n]/,
    cast: { boolean: (v) => String(v) },
  });
}

export const writeRowsAtomic: RowsWriter = async (path, rows, opts) => {
  const tmp = `${path}.tmp-${process.pid}`;
  const fh = await open(tmp, 'w', 0o600);
  try {
    let chunk: (readonly Cell[])[] = [];
    for (const row of rows) {
      chunk.push(row);
      if (chunk.length === PAGING_LIMITS.chunkRows) {
        await fh.write(stringifyRows(chunk));
        chunk = [];
        await new Promise((r) => setImmediate(r));
      }
    }
    if (chunk.length > 0) await fh.write(stringifyRows(chunk));
    if (opts.fsync) await fh.sync();
  } finally {
    await fh.close();
  }
  await rename(tmp, path);
  if (opts.fsync) await fsyncDir(dirname(path));
};
