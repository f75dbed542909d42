import { integritySummary, presenceIntervals, type IntegrityEvent, type IntegrityInput } from './integrity.js';
import type { PresenceState } from '../../protocol/messages.js';

const START = 1_700_000_000_000;
// The proctor's clock runs 1 h behind the server's. The least-delayed report defines the offset, so
// with a constant delay the mapped times equal the arrival times; tests use delay 0 unless they test it.
const SKEW = -3_600_000;

let seq = 0;
/** An event observed at START + sec seconds (server time), arriving `delayMs` later. */
function ev(
  sec: number,
  state: PresenceState,
  faces = state === 'multiple' ? 2 : state === 'present' ? 1 : 0,
  delayMs = 0,
): IntegrityEvent {
  const t = START + sec * 1000;
  return { seq: ++seq, at: t + SKEW, receivedAt: t + delayMs, state, faces, fps: 12 };
}
/** Heartbeats every 5 s in [from, to). */
function beats(from: number, to: number, state: PresenceState): IntegrityEvent[] {
  const out: IntegrityEvent[] = [];
  for (let s = from; s < to; s += 5) out.push(ev(s, state));
  return out;
}
function input(events: IntegrityEvent[], durationSec: number, proctored = true): IntegrityInput {
  return { startedAt: START, endedAt: START + durationSec * 1000, proctored, events };
}
const sumOf = (c: { points: number }[]) => c.reduce((n, x) => n + x.points, 0);

beforeEach(() => {
  seq = 0;
});

describe('integritySummary', () => {
  it('a proctored attempt with no events at all is one silence and high priority', () => {
    const s = integritySummary(input([], 600));
    expect(s.events).toBe(0);
    expect(s.silences).toEqual([{ from: 0, to: 600_000, seconds: 600 }]);
    expect(s.priority.level).toBe('high');
    expect(s.priority.contributions).toEqual([
      { reason: 'no proctor report at all during a proctored attempt of 600 s', points: 60 },
    ]);
    expect(presenceIntervals(input([], 600))).toEqual([{ state: 'no-data', from: 0, to: 600_000 }]);
  });

  it('an unproctored attempt is never ranked for review', () => {
    const s = integritySummary(input([ev(0, 'absent')], 600, false));
    expect(s.secondsAbsent).toBe(15); // still measured (then silent), but not scored
    expect(s.priority).toEqual({ score: 0, level: 'low', contributions: [] });
  });

  it('heartbeats extend one state: a clean attempt scores 0', () => {
    const events = beats(0, 600, 'present');
    const s = integritySummary(input(events, 600));
    expect(s.silences).toEqual([]);
    expect(s.absences).toBe(0);
    expect(s.priority).toEqual({ score: 0, level: 'low', contributions: [] });
    expect(presenceIntervals(input(events, 600))).toEqual([{ state: 'present', from: 0, to: 600_000 }]);
  });

  it('counts one absence across its heartbeats, using the proctor clock mapped to the server', () => {
    const events = [...beats(0, 10, 'present'), ...beats(10, 30, 'absent'), ...beats(30, 60, 'present')];
    const s = integritySummary(input(events, 60));
    expect(s.clockOffsetMs).toBe(-SKEW);
    expect(s.absences).toBe(1);
    expect(s.secondsAbsent).toBe(20);
    expect(presenceIntervals(input(events, 60))).toEqual([
      { state: 'present', from: 0, to: 10_000 },
      { state: 'absent', from: 10_000, to: 30_000 },
      { state: 'present', from: 30_000, to: 60_000 },
    ]);
    expect(s.priority.contributions).toEqual([
      { reason: '1 absence of 3 s or more (4 points each, at most 20)', points: 4 },
      { reason: '20 s absent in total (1 point per 10 s, at most 30)', points: 2 },
    ]);
  });

  it('detector flicker counts as brief absences, not absences', () => {
    const events: IntegrityEvent[] = [];
    for (let i = 0; i < 20; i++) events.push(ev(i * 0.5, i % 2 === 0 ? 'present' : 'absent'));
    events.push(...beats(10, 60, 'present'));
    const s = integritySummary(input(events, 60));
    expect(s.absences).toBe(0);
    expect(s.briefAbsences).toBe(10);
    expect(s.secondsAbsent).toBe(5);
    expect(s.priority.contributions).toEqual([
      { reason: '10 brief absences under 3 s (1 point per 5, at most 5)', points: 2 },
    ]);
    expect(s.priority.level).toBe('low');
  });

  it('finds silences between reports and after the last one; the state holds 15 s then no-data', () => {
    const events = [...beats(0, 15, 'present'), ...beats(40, 60, 'present')]; // last report at 55 s
    const s = integritySummary(input(events, 90));
    expect(s.silences).toEqual([
      { from: 10_000, to: 40_000, seconds: 30 },
      { from: 55_000, to: 90_000, seconds: 35 },
    ]);
    expect(s.secondsSilent).toBe(65);
    expect(presenceIntervals(input(events, 90))).toEqual([
      { state: 'present', from: 0, to: 25_000 },
      { state: 'no-data', from: 25_000, to: 40_000 },
      { state: 'present', from: 40_000, to: 70_000 },
      { state: 'no-data', from: 70_000, to: 90_000 },
    ]);
    expect(s.priority.score).toBe(10 + 2);
    expect(sumOf(s.priority.contributions)).toBe(s.priority.score);
  });

  it('a gap of exactly 15 s is not a silence; a late first report is', () => {
    const s = integritySummary(input([ev(20, 'present'), ev(35, 'present'), ev(50, 'present')], 50));
    expect(s.silences).toEqual([{ from: 0, to: 20_000, seconds: 20 }]);
  });

  it('reports camera errors and time with several faces', () => {
    const events = [
      ...beats(0, 10, 'present'),
      ...beats(10, 40, 'camera-error'),
      ...beats(40, 50, 'present'),
      ev(50, 'multiple', 2),
      ev(55, 'multiple', 3),
      ev(60, 'multiple', 2),
      ...beats(65, 120, 'present'),
    ];
    const s = integritySummary(input(events, 120));
    expect(s.cameraErrors).toBe(1);
    expect(s.secondsCameraError).toBe(30);
    expect(s.multipleEpisodes).toBe(1);
    expect(s.secondsMultiple).toBe(15);
    expect(s.maxFaces).toBe(3);
    expect(s.priority.contributions).toEqual([
      { reason: '1 time several faces in view (10 points each, at most 30)', points: 10 },
      { reason: '15 s with several faces (1 point per 5 s, at most 30)', points: 3 },
      { reason: '1 camera error (5 points each, at most 15)', points: 5 },
      { reason: '30 s with the camera failing (1 point per 30 s, at most 15)', points: 1 },
    ]);
    expect(s.priority).toMatchObject({ score: 19, level: 'low' });
  });

  it('stopped holds until the next report without counting as silence', () => {
    const events = [...beats(0, 60, 'present'), ev(60, 'stopped', 0), ...beats(240, 300, 'present')];
    const s = integritySummary(input(events, 300));
    expect(s.stopped).toBe(1);
    expect(s.secondsStopped).toBe(180);
    expect(s.silences).toEqual([]);
    // 10 + 6 for the stop itself, plus 50 since 180 of 300 s unwatched is most of the attempt.
    expect(s.priority.score).toBe(10 + 6 + 50);
    expect(s.priority.level).toBe('high');
    expect(presenceIntervals(input(events, 300))).toContainEqual({ state: 'stopped', from: 60_000, to: 240_000 });
  });

  it('ranks an attempt with several people and long absences high, listing every contribution', () => {
    const events = [
      ...beats(0, 30, 'present'),
      ...beats(30, 90, 'multiple'),
      ...beats(90, 400, 'absent'),
      ...beats(400, 420, 'present'),
    ];
    const s = integritySummary(input(events, 420));
    expect(s.priority.level).toBe('high');
    expect(s.priority.score).toBe(sumOf(s.priority.contributions));
    expect(s.priority.contributions.map((c) => c.points)).toEqual([10, 12, 4, 30]);
  });

  it('a first batch delivered late keeps its proctor times (offset = least delay, not first event)', () => {
    const events = [
      ev(0, 'present', 1, 9_000),
      ev(2, 'absent', 0, 7_000),
      ev(6, 'absent', 0, 3_000),
      ...beats(9, 60, 'present'),
    ];
    const s = integritySummary(input(events, 60));
    expect(s.clockOffsetMs).toBe(-SKEW);
    expect(s.secondsAbsent).toBe(7);
    expect(s.silences).toEqual([]);
  });

  it('ignores duplicate seqs and array order; batched late arrival does not shift times', () => {
    const events = [...beats(0, 10, 'present'), ...beats(10, 20, 'absent'), ...beats(20, 30, 'present')];
    // The forwarder resent the absent batch after a reconnect 12 s later: same seq, later receivedAt.
    const resent = events.slice(2, 4).map((e) => ({ ...e, receivedAt: e.receivedAt + 12_000 }));
    const shuffled = [...events.slice(3), ...resent, ...events.slice(0, 3)];
    const a = integritySummary(input(events, 30));
    const b = integritySummary(input(shuffled, 30));
    expect(b).toEqual(a);
    expect(b.events).toBe(6);
    expect(b.secondsAbsent).toBe(10);
  });

  it('clips events before the start and after the end; a clock stepping back cannot reorder', () => {
    const early = ev(-30, 'absent');
    const events = [early, ...beats(-25, 30, 'present')];
    events.push({ ...ev(31, 'absent'), at: events[events.length - 1].at - 60_000 }); // proctor clock stepped back 1 min
    const iv = presenceIntervals(input(events, 40));
    expect(iv[0]).toEqual({ state: 'present', from: 0, to: 25_000 });
    expect(iv.every((x, i) => i === 0 || x.from >= iv[i - 1].to)).toBe(true);
    expect(iv[iv.length - 1].to).toBe(40_000);
  });
});

describe('a proctor that was not watching for most of the attempt', () => {
  it('stopped after 10 s of a 2-minute attempt: high priority, with the reason', () => {
    // The case that used to rate "low (13 pts)": the proctor stopped at once and never came back.
    const s = integritySummary(input([ev(0, 'present'), ev(10, 'stopped')], 120));
    expect(s.secondsUnwatched).toBe(110);
    expect(s.priority.level).toBe('high');
    expect(s.priority.contributions).toContainEqual({
      reason: 'proctor stopped, unavailable or silent for 110 s of 120 s (over 50% of the attempt: high by itself)',
      points: 50,
    });
  });

  it('the camera unavailable, or silent, for most of it: high', () => {
    expect(
      integritySummary(input([ev(0, 'camera-error'), ...beats(5, 40, 'camera-error'), ...beats(40, 60, 'present')], 60))
        .priority.level,
    ).toBe('high');
    expect(integritySummary(input([...beats(0, 20, 'present')], 120)).priority.level).toBe('high'); // silent from 35 s on
  });

  it('unwatched for under half of it: this rule adds nothing', () => {
    const s = integritySummary(input([...beats(0, 70, 'present'), ev(70, 'stopped')], 120));
    expect(s.secondsUnwatched).toBe(50);
    expect(s.priority.contributions.some((c) => c.reason.includes('high by itself'))).toBe(false);
  });

  it('an unproctored attempt is still not ranked', () => {
    expect(integritySummary(input([ev(0, 'stopped')], 600, false)).priority.level).toBe('low');
  });
});
