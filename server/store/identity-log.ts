// identity.csv: append-only, per attempt, the server's identity decisions (PROTOCOL.md 8): the
// enrolment made during that attempt ("enrolled") and the verdict on every probe (match, mismatch,
// unclear) with the distance and the threshold used. Never a template.
import { formatRow } from './csv.js';
import { intField, nonEmpty, oneOf, RowError, type TableSpec } from './load.js';

export const IDENTITY_FILE = 'identity.csv';
export const IDENTITY_HEADER = ['AttemptId', 'Kind', 'Seq', 'At', 'ReceivedAt', 'Distance', 'Threshold'] as const;

export const IDENTITY_KINDS = ['enrolled', 'match', 'mismatch', 'unclear'] as const;
export type IdentityKind = (typeof IDENTITY_KINDS)[number];
export type Verdict = Exclude<IdentityKind, 'enrolled'>;

/**
 * `seq`/`at`: the probe's PresenceEvent (proctor clock); for `enrolled`, seq -1 and `at` = receivedAt
 * (server clock). `distance`/`threshold`: the match threshold; -1 for `enrolled`.
 */
export interface IdentityRow {
  attemptId: string;
  kind: IdentityKind;
  seq: number;
  at: number;
  receivedAt: number;
  distance: number;
  threshold: number;
}

function numberField(v: string, name: string): number {
  const n = Number(v);
  if (v === '' || !Number.isFinite(n)) throw new RowError(`${name} must be a number, got '${v}'`);
  return n;
}

export const identityTable: TableSpec<IdentityRow> = {
  file: IDENTITY_FILE,
  header: IDENTITY_HEADER,
  appendOnly: true,
  parse(cells) {
    const [attemptId, kind, seq, at, receivedAt, distance, threshold] = cells;
    return {
      attemptId: nonEmpty(attemptId, 'AttemptId'),
      kind: oneOf(kind, IDENTITY_KINDS, 'Kind'),
      seq: numberField(seq, 'Seq'),
      at: intField(at, 'At'),
      receivedAt: intField(receivedAt, 'ReceivedAt'),
      distance: numberField(distance, 'Distance'),
      threshold: numberField(threshold, 'Threshold'),
    };
  },
};

export function identityRow(r: IdentityRow): string {
  return formatRow([r.attemptId, r.kind, r.seq, r.at, r.receivedAt, r.distance, r.threshold], { singleLine: true });
}
