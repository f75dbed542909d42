// Admin question bank: table with course filter and search; add / edit / delete (PROTOCOL.md 6).
import React, { useEffect, useReducer } from 'react';
import { Box, Text } from 'ink';
import { Frame } from './Frame.js';
import { Table, type Column } from './Table.js';
import { useApp } from '../hooks/use-app.js';
import { useKeys } from '../hooks/use-keys.js';
import { bankReducer, initialBank, visible } from '../state/bank-reducer.js';
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

export function QuestionBank() {
  const app = useApp();
  const [s, dispatch] = useReducer(bankReducer, initialBank);
  const load = () => {
    dispatch({ type: 'loading' });
    app.api.questions().then(
      (questions) => dispatch({ type: 'loaded', questions }),
      (e: unknown) => {
        dispatch({ type: 'loaded', questions: s.questions });
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
        app.dispatch({ type: 'error', message: isCode(e, 'CONFLICT') ? `${q.id} changed since you loaded it (CONFLICT) — reload (r), check it, then delete again` : errorLine(e) });
      },
    );
  };

  useKeys(
    s.confirmDelete ? 'confirm' : 'bank',
    (action, input, key) => {
      if (s.confirmDelete) {
        if (action === 'yes') remove(s.confirmDelete);
        if (action === 'no') dispatch({ type: 'cancelDelete' });
        return;
      }
      if (s.searching) {
        if (key.return) return dispatch({ type: 'endSearch', keep: true });
        if (key.escape) return dispatch({ type: 'endSearch', keep: false });
        if (key.backspace || key.delete) return dispatch({ type: 'searchBackspace' });
        if (key.upArrow || key.downArrow) return dispatch({ type: 'move', delta: key.upArrow ? -1 : 1 });
        if (input && !key.ctrl && !key.meta) dispatch({ type: 'searchType', text: input });
        return;
      }
      const page = app.height - 9;
      if (action === 'up') dispatch({ type: 'move', delta: -1 });
      if (action === 'down') dispatch({ type: 'move', delta: 1 });
      if (action === 'pageUp') dispatch({ type: 'move', delta: -page });
      if (action === 'pageDown') dispatch({ type: 'move', delta: page });
      if (action === 'back') app.dispatch({ type: 'back' });
      if (action === 'refresh') load();
      if (action === 'filter') dispatch({ type: 'cycleCourse' });
      if (action === 'search') dispatch({ type: 'startSearch' });
      if (action === 'new') app.dispatch({ type: 'go', screen: { name: 'question-form', course: s.course } });
      if (action === 'edit' && sel) app.dispatch({ type: 'go', screen: { name: 'question-form', question: sel } });
      if (action === 'delete') dispatch({ type: 'askDelete' });
      if (action === 'import') app.dispatch({ type: 'go', screen: { name: 'transfer', mode: 'import' } });
      if (action === 'export') app.dispatch({ type: 'go', screen: { name: 'transfer', mode: 'export', course: s.course } });
    },
    { typing: s.searching },
  );

  const filter = `course: ${s.course ?? 'all'} (c)   search: ${s.searching ? s.search + '▏' : s.search || '— (/)'}   ${s.loading ? 'loading…' : `${rows.length}/${s.questions.length} shown`}`;
  return (
    <Frame title="Question bank" context={s.confirmDelete ? 'confirm' : 'bank'} typing={s.searching} hint={s.searching ? 'type to search · Enter keep · Esc clear' : undefined}>
      <Text wrap="truncate-end" color={s.searching ? theme.accent : undefined}>{filter}</Text>
      {s.loading && s.questions.length === 0 ? <Text>Loading questions…</Text> : (
        <Table columns={columns} rows={rows} cursor={s.cursor} height={app.height - 9} empty="  No questions match: c changes the course, / the search, n adds one." />
      )}
      <Box flexGrow={1} />
      {s.confirmDelete ? (
        <Text color={theme.warn} bold wrap="truncate-end">{`Delete ${s.confirmDelete.id} "${s.confirmDelete.text.slice(0, 40)}"? Past attempts keep their record. y / n`}</Text>
      ) : sel ? (
        <Text wrap="truncate-end" dimColor={theme.dim}>{`${sel.id}: ${sel.options.map((o, i) => `${'ABCDEFGH'[i]}) ${o}`).join('  ')}`}</Text>
      ) : <Text> </Text>}
    </Frame>
  );
}
