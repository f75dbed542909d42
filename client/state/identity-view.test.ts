import { identityLines } from './identity-view.js';

test('identity lines: enrolment, verdict counts with thresholds, each different-person interval', () => {
  const data = {
    identity: {
      enrolledHere: false,
      enrolment: { at: 1, attemptId: 'x' },
      thresholds: { matchAtMost: 130, mismatchAtLeast: 138 },
      verdicts: [
        { verdict: 'match', distance: 60 },
        { verdict: 'mismatch', distance: 150 },
        { verdict: 'mismatch', distance: 149 },
      ],
    },
    integrity: {
      identity: { matches: 1, mismatches: 2, unclear: 0, differentPerson: [{ from: 15_000, to: 75_000, seconds: 60 }] },
    },
  };
  expect(identityLines(data)).toEqual([
    { text: 'Identity: enrolled earlier · 3 probe(s): 1 match, 2 mismatch, 0 unclear (match ≤ 130, mismatch ≥ 138)' },
    { text: '  ! different person from 15s to 1m15s (60 s)', warn: true },
  ]);
  expect(identityLines({})).toEqual([]); // a server without identity
  expect(identityLines({ identity: { enrolledHere: true, verdicts: [] } })[0].text).toMatch(
    /^Identity: enrolled during this attempt · 0 probe/,
  );
});
