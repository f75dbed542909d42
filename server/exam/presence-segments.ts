// The presence record an attempt keeps in memory (pure): runs of one state on the server clock, not
// the events themselves, which stay on disk (presence.csv). A run ends where the state changes or
// where the proctor fell silent (a gap over silenceMs). Fed back as events every silenceMs apart,
// the runs give the integrity code the same intervals and silences as the raw events did, so the
// summary needs neither the events in memory nor a second reading of the file.
import type { PresenceState } from '../../protocol/messages.js';
import { PRESENCE_RULES, type IntegrityEvent } from './integrity-timeline.js';

export interface PresenceSegment {
  state: PresenceState;
  /** Server ms of the run's first and last event. */
  from: number;
  to: number;
  maxFaces: number;
}

/** Adds one placed event (t never decreasing) to the runs. */
export function extendSegments(segments: PresenceSegment[], t: number, state: PresenceState, faces: number): void {
  const last = segments[segments.length - 1];
  // `stopped` holds until the next report however long it is: its silence is expected.
  if (last && last.state === state && (state === 'stopped' || t - last.to <= PRESENCE_RULES.silenceMs)) {
    last.to = t;
    if (faces > last.maxFaces) last.maxFaces = faces;
    return;
  }
  segments.push({ state, from: t, to: t, maxFaces: faces });
}

/**
 * Events equivalent to the runs for integritySummary / presenceIntervals: each run's first and last
 * event and enough in between that no gap inside a run exceeds silenceMs. They are already on the
 * server clock (at = receivedAt = t).
 */
export function segmentEvents(segments: readonly PresenceSegment[]): IntegrityEvent[] {
  const out: IntegrityEvent[] = [];
  let seq = 0;
  const push = (t: number, s: PresenceSegment) =>
    out.push({ seq: seq++, at: t, receivedAt: t, state: s.state, faces: s.maxFaces, fps: 0 });
  for (const s of segments) {
    push(s.from, s);
    if (s.state !== 'stopped')
      for (let t = s.from + PRESENCE_RULES.silenceMs; t < s.to; t += PRESENCE_RULES.silenceMs) push(t, s);
    if (s.to > s.from) push(s.to, s);
  }
  return out;
}
