// The audit log's file-level chores: upgrading a log written before the chain, and reading the head.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { formatRow } from './csv.js';
import { intField, parseTable, type TableSpec } from './load.js';
import { writeFileAtomic } from './rewrite-file.js';
import {
  AUDIT_FILE,
  AUDIT_HEAD_FILE,
  AUDIT_HEADER,
  AUDIT_HEADER_V1,
  AuditChain,
  parseHead,
  type AuditHead,
  type AuditRow,
} from './audit.js';

const v1Table: TableSpec<AuditRow> = {
  file: AUDIT_FILE,
  header: AUDIT_HEADER_V1,
  appendOnly: true,
  parse(cells) {
    const [at, actor, address, action, target, detail] = cells;
    return { at: intField(at, 'At'), actor, address, action, target, detail };
  },
};

/**
 * A log from before the chain (six columns) gets Seq and Chain for every row, once, at start-up
 * (temp file + fsync + rename). The chain then vouches for those rows only from this moment on.
 * Returns true when it upgraded the file.
 */
export async function upgradeAuditLog(dir: string, fsync: boolean): Promise<boolean> {
  const path = join(dir, AUDIT_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  if (firstLine.trim() !== AUDIT_HEADER_V1.join(',')) return false;
  const table = parseTable(AUDIT_FILE, text, v1Table); // throws DataFileError on a bad row: no change
  const chain = new AuditChain();
  const lines = table.rows.map((r) => chain.next(r.value));
  await writeFileAtomic(path, formatRow(AUDIT_HEADER) + lines.join(''), { fsync });
  return true;
}

/** The head the server last recorded in audit.head; null when the file is missing or unreadable. */
export async function readHeadFile(dir: string): Promise<AuditHead | null> {
  try {
    return parseHead(await readFile(join(dir, AUDIT_HEAD_FILE), 'utf8'));
  } catch {
    return null;
  }
}
