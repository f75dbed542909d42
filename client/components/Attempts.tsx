// Admin: every attempt, open ones included (PROTOCOL.md 8 attempts.list), highest review priority
// first; f cycles the state (all / open / finished / expired), c the course; Enter opens the
// presence timeline, / an attempt by id.
import React, { useState } from 'react';
import { Box, Text } from 'ink';
import { Frame } from './Frame.js';
import { Table, type Column } from './Table.js';
import { TextLine } from './TextLine.js';
import { useApp } from '../hooks/use-app.js';
import { useKeys } from '../hooks/use-keys.js';
import { useLoad } from '../hooks/use-load.js';
import { useConnection } from '../hooks/use-connection.js';
import { theme } from '../theme.js';
import { attemptSummaries, type AttemptRow, type StateFilter, STATE_FILTERS } from '../state/attempts-list.js';

const columns: Column<AttemptRow>[] = [
  { title: 'Attempt', width: 18, get: (r) => r.attemptId },
  { title: 'Student', width: 12, get: (r) => r.student },
  { title: 'Course', width: 7, get: (r) => r.course },
  { title: 'State', width: 8, get: (r) => r.state },
  { title: 'Score', width: 6, get: (r) => (r.percent === undefined ? `${r.answered}/${r.total}` : `${r.percent.toFixed(0)}%`), align: 'right' },
  { title: 'Review', width: 17, get: (r) => `${r.review.level} (${r.review.points} pts)` },
];

/** attempts.list returns at most this many per page; the screen shows the newest this many. */
const PAGE = 500;

export function Attempts() {
  const app = useApp();
  const [state, setState] = useState<StateFilter>('all');
  const [course, setCourse] = useState<string | undefined>();
  const courses = useLoad(() => app.api.courses(), []);
  const features = useConnection(app.conn).features;
  const { data, error, loading } = useLoad(async () => {
    // PROTOCOL.md 8: a client checks welcome.features before using a group.
    if (features !== undefined && !features.includes('attempts')) throw new Error("This server cannot list attempts (PandaProctor 1.1 feature 'attempts'); update the server, or open one by id with /.");
    return attemptSummaries(await app.api.attemptsList({ state, course, limit: PAGE }));
  }, [state, course]);
  const [cursor, setCursor] = useState(0);
  const [typing, setTyping] = useState<string | undefined>();
  const rows = data?.rows ?? [];
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
    if (action === 'stateFilter') {
      setState((s) => STATE_FILTERS[(STATE_FILTERS.indexOf(s) + 1) % STATE_FILTERS.length]);
      setCursor(0);
    }
    if (action === 'filter') {
      const names = (courses.data ?? []).map((c) => c.course);
      const i = course === undefined ? -1 : names.indexOf(course);
      setCourse(i + 1 < names.length ? names[i + 1] : undefined);
      setCursor(0);
    }
  }, { typing: typing !== undefined });
  const head = `${rows.length}${data?.more ? '+' : ''} attempt(s) · state: ${state} (f) · course: ${course ?? 'all'} (c)`;
  return (
    <Frame title="Attempts & integrity" context="attempts" typing={typing !== undefined} error={error}>
      {typing !== undefined ? <TextLine label="Attempt id" value={typing} focused labelWidth={11} width={app.width} /> : <Text wrap="truncate-end" dimColor={theme.dim}>{head}</Text>}
      {loading && !data ? <Text>Loading attempts…</Text> : (
        <Box flexDirection="column">
          <Table columns={columns} rows={rows} cursor={cursor} height={app.height - 8} empty={`  No ${state === 'all' ? '' : `${state} `}attempts${course ? ` in ${course}` : ''} yet: / opens one by id.`} />
        </Box>
      )}
    </Frame>
  );
}
