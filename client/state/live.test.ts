// The Live screen's ordering and labels for face verification (PROTOCOL.md 8 LiveAttempt.identity).
import { attention, editForm, liveRow, openForm, sortLive, stateLabel, type LiveForm } from './live.js';
import { MONITOR_ARG_LIMITS } from '../../protocol/contract/limits.js';
import { liveAttempt } from '../testing/contract-fixtures.js';
import type { LiveAttempt } from '../../protocol/messages.js';

const raw = (attemptId: string, extra: Partial<LiveAttempt> = {}) =>
  liveAttempt({
    attemptId,
    student: attemptId,
    deadline: 3_600_000,
    proctored: true,
    presence: { state: 'present', since: 0 },
    ...extra,
  });

test('a face that is not the enrolled student needs attention first, and says so without colour', () => {
  const other = liveRow(raw('b', { identity: 'mismatch', alerts: [{ kind: 'different-person', at: 5 }] }));
  const fine = liveRow(raw('a', { identity: 'match' }));
  expect(other.identity).toBe('mismatch');
  expect(attention(other, 0)).toBe(0);
  expect(sortLive([fine, other], 0).map((r) => r.attemptId)).toEqual(['b', 'a']);
  expect(stateLabel(other).text).toBe('≠ other face');
  expect(stateLabel(fine).text).toBe('● present');
  // no verdict (the server does not verify faces): no identity, and the presence decides
  expect(liveRow(raw('c')).identity).toBeUndefined();
  expect(stateLabel(liveRow(raw('c'))).text).toBe('● present');
});

test("the action form takes the contract's limits: minutes, reasons and notices", () => {
  const row = liveRow(raw('d'));
  const typed = (f: LiveForm, text: string) => editForm(f, text, {});
  const { extendMinutesMax, reasonMax, noticeMax } = MONITOR_ARG_LIMITS;
  expect(typed(openForm('extend', row), `${extendMinutesMax + 1}\r`).error).toBe(
    `Minutes: a whole number from 1 to ${extendMinutesMax}.`,
  );
  const minutes = typed(openForm('extend', row), `${extendMinutesMax}\r`);
  expect(minutes).toMatchObject({ field: 1, error: undefined });
  // A field holds at most its limit: the keys past it are not taken.
  const reason = typed(minutes, 'r'.repeat(reasonMax + 5));
  expect(reason.fields[1].value).toHaveLength(reasonMax);
  expect(typed(reason, '\r').confirming).toBe(true);
  expect(typed(openForm('notice', row), 'n'.repeat(noticeMax + 5)).fields[0].value).toHaveLength(noticeMax);
});
