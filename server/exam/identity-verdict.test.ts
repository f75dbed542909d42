// "Different person" intervals from probe verdicts (pure): sustained mismatches only.
import type { IdentityRow, IdentityKind } from '../store/identity-log.js';
import { identitySummary, verdictOf } from './identity-verdict.js';

const rules = { matchAtMost: 130, mismatchAtLeast: 138, sustainedMismatches: 2 } as const;
const rows = (kinds: IdentityKind[]): IdentityRow[] =>
  kinds.map((kind, i) => ({
    attemptId: 'a',
    kind,
    seq: i + 1,
    at: i * 3000,
    receivedAt: i * 3000 + 100,
    distance: 0,
    threshold: 130,
  }));

test('verdicts: match at or below, mismatch at or above, unclear between', () => {
  expect(
    [0, 130, 131, 137, 138, 200].map((d) =>
      verdictOf(d, { ...rules, enrolTemplatesMin: 3, enrolTemplatesMax: 10, reasonMax: 500 }),
    ),
  ).toEqual(['match', 'match', 'unclear', 'unclear', 'mismatch', 'mismatch']);
});

describe('different person', () => {
  const sum = (kinds: IdentityKind[], end = 60_000) =>
    identitySummary(rows(kinds), 0, 0, end, { ...rules, enrolTemplatesMin: 3, enrolTemplatesMax: 10, reasonMax: 500 });

  test('one mismatch between matches is no interval', () => {
    expect(sum(['match', 'mismatch', 'match', 'mismatch']).differentPerson).toEqual([]);
  });

  test('two in a row open an interval at the first; the next match closes it', () => {
    expect(sum(['match', 'mismatch', 'mismatch', 'mismatch', 'match']).differentPerson).toEqual([
      { from: 3000, to: 12_000, seconds: 9 },
    ]);
  });

  test('unclear neither starts nor ends one; an open interval runs to the end of the attempt', () => {
    const s = sum(['match', 'mismatch', 'unclear', 'mismatch', 'unclear'], 20_000);
    expect(s.differentPerson).toEqual([{ from: 3000, to: 20_000, seconds: 17 }]);
    expect(s).toMatchObject({
      probes: 5,
      matches: 1,
      mismatches: 2,
      unclear: 2,
      enrolledHere: false,
      secondsDifferentPerson: 17,
    });
  });

  test('the enrolled row counts as enrolment, not as a probe', () => {
    const r = rows(['match']);
    r.push({ attemptId: 'a', kind: 'enrolled', seq: -1, at: 5, receivedAt: 5, distance: -1, threshold: -1 });
    expect(identitySummary(r, 0, 0, 10_000)).toMatchObject({ enrolledHere: true, probes: 1 });
  });
});
