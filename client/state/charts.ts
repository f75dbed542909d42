// Text charts that fit an 80-column terminal: per-course score rows, a course's score trend (asciichart),
// and plain bar / strip charts.
import { plot } from 'asciichart';
import type { PresenceState } from '../../protocol/messages.js';

const LEVELS = ['·', '▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/** One glyph per score: eight steps of 12.5 %, so 30 % and 40 % never look alike ('·' = under 6 %). */
export function scoreGlyph(percent: number): string {
  return LEVELS[Math.max(0, Math.min(8, Math.round(percent / 12.5)))];
}

/**
 * Score history, one row per course: every attempt is one column (oldest left), followed by the
 * last score in numbers, so the chart is read by course and never needs a y axis to be exact.
 */
export function scoreChart(points: { course: string; percent: number }[], width = 70): string[] {
  if (points.length === 0) return ['(no finished attempts yet)'];
  const byCourse = new Map<string, number[]>();
  for (const p of points) byCourse.set(p.course, [...(byCourse.get(p.course) ?? []), p.percent]);
  const label = Math.min(12, Math.max(...[...byCourse.keys()].map((c) => c.length)));
  const room = Math.max(4, width - label - 22);
  const rows = [...byCourse]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([course, ps]) => {
      const shown = ps.slice(-room);
      const more = ps.length > shown.length ? '…' : ' ';
      return `${course.slice(0, label).padEnd(label)} ${more}${shown.map(scoreGlyph).join('').padEnd(room)} last ${ps[ps.length - 1].toFixed(0).padStart(3)}% (${ps.length})`;
    });
  return [
    ...rows,
    `${''.padEnd(label)}  ${'▁ 12%  ▄ 50%  █ 100%  · under 6%'.slice(0, Math.max(0, width - label - 2))}`,
  ];
}

/** Rows of the trend chart: 0 % to 100 % in steps of 10 %, one row each. */
export const TREND_HEIGHT = 10;
const TREND_LABEL = 4; // "100%"
// asciichart marks its zero row with '┼' (at the top when the axis is 0..100) and the first point on
// the axis with it too; a plain tick keeps the axis from pointing at 100 % for no reason.
const TREND_SYMBOLS: [string, string, string, string, string, string, string, string, string, string] = [
  '┤',
  '┤',
  '╶',
  '╴',
  '─',
  '╰',
  '╭',
  '╮',
  '╯',
  '│',
];

/**
 * One course's percentages, oldest left, as a line chart with a labelled axis of 10 % rows (so 30 %
 * and 40 % sit on different rows), every attempt the same number of columns. `selected` (an index
 * into `percents`) is marked by `^` under its columns. When more attempts than columns,
 * the newest that fit are drawn and the first line says how many are left out.
 */
export function trendChart(percents: number[], width = 76, selected?: number): string[] {
  if (percents.length === 0) return [];
  // label, space, axis; asciichart leaves the last column of a series blank.
  const room = Math.max(1, width - TREND_LABEL - 3);
  const skipped = Math.max(0, percents.length - room);
  const shown = percents.slice(skipped);
  const cols = Math.floor(room / shown.length);
  const series = shown.flatMap((p) => Array<number>(cols).fill(Math.max(0, Math.min(100, p))));
  // One more copy of the last value: asciichart draws a point as the step to the next one, so
  // without it the newest attempt would get one column fewer than the others.
  series.push(series[series.length - 1]);
  const chart = plot(series, {
    min: 0,
    max: 100,
    height: TREND_HEIGHT,
    symbols: TREND_SYMBOLS,
    format: (x) => `${x.toFixed(0)}%`.padStart(TREND_LABEL),
  })
    .split('\n')
    .map((l) => l.trimEnd());
  const out = skipped > 0 ? [`(the newest ${shown.length} of ${percents.length} attempts)`, ...chart] : chart;
  const at = selected === undefined ? -1 : selected - skipped;
  if (at < 0 || at >= shown.length) return out;
  return [...out, `${' '.repeat(TREND_LABEL + 2 + at * cols)}${'^'.repeat(cols)}`];
}

/** Horizontal bars, one per label: `0-9   ████ 4`. */
export function barChart(items: { label: string; count: number }[], width = 50): string[] {
  const max = Math.max(1, ...items.map((i) => i.count));
  const lw = Math.max(...items.map((i) => i.label.length), 1);
  return items.map((i) => `${i.label.padStart(lw)} │${'█'.repeat(Math.round((i.count / max) * width))} ${i.count}`);
}

/** A presence interval as the server sends it (attempts.timeline `intervals`): ms from the start, [from, to). */
export interface Interval {
  state: PresenceState | 'no-data';
  from: number;
  to: number;
}

const MARK: Record<Interval['state'], string> = {
  present: '█',
  absent: '_',
  multiple: 'M',
  'camera-error': 'x',
  stopped: 's',
  'no-data': ' ',
};
// A slice shows the state in it that most needs a look, so a short absence is never hidden by a
// longer presence in the same column.
const RANK: Record<Interval['state'], number> = {
  present: 0,
  'no-data': 1,
  stopped: 2,
  'camera-error': 3,
  absent: 4,
  multiple: 5,
};

/**
 * The server's intervals drawn one character per time slice over [0, span). The server decides
 * what each moment was (docs/analytics.md "States over time"); this only scales it to the width.
 */
export function intervalStrip(intervals: Interval[], width = 60): { strip: string; spanMs: number } {
  const span = Math.max(0, ...intervals.map((i) => i.to));
  if (intervals.length === 0 || span <= 0 || width <= 0) return { strip: '', spanMs: 0 };
  const slice = span / width;
  const cells: (Interval['state'] | undefined)[] = Array(width).fill(undefined);
  for (const iv of intervals) {
    if (!(iv.to > iv.from)) continue;
    const a = Math.max(0, Math.min(width - 1, Math.floor(iv.from / slice)));
    const b = Math.max(a, Math.min(width - 1, Math.ceil(iv.to / slice) - 1));
    for (let i = a; i <= b; i++) {
      const cur = cells[i];
      if (cur === undefined || RANK[iv.state] > RANK[cur]) cells[i] = iv.state;
    }
  }
  return { strip: cells.map((c) => (c ? MARK[c] : ' ')).join(''), spanMs: span };
}

export const STRIP_LEGEND = '█ face  _ no face  M several  x camera error  s stopped  blank = no data';

export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}
