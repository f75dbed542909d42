// audit.csv: append-only record of who did what, when. Never a password or key.
//
// Tamper evidence: every row carries its sequence number and a chain hash,
//   Chain = SHA-256(previous row's Chain + "\n" + JSON of this row's six values and Seq),
// starting from AUDIT_GENESIS. Changing, removing or inserting a row breaks the chain at that row
// (`pandaproctor audit verify`, audit-verify.ts). The latest (Seq, Chain) is the head: the server
// keeps it in audit.head and prints it at shutdown, so a head noted down earlier also catches a
// log cut short or rewritten from scratch. See docs/server.md "Audit log" for what this proves.
import { createHash } from 'node:crypto';
import { formatRow } from './csv.js';
import { intField, RowError, type TableSpec } from './load.js';

export const AUDIT_FILE = 'audit.csv';
export const AUDIT_HEAD_FILE = 'audit.head';
export const AUDIT_HEADER = ['At', 'Actor', 'Address', 'Action', 'Target', 'Detail', 'Seq', 'Chain'] as const;
/** The header of logs written before the chain; upgraded at the next start (upgradeAuditLog). */
export const AUDIT_HEADER_V1 = ['At', 'Actor', 'Address', 'Action', 'Target', 'Detail'] as const;
export const AUDIT_GENESIS = createHash('sha256').update('pandaproctor audit chain v1').digest('hex');

export interface AuditRow {
  at: number;
  actor: string;
  address: string;
  action: string;
  target: string;
  detail: string;
}
export interface ChainedAuditRow extends AuditRow {
  seq: number;
  chain: string;
}
export interface AuditHead {
  seq: number;
  chain: string;
}

export const GENESIS_HEAD: AuditHead = { seq: 0, chain: AUDIT_GENESIS };

export const auditTable: TableSpec<ChainedAuditRow> = {
  file: AUDIT_FILE,
  header: AUDIT_HEADER,
  appendOnly: true,
  parse(cells) {
    const [at, actor, address, action, target, detail, seq, chain] = cells;
    if (!/^[0-9a-f]{64}$/.test(chain)) throw new RowError(`Chain must be 64 hex digits, got '${chain.slice(0, 70)}'`);
    return { at: intField(at, 'At'), actor, address, action, target, detail, seq: intField(seq, 'Seq', 1), chain };
  },
};

/** The chain value of `row` following `prev` (the previous row's Chain, or AUDIT_GENESIS). */
export function chainHash(prev: string, row: AuditRow, seq: number): string {
  const values = [row.at, row.actor, row.address, row.action, row.target, row.detail, seq];
  return createHash('sha256')
    .update(`${prev}\n${JSON.stringify(values)}`)
    .digest('hex');
}

/**
 * What an audit cell holds: one line, without control or format characters (a terminal escape, a
 * bidi override), those shown as \u{..} so a reader still sees what was sent. Applied before the
 * chain hash, so the hash covers exactly what the file holds and `audit verify` can recompute it.
 */
export function auditText(s: string): string {
  return s.replace(/\r\n|\r|\n/g, ' ').replace(/[\p{Cc}\p{Cf}]/gu, (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`);
}

function line(a: AuditRow, seq: number, chain: string): string {
  return formatRow([a.at, a.actor, a.address, a.action, a.target, a.detail, seq, chain], { singleLine: true });
}

/**
 * Links rows in the order they are appended. AppendLog writes lines in the order append() is called,
 * so taking the next link synchronously at append time keeps file order and chain order the same.
 */
export class AuditChain {
  constructor(private current: AuditHead = GENESIS_HEAD) {}

  get head(): AuditHead {
    return this.current;
  }

  /** The formatted line of the next row; advances the head. */
  next(given: AuditRow): string {
    const a: AuditRow = {
      at: given.at,
      actor: auditText(given.actor),
      address: auditText(given.address),
      action: auditText(given.action),
      target: auditText(given.target),
      detail: auditText(given.detail),
    };
    const seq = this.current.seq + 1;
    const chain = chainHash(this.current.chain, a, seq);
    this.current = { seq, chain };
    return line(a, seq, chain);
  }
}

/** The audit.head file: one line "seq chain". */
export function formatHead(h: AuditHead): string {
  return `${h.seq} ${h.chain}\n`;
}

export function parseHead(text: string): AuditHead | null {
  const m = /^(\d+) ([0-9a-f]{64})\s*$/.exec(text);
  return m ? { seq: Number(m[1]), chain: m[2] } : null;
}

/** One line for people to note down: "audit head: seq 42 sha256 ab12…" */
export function describeHead(h: AuditHead): string {
  return `audit chain head: seq ${h.seq} sha256 ${h.chain}`;
}
