import { intervalsOf } from '../proctor/testing/intervals.js';
import { score, total, truthIntervals, type Reported, type Truth } from './proctor-eval-score.js';

// 10 s: present 0-3, absent 3-5.5, present 5.5-7, two faces 7-8.5, present 8.5-10.
const TRUTH: Truth = {
  durationMs: 10_000,
  segments: [
    { startMs: 0, endMs: 3000, truth: 'present' },
    { startMs: 3000, endMs: 5500, truth: 'absent' },
    { startMs: 5500, endMs: 7000, truth: 'present' },
    { startMs: 7000, endMs: 8500, truth: 'multiple' },
    { startMs: 8500, endMs: 10_000, truth: 'present' },
  ],
};
const ev = (at: number, state: string, emittedAt = at): Reported => ({ at, state, emittedAt });

describe('proctor evaluation scoring', () => {
  test('a perfect report: every second right, everything caught, lags are the publication delays', () => {
    const events = [
      ev(0, 'present'),
      ev(3000, 'absent', 5000),
      ev(5500, 'present', 6100),
      ev(7000, 'multiple', 8000),
      ev(8500, 'present', 9100),
    ];
    const s = score(TRUTH, events);
    expect(s).toMatchObject({
      seconds: 10,
      correctSeconds: 10,
      accuracy: 1,
      absencesCaught: 1,
      absencesMissed: 0,
      falseAbsences: 0,
    });
    expect(s).toMatchObject({ severalCaught: 1, severalMissed: 0, severalMissedLong: 0, falseMultiples: 0 });
    expect(s.lagsMs).toEqual([2000, 600, 1000, 600]);
  });

  test('a heartbeat is not the report of a change', () => {
    const s = score(TRUTH, [
      ev(0, 'present'),
      ev(3000, 'absent', 5000),
      ev(5000, 'absent'),
      ev(5500, 'present', 6100),
      ev(8000, 'present'),
    ]);
    expect(s.lagsMs).toEqual([2000, 600, null, null]);
  });

  test('heartbeats of the same state do not split intervals', () => {
    const iv = intervalsOf([ev(0, 'present'), ev(3000, 'present'), ev(6000, 'absent'), ev(9000, 'absent')], 10_000);
    expect(iv).toEqual([
      { state: 'present', from: 0, to: 6000 },
      { state: 'absent', from: 6000, to: 10_000 },
    ]);
  });

  test('the shipped failure: present throughout misses the absence and the two faces', () => {
    const s = score(TRUTH, [ev(0, 'present')]);
    // the middles of seconds 3, 4 (absent) and 7 (multiple) are wrong; 5.5 s is present again
    expect(s.correctSeconds).toBe(10 - 3);
    expect(s).toMatchObject({
      absencesMissed: 1,
      absencesCaught: 0,
      severalMissed: 1,
      severalMissedLong: 1,
      falseAbsences: 0,
    });
    expect(s.lagsMs).toEqual([null, null, null, null]);
  });

  test('a false absence and a false multiple are counted where they overlap no true one', () => {
    const events = [
      ev(0, 'present'),
      ev(1000, 'absent'),
      ev(2000, 'present'),
      ev(3000, 'absent'),
      ev(5500, 'present'),
      ev(6000, 'multiple'),
      ev(6500, 'present'),
      ev(7000, 'multiple'),
      ev(8500, 'present'),
    ];
    const s = score(TRUTH, events);
    expect(s.falseAbsences).toBe(1); // 1-2 s
    expect(s.falseMultiples).toBe(1); // 6-6.5 s
    expect(s.absencesCaught).toBe(1);
    expect(s.severalCaught).toBe(1);
    expect(s.correctSeconds).toBe(9); // second 1 (1.5 s) reads absent
  });

  test('an absence shorter than 2 s is not a target, a short several-faces interval is caught but not a "long" miss', () => {
    const t: Truth = {
      durationMs: 6000,
      segments: [
        { startMs: 0, endMs: 2000, truth: 'present' },
        { startMs: 2000, endMs: 3500, truth: 'absent' },
        { startMs: 3500, endMs: 4000, truth: 'multiple' },
        { startMs: 4000, endMs: 6000, truth: 'present' },
      ],
    };
    const s = score(t, [ev(0, 'present')]);
    expect(s.absencesMissed).toBe(0);
    expect(s.severalMissed).toBe(1);
    expect(s.severalMissedLong).toBe(0);
  });

  test('a report before the first event is "none", never right', () => {
    const s = score(TRUTH, [ev(2500, 'present')]);
    expect(s.correctSeconds).toBe(10 - 3 - 2); // 0.5 s and 1.5 s have no report yet
  });

  test('truth segments of one state merge; totals add up and keep the worst accuracy', () => {
    const t: Truth = {
      durationMs: 4000,
      segments: [
        { startMs: 0, endMs: 2000, truth: 'absent' },
        { startMs: 2000, endMs: 4000, truth: 'absent' },
      ],
    };
    expect(truthIntervals(t)).toEqual([{ state: 'absent', from: 0, to: 4000 }]);
    const a = score(TRUTH, [ev(0, 'present')]);
    const b = score(TRUTH, [ev(0, 'present'), ev(3000, 'absent', 5000), ev(5500, 'present', 6000)]);
    const tot = total([a, b]);
    expect(tot.variants).toBe(2);
    expect(tot.accuracyWorst).toBeCloseTo(0.7);
    expect(tot.accuracyMean).toBeCloseTo((0.7 + 0.9) / 2);
    expect(tot.absencesCaught).toBe(1);
    expect(tot.absencesMissed).toBe(1);
    expect(tot.lagMeanMs).toBe(Math.round((2000 + 500) / 2));
    expect(tot.lagMaxMs).toBe(2000);
    expect(tot.changesNeverReported).toBe(4 + 2);
  });
});
