// One attempt: integrity summary with every contribution to its review priority, and a presence
// timeline chart (PROTOCOL.md 6 attempts.timeline).
import React, { useState } from 'react';
import { Text } from 'ink';
import { Frame } from './Frame.js';
import { ScrolledLines, type Line } from './ScrolledLines.js';
import { useApp } from '../hooks/use-app.js';
import { useKeys } from '../hooks/use-keys.js';
import { useLoad } from '../hooks/use-load.js';
import { useLiveReload } from '../hooks/use-live-reload.js';
import { useRows } from '../hooks/use-rows.js';
import { timeline } from '../state/reports.js';
import { formatDuration, intervalStrip, STRIP_LEGEND } from '../state/charts.js';
import { identityLines } from '../state/identity-view.js';
import { wrapText } from '../state/wrap.js';
import type { Timeline as TimelineResult } from '../api.js';
import { theme } from '../theme.js';

/** A line as rows of at most `width` columns, continuation rows indented like the line: nothing is cut. */
function wrapLine(l: Line, width: number): Line[] {
  const indent = /^ */.exec(l.text)?.[0] ?? '';
  if (l.text.length <= width) return [l];
  return wrapText(l.text.slice(indent.length), width - indent.length - 2).map((text, i) => ({
    ...l,
    text: `${indent}${i === 0 ? '' : '  '}${text}`,
  }));
}

export function timelineLines(data: TimelineResult, width: number): Line[] {
  const t = timeline(data);
  const i = t.integrity;
  const v = (n?: number, unit = '') => (n === undefined ? '–' : `${n}${unit}`);
  const correct = t.answers.filter((a) => a.correct).length;
  const lines: Line[] = [
    {
      text: `${t.username} · ${t.course} · ${t.score ?? correct}/${t.total ?? t.answers.length} right · ${t.reports} presence reports`,
      bold: true,
    },
    {
      text: `Absent ${v(i?.secondsAbsent, 's')} in ${v(i?.absences)} absence(s) · several faces ${v(i?.secondsMultiple, 's')} (most ${v(t.maxFaces)}) · silences ${v(i?.silences)} · camera errors ${v(i?.cameraErrors)}`,
    },
    {
      text: `Review priority: ${i?.priority ?? '–'}`,
      bold: true,
      tone: i?.level === 'high' || i?.level === 'medium' ? theme.warn : undefined,
    },
    ...(i?.reasons ?? []).map((r) => ({ text: `  + ${r}` })),
    ...identityLines(data).map((l) => ({ text: l.text, tone: l.warn ? theme.warn : undefined })),
  ];
  const wrapped = lines.flatMap((l) => wrapLine(l, width));
  if (t.reports === 0)
    return [
      ...wrapped,
      { text: '' },
      ...wrapLine({ text: 'No presence reports: the exam was not proctored, or the proctor never ran.' }, width),
    ];
  const strip = intervalStrip(t.intervals, width - 2);
  return [
    ...wrapped,
    { text: '' },
    { text: `Presence over the ${formatDuration(strip.spanMs)} of the attempt (server clock)`, bold: true },
    { text: `|${strip.strip}|` },
    { text: STRIP_LEGEND },
  ];
}

export function Timeline({ attemptId, live = false }: { attemptId: string; live?: boolean }) {
  const app = useApp();
  const { data, error, loading, reload } = useLoad(() => app.api.timeline(attemptId), [attemptId]);
  useLiveReload(attemptId, reload, live);
  const [top, setTop] = useState(0);
  const lines = data === undefined ? [] : timelineLines(data, app.width);
  const view = useRows();
  const rows = view.rows;
  useKeys('timeline', (action) => {
    if (action === 'back') app.dispatch({ type: 'back' });
    if (action === 'review') app.dispatch({ type: 'go', screen: { name: 'review', attemptId } });
    if (action === 'up') setTop((t) => Math.max(0, t - 1));
    if (action === 'down') setTop((t) => Math.min(Math.max(0, lines.length - rows), t + 1));
  });
  return (
    <Frame title={`Attempt ${attemptId}${live ? ' · live' : ''}`} context="timeline" error={error}>
      {loading && data === undefined ? (
        <Text>Loading the timeline…</Text>
      ) : (
        <ScrolledLines view={view} lines={lines} top={top} />
      )}
    </Frame>
  );
}
