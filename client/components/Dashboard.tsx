// Student progress: past attempts (date, duration, score; Enter opens the review), score history
// (one row of score glyphs per course), the trend of the selected attempt's course (a line chart),
// per-course and per-concept breakdowns (PROTOCOL.md 6 scores.mine).
import React, { useState } from 'react';
import { Box, Text } from 'ink';
import { Frame } from './Frame.js';
import { ScrolledLines, type Line } from './ScrolledLines.js';
import { useApp } from '../hooks/use-app.js';
import { useLatestState } from '../hooks/use-latest-state.js';
import { useKeys } from '../hooks/use-keys.js';
import { useLoad } from '../hooks/use-load.js';
import { useRows } from '../hooks/use-rows.js';
import { conceptTotals, courseTotals, scoreRows } from '../state/reports.js';
import { scoreChart, trendChart } from '../state/charts.js';
import { cell } from './Table.js';
import { formatDate, formatDuration } from '../state/review-layout.js';
import { scrollTop } from '../state/bank-reducer.js';

/** Rows of the past-attempts list; the rest of the screen scrolls below it. */
const PAST_ROWS = 4;
import { theme } from '../theme.js';

/**
 * The next page: from the heading of a section the page cuts off (so a chart is seen whole), else
 * from the next heading in the lower half of this page or right after it (so a section is read from
 * its title), else a page on, one line kept for context.
 */
export function pageDown(lines: { text?: string; bold?: boolean }[], top: number, rows: number): number {
  const last = Math.max(0, lines.length - rows);
  const headings = lines.flatMap((l, i) => (l.bold && i > top && i < top + rows ? [i] : []));
  const sectionEnd = (h: number) => {
    let end = h + 1;
    for (let i = h + 1; i < lines.length && !lines[i].bold; i++) if (lines[i].text) end = i + 1;
    return end;
  };
  const cut = headings.find((h) => sectionEnd(h) > top + rows);
  const lower = headings.find((h) => h >= top + Math.ceil(rows / 2));
  // A heading just past the page, with only blank lines before it: nothing unseen is skipped.
  const after = lines.findIndex((l, i) => l.bold && i >= top + rows);
  const next = after > top && lines.slice(top + rows, after).every((l) => !l.text) ? after : undefined;
  return Math.min(last, cut ?? lower ?? next ?? top + Math.max(1, rows - 1));
}

export function Dashboard() {
  const app = useApp();
  const { data, error, loading, reload } = useLoad(() => app.api.scoresMine(), []);
  const [top, setTop] = useState(0);
  const [cursor, setCursor, cursorNow] = useLatestState(0);
  const list = data ? scoreRows(data) : [];
  const past = [...list].reverse(); // newest first
  const chart = scoreChart(
    list.map((r) => ({ course: r.course, percent: r.percent })),
    app.width - 4,
  );
  // The trend is of the selected attempt's course, so moving the selection to another course's
  // attempt shows that course's trend.
  const selected = past[Math.min(cursor, past.length - 1)];
  const ofCourse = selected ? list.filter((r) => r.course === selected.course) : [];
  const trend = selected
    ? trendChart(
        ofCourse.map((r) => r.percent),
        app.width - 4,
        ofCourse.indexOf(selected),
      )
    : [];
  const courses = courseTotals(list);
  const concepts = conceptTotals(list);
  const lines: Line[] = [
    {
      text: `Score history (${list.length} finished attempt${list.length === 1 ? '' : 's'}, one column each, oldest left)`,
      bold: true,
    },
    ...chart.map((t) => ({ text: t })),
    { text: '' },
    ...(selected
      ? [
          {
            text: `Trend: ${selected.course} (${ofCourse.length} attempt${ofCourse.length === 1 ? '' : 's'}, oldest left; ^ marks the selected one)`,
            bold: true,
          },
          ...trend.map((t) => ({ text: t })),
          { text: '' },
        ]
      : []),
    {
      text: `${cell('Course', 10)} ${cell('Attempts', 8, 'right')} ${cell('Last', 6, 'right')} ${cell('Best', 6, 'right')} ${cell('Mean', 6, 'right')}`,
      bold: true,
    },
    ...courses.map((c) => ({
      text: `${cell(c.course, 10)} ${cell(String(c.attempts), 8, 'right')} ${cell(c.last.toFixed(0) + '%', 6, 'right')} ${cell(c.best.toFixed(0) + '%', 6, 'right')} ${cell(c.mean.toFixed(0) + '%', 6, 'right')}`,
    })),
    { text: '' },
    { text: 'Concepts (weakest first)', bold: true },
    ...concepts.map((c) => ({
      text: `${cell(c.concept, 22)} ${cell(`${c.correct}/${c.total}`, 7, 'right')} ${cell(c.percent.toFixed(0) + '%', 5, 'right')} ${'█'.repeat(Math.round(c.percent / 5))}`,
      tone: c.percent < 50 ? theme.bad : undefined,
    })),
  ];
  const pastShown = Math.min(PAST_ROWS, past.length);
  const view = useRows();
  const rows = view.rows;
  const pastTop = scrollTop(cursor, pastShown, past.length);
  useKeys('dashboard', (action) => {
    if (action === 'back') app.dispatch({ type: 'back' });
    if (action === 'refresh') reload();
    if (action === 'up') setCursor((c) => Math.max(0, c - 1));
    if (action === 'down') setCursor((c) => Math.min(past.length - 1, c + 1));
    const at = past[cursorNow()];
    if (action === 'select' && at) app.dispatch({ type: 'go', screen: { name: 'review', attemptId: at.attemptId } });
    if (action === 'pageDown') setTop((t) => pageDown(lines, t, rows));
    if (action === 'pageUp') setTop((t) => Math.max(0, t - Math.max(1, rows - 1)));
  });
  return (
    <Frame
      title="Your progress"
      context="dashboard"
      error={error}
      // Nothing to select or review yet: the hint offers only the way back.
      hint={data && list.length === 0 ? 'Esc back · r reload · ? keys' : undefined}
    >
      {loading && !data ? (
        <Text>Loading your scores…</Text>
      ) : list.length === 0 ? (
        <Text>No finished attempts yet: take an exam from the course list and come back.</Text>
      ) : (
        <Box flexDirection="column" flexGrow={1}>
          <Text bold>{`Past attempts (${past.length}) · ↑/↓ select · Enter: review question by question`}</Text>
          {past.slice(pastTop, pastTop + pastShown).map((r, k) => {
            const i = pastTop + k;
            const took = formatDuration(r.at - r.started);
            const when = formatDate(r.started);
            return (
              <Text key={r.attemptId} inverse={i === cursor} wrap="truncate-end">
                {`${i === cursor ? '›' : ' '} ${cell(when, 16)}  ${cell(r.course, 10)} ${cell(took, 12)} ${cell(`${r.score}/${r.total}`, 7, 'right')} ${cell(r.percent.toFixed(0) + '%', 5, 'right')}`}
              </Text>
            );
          })}
          <Text> </Text>
          <ScrolledLines view={view} lines={lines} top={top} />
        </Box>
      )}
    </Frame>
  );
}
