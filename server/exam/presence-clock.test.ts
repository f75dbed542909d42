// The server's clock mapping for presence events (pure): placed once, forward only, never in the future.
import { PRESENCE_LIMITS } from '../limits.js';
import { arrival, newPresenceClock, place, reportRefusal, startReport } from './presence-clock.js';

const W = { endsAt: 1_000_000 };

test('the first report fixes the offset from its newest event; later ones never change it', () => {
  const c = newPresenceClock();
  startReport(
    c,
    [
      { seq: 0, at: 100 },
      { seq: 1, at: 400 },
    ],
    10_400,
  );
  expect(c.offset).toBe(10_000);
  expect(place(c, W, 0, 100, 10_400)).toBe(10_100);
  expect(place(c, W, 1, 400, 10_400)).toBe(10_400);
  startReport(c, [{ seq: 2, at: 9_999_999 }], 11_000);
  expect(c.offset).toBe(10_000);
});

test('a far-future time is placed at its arrival, a stale one no earlier than lateMs before it nor before the last event', () => {
  const c = newPresenceClock();
  startReport(c, [{ seq: 0, at: 0 }], 100_000);
  expect(place(c, W, 0, 0, 100_000)).toBe(100_000);
  expect(place(c, W, 1, 10 ** 12, 101_000)).toBe(101_000);
  expect(place(c, W, 2, 0, 102_000)).toBe(101_000); // not before the last held event
  expect(place(c, W, 3, 0, 300_000)).toBe(300_000 - PRESENCE_LIMITS.lateMs);
});

test('seqs only move forward, and nothing is placed after the end', () => {
  const c = newPresenceClock();
  startReport(c, [{ seq: 5, at: 0 }], 500_000);
  expect(place(c, W, 5, 0, 500_000)).toBe(500_000);
  expect(place(c, W, 5, 0, 500_001)).toBeNull();
  expect(place(c, W, 4, 0, 500_001)).toBeNull();
  expect(place(c, W, 6, 10 ** 9, 1_000_500)).toBeNull(); // stamped after the end (in the grace)
  expect(place(c, W, 7, 499_000, 1_000_500)).toBe(999_000); // recorded 1 s before the end, arriving in the grace
});

test('reports are refused after the grace, and after the end when nothing was reported before it', () => {
  const c = newPresenceClock();
  expect(reportRefusal(c, W, W.endsAt)).toBeNull();
  expect(reportRefusal(c, W, W.endsAt + 1)).toBe('ended');
  c.offset = 0;
  expect(reportRefusal(c, W, W.endsAt + PRESENCE_LIMITS.graceMs)).toBeNull();
  expect(reportRefusal(c, W, W.endsAt + PRESENCE_LIMITS.graceMs + 1)).toBe('ended');
  c.lastReceivedAt = 2_000;
  expect(arrival(c, 1_500)).toBe(2_001);
});
