// Scoring of the labelled proctor evaluation (bench/proctor-eval.ts): pure, no OpenCV, so it has
// its own unit tests on hand-made truths. A variant's truth is a list of segments in media ms; what
// the proctor reported is its PresenceEvents, each with the media time it was published at.
import { intervalsOf, type StateInterval } from '../proctor/testing/intervals.js';

export type EvalState = 'present' | 'absent' | 'multiple';

export interface Truth {
  durationMs: number;
  segments: { startMs: number; endMs: number; truth: EvalState }[];
}

/** A PresenceEvent as the evaluation saw it: `at` is the onset stamp, `emittedAt` when it was published. */
export interface Reported {
  at: number;
  state: string;
  emittedAt: number;
}

export type Interval = StateInterval<string>;

export interface Score {
  seconds: number;
  correctSeconds: number;
  accuracy: number;
  /** Absences of at least ABSENCE_MIN_MS in the truth. */
  absencesCaught: number;
  absencesMissed: number;
  /** Reported absent intervals that overlap no true absence. */
  falseAbsences: number;
  severalCaught: number;
  severalMissed: number;
  /** Several-faces intervals of at least SEVERAL_MIN_MS that were missed (the target). */
  severalMissedLong: number;
  falseMultiples: number;
  /** Per true change (in order): ms from the truth's change to the publication of the matching report; null = never reported. */
  lagsMs: (number | null)[];
}

export const ABSENCE_MIN_MS = 2000;
export const SEVERAL_MIN_MS = 1500;
/** A reported change may be stamped this much before the true change and still count as its report. */
const EARLY_MS = 1000;

/** Truth as merged intervals (adjacent segments of one state joined). */
export function truthIntervals(t: Truth): Interval[] {
  const out: Interval[] = [];
  for (const s of t.segments) {
    const last = out[out.length - 1];
    if (last && last.state === s.truth && last.to === s.startMs) last.to = s.endMs;
    else out.push({ state: s.truth, from: s.startMs, to: s.endMs });
  }
  return out;
}

export function stateAt(intervals: Interval[], t: number): string {
  for (const x of intervals) if (x.from <= t && t < x.to) return x.state;
  return 'none';
}

const overlaps = (a: Interval, b: Interval) => a.from < b.to && b.from < a.to;

export function score(truth: Truth, events: Reported[]): Score {
  const want = truthIntervals(truth);
  const got = intervalsOf(events, truth.durationMs); // what the timeline shows
  // Per second: the state in the middle of each whole second, truth against the timeline.
  const seconds = Math.floor(truth.durationMs / 1000);
  let correctSeconds = 0;
  for (let s = 0; s < seconds; s++)
    if (stateAt(want, s * 1000 + 500) === stateAt(got, s * 1000 + 500)) correctSeconds++;

  const caught = (w: Interval) => got.some((g) => g.state === w.state && overlaps(g, w));
  const absences = want.filter((w) => w.state === 'absent' && w.to - w.from >= ABSENCE_MIN_MS);
  const several = want.filter((w) => w.state === 'multiple');
  const falseOf = (state: string) =>
    got.filter((g) => g.state === state && !want.some((w) => w.state === state && overlaps(g, w))).length;

  // Changes only: a heartbeat of the state already shown is not a report of a change.
  const changes = events.filter((e, i) => i === 0 || events[i - 1].state !== e.state);
  const lagsMs = want.slice(1).map((w) => {
    const e = changes.find((x) => x.state === w.state && x.at >= w.from - EARLY_MS && x.at < w.to);
    return e ? e.emittedAt - w.from : null;
  });
  return {
    seconds,
    correctSeconds,
    accuracy: seconds === 0 ? 1 : correctSeconds / seconds,
    absencesCaught: absences.filter(caught).length,
    absencesMissed: absences.filter((w) => !caught(w)).length,
    falseAbsences: falseOf('absent'),
    severalCaught: several.filter(caught).length,
    severalMissed: several.filter((w) => !caught(w)).length,
    severalMissedLong: several.filter((w) => w.to - w.from >= SEVERAL_MIN_MS && !caught(w)).length,
    falseMultiples: falseOf('multiple'),
    lagsMs,
  };
}

/** Totals over variants, for the summary row and the last-line JSON. */
export function total(scores: Score[]) {
  const sum = (f: (s: Score) => number) => scores.reduce((a, s) => a + f(s), 0);
  const lags = scores.flatMap((s) => s.lagsMs).filter((x): x is number => x !== null);
  return {
    variants: scores.length,
    accuracyMean: scores.length ? sum((s) => s.accuracy) / scores.length : 1,
    accuracyWorst: scores.length ? Math.min(...scores.map((s) => s.accuracy)) : 1,
    absencesCaught: sum((s) => s.absencesCaught),
    absencesMissed: sum((s) => s.absencesMissed),
    falseAbsences: sum((s) => s.falseAbsences),
    severalCaught: sum((s) => s.severalCaught),
    severalMissed: sum((s) => s.severalMissed),
    severalMissedLong: sum((s) => s.severalMissedLong),
    falseMultiples: sum((s) => s.falseMultiples),
    lagMeanMs: lags.length ? Math.round(lags.reduce((a, b) => a + b, 0) / lags.length) : null,
    lagMaxMs: lags.length ? Math.max(...lags) : null,
    changesNeverReported: scores.reduce((a, s) => a + s.lagsMs.filter((x) => x === null).length, 0),
  };
}
