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

/** After this long without the server the line asks the student to tell the invigilator. */
export const DOWN_TELL_MS = 30_000;

/** The socket's reason in a few plain words (the full text is an engineer's). */
function why(lastError: string | undefined): string {
  if (!lastError) return 'no reply';
  if (/ECONNREFUSED/.test(lastError)) return 'server not running';
  if (/ETIMEDOUT|timed? ?out/i.test(lastError)) return 'timed out';
  if (/EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EAI_AGAIN/.test(lastError)) return 'network unreachable';
  return lastError.length > 40 ? `${lastError.slice(0, 39)}…` : lastError;
}

function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return s < 90 ? `${s} s` : `${Math.round(s / 60)} min`;
}

/**
 * The message line while the connection is not up (nothing to say when it is): what is happening
 * and what to do, in one 80-column line. In an exam: keep going, the answers wait; after
 * DOWN_TELL_MS: tell the invigilator (a student has no other way to reach whoever runs the server).
 */
export function connLine(c: ConnState, opts: { now: number; exam?: boolean; admin?: boolean } = { now: 0 }): string {
  if (c.status === 'reconnecting') {
    const down = c.downSince === undefined ? 0 : opts.now - c.downSince;
    if (down < DOWN_TELL_MS)
      return opts.exam
        ? 'No connection to the server, retrying: keep going, your answers are kept.'
        : `No connection to the server, retrying (${why(c.lastError)}).`;
    const since = `No connection for ${duration(down)}, retrying`;
    if (opts.exam) return `${since}; your answers are kept. Tell the invigilator.`;
    if (opts.admin) return `${since} (${why(c.lastError)}). Check the server.`;
    return `${since} (${why(c.lastError)}). Tell the invigilator.`;
  }
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
  /** An exam is open on this screen: the connection line speaks of the answers. */
  exam?: boolean;
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
        {/* An error wraps rather than lose its end, which is where it says what to do ("…try again
            in 29 s or ask an admin to unlock it"); the body above is measured and gives up the row. */}
        <Text wrap={error ? 'wrap' : 'truncate-end'} color={error ? theme.bad : theme.good}>
          {error
            ? `✗ ${error}`
            : app.state.notice
              ? `✓ ${app.state.notice}`
              : connLine(conn, { now: app.now(), exam: props.exam, admin: app.state.user?.role === 'admin' })}
        </Text>
        <Text dimColor={theme.dim} wrap="truncate-end">
          {hintFor(props.hint ?? HINTS[props.context], props.typing ?? false)}
        </Text>
      </Box>
    </Box>
  );
}
