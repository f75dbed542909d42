// The Live screen's ordering and labels for face verification (PROTOCOL.md 8 LiveAttempt.identity).
import { attention, liveRow, sortLive, stateLabel } from './live.js';

const raw = (attemptId: string, extra: Record<string, unknown> = {}) => ({
  attemptId, student: attemptId, course: 'DSA', state: 'open', started: 0, deadline: 3_600_000, answered: 1, total: 10,
  proctored: true, review: { level: 'low', points: 0 }, connected: true, presence: { state: 'present', since: 0 }, alerts: [], ...extra,
});

test('a face that is not the enrolled student needs attention first, and says so without colour', () => {
  const other = liveRow(raw('b', { identity: 'mismatch', alerts: [{ kind: 'different-person', at: 5 }] }))!;
  const fine = liveRow(raw('a', { identity: 'match' }))!;
  expect(other.identity).toBe('mismatch');
  expect(attention(other, 0)).toBe(0);
  expect(sortLive([fine, other], 0).map((r) => r.attemptId)).toEqual(['b', 'a']);
  expect(stateLabel(other).text).toBe('≠ other face');
  expect(stateLabel(fine).text).toBe('● present');
  // an unknown verdict from a newer server is ignored, not shown raw
  expect(liveRow(raw('c', { identity: 'weird' }))!.identity).toBeUndefined();
});
