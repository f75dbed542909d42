// The scrolling pane of the exam and review screens: pre-wrapped lines, a window of them, and a
// "more" marker line whenever anything is out of view (nothing is ever cut with "…").
import React from 'react';
import { Box, Text } from 'ink';
import { moreMarker, type PaneLine } from '../state/exam-layout.js';
import { clampTop } from '../state/wrap.js';
import { theme } from '../theme.js';

/** Rows of text the pane shows for `rows` of height: one goes to the marker when it scrolls. */
export function paneTextRows(total: number, rows: number): number {
  return total <= rows ? rows : Math.max(1, rows - 1);
}

export function QuestionPane(props: { lines: PaneLine[]; top: number; rows: number }) {
  const { lines, rows } = props;
  const textRows = paneTextRows(lines.length, rows);
  const top = clampTop(props.top, lines.length, textRows);
  const shown = lines.slice(top, top + textRows);
  const scrolls = lines.length > rows;
  return (
    <Box flexDirection="column" height={rows}>
      {shown.map((l, i) => (
        <Text
          key={top + i}
          wrap="truncate-end"
          bold={l.kind === 'question'}
          inverse={l.cursor}
          color={l.tone === 'good' ? theme.good : l.tone === 'bad' ? theme.bad : undefined}
        >
          {l.text || ' '}
        </Text>
      ))}
      {scrolls ? (
        <Text color={theme.accent} wrap="truncate-end">
          {moreMarker(top, textRows, lines.length)}
        </Text>
      ) : null}
    </Box>
  );
}
