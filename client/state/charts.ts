// Text charts that fit an 80-column terminal: per-course score rows, an asciichart line chart and
// plain bar / strip charts.
import asciichart from 'asciichart';
import type { PresenceEvent, PresenceState } from '../../protocol/messages.js';

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
  const rows = [...byCourse].sort(([a], [b]) => a.localeCompare(b)).map(([course, ps]) => {
    const shown = ps.slice(-room);
    const more = ps.length > shown.length ? '…' : ' ';
    return `${course.slice(0, label).padEnd(label)} ${more}${shown.map(scoreGlyph).join('').padEnd(room)} last ${ps[ps.length - 1].toFixed(0).padStart(3)}% (${ps.length})`;
  });
  return [...rows, `${''.padEnd(label)}  ${'▁ 12%  ▄ 50%  █ 100%  · under 6%'.slice(0, Math.max(0, width - label - 2))}`];
}

/** Horizontal bars, one per label: `0-9   ████ 4`. */
export function barChart(items: { label: string; count: number }[], width = 50): string[] {
  const max = Math.max(1, ...items.map((i) => i.count));
  const lw = Math.max(...items.map((i) => i.label.length), 1);
  return items.map((i) => `${i.label.padStart(lw)} │${'█'.repeat(Math.round((i.count / max) * width))} ${i.count}`);
}

const MARK: Record<PresenceState, string> = { present: '█', absent: '_', multiple: 'M', 'camera-error': 'x', stopped: 's' };
const RANK: Record<PresenceState, number> = { present: 0, stopped: 1, 'camera-error': 2, absent: 3, multiple: 4 };

/** One character per time slice; a slice shows the worst state in it; ' ' = no report (silence). */
export function presenceStrip(events: PresenceEvent[], width = 60): { strip: string; fromMs: number; toMs: number } {
  if (events.length === 0) return { strip: '', fromMs: 0, toMs: 0 };
  const sorted = [...events].sort((a, b) => a.at - b.at);
  const from = sorted[0].at;
  const to = Math.max(sorted[sorted.length - 1].at, from + 1);
  const slice = (to - from) / width;
  const cells: (PresenceState | undefined)[] = Array(width).fill(undefined);
  // A state lasts from its event until the next one (events are changes plus >=5 s heartbeats).
  for (let k = 0; k < sorted.length; k++) {
    const e = sorted[k];
    const end = k + 1 < sorted.length ? sorted[k + 1].at : e.at + slice;
    const a = Math.min(width - 1, Math.floor((e.at - from) / slice));
    const b = Math.min(width - 1, Math.max(a, Math.ceil((end - from) / slice) - 1));
    // A gap over 15 s between reports is a proctor silence: leave it blank.
    const silent = end - e.at > 15_000;
    for (let i = a; i <= (silent ? a : b); i++) {
      const cur = cells[i];
      if (cur === undefined || RANK[e.state] > RANK[cur]) cells[i] = e.state;
    }
  }
  return { strip: cells.map((c) => (c ? MARK[c] : ' ')).join(''), fromMs: from, toMs: to };
}

export const STRIP_LEGEND = '█ face  _ no face  M several  x camera error  s stopped  blank = silent';

/** Faces seen over time as a small asciichart line. */
export function facesChart(events: PresenceEvent[], width = 60, height = 3): string {
  if (events.length < 2) return '';
  const sorted = [...events].sort((a, b) => a.at - b.at);
  const from = sorted[0].at;
  const span = Math.max(1, sorted[sorted.length - 1].at - from);
  const series: number[] = [];
  let k = 0;
  for (let i = 0; i < width; i++) {
    const t = from + (span * i) / (width - 1);
    while (k + 1 < sorted.length && sorted[k + 1].at <= t) k++;
    series.push(Math.min(sorted[k].faces, 3));
  }
  return asciichart.plot(series, { min: 0, max: 3, height, format: (x: number) => `${x.toFixed(0)} faces`.padStart(8) });
}

export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}
