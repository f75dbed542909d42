// One attempt question by question (PROTOCOL.md 8 attempts.review): the student's choice, the correct
// answer where the course's feedback setting allows, and the concept. Students open it from the
// dashboard or the summary, admins from an attempt's timeline.
import React, { useState } from 'react';
import { Box, Text } from 'ink';
import { Frame } from './Frame.js';
import { QuestionPane, paneTextRows } from './QuestionPane.js';
import { useApp } from '../hooks/use-app.js';
import { useKeys } from '../hooks/use-keys.js';
import { useLoad } from '../hooks/use-load.js';
import { FILL, useRows } from '../hooks/use-rows.js';
import { reviewHeader, reviewLines } from '../state/review-layout.js';
import { clampTop } from '../state/wrap.js';
import { theme } from '../theme.js';

export function Review({ attemptId }: { attemptId: string }) {
  const app = useApp();
  const { data, error, loading } = useLoad(() => app.api.review(attemptId), [attemptId]);
  const [top, setTop] = useState(0);
  const lines = data ? reviewLines(data, app.width) : [];
  const view = useRows();
  const rows = Math.max(3, view.rows);
  const textRows = paneTextRows(lines.length, rows);
  const at = clampTop(top, lines.length, textRows);
  // From the newest top, so each key of a fast burst (j j j) scrolls a line.
  const move = (d: number) => setTop((t) => clampTop(clampTop(t, lines.length, textRows) + d, lines.length, textRows));
  useKeys('review', (action) => {
    if (action === 'back') app.dispatch({ type: 'back' });
    if (action === 'down' || action === 'scrollDown') move(1);
    if (action === 'up' || action === 'scrollUp') move(-1);
    if (action === 'pageDown') move(textRows - 1);
    if (action === 'pageUp') move(-(textRows - 1));
  });
  return (
    <Frame title="Review" context="review" error={error}>
      {loading && !data ? (
        <Text>Loading the attempt…</Text>
      ) : !data ? (
        <Text wrap="wrap">Could not load this attempt. Esc or q goes back.</Text>
      ) : (
        <>
          <Text bold wrap="truncate-end">
            {reviewHeader(data)}
          </Text>
          <Text
            dimColor={theme.dim}
            wrap="truncate-end"
          >{`✓ correct answer · ✗ your wrong choice · • your choice · feedback: ${data.feedback}`}</Text>
          <Box ref={view.ref} {...FILL}>
            <QuestionPane lines={lines} top={at} rows={rows} />
          </Box>
        </>
      )}
    </Frame>
  );
}
