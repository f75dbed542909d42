// The runs kept in memory must give exactly the summary and timeline the raw events give.
import type { PresenceState } from '../../protocol/messages.js';
import { integritySummary, presenceIntervals, type IntegrityEvent } from './integrity.js';
import { extendSegments, segmentEvents, type PresenceSegment } from './presence-segments.js';

const STATES: PresenceState[] = ['present', 'present', 'present', 'absent', 'multiple', 'camera-error', 'stopped'];

function rng(seed: number) {
  let x = seed;
  return (n: number) => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x % n;
  };
}

test.each(Array.from({ length: 40 }, (_, i) => i + 1))('random record %i: runs and raw events agree', (seed) => {
  const r = rng(seed);
  const start = 1_000_000;
  const events: IntegrityEvent[] = [];
  const segments: PresenceSegment[] = [];
  let t = start + r(30_000) - 5_000;
  let state = STATES[0];
  for (let i = 0; i < 200 + r(400); i++) {
    // Mostly heartbeats 5 s apart, sometimes a burst, sometimes a long silence.
    t += [0, 200, 5_000, 5_000, 5_000, 5_000, 14_999, 15_000, 15_001, 40_000][r(10)];
    if (r(6) === 0) state = STATES[r(STATES.length)];
    const faces = state === 'multiple' ? 2 + r(3) : state === 'present' ? 1 : 0;
    events.push({ seq: i, at: t, receivedAt: t, state, faces, fps: 10 });
    extendSegments(segments, t, state, faces);
  }
  const end = t + r(60_000);
  for (const endedAt of [end, t, start + Math.floor((t - start) / 2)]) {
    const raw = { startedAt: start, endedAt, proctored: true, events };
    const runs = { ...raw, events: segmentEvents(segments) };
    expect(presenceIntervals(runs)).toEqual(presenceIntervals(raw));
    const a = integritySummary(raw);
    const b = integritySummary(runs);
    if (endedAt >= t) expect(b.maxFaces).toBe(a.maxFaces);
    expect({ ...b, events: 0, maxFaces: 0 }).toEqual({ ...a, events: 0, maxFaces: 0 });
  }
  expect(segments.length).toBeLessThanOrEqual(events.length);
});
