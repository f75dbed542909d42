import { backoffDelay } from './backoff.js';

test('doubles from the base to the cap; jitter spreads around it', () => {
  const b = { baseMs: 500, maxMs: 10_000 };
  expect([0, 1, 2, 3, 4, 5, 6, 50].map((n) => backoffDelay(n, b))).toEqual([
    500, 1000, 2000, 4000, 8000, 10_000, 10_000, 10_000,
  ]);
  expect(backoffDelay(-1, b)).toBe(500);
  expect(backoffDelay(10, { ...b, jitter: 0.25, random: () => 0 })).toBe(7500);
  expect(backoffDelay(10, { ...b, jitter: 0.25, random: () => 1 })).toBe(12_500);
  expect(backoffDelay(1, { ...b, jitter: 0.25, random: () => 0.5 })).toBe(1000);
});
