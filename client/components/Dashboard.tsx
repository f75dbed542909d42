// Student progress: score history (asciichart line), per-course and per-concept breakdowns
// (PROTOCOL.md 6 scores.mine).
import React, { useState } from 'react';
import { Box, Text } from 'ink';
import { Frame } from './Frame.js';
import { useApp } from '../hooks/use-app.js';
import { useKeys } from '../hooks/use-keys.js';
import { useLoad } from '../hooks/use-load.js';
import { conceptTotals, courseTotals, scoreRows } from '../state/reports.js';
import { scoreChart } from '../state/charts.js';
import { cell } from './Table.js';
import { theme } from '../theme.js';

export function Dashboard() {
  const app = useApp();
  const { data, error, loading, reload } = useLoad(() => app.api.scoresMine(), []);
  const [top, setTop] = useState(0);
  const list = scoreRows(data).filter((r) => r.finished);
  const chart = scoreChart(list.map((r) => ({ course: r.course, percent: r.percent })), app.width - 4);
  const courses = courseTotals(list);
  const concepts = conceptTotals(list);
  const lines: { text: string; tone?: string; bold?: boolean }[] = [
    { text: `Score history (${list.length} finished attempt${list.length === 1 ? '' : 's'}, one column each, oldest left)`, bold: true },
    ...chart.map((t) => ({ text: t })),
    { text: '' },
    { text: `${cell('Course', 10)} ${cell('Attempts', 8, 'right')} ${cell('Last', 6, 'right')} ${cell('Best', 6, 'right')} ${cell('Mean', 6, 'right')}`, bold: true },
    ...courses.map((c) => ({ text: `${cell(c.course, 10)} ${cell(String(c.attempts), 8, 'right')} ${cell(c.last.toFixed(0) + '%', 6, 'right')} ${cell(c.best.toFixed(0) + '%', 6, 'right')} ${cell(c.mean.toFixed(0) + '%', 6, 'right')}` })),
    { text: '' },
    { text: 'Concepts (weakest first)', bold: true },
    ...concepts.map((c) => ({
      text: `${cell(c.concept, 22)} ${cell(`${c.correct}/${c.total}`, 7, 'right')} ${cell(c.percent.toFixed(0) + '%', 5, 'right')} ${'█'.repeat(Math.round(c.percent / 5))}`,
      tone: c.percent < 50 ? theme.bad : undefined,
    })),
  ];
  const rows = app.height - 5;
  useKeys('dashboard', (action) => {
    if (action === 'back') app.dispatch({ type: 'back' });
    if (action === 'refresh') reload();
    if (action === 'up') setTop((t) => Math.max(0, t - 1));
    if (action === 'down') setTop((t) => Math.min(Math.max(0, lines.length - rows), t + 1));
    if (action === 'pageDown') setTop((t) => Math.min(Math.max(0, lines.length - rows), t + rows));
    if (action === 'pageUp') setTop((t) => Math.max(0, t - rows));
  });
  return (
    <Frame title="Your progress" context="dashboard" error={error}>
      {loading && !data ? <Text>Loading your scores…</Text> : list.length === 0 ? (
        <Text>No finished attempts yet: take an exam from the course list and come back.</Text>
      ) : (
        <Box flexDirection="column">
          {lines.slice(top, top + rows).map((l, i) => <Text key={top + i} wrap="truncate-end" bold={l.bold} color={l.tone}>{l.text || ' '}</Text>)}
        </Box>
      )}
    </Frame>
  );
}
