// Admin: attempts to review, highest review priority first; Enter opens the presence timeline.
// The list comes from analytics.summary (its attempts) or else results.export (PROTOCOL.md 6).
import React, { useState } from 'react';
import { Box, Text } from 'ink';
import { Frame } from './Frame.js';
import { Table, type Column } from './Table.js';
import { TextLine } from './TextLine.js';
import { useApp } from '../hooks/use-app.js';
import { useKeys } from '../hooks/use-keys.js';
import { useLoad } from '../hooks/use-load.js';
import { analytics, attemptsFromCsv } from '../state/reports.js';

type Row = { attemptId: string; username: string; course: string; percent?: number; priority?: string | number };

const columns: Column<Row>[] = [
  { title: 'Attempt', width: 20, get: (r) => r.attemptId },
  { title: 'Student', width: 14, get: (r) => r.username },
  { title: 'Course', width: 8, get: (r) => r.course },
  { title: 'Score', width: 6, get: (r) => (r.percent === undefined || Number.isNaN(r.percent) ? '–' : `${r.percent.toFixed(0)}%`), align: 'right' },
  { title: 'Review', width: 18, get: (r) => (r.priority === undefined ? '–' : String(r.priority)) },
];

async function loadAttempts(api: ReturnType<typeof useApp>['api']): Promise<Row[]> {
  const list = analytics(await api.analytics()).attempts;
  const rows = list.length > 0 ? list : attemptsFromCsv(await api.exportResults());
  // "high (55 pts)" from the server's review priority: sort by points, else by level.
  const pri = (r: Row): number => {
    if (typeof r.priority === 'number') return r.priority;
    const text = String(r.priority ?? '');
    const pts = /\(([\d.]+) pts\)/.exec(text);
    return pts ? Number(pts[1]) : ({ high: 3, medium: 2, low: 1 } as Record<string, number>)[text.split(' ')[0]] ?? 0;
  };
  return [...rows].sort((a, b) => pri(b) - pri(a));
}

export function Attempts() {
  const app = useApp();
  const { data, error, loading } = useLoad(() => loadAttempts(app.api), []);
  const [cursor, setCursor] = useState(0);
  const [typing, setTyping] = useState<string | undefined>();
  const rows = data ?? [];
  useKeys('attempts', (action, input, key) => {
    if (typing !== undefined) {
      if (key.escape) return setTyping(undefined);
      if (key.return && typing.trim()) return app.dispatch({ type: 'go', screen: { name: 'timeline', attemptId: typing.trim() } });
      if (key.backspace || key.delete) return setTyping((t) => (t ?? '').slice(0, -1));
      if (input && !key.ctrl) setTyping((t) => (t ?? '') + input);
      return;
    }
    if (action === 'back') app.dispatch({ type: 'back' });
    if (action === 'up') setCursor((c) => Math.max(0, c - 1));
    if (action === 'down') setCursor((c) => Math.min(rows.length - 1, c + 1));
    if (action === 'search') setTyping('');
    if (action === 'select' && rows[cursor]) app.dispatch({ type: 'go', screen: { name: 'timeline', attemptId: rows[cursor].attemptId } });
  }, { typing: typing !== undefined });
  return (
    <Frame title="Attempts & integrity" context="attempts" typing={typing !== undefined} error={error}>
      {typing !== undefined ? <TextLine label="Attempt id" value={typing} focused labelWidth={11} width={app.width} /> : null}
      {loading && !data ? <Text>Loading attempts…</Text> : (
        <Box flexDirection="column">
          <Table columns={columns} rows={rows} cursor={cursor} height={app.height - 7} empty="  No attempts yet (or the server lists none): / opens one by id." />
        </Box>
      )}
    </Frame>
  );
}
