// The score trend line chart (asciichart): rows of exactly 10 %, attempts of equal width.
import { TREND_HEIGHT, trendChart } from './charts.js';

/** The chart's rows by their label, and the columns (after the axis) where each row is drawn. */
function rowsOf(lines: string[]): Map<string, { line: string; cols: number[] }> {
  const m = new Map<string, { line: string; cols: number[] }>();
  for (const line of lines) {
    const match = /^ *(\d+%) ┤(.*)$/.exec(line);
    if (!match) continue;
    const cols = [...match[2]].flatMap((c, i) => (c === ' ' ? [] : [i]));
    m.set(match[1], { line, cols });
  }
  return m;
}

describe('trendChart', () => {
  test('a labelled axis of 10 % rows, 0 % at the bottom: 30 % and 40 % sit on their own rows', () => {
    const lines = trendChart([30, 40], 40);
    const rows = rowsOf(lines);
    expect([...rows.keys()]).toEqual(['100%', '90%', '80%', '70%', '60%', '50%', '40%', '30%', '20%', '10%', '0%']);
    expect(rows.size).toBe(TREND_HEIGHT + 1);
    // room = 40 - 4 (label) - 3 = 33, so each attempt gets 16 columns.
    expect(rows.get('30%')!.cols).toEqual(Array.from({ length: 16 }, (_, i) => i)); // ──…╯ of the first attempt
    expect(rows.get('40%')!.cols).toEqual(Array.from({ length: 17 }, (_, i) => 15 + i)); // ╭──… from the step on
    for (const [label, r] of rows) if (label !== '30%' && label !== '40%') expect(r.cols).toEqual([]);
    for (const l of lines) expect([...l].length).toBeLessThanOrEqual(40);
  });
  test('every attempt, the newest too, gets floor(room / n) columns', () => {
    const rows = rowsOf(trendChart([0, 50, 100], 76));
    const cols = Math.floor((76 - 4 - 3) / 3); // 23
    const span = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => from + k);
    // Attempt i is drawn on its row over its own `cols` columns (the last one being the step to the
    // next attempt), and on the column before them where the line steps in from the previous one.
    expect(rows.get('0%')!.cols).toEqual(span(0, cols));
    expect(rows.get('50%')!.cols).toEqual(span(cols - 1, 2 * cols));
    expect(rows.get('100%')!.cols).toEqual(span(2 * cols - 1, 3 * cols));
  });
  test('the selected attempt is marked under its columns', () => {
    const lines = trendChart([20, 80, 60], 40, 1);
    const cols = Math.floor(33 / 3);
    expect(lines.at(-1)).toBe(`${' '.repeat(6 + cols)}${'^'.repeat(cols)}`);
    expect(trendChart([20, 80, 60], 40).at(-1)).toMatch(/^ +0% ┤/);
  });
  test('more attempts than columns: the newest that fit, one column each, and it says so', () => {
    const percents = Array.from({ length: 50 }, (_, i) => (i % 2 === 0 ? 10 : 90));
    const lines = trendChart(percents, 30, 49);
    const room = 30 - 4 - 3;
    expect(lines[0]).toBe(`(the newest ${room} of 50 attempts)`);
    const rows = rowsOf(lines);
    expect(rows.get('90%')!.cols.length + rows.get('10%')!.cols.length).toBeGreaterThanOrEqual(room);
    expect(lines.at(-1)).toBe(`${' '.repeat(6 + room - 1)}^`);
    for (const l of lines) expect([...l].length).toBeLessThanOrEqual(30);
    expect(trendChart([])).toEqual([]);
  });
});
