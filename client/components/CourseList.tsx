// Student home: courses with their exam settings (PROTOCOL.md 6 courses.list).
import React, { useState } from 'react';
import { Box, Text } from 'ink';
import { Frame } from './Frame.js';
import { Table, type Column } from './Table.js';
import { useApp } from '../hooks/use-app.js';
import { useKeys } from '../hooks/use-keys.js';
import { useLoad } from '../hooks/use-load.js';
import type { CourseInfo } from '../../protocol/messages.js';
import { theme } from '../theme.js';
import { errorLine } from '../state/errors.js';

/** The course table; the admin's exam settings screen shows the same one. */
export const courseColumns: Column<CourseInfo>[] = [
  { title: 'Course', width: 14, get: (c) => c.course },
  { title: 'Bank', width: 5, get: (c) => String(c.questions), align: 'right' },
  { title: 'Questions', width: 9, get: (c) => String(c.exam.count), align: 'right' },
  { title: 'Minutes', width: 7, get: (c) => String(c.exam.minutes), align: 'right' },
  { title: 'Proctored', width: 9, get: (c) => (c.exam.proctored ? 'yes' : 'no') },
  { title: 'Attempts', width: 10, get: (c) => (c.exam.attempts === 0 ? 'unlimited' : String(c.exam.attempts)) },
];

export function CourseList() {
  const app = useApp();
  const { data, error, loading, reload } = useLoad(() => app.api.courses(), []);
  const [cursor, setCursor] = useState(0);
  const list = data ?? [];
  useKeys('courses', (action) => {
    if (action === 'up') setCursor((c) => Math.max(0, c - 1));
    if (action === 'down') setCursor((c) => Math.min(list.length - 1, c + 1));
    if (action === 'refresh') reload();
    if (action === 'dashboard') app.dispatch({ type: 'go', screen: { name: 'dashboard' } });
    if (action === 'select' && list[cursor]) app.dispatch({ type: 'go', screen: { name: 'exam', course: list[cursor].course } });
    if (action === 'logout') {
      app.api.logout().then(
        () => app.dispatch({ type: 'loggedOut', reason: 'Logged out.' }),
        (e: unknown) => app.dispatch({ type: 'error', message: errorLine(e) }),
      );
    }
  });
  const sel = list[cursor];
  return (
    <Frame title="Your courses" context="courses" error={error}>
      <Box flexDirection="column" marginTop={1}>
        {loading && !data ? <Text>Loading courses…</Text> : <Table columns={courseColumns} rows={list} cursor={cursor} height={Math.min(12, list.length + 1)} empty="  No courses yet: ask your admin to add questions." />}
        <Text> </Text>
        {sel ? (
          <Text wrap="wrap">
            Enter starts <Text bold>{sel.course}</Text>: {sel.exam.count} question{sel.exam.count === 1 ? '' : 's'} in {sel.exam.minutes} minute{sel.exam.minutes === 1 ? '' : 's'}
            {sel.exam.proctored ? ', with the webcam proctor on' : ''}. An open attempt resumes where you left it.
          </Text>
        ) : null}
        <Text dimColor={theme.dim}>Every answer is final once given, and you see at once whether it was right.</Text>
      </Box>
    </Frame>
  );
}
