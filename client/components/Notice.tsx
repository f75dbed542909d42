// The line(s) in the exam screen for what the invigilator sends (PROTOCOL.md 8 notice, exam.deadline):
// the newest message stays until another comes, wrapped whole. A blank line when there is none, so
// the exam screen keeps its height.
import React, { useCallback, useState } from 'react';
import { Text } from 'ink';
import { useApp } from '../hooks/use-app.js';
import { useServerEvent } from '../hooks/use-connection.js';
import { noticeLine } from '../state/live-events.js';
import { theme } from '../theme.js';

export function Notice({ attemptId }: { attemptId?: string }) {
  const app = useApp();
  const [line, setLine] = useState<string | null>(null);
  useServerEvent(
    app.conn,
    useCallback(
      (name: string, data: Record<string, unknown>) => {
        const text = noticeLine(name, data, attemptId);
        if (text !== null) setLine(text);
      },
      [attemptId],
    ),
  );
  if (line === null) return <Text> </Text>;
  // Wrapped, never cut: the invigilator's words are the point (a 500-character notice read
  // "Please look at the camera, you have been out of vi…"). The question pane above is measured, so
  // it gives up the rows and scrolls.
  return <Text wrap="wrap" bold color={theme.warn}>{`✉ ${line}`}</Text>;
}
