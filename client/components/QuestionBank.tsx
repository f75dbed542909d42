// Admin question bank: table with course filter and search; add / edit / delete (PROTOCOL.md 6).
import React, { useEffect } from 'react';
import { Box, Text } from 'ink';
import { Frame } from './Frame.js';
import { Table, type Column } from './Table.js';
import { useApp } from '../hooks/use-app.js';
import { FILL, useRows } from '../hooks/use-rows.js';
import { useLatestReducer } from '../hooks/use-latest-reducer.js';
import { useKeys } from '../hooks/use-keys.js';
import {
  bankFrom,
  bankReducer,
  viewOfBank,
  visible,
  type BankAction,
  type BankState,
  type BankView,
} from '../state/bank-reducer.js';
import type { Screen } from '../state/app-reducer.js';
import { errorLine, isCode } from '../state/errors.js';
import type { Question } from '../../protocol/messages.js';
import { theme } from '../theme.js';

const columns: Column<Question>[] = [
  { title: 'ID', width: 8, get: (q) => q.id },
  { title: 'Course', width: 6, get: (q) => q.course },
  { title: 'Concept', width: 12, get: (q) => q.concept },
  { title: 'Diff', width: 6, get: (q) => q.difficulty },
  { title: 'Ans', width: 3, get: (q) => q.answer },
  { title: 'v', width: 2, get: (q) => String(q.version), align: 'right' },
  { title: 'Question', width: 33, get: (q) => q.text },
];

/** The delete question, in one line: the quote of the text is cut so that "y / n" always shows. */
export function deletePrompt(q: { id: string; text: string }, width: number): string {
  const tail = '? Past attempts keep their record. y / n';
  const room = Math.max(8, width - `Delete ${q.id} ""`.length - tail.length);
  const text = q.text.length > room ? `${q.text.slice(0, room - 1)}…` : q.text;
  return `Delete ${q.id} "${text}"${tail}`;
}

export function QuestionBank(props: { view?: BankView }) {
  const app = useApp();
  // The bank with every key so far applied: ↓↓ Enter in one burst edits the question it reached.
  const [s, apply, now] = useLatestReducer(bankReducer, () => bankFrom(props.view));
  const dispatch = (a: BankAction) => void apply(a);
  const view = useRows();
  /** Leaves for another screen; Esc there comes back to this filter, search and question. */
  const leave = (screen: Screen) => {
    app.dispatch({ type: 'remember', screen: { name: 'bank', view: viewOfBank(now()) } });
    app.dispatch({ type: 'go', screen });
  };
  const load = () => {
    const st = now();
    dispatch({ type: 'loading', selectedId: visible(st)[st.cursor]?.id });
    app.api.questions().then(
      (questions) => dispatch({ type: 'loaded', questions }),
      (e: unknown) => {
        dispatch({ type: 'loaded', questions: now().questions });
        app.dispatch({ type: 'error', message: errorLine(e) });
      },
    );
  };
  useEffect(load, []); // eslint-disable-line react-hooks/exhaustive-deps
  const rows = visible(s);
  const sel = rows[s.cursor];

  const remove = (q: Question) => {
    app.api.deleteQuestion(q.id, q.version).then(
      () => {
        dispatch({ type: 'removed', id: q.id });
        app.dispatch({ type: 'notice', message: `Deleted ${q.id}.` });
      },
      (e: unknown) => {
        dispatch({ type: 'cancelDelete' });
        app.dispatch({
          type: 'error',
          message: isCode(e, 'CONFLICT')
            ? `${q.id} changed since you loaded it (CONFLICT) — reload (r), check it, then delete again`
            : errorLine(e),
        });
      },
    );
  };

  const contextOf = (st: BankState) => (st.confirmDelete ? 'confirm' : st.searching ? 'search' : 'bank');
  useKeys(
    () => contextOf(now()),
    (action, input, key) => {
      const s = now();
      if (s.confirmDelete) {
        if (action === 'yes') remove(s.confirmDelete);
        if (action === 'no') dispatch({ type: 'cancelDelete' });
        return;
      }
      if (s.searching) {
        if (action === 'select') return dispatch({ type: 'endSearch', keep: true });
        if (action === 'back') return dispatch({ type: 'endSearch', keep: false });
        if (action === 'up' || action === 'down') return dispatch({ type: 'move', delta: action === 'up' ? -1 : 1 });
        return dispatch({ type: 'searchEdit', input, key });
      }
      const page = Math.max(1, view.rows - 1);
      if (action === 'up') dispatch({ type: 'move', delta: -1 });
      if (action === 'down') dispatch({ type: 'move', delta: 1 });
      if (action === 'pageUp') dispatch({ type: 'move', delta: -page });
      if (action === 'pageDown') dispatch({ type: 'move', delta: page });
      if (action === 'back') app.dispatch({ type: 'back' });
      if (action === 'refresh') load();
      if (action === 'filter') dispatch({ type: 'cycleCourse' });
      if (action === 'search') dispatch({ type: 'startSearch' });
      if (action === 'new') leave({ name: 'question-form', course: s.course });
      const sel = visible(s)[s.cursor];
      if (action === 'edit' && sel) leave({ name: 'question-form', question: sel });
      if (action === 'delete') dispatch({ type: 'askDelete' });
      if (action === 'import') leave({ name: 'transfer', mode: 'import' });
      if (action === 'export') leave({ name: 'transfer', mode: 'export', course: s.course });
    },
    { typing: () => now().searching },
  );

  const searchShown = s.searching
    ? `${s.search.slice(0, s.searchCursor)}▏${s.search.slice(s.searchCursor)}`
    : s.search || '— (/)';
  const filter = `course: ${s.course ?? 'all'} (c)   search: ${searchShown}   ${s.loading ? 'loading…' : `${rows.length}/${s.questions.length} shown`}`;
  return (
    <Frame
      title="Question bank"
      context={s.confirmDelete ? 'confirm' : s.searching ? 'search' : 'bank'}
      typing={s.searching}
    >
      <Text wrap="truncate-end" color={s.searching ? theme.accent : undefined}>
        {filter}
      </Text>
      {s.loading && s.questions.length === 0 ? (
        <Text>Loading questions…</Text>
      ) : (
        <Box ref={view.ref} {...FILL}>
          <Table
            columns={columns}
            rows={rows}
            cursor={s.cursor}
            height={view.rows}
            empty="  No questions match: c changes the course, / the search, n adds one."
          />
        </Box>
      )}
      {s.confirmDelete ? (
        <Text color={theme.warn} bold wrap="truncate-end">
          {deletePrompt(s.confirmDelete, app.width)}
        </Text>
      ) : sel ? (
        <Text
          wrap="truncate-end"
          dimColor={theme.dim}
        >{`${sel.id}: ${sel.options.map((o, i) => `${'ABCDEFGH'[i]}) ${o}`).join('  ')}`}</Text>
      ) : (
        <Text> </Text>
      )}
    </Frame>
  );
}
