// First connection to a server with no pinned key (PROTOCOL.md 1). The NK handshake never sends the
// server's key, so the user gives the fingerprint the server printed; the handshake then proves the
// server holds it, the client shows it back, and on "y" pins it for host:port.
import React, { useRef, useState } from 'react';
import { Box, Text, useInput } from 'ink';
import { actionFor } from '../keys.js';
import { useTextField } from '../hooks/use-text-field.js';
import { viewOf } from '../state/text-field.js';
import { groupFingerprint, normaliseFingerprint } from '../known-hosts.js';
import { errorLine, isCode } from '../state/errors.js';
import { theme } from '../theme.js';

export interface TrustProps {
  host: string;
  port: number;
  /** Connects with this key and closes again; resolves with welcome.server. */
  probe(fingerprint: string): Promise<string>;
  onDone(fingerprint: string | undefined): void;
  width?: number;
}

type Phase = { kind: 'typing' } | { kind: 'checking' } | { kind: 'proved'; fp: string; server: string };

export function TrustScreen(props: TrustProps) {
  // Keys can arrive faster than renders (a pasted fingerprint then Enter): the field keeps them all.
  const text = useTextField('', { max: 200 });
  const [phase, setPhase] = useState<Phase>({ kind: 'typing' });
  const [error, setError] = useState<string | undefined>();
  const addr = `${props.host}:${props.port}`;

  // Read at key time, not at subscription time: the frame on screen may be newer than the listener.
  const phaseRef = useRef(phase);
  phaseRef.current = phase;
  useInput((input, key) => {
    const phase = phaseRef.current;
    const action = actionFor('trust', input, key, { typing: phase.kind === 'typing' });
    if (action === 'quit' || (action === 'back' && phase.kind !== 'checking')) return props.onDone(undefined);
    if (phase.kind === 'proved') {
      if (action === 'yes') props.onDone(phase.fp);
      if (action === 'no') props.onDone(undefined);
      return;
    }
    if (phase.kind !== 'typing') return;
    const edited = action === 'select' ? { enter: true, field: text.current() } : text.edit(input, key);
    if (edited.enter) {
      const typed = edited.field.value;
      const fp = normaliseFingerprint(typed);
      if (!fp)
        return setError(
          `a fingerprint is 64 hex digits (you typed ${typed.replace(/[\s:]/g, '').length}) — copy it from the server's start-up output`,
        );
      setError(undefined);
      setPhase({ kind: 'checking' });
      props.probe(fp).then(
        (server) => setPhase({ kind: 'proved', fp, server }),
        (e: unknown) => {
          setPhase({ kind: 'typing' });
          setError(
            isCode(e, 'SERVER_KEY_MISMATCH')
              ? `the server at ${addr} does NOT hold this key — check you copied it from the right server`
              : errorLine(e),
          );
        },
      );
    }
  });
  const width = props.width ?? 80;
  const shown = viewOf(text.field, width - 15);

  return (
    <Box flexDirection="column" width={width}>
      <Text bold color={theme.accent}>
        PandaProctor · first connection to {addr}
      </Text>
      <Text> </Text>
      <Text wrap="wrap">
        This computer has not pinned the key of the exam server at {addr}. The client must know it before it connects,
        so nobody can pose as the server.
      </Text>
      <Text wrap="wrap">
        Paste the server fingerprint (64 hex digits) that the exam admin gave you; the server prints it at start, and
        `pandaproctor fingerprint --data DIR` prints it on the server machine.
      </Text>
      <Text> </Text>
      <Text wrap="truncate-end">
        {`› Fingerprint: ${shown.before}`}
        <Text inverse>{shown.at}</Text>
        {shown.after}
      </Text>
      <Text> </Text>
      {phase.kind === 'checking' ? <Text color={theme.accent}>Checking that the server holds this key…</Text> : null}
      {phase.kind === 'proved' ? (
        <Box flexDirection="column">
          <Text color={theme.good}>
            ✓ {phase.server} at {addr} proved it holds the key:
          </Text>
          <Text bold>{'  ' + groupFingerprint(phase.fp.slice(0, 32))}</Text>
          <Text bold>{'  ' + groupFingerprint(phase.fp.slice(32))}</Text>
          <Text>Trust this server and remember its key for {addr}? y / n</Text>
        </Box>
      ) : null}
      {error ? <Text color={theme.bad}>✗ {error}</Text> : null}
      {/* y / n answer only once the server has proved the key; while typing they are letters. */}
      <Text dimColor={theme.dim}>
        {phase.kind === 'proved'
          ? 'y trust · n refuse · Esc quit'
          : 'type or paste the fingerprint · Enter check · Esc quit'}
      </Text>
    </Box>
  );
}
