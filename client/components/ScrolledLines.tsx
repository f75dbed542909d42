// A report that scrolls: the lines from `top` that fit the room useRows measured for it. One line is
// one row, so the screens' scroll arithmetic holds; a screen where nothing may be cut wraps first.
import React from 'react';
import { Box, Text } from 'ink';
import { FILL, type useRows } from '../hooks/use-rows.js';

/** One line of a report: headings are bold, `tone` colours a line that needs attention. */
export type Line = { text: string; tone?: string; bold?: boolean };

export function ScrolledLines(props: { view: ReturnType<typeof useRows>; lines: Line[]; top: number }) {
  const { view, lines, top } = props;
  return (
    <Box ref={view.ref} {...FILL}>
      {lines.slice(top, top + view.rows).map((l, i) => (
        <Text key={top + i} wrap="truncate-end" bold={l.bold} color={l.tone}>
          {l.text || ' '}
        </Text>
      ))}
    </Box>
  );
}
