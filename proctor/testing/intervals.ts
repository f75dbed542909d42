// Turns a PresenceEvent stream into state intervals [from, to) for tests: a state holds from its
// first event until the first event of another state (heartbeats extend it).
import type { PresenceEvent, PresenceState } from '../../protocol/messages.js';

export interface StateInterval {
  state: PresenceState;
  from: number;
  to: number;
}

export function intervalsOf(events: PresenceEvent[], endAt: number): StateInterval[] {
  const out: StateInterval[] = [];
  for (const e of events) {
    const last = out[out.length - 1];
    if (last && last.state === e.state) continue;
    if (last) last.to = e.at;
    out.push({ state: e.state, from: e.at, to: endAt });
  }
  return out;
}
