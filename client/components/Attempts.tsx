// Admin: every attempt, open ones included (PROTOCOL.md 8 attempts.list), highest review priority
// first; f cycles the state (all / open / finished / expired), c the course; Enter opens the
// presence timeline, / an attempt by id. The server sends pages; m (or ↓ past the last row) asks
// for the next one with the cursor it gave.
import React, { useState } from 'react';
import { Text } from 'ink';
import { Frame } from './Frame.js';
import { Table, type Column } from './Table.js';
import { TextLine } from './TextLine.js';
import { useApp } from '../hooks/use-app.js';
import { useLatestState } from '../hooks/use-latest-state.js';
import { useKeys } from '../hooks/use-keys.js';
import { useLoad } from '../hooks/use-load.js';
import { useAction } from '../hooks/use-action.js';
import { useConnection } from '../hooks/use-connection.js';
import { useTextField } from '../hooks/use-text-field.js';
import { emptyField } from '../state/text-field.js';
import { ID_MAX, MONITOR_ARG_LIMITS } from '../../protocol/contract/limits.js';
import { theme } from '../theme.js';
import {
  attemptSummaries,
  byReview,
  type AttemptRow,
  type StateFilter,
  STATE_FILTERS,
} from '../state/attempts-list.js';

const columns: Column<AttemptRow>[] = [
  { title: 'Attempt', width: 18, get: (r) => r.attemptId },
  { title: 'Student', width: 12, get: (r) => r.student },
  { title: 'Course', width: 7, get: (r) => r.course },
  { title: 'State', width: 8, get: (r) => r.state },
  {
    title: 'Score',
    width: 6,
    get: (r) => (r.percent === undefined ? `${r.answered}/${r.total}` : `${r.percent.toFixed(0)}%`),
    align: 'right',
  },
  { title: 'Review', width: 17, get: (r) => `${r.review.level} (${r.review.points} pts)` },
];

/** The most attempts.list returns in one page: the fewest round trips. */
export const ATTEMPTS_PAGE = MONITOR_ARG_LIMITS.listMax;

interface Pages {
  rows: AttemptRow[];
  cursor?: string;
}

export function Attempts() {
  const app = useApp();
  const [state, setState] = useState<StateFilter>('all');
  const [course, setCourse] = useState<string | undefined>();
  const courses = useLoad(() => app.api.courses(), []);
  const features = useConnection(app.conn).features;
  const query = { state, course, limit: ATTEMPTS_PAGE };
  // The first page follows the filters; later pages are added to it (and dropped when a filter changes).
  const first = useLoad(async () => {
    // PROTOCOL.md 8: a client checks welcome.features before using a group.
    if (features !== undefined && !features.includes('attempts'))
      throw new Error(
        "This server cannot list attempts (PandaProctor 1.1 feature 'attempts'); update the server, or open one by id with /.",
      );
    return attemptSummaries(await app.api.attemptsList(query));
  }, [state, course]);
  const [later, setLater] = useState<Pages & { of?: unknown }>({ rows: [] });
  const pages: Pages | undefined =
    first.data &&
    (later.of === first.data
      ? { rows: byReview([...first.data.rows, ...later.rows]), cursor: later.cursor }
      : first.data);
  const more = useAction(async (cursor: string) => attemptSummaries(await app.api.attemptsList({ ...query, cursor })), {
    done: (page) =>
      setLater((l) => ({
        of: first.data,
        rows: [...(l.of === first.data ? l.rows : []), ...page.rows],
        cursor: page.cursor,
      })),
  });
  const [cursor, setCursor, cursorNow] = useLatestState(0);
  const [typing, setTyping] = useState(false);
  const id = useTextField('', { max: ID_MAX });
  const rows = pages?.rows ?? [];
  const open = (attemptId: string) => app.dispatch({ type: 'go', screen: { name: 'timeline', attemptId } });
  useKeys(
    typing ? 'attempt-id' : 'attempts',
    (action, input, key) => {
      if (typing) {
        if (action === 'back') return setTyping(false);
        const typed = action === 'select' ? { enter: true, field: id.current() } : id.edit(input, key);
        if (typed.enter && typed.field.value.trim() !== '') open(typed.field.value.trim());
        return;
      }
      if (action === 'back') app.dispatch({ type: 'back' });
      if (action === 'up') setCursor((c) => Math.max(0, c - 1));
      if (action === 'down') {
        if (cursorNow() >= rows.length - 1 && pages?.cursor) void more.run(pages.cursor);
        setCursor((c) => Math.min(rows.length - 1, c + 1));
      }
      if (action === 'more' && pages?.cursor) void more.run(pages.cursor);
      if (action === 'search') {
        id.setField(emptyField);
        setTyping(true);
      }
      if (action === 'select' && rows[cursorNow()]) open(rows[cursorNow()].attemptId);
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
    },
    { typing },
  );
  const head = `${rows.length}${pages?.cursor ? '+' : ''} attempt(s)${more.pending ? ', loading more…' : pages?.cursor ? ' (m more)' : ''} · state: ${state} (f) · course: ${course ?? 'all'} (c)`;
  return (
    <Frame
      title="Attempts & integrity"
      context={typing ? 'attempt-id' : 'attempts'}
      typing={typing}
      error={first.error ?? more.error}
    >
      {typing ? (
        <TextLine label="Attempt id" value={id.field} focused labelWidth={11} width={app.width} />
      ) : (
        <Text wrap="truncate-end" dimColor={theme.dim}>
          {head}
        </Text>
      )}
      {first.loading && !first.data ? (
        <Text>Loading attempts…</Text>
      ) : (
        <Table
          columns={columns}
          rows={rows}
          cursor={cursor}
          empty={`  No ${state === 'all' ? '' : `${state} `}attempts${course ? ` in ${course}` : ''} yet: / opens one by id.`}
        />
      )}
    </Frame>
  );
}
