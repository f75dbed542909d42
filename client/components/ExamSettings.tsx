// Admin: each course's exam settings, edited in place (PROTOCOL.md 6 exams.configure).
import React, { useEffect, useState } from 'react';
import { Box, Text } from 'ink';
import { Frame } from './Frame.js';
import { Table } from './Table.js';
import { useApp } from '../hooks/use-app.js';
import { useKeys } from '../hooks/use-keys.js';
import { useLoad } from '../hooks/use-load.js';
import { countWarning, SETTINGS_FIELDS, settingsReducer, startEdit, toConfig, type SettingsAction, type SettingsEdit } from '../state/exam-settings-reducer.js';
import { errorLine } from '../state/errors.js';
import { theme } from '../theme.js';
import { courseColumns } from './CourseList.js';

const LABELS = { count: 'Questions per exam', minutes: 'Minutes', proctored: 'Proctored (webcam)', attempts: 'Attempts (0 = unlimited)', feedback: 'Show right/wrong + key' };
const FEEDBACK_WORDS = { immediate: 'immediately', 'after-finish': 'after finishing', never: 'never' } as const;

export function ExamSettings() {
  const app = useApp();
  const { data, error, loading, reload } = useLoad(() => app.api.courses(), []);
  const [cursor, setCursor] = useState(0);
  const [edit, setEdit] = useState<SettingsEdit | undefined>();
  const list = data ?? [];
  const act = (a: SettingsAction) => setEdit((e) => (e ? settingsReducer(e, a) : e));

  useEffect(() => {
    if (!edit?.saving) return;
    app.api.configureExam(edit.course, toConfig(edit)).then(
      () => {
        setEdit(undefined);
        reload();
        app.dispatch({ type: 'notice', message: `Saved the ${edit.course} exam settings; new attempts use them.` });
      },
      (e: unknown) => act({ type: 'failed', error: errorLine(e) }),
    );
  }, [edit?.saving]); // eslint-disable-line react-hooks/exhaustive-deps

  useKeys(edit ? 'form' : 'settings', (action, input, key) => {
    if (edit) {
      if (action === 'back') return setEdit(undefined);
      if (action === 'select' || key.return) return act({ type: 'submit' });
      if (action === 'nextField') return act({ type: 'move', delta: 1 });
      if (action === 'prevField') return act({ type: 'move', delta: -1 });
      if (action === 'left' || action === 'right' || input === ' ') return act({ type: 'toggle' });
      if (key.backspace || key.delete) return act({ type: 'backspace' });
      if (input && !key.ctrl && !key.meta) act({ type: 'digit', text: input });
      return;
    }
    if (action === 'back') app.dispatch({ type: 'back' });
    if (action === 'up') setCursor((c) => Math.max(0, c - 1));
    if (action === 'down') setCursor((c) => Math.min(list.length - 1, c + 1));
    if (action === 'refresh') reload();
    if (action === 'edit' && list[cursor]) setEdit(startEdit(list[cursor]));
  }, { typing: false });

  return (
    <Frame title="Exam settings" context={edit ? 'form' : 'settings'} error={edit?.error ?? error} hint={edit ? 'Tab next · digits · space/←/→ change a choice · Enter save · Esc cancel' : undefined}>
      {loading && !data ? <Text>Loading courses…</Text> : <Table columns={courseColumns} rows={list} cursor={cursor} height={Math.min(10, list.length + 1)} />}
      <Text> </Text>
      {edit ? (
        <Box flexDirection="column">
          <Text bold>{`Edit ${edit.course} (bank of ${edit.bank}; an exam draws at most that many)`}</Text>
          {SETTINGS_FIELDS.map((f, i) => (
            <Text key={f}>
              {`${i === edit.focus ? '› ' : '  '}${LABELS[f].padEnd(26)}`}
              {f === 'proctored' ? (edit.values.proctored ? '(•) yes  ( ) no' : '( ) yes  (•) no') : f === 'feedback' ? `‹ ${FEEDBACK_WORDS[edit.values.feedback]} ›` : edit.values[f]}
              {i === edit.focus && f !== 'proctored' && f !== 'feedback' ? <Text inverse> </Text> : null}
            </Text>
          ))}
          {countWarning(edit) ? <Text color={theme.warn} wrap="wrap">{`! ${countWarning(edit)}`}</Text> : null}
          {edit.saving ? <Text color={theme.accent}>Saving…</Text> : null}
        </Box>
      ) : (
        <Text dimColor={theme.dim}>Enter edits a course. Changes apply to attempts started afterwards.</Text>
      )}
    </Frame>
  );
}
