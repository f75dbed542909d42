// Admin home.
import React from 'react';
import { Box, Text } from 'ink';
import { Frame } from './Frame.js';
import { useApp } from '../hooks/use-app.js';
import { useLatestState } from '../hooks/use-latest-state.js';
import { useKeys } from '../hooks/use-keys.js';
import type { Screen } from '../state/app-reducer.js';
import { errorLine } from '../state/errors.js';

const ITEMS: { label: string; help: string; screen: Screen }[] = [
  { label: 'Question bank', help: 'browse, search, add, edit, delete questions', screen: { name: 'bank' } },
  {
    label: 'Import questions',
    help: 'load a questions.csv file from a path',
    screen: { name: 'transfer', mode: 'import' },
  },
  { label: 'Export questions', help: 'write the bank to a CSV file', screen: { name: 'transfer', mode: 'export' } },
  {
    label: 'Exam settings',
    help: 'questions, minutes, proctoring, attempts per course',
    screen: { name: 'exam-settings' },
  },
  { label: 'Analytics', help: 'score distribution, students, courses, item analysis', screen: { name: 'analytics' } },
  { label: 'Live invigilation', help: 'exams in progress: alerts, extra time, notices', screen: { name: 'live' } },
  { label: 'Attempts & integrity', help: 'integrity summaries and presence timelines', screen: { name: 'attempts' } },
  { label: 'Face enrolments', help: 'who is enrolled, when; reset an enrolment', screen: { name: 'enrolments' } },
  { label: 'Users', help: 'accounts, roles and locks', screen: { name: 'users' } },
];

export function AdminMenu(props: { cursor?: number }) {
  const app = useApp();
  const [cursor, setCursor, cursorNow] = useLatestState(props.cursor ?? 0);
  useKeys('admin', (action) => {
    if (action === 'up') setCursor((c) => (c + ITEMS.length - 1) % ITEMS.length);
    if (action === 'down') setCursor((c) => (c + 1) % ITEMS.length);
    if (action === 'select') {
      // Esc comes back to this item, not to the top of the menu.
      const at = cursorNow();
      app.dispatch({ type: 'replace', screen: { name: 'admin', cursor: at } });
      app.dispatch({ type: 'go', screen: ITEMS[at].screen });
    }
    if (action === 'logout') {
      app.api.logout().then(
        () => app.dispatch({ type: 'loggedOut', reason: 'Logged out.' }),
        (e: unknown) => app.dispatch({ type: 'error', message: errorLine(e) }),
      );
    }
  });
  return (
    <Frame title="Admin console" context="admin">
      <Box flexDirection="column" marginTop={1}>
        {ITEMS.map((it, i) => (
          <Text key={it.label} inverse={i === cursor} wrap="truncate-end">
            {`${i === cursor ? '›' : ' '} ${it.label.padEnd(22)} ${it.help}`}
          </Text>
        ))}
      </Box>
    </Frame>
  );
}
