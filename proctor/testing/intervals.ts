// Turns a stream of presence reports into state intervals [from, to): a state holds from its first
// report until the first report of another state (heartbeats of the same state extend it). Used by
// the proctor's tests and by the labelled evaluation (bench/proctor-eval-score.ts), so both read a
// report stream the same way.
import type { PresenceState } from '../../protocol/messages.js';

export interface StateInterval<S extends string = PresenceState> {
  state: S;
  from: number;
  to: number;
}

/** An interval that lasts no time (two states reported at one instant) is left out: it never shows. */
export function intervalsOf<S extends string>(
  events: readonly { at: number; state: S }[],
  endAt: number,
): StateInterval<S>[] {
  const out: StateInterval<S>[] = [];
  for (const e of events) {
    const last = out[out.length - 1];
    if (last && last.state === e.state) continue;
    if (last) last.to = e.at;
    out.push({ state: e.state, from: e.at, to: endAt });
  }
  return out.filter((x) => x.to > x.from);
}
