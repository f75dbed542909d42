// `pandaproctor audit verify`: walks audit.csv's hash chain (audit.ts) and names the first row that
// does not follow on from the one before it, saying whether it looks changed, removed or inserted;
// then checks the log is not shorter than the head the server recorded (audit.head) or a head an
// instructor noted down. Pure: text in, verdict out.
import { CsvSyntaxError, parseCsv } from './csv.js';
import { AUDIT_GENESIS, AUDIT_HEADER, chainHash, type AuditHead, type AuditRow } from './audit.js';

export type AuditProblemKind = 'changed' | 'removed' | 'inserted' | 'truncated' | 'unreadable' | 'head-mismatch';

export interface AuditVerdict {
  ok: boolean;
  rows: number;
  /** The head of the verified part of the log. */
  head: AuditHead;
  problem?: { kind: AuditProblemKind; line: number; seq?: number; message: string };
}

interface Row {
  line: number;
  seq: number;
  chain: string;
  value: AuditRow;
}

function rowOf(line: number, cells: string[]): Row | string {
  if (cells.length !== AUDIT_HEADER.length) return `expected ${AUDIT_HEADER.length} cells, found ${cells.length}`;
  const [at, actor, address, action, target, detail, seq, chain] = cells;
  if (!/^\d+$/.test(seq) || !/^-?\d+$/.test(at)) return 'Seq or At is not a number';
  return { line, seq: Number(seq), chain, value: { at: Number(at), actor, address, action, target, detail } };
}

export function verifyAuditText(
  text: string,
  heads: { recorded?: AuditHead | null; noted?: AuditHead | null } = {},
): AuditVerdict {
  let head: AuditHead = { seq: 0, chain: AUDIT_GENESIS };
  const bad = (kind: AuditProblemKind, line: number, message: string, seq?: number, rows = head.seq): AuditVerdict => ({
    ok: false,
    rows,
    head,
    problem: { kind, line, seq, message },
  });
  let parsed;
  try {
    parsed = parseCsv(text, { tornTail: true });
  } catch (err) {
    if (err instanceof CsvSyntaxError)
      return bad(
        'unreadable',
        err.line,
        `line ${err.line}: not valid CSV (${err.reason}): the row starting here was edited`,
      );
    throw err;
  }
  const [header, ...records] = parsed.records;
  if (!header || header.cells.join(',') !== AUDIT_HEADER.join(',')) {
    return bad(
      'unreadable',
      1,
      `line 1: the header must be ${AUDIT_HEADER.join(',')} (a log from before the chain is upgraded when the server next starts)`,
    );
  }
  const rows: (Row | { line: number; error: string })[] = records
    .filter((r) => !(r.cells.length === 1 && r.cells[0] === ''))
    .map((r) => {
      const row = rowOf(r.line, r.cells);
      return typeof row === 'string' ? { line: r.line, error: row } : row;
    });
  let before: AuditHead = head; // the head before the previous row (to spot a row inserted with a valid link)
  let lastLine = 1;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    if ('error' in r) return bad('unreadable', r.line, `line ${r.line}: ${r.error}: this row was edited`);
    const expectSeq = head.seq + 1;
    if (r.seq === expectSeq && r.chain === chainHash(head.chain, r.value, r.seq)) {
      before = head;
      head = { seq: r.seq, chain: r.chain };
      lastLine = r.line;
      continue;
    }
    const next = rows[i + 1];
    if (
      next &&
      !('error' in next) &&
      next.seq === expectSeq &&
      next.chain === chainHash(head.chain, next.value, next.seq)
    ) {
      return bad(
        'inserted',
        r.line,
        `line ${r.line}: this row was inserted (the row after it follows on from seq ${head.seq})`,
        r.seq,
      );
    }
    if (r.seq === head.seq && r.chain === chainHash(before.chain, r.value, r.seq)) {
      return bad(
        'inserted',
        lastLine,
        `line ${lastLine}: this row was inserted (the row after it, seq ${r.seq}, follows on from the row before it)`,
        head.seq,
        head.seq - 1,
      );
    }
    if (r.seq > expectSeq) {
      const n = r.seq - expectSeq;
      return bad(
        'removed',
        r.line,
        `line ${r.line}: ${n} row(s) removed just before this line (seq ${r.seq} follows seq ${head.seq})`,
        r.seq,
      );
    }
    return bad(
      'changed',
      r.line,
      `line ${r.line} (seq ${r.seq}): this row was changed (its chain hash does not match its contents)`,
      r.seq,
    );
  }
  if (parsed.torn) {
    return bad(
      'truncated',
      parsed.torn.line,
      `line ${parsed.torn.line}: the last row is incomplete (a crash cut its write short; the server drops it at its next start)`,
    );
  }
  const short = (h: AuditHead, what: string): AuditVerdict | null => {
    if (h.seq > head.seq) {
      return bad(
        'truncated',
        lastLine + 1,
        `after line ${lastLine}: the log ends at seq ${head.seq} but ${what} is seq ${h.seq}: ${h.seq - head.seq} row(s) were cut off the end`,
        head.seq + 1,
      );
    }
    const at = rows.find((r) => !('error' in r) && r.seq === h.seq) as Row | undefined;
    const chainAt = h.seq === 0 ? AUDIT_GENESIS : at?.chain;
    if (chainAt !== h.chain) {
      return bad(
        'head-mismatch',
        at?.line ?? 1,
        `${what} (seq ${h.seq}) is not this log's seq ${h.seq} (line ${at?.line ?? 1}): the log up to there was rewritten`,
        h.seq,
      );
    }
    return null;
  };
  if (heads.noted) {
    const v = short(heads.noted, 'the head you noted');
    if (v) return v;
  }
  if (heads.recorded) {
    const v = short(heads.recorded, 'the head in audit.head');
    if (v) return v;
  }
  return { ok: true, rows: head.seq, head };
}
