// `?` on any screen: the keys of that screen, from client/keys.ts (the one place they are defined).
import React from 'react';
import { Box, Text } from 'ink';
import { bindingsFor, type Context } from '../keys.js';
import { theme } from '../theme.js';

export function HelpOverlay({ context }: { context: Context }) {
  const rows = bindingsFor(context);
  const w = Math.max(...rows.map((r) => r.keys.length));
  return (
    <Box flexDirection="column">
      <Text bold color={theme.accent}>
        Keys on this screen (? or Esc closes)
      </Text>
      {rows.map((r, i) => (
        <Text key={i} wrap="truncate-end">{`  ${r.keys.padEnd(w)}  ${r.help}`}</Text>
      ))}
    </Box>
  );
}
