// The frame every screen shares: header (who, connection), title, body, one message line, key hints.
// One row short of the terminal, so drawing the last line never scrolls it. The body is a flexGrow
// column: it gets whatever the four fixed lines leave, and lists inside it take their share with
// useRows (client/hooks/use-rows.ts) instead of counting lines.
import React, { type ReactNode } from 'react';
import { Box, Text } from 'ink';
import { HINTS, hintFor, type Context } from '../keys.js';
import { theme } from '../theme.js';
import { useApp } from '../hooks/use-app.js';
import { useConnection } from '../hooks/use-connection.js';
import { HelpOverlay } from './HelpOverlay.js';
import type { ConnState } from '../session.js';

export function connLabel(c: ConnState): { text: string; tone?: string } {
  switch (c.status) {
    case 'online':
      return { text: '● online', tone: theme.good };
    case 'connecting':
      return { text: c.retries > 0 ? `○ connecting (try ${c.retries + 1})` : '○ connecting…', tone: theme.warn };
    case 'reconnecting':
      return {
        text: `○ reconnecting${c.retryInMs !== undefined && c.retries > 0 ? ` (try ${c.retries + 1})` : '…'}`,
        tone: theme.warn,
      };
    case 'key-mismatch':
      return { text: '✗ SERVER KEY CHANGED', tone: theme.bad };
    case 'closed':
      return { text: '✗ closed', tone: theme.bad };
  }
}

/** The message line while the connection is not up (nothing to say when it is). */
export function connLine(c: ConnState): string {
  if (c.status === 'reconnecting') return `reconnecting, your answers are kept (${c.lastError ?? 'no reply'})`;
  // The header says it is retrying; the protocol's message already says what to check.
  if (c.status === 'connecting' && c.retries > 0) return c.lastError ?? 'cannot reach the server; retrying';
  return ' ';
}

export function Frame(props: {
  title: string;
  context: Context;
  children: ReactNode;
  hint?: string;
  error?: string;
  right?: string;
  rightTone?: string;
  typing?: boolean;
}) {
  const app = useApp();
  const conn = useConnection(app.conn);
  const who = app.state.user ? `${app.state.user.username} (${app.state.user.role})` : 'not logged in';
  const c = connLabel(conn);
  const error = props.error ?? app.state.error;
  const left = `PandaProctor · ${who}`;
  return (
    <Box flexDirection="column" width={app.width} height={app.height - 1}>
      <Box justifyContent="space-between" width={app.width} flexShrink={0}>
        <Text bold color={theme.accent} wrap="truncate-end">
          {left}
        </Text>
        <Text color={c.tone}>{c.text}</Text>
      </Box>
      <Box justifyContent="space-between" width={app.width} flexShrink={0}>
        <Text
          bold
          wrap="truncate-end"
        >{`── ${props.title} ${'─'.repeat(Math.max(0, app.width - props.title.length - 5 - (props.right?.length ?? 0)))}`}</Text>
        {props.right ? (
          <Text color={props.rightTone} bold={props.rightTone !== undefined}>
            {props.right}
          </Text>
        ) : null}
      </Box>
      <Box flexDirection="column" flexGrow={1} flexShrink={1} flexBasis={0} overflow="hidden">
        {app.state.help ? <HelpOverlay context={props.context} /> : props.children}
      </Box>
      <Box flexDirection="column" flexShrink={0}>
        <Text wrap="truncate-end" color={error ? theme.bad : theme.good}>
          {error ? `✗ ${error}` : app.state.notice ? `✓ ${app.state.notice}` : connLine(conn)}
        </Text>
        <Text dimColor={theme.dim} wrap="truncate-end">
          {hintFor(props.hint ?? HINTS[props.context], props.typing ?? false)}
        </Text>
      </Box>
    </Box>
  );
}
