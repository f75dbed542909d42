// Admin: each course's exam settings, edited in place (PROTOCOL.md 6 exams.configure).
import React, { useRef, useState } from 'react';
import { Box, Text } from 'ink';
import { Frame } from './Frame.js';
import { Table } from './Table.js';
import { useApp } from '../hooks/use-app.js';
import { useLatestState } from '../hooks/use-latest-state.js';
import { useDiscardGuard } from '../hooks/use-discard-guard.js';
import { useKeys } from '../hooks/use-keys.js';
import { useLoad } from '../hooks/use-load.js';
import { useAction } from '../hooks/use-action.js';
import {
  countWarning,
  SETTINGS_FIELDS,
  settingsReducer,
  startEdit,
  toConfig,
  type SettingsAction,
  type SettingsEdit,
} from '../state/exam-settings-reducer.js';
import { theme } from '../theme.js';
import { courseColumns } from './CourseList.js';

const LABELS = {
  count: 'Questions per exam',
  minutes: 'Minutes',
  proctored: 'Proctored (webcam)',
  attempts: 'Attempts (0 = unlimited)',
  feedback: 'Show right/wrong + key',
};
const FEEDBACK_WORDS = { immediate: 'immediately', 'after-finish': 'after finishing', never: 'never' } as const;

export function ExamSettings() {
  const app = useApp();
  const { data, error, loading, reload } = useLoad(() => app.api.courses(), []);
  const [cursor, setCursor, cursorNow] = useLatestState(0);
  const [edit, setEditState] = useState<SettingsEdit | undefined>();
  // The edit with every key so far, rendered or not: keys that arrive between two renders build on it.
  const latest = useRef(edit);
  const setEdit = (e: SettingsEdit | undefined) => {
    latest.current = e;
    setEditState(e);
  };
  // Esc on an edit with changed values asks first, as the question form does: the values typed are
  // otherwise lost to one key that also closes overlays.
  const discard = useDiscardGuard();
  const open = (e: SettingsEdit) => {
    discard.opened(e.values);
    setEdit(e);
  };
  const close = () => setEdit(undefined);
  const list = data ?? [];
  const save = useAction((e: SettingsEdit) => app.api.configureExam(e.course, toConfig(e)), {
    done: (_, e) => {
      setEdit(undefined);
      reload();
      app.dispatch({ type: 'notice', message: `Saved the ${e.course} exam settings; new attempts use them.` });
    },
    failed: (error) => act({ type: 'failed', error }),
  });
  /** Applies one action; a submit that passes validation sends the settings at once. */
  const act = (a: SettingsAction) => {
    const before = latest.current;
    if (!before) return;
    const next = settingsReducer(before, a);
    setEdit(next);
    if (next.saving && !before.saving) void save.run(next);
  };

  useKeys(
    () => (discard.askingNow() ? 'confirm' : latest.current ? 'settings-edit' : 'settings'),
    (action, input, key) => {
      if (discard.askingNow()) return discard.answer(action, close);
      if (latest.current) {
        if (action === 'back') return discard.back(latest.current.values, close);
        if (action === 'save') return act({ type: 'submit' });
        if (action === 'nextField') return act({ type: 'move', delta: 1 });
        if (action === 'prevField') return act({ type: 'move', delta: -1 });
        if (action === 'toggle') return act({ type: 'toggle' });
        return act({ type: 'input', input, key });
      }
      if (action === 'back') app.dispatch({ type: 'back' });
      if (action === 'up') setCursor((c) => Math.max(0, c - 1));
      if (action === 'down') setCursor((c) => Math.min(list.length - 1, c + 1));
      if (action === 'refresh') reload();
      const at = list[cursorNow()];
      if (action === 'edit' && at) open(startEdit(at));
    },
    { typing: false },
  );

  return (
    <Frame
      title="Exam settings"
      context={discard.asking ? 'confirm' : edit ? 'settings-edit' : 'settings'}
      error={edit?.error ?? error}
    >
      {loading && !data ? (
        <Text>Loading courses…</Text>
      ) : (
        <Table columns={courseColumns} rows={list} cursor={cursor} height={Math.min(10, list.length + 1)} />
      )}
      <Text> </Text>
      {edit ? (
        <Box flexDirection="column">
          <Text bold>{`Edit ${edit.course} (bank of ${edit.bank}; an exam draws at most that many)`}</Text>
          {SETTINGS_FIELDS.map((f, i) => (
            <Text key={f}>
              {`${i === edit.focus ? '› ' : '  '}${LABELS[f].padEnd(26)}`}
              {f === 'proctored'
                ? edit.values.proctored
                  ? '(•) yes  ( ) no'
                  : '( ) yes  (•) no'
                : f === 'feedback'
                  ? `‹ ${FEEDBACK_WORDS[edit.values.feedback]} ›`
                  : edit.values[f]}
              {i === edit.focus && f !== 'proctored' && f !== 'feedback' ? <Text inverse> </Text> : null}
            </Text>
          ))}
          {countWarning(edit) ? <Text color={theme.warn} wrap="wrap">{`! ${countWarning(edit)}`}</Text> : null}
          {edit.saving ? <Text color={theme.accent}>Saving…</Text> : null}
          {discard.asking ? (
            <Text color={theme.warn} bold>
              {`Discard your changes to ${edit.course}'s settings? y / n (n goes back to them)`}
            </Text>
          ) : null}
        </Box>
      ) : (
        <Text dimColor={theme.dim}>Enter edits a course. Changes apply to attempts started afterwards.</Text>
      )}
    </Frame>
  );
}
