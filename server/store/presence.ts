// presence.csv: append-only, the proctor events reported per attempt (PROTOCOL.md 6 presence.report).
import { PRESENCE_STATES, type PresenceState } from '../../protocol/messages.js';
import { formatRow } from './csv.js';
import { intField, nonEmpty, oneOf, RowError, type TableSpec } from './load.js';

export const PRESENCE_FILE = 'presence.csv';
export const PRESENCE_HEADER = ['AttemptId', 'Seq', 'At', 'ReceivedAt', 'State', 'Faces', 'Fps'] as const;

/** A stored presence event: the proctor's PresenceEvent (PROTOCOL.md 6) plus the server's arrival time. */
export interface PresenceRow {
  attemptId: string;
  seq: number;
  /** ms, proctor clock */
  at: number;
  /** ms, server clock, when the report carrying it arrived */
  receivedAt: number;
  state: PresenceState;
  faces: number;
  fps: number;
}

export const presenceTable: TableSpec<PresenceRow> = {
  file: PRESENCE_FILE,
  header: PRESENCE_HEADER,
  appendOnly: true,
  parse(cells) {
    const [attemptId, seq, at, receivedAt, state, faces, fps] = cells;
    const fpsNum = Number(fps);
    if (fps === '' || !Number.isFinite(fpsNum) || fpsNum < 0)
      throw new RowError(`Fps must be a number >= 0, got '${fps}'`);
    return {
      attemptId: nonEmpty(attemptId, 'AttemptId'),
      seq: intField(seq, 'Seq'),
      at: intField(at, 'At'),
      receivedAt: intField(receivedAt, 'ReceivedAt'),
      state: oneOf(state, PRESENCE_STATES, 'State'),
      faces: intField(faces, 'Faces'),
      fps: fpsNum,
    };
  },
};

export function presenceRow(p: PresenceRow): string {
  return formatRow([p.attemptId, p.seq, p.at, p.receivedAt, p.state, p.faces, p.fps], { singleLine: true });
}
