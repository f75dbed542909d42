// Admin: the accounts (PROTOCOL.md 6 users.list). With the server's `users-admin` feature an admin
// unlocks an account (u) or sets a student's new password (p) from here, each with a reason that
// the server writes to the audit log; otherwise that happens on the server machine.
import React, { useState } from 'react';
import { Box, Text } from 'ink';
import { Frame } from './Frame.js';
import { Table, type Column } from './Table.js';
import { TextLine } from './TextLine.js';
import { useApp } from '../hooks/use-app.js';
import { useLatestState } from '../hooks/use-latest-state.js';
import { useKeys } from '../hooks/use-keys.js';
import { useLoad } from '../hooks/use-load.js';
import { useTextField } from '../hooks/use-text-field.js';
import { emptyField } from '../state/text-field.js';
import { errorLine } from '../state/errors.js';
import { passwordError } from '../state/validate.js';
import type { UserInfo } from '../api.js';
import { LOGIN_PASSWORD_UNITS_MAX, USERS_REASON_MAX } from '../../protocol/contract/limits.js';
import { theme } from '../theme.js';

function date(v: number | string): string {
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? String(v) : d.toISOString().slice(0, 16).replace('T', ' ');
}

const columns: Column<UserInfo>[] = [
  { title: 'Username', width: 24, get: (u) => u.username },
  { title: 'Role', width: 8, get: (u) => u.role },
  { title: 'Created (UTC)', width: 17, get: (u) => date(u.created) },
  { title: 'Locked', width: 8, get: (u) => (u.locked ? 'LOCKED' : 'no') },
];

type Prompt = { kind: 'unlock' | 'password'; user: UserInfo; focus: 'password' | 'reason'; busy: boolean };

export function Users() {
  const app = useApp();
  const { data, error, loading, reload } = useLoad(() => app.api.users(), []);
  const [cursor, setCursor, cursorNow] = useLatestState(0);
  const [prompt, setPrompt] = useState<Prompt | undefined>();
  // Room past PASSWORD_MAX (counted in code points, which can be two units each): a too-long
  // password is kept whole and refused with the reason, not silently cut to a valid one.
  const password = useTextField('', { max: LOGIN_PASSWORD_UNITS_MAX, tabEnds: true });
  const reason = useTextField('', { max: USERS_REASON_MAX, tabEnds: true });
  const rows = data ?? [];
  const canAdmin = app.conn.state.features?.includes('users-admin') ?? false;

  const open = (kind: Prompt['kind']) => {
    const sel = rows[Math.min(cursorNow(), rows.length - 1)];
    if (!sel) return;
    if (!canAdmin)
      return app.dispatch({
        type: 'error',
        message: `this server cannot; on its machine: pandaproctor admin ${kind === 'unlock' ? 'unlock' : 'reset-password'} ${sel.username}`,
      });
    if (kind === 'password' && sel.role === 'admin')
      return app.dispatch({
        type: 'error',
        message: `${sel.username} is an admin: on the server, pandaproctor admin reset-password ${sel.username}`,
      });
    password.setField(emptyField);
    reason.setField(emptyField);
    app.dispatch({ type: 'clear' });
    setPrompt({ kind, user: sel, focus: kind === 'password' ? 'password' : 'reason', busy: false });
  };

  // The fields' newest values (current()): Enter may end a burst whose keys are not rendered yet.
  const send = (p: Prompt) => {
    const why = reason.current().value.trim();
    if (p.kind === 'password') {
      const bad = passwordError(password.current().value);
      if (bad) {
        // Back to the field that needs fixing, not left on the reason with the error.
        setPrompt({ ...p, focus: 'password' });
        return app.dispatch({ type: 'error', message: bad });
      }
    }
    if (why === '') {
      setPrompt({ ...p, focus: 'reason' });
      return app.dispatch({ type: 'error', message: 'reason: required; it goes into the audit log with your name' });
    }
    setPrompt({ ...p, busy: true });
    const done =
      p.kind === 'unlock'
        ? app.api
            .unlockUser(p.user.username, why)
            .then((r) =>
              r.wasLocked ? `Unlocked ${p.user.username}.` : `${p.user.username} was not locked; nothing to do.`,
            )
        : app.api
            .setPassword(p.user.username, password.current().value, why)
            .then(() => `New password set for ${p.user.username}; tell them in person.`);
    done.then(
      (message) => {
        setPrompt(undefined);
        app.dispatch({ type: 'notice', message });
        reload();
      },
      (e: unknown) => {
        setPrompt({ ...p, busy: false });
        app.dispatch({ type: 'error', message: errorLine(e) });
      },
    );
  };

  useKeys(
    prompt ? 'prompt' : 'users',
    (action, input, key) => {
      if (prompt) {
        if (prompt.busy) return;
        if (action === 'back') return setPrompt(undefined);
        const field = prompt.focus === 'password' ? password : reason;
        const other =
          prompt.kind === 'password'
            ? { ...prompt, focus: prompt.focus === 'password' ? ('reason' as const) : ('password' as const) }
            : prompt;
        if (action === 'nextField') return setPrompt(other);
        // Enter: from the password on to the reason, from the reason send.
        if (action === 'select') return prompt.focus === 'password' ? setPrompt(other) : send(prompt);
        const typed = field.edit(input, key);
        if (!typed.enter && !typed.tab) return;
        if (prompt.focus === 'reason') return typed.enter ? send(prompt) : setPrompt(other);
        // From the password on to the reason; keys typed after the Enter belong to the reason.
        setPrompt(other);
        if (typed.rest && reason.edit(typed.rest, {}).enter) send(other);
        return;
      }
      if (action === 'back') app.dispatch({ type: 'back' });
      if (action === 'refresh') reload();
      if (action === 'up') setCursor((c) => Math.max(0, c - 1));
      if (action === 'down') setCursor((c) => Math.min(rows.length - 1, c + 1));
      if (action === 'unlock') open('unlock');
      if (action === 'resetPassword') open('password');
    },
    { typing: prompt !== undefined },
  );

  const locked = rows.filter((u) => u.locked).length;
  return (
    <Frame
      title={`Users (${rows.length}, ${locked} locked)`}
      context={prompt ? 'prompt' : 'users'}
      typing={prompt !== undefined}
      error={error}
    >
      {loading && !data ? (
        <Text>Loading users…</Text>
      ) : (
        <Box flexDirection="column" flexGrow={1}>
          <Table columns={columns} rows={rows} cursor={cursor} flag={(u) => (u.locked ? 'locked' : undefined)} />
          {prompt ? (
            <Box flexDirection="column">
              <Text bold color={theme.accent}>
                {prompt.kind === 'unlock'
                  ? `Unlock ${prompt.user.username}`
                  : `New password for ${prompt.user.username}`}
              </Text>
              {prompt.kind === 'password' ? (
                <TextLine
                  label="Password"
                  value={password.field}
                  focused={prompt.focus === 'password'}
                  mask
                  width={app.width}
                  labelWidth={11}
                />
              ) : null}
              <TextLine
                label="Reason"
                value={reason.field}
                focused={prompt.focus === 'reason'}
                width={app.width}
                labelWidth={11}
              />
              <Text dimColor={theme.dim}>
                {prompt.busy ? 'Sending…' : 'The reason is written to the audit log with your name. Esc cancels.'}
              </Text>
            </Box>
          ) : !canAdmin && locked > 0 ? (
            <Text dimColor={theme.dim}>Unlock on the server machine: pandaproctor admin unlock NAME</Text>
          ) : null}
        </Box>
      )}
    </Frame>
  );
}
