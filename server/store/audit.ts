// audit.csv: append-only record of who did what, when (issue 4). Never a password or key.
import { formatRow } from './csv.js';
import { intField, type TableSpec } from './load.js';

export const AUDIT_FILE = 'audit.csv';
export const AUDIT_HEADER = ['At', 'Actor', 'Address', 'Action', 'Target', 'Detail'] as const;

export interface AuditRow { at: number; actor: string; address: string; action: string; target: string; detail: string }

export const auditTable: TableSpec<AuditRow> = {
  file: AUDIT_FILE,
  header: AUDIT_HEADER,
  appendOnly: true,
  parse(cells) {
    const [at, actor, address, action, target, detail] = cells;
    return { at: intField(at, 'At'), actor, address, action, target, detail };
  },
};

export function auditRow(a: AuditRow): string {
  return formatRow([a.at, a.actor, a.address, a.action, a.target, a.detail], { singleLine: true });
}
