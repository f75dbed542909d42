// presence-index.csv: a checkpoint of what each attempt keeps in memory about its presence record
// (runs, counts, clock, byte range), covering presence.csv up to a byte offset. Start-up reads the
// checkpoint and only the part of presence.csv after it, so a restart costs the size of the
// summaries, not of the events (docs/server.md "Presence on disk"). It is derived data: when it is
// missing, stale or does not match presence.csv, start-up replays the whole of presence.csv.
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { PRESENCE_STATES, type PresenceState } from '../../protocol/messages.js';
import type { PresenceSegment } from '../exam/presence-segments.js';
import { intField, oneOf, RowError, type TableSpec } from './load.js';
import type { AttemptState, PlacedPresenceRow } from './model.js';

export const PRESENCE_INDEX_FILE = 'presence-index.csv';
export const PRESENCE_INDEX_HEADER = [
  'Kind',
  'AttemptId',
  'Count',
  'MaxSeq',
  'Offset',
  'LastT',
  'LastReceivedAt',
  'DiskFrom',
  'DiskTo',
  'Segments',
  'Recent',
] as const;

/** Bytes of presence.csv before the covered offset whose hash ties the checkpoint to the file. */
const TAIL_BYTES = 4096;

export type IndexRow =
  | {
      kind: 'attempt';
      attemptId: string;
      count: number;
      maxSeq: number;
      offset: number | null;
      lastT: number;
      lastReceivedAt: number;
      disk: { from: number; to: number } | null;
      segments: PresenceSegment[];
      recent: PlacedPresenceRow[];
    }
  | { kind: 'covered'; bytes: number; lines: number; tailHash: string };

const optInt = (v: string, name: string): number | null =>
  v === '' ? null : intField(v, name, -Number.MAX_SAFE_INTEGER);

function json<T>(v: string, name: string): T {
  try {
    return JSON.parse(v) as T;
  } catch {
    throw new RowError(`${name} is not valid JSON`);
  }
}

export const presenceIndexTable: TableSpec<IndexRow> = {
  file: PRESENCE_INDEX_FILE,
  header: PRESENCE_INDEX_HEADER,
  appendOnly: false,
  parse(cells) {
    const [kind, attemptId, count, maxSeq, offset, lastT, lastReceivedAt, from, to, segments, recent] = cells;
    if (oneOf(kind, ['attempt', 'covered'] as const, 'Kind') === 'covered') {
      return {
        kind: 'covered',
        bytes: intField(count, 'Count'),
        lines: intField(maxSeq, 'MaxSeq'),
        tailHash: segments,
      };
    }
    const f = optInt(from, 'DiskFrom');
    const segs = json<[PresenceState, number, number, number][]>(segments, 'Segments').map(([state, a, b, faces]) => {
      if (!PRESENCE_STATES.includes(state)) throw new RowError(`Segments holds an unknown state '${state}'`);
      return { state, from: a, to: b, maxFaces: faces };
    });
    return {
      kind: 'attempt',
      attemptId,
      count: intField(count, 'Count'),
      maxSeq: intField(maxSeq, 'MaxSeq', -1),
      offset: optInt(offset, 'Offset'),
      lastT: optInt(lastT, 'LastT') ?? -Infinity,
      lastReceivedAt: optInt(lastReceivedAt, 'LastReceivedAt') ?? -Infinity,
      disk: f === null ? null : { from: f, to: intField(to, 'DiskTo') },
      segments: segs,
      recent: recent === '' ? [] : json<PlacedPresenceRow[]>(recent, 'Recent'),
    };
  },
};

const num = (n: number | null): string | number => (n === null || !Number.isFinite(n) ? '' : n);

/** One checkpoint row per attempt with presence; the `covered` row last, as the commit mark. */
export function* indexRows(
  attempts: Iterable<AttemptState>,
  covered: { bytes: number; lines: number; tailHash: string },
): Generator<(string | number)[]> {
  yield [...PRESENCE_INDEX_HEADER];
  for (const a of attempts) {
    if (a.presenceCount === 0 && !a.presenceDisk) continue;
    const segs = JSON.stringify(a.segments.map((s) => [s.state, s.from, s.to, s.maxFaces]));
    // The newest events matter only while the attempt is open (the live view); finished ones keep none.
    const recent = a.finish ? '' : JSON.stringify(a.presence);
    yield [
      'attempt',
      a.attemptId,
      a.presenceCount,
      a.maxSeq,
      num(a.clock.offset),
      num(a.clock.lastT),
      num(a.clock.lastReceivedAt),
      num(a.presenceDisk?.from ?? null),
      num(a.presenceDisk?.to ?? null),
      segs,
      recent,
    ];
  }
  yield ['covered', '', covered.bytes, covered.lines, '', '', '', '', '', covered.tailHash, ''];
}

/** Rows rendered now, so a checkpoint is what memory held at one instant (see Database). */
export function captureIndex(
  attempts: Iterable<AttemptState>,
  covered: { bytes: number; lines: number },
): (tailHash: string) => (string | number)[][] {
  const rows = [...indexRows(attempts, { ...covered, tailHash: '' })];
  return (tailHash) => {
    rows[rows.length - 1][9] = tailHash;
    return rows;
  };
}

export async function tailHash(path: string, bytes: number): Promise<string> {
  const fh = await open(path, 'r');
  try {
    const start = Math.max(0, bytes - TAIL_BYTES);
    const buf = Buffer.alloc(bytes - start);
    const { bytesRead } = await fh.read(buf, 0, buf.length, start);
    return createHash('sha256').update(buf.subarray(0, bytesRead)).update(String(bytes)).digest('hex');
  } finally {
    await fh.close();
  }
}

export function applyIndexRow(a: AttemptState, r: Extract<IndexRow, { kind: 'attempt' }>): void {
  a.presenceCount = r.count;
  a.maxSeq = r.maxSeq;
  a.clock = { offset: r.offset, lastT: r.lastT, maxSeq: r.maxSeq, lastReceivedAt: r.lastReceivedAt };
  a.presenceDisk = r.disk;
  a.segments = r.segments;
  a.presence = r.recent;
}

/**
 * Reads the checkpoint and, when it matches presence.csv, applies it to the attempts and returns
 * where to resume reading presence.csv. Anything wrong with it only costs a full replay (warned).
 */
export async function loadIndex(
  indexPath: string,
  presencePath: string,
  attempts: Map<string, AttemptState>,
  warn: (line: string) => void,
  read: (path: string, onRow: (r: IndexRow) => void) => Promise<unknown>,
): Promise<{ offset: number; line: number } | null> {
  const rows: Extract<IndexRow, { kind: 'attempt' }>[] = [];
  let covered: Extract<IndexRow, { kind: 'covered' }> | null = null;
  try {
    await read(indexPath, (r) => {
      if (covered) throw new RowError('rows after the covered row');
      if (r.kind === 'covered') covered = r;
      else rows.push(r);
    });
  } catch (err) {
    warn(`${PRESENCE_INDEX_FILE} is unusable (${(err as Error).message}); reading all of presence.csv instead`);
    return null;
  }
  const c = covered as Extract<IndexRow, { kind: 'covered' }> | null;
  if (!c) return null; // missing (first start) or cut short: nothing to warn about
  let hash = '';
  try {
    hash = await tailHash(presencePath, c.bytes);
  } catch {
    /* presence.csv missing: a mismatch */
  }
  if (hash !== c.tailHash || rows.some((r) => !attempts.has(r.attemptId))) {
    warn(
      `${PRESENCE_INDEX_FILE} does not match presence.csv (restored from a backup?); reading all of presence.csv instead`,
    );
    return null;
  }
  for (const r of rows) applyIndexRow(attempts.get(r.attemptId)!, r);
  return { offset: c.bytes, line: c.lines + 1 };
}
