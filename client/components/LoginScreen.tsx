// Log in as Student or Admin, or register a student account (PROTOCOL.md 6 auth.*).
import React from 'react';
import { Box, Text } from 'ink';
import { Frame } from './Frame.js';
import { TextLine } from './TextLine.js';
import { useApp } from '../hooks/use-app.js';
import { useKeys } from '../hooks/use-keys.js';
import { HINTS } from '../keys.js';
import { useAction } from '../hooks/use-action.js';
import { useLatestReducer } from '../hooks/use-latest-reducer.js';
import { initialLogin, loginReducer, type LoginAction, type LoginState } from '../state/login-reducer.js';
import { PASSWORD_MAX, PASSWORD_MIN, USERNAME_MAX, USERNAME_MIN } from '../../protocol/contract/limits.js';
import { theme } from '../theme.js';
import { isCode } from '../state/errors.js';
import { AppError } from '../../protocol/errors.js';

/**
 * A refused login names the role it was tried as: an admin on the default Student role read "check
 * name, password and role" and retyped the password, not seeing the role line above.
 */
export function loginRefused(role: 'student' | 'admin'): string {
  return role === 'student'
    ? 'Not accepted as Student; check name and password (an admin? ↑ to Role, then →)'
    : 'Not accepted as Admin; check name and password (a student? ↑ to Role, then ←)';
}

export function LoginScreen() {
  const app = useApp();
  const [s, apply] = useLatestReducer(loginReducer, initialLogin);
  const send = useAction(
    async (st: LoginState) =>
      st.mode === 'register'
        ? { registered: (await app.api.register(st.username, st.password)).username }
        : {
            user: await app.api.login(st.username, st.password, st.role).catch((e: unknown) => {
              throw isCode(e, 'AUTH_FAILED') ? new AppError('AUTH_FAILED', loginRefused(st.role)) : e;
            }),
          },
    {
      done: (r) =>
        r.user
          ? app.dispatch({ type: 'loggedIn', username: r.user.username, role: r.user.role })
          : apply({ type: 'registered', username: r.registered ?? '' }),
      failed: (error) => apply({ type: 'failed', error }),
    },
  );
  /** Applies a key; when it submits a valid form (Enter, also at the end of a fast burst) the request goes out now. */
  const dispatch = (a: LoginAction) => {
    const { before, after } = apply(a);
    if (after.busy && !before.busy) void send.run(after);
  };

  const at = (f: 'username' | 'password' | 'confirm') =>
    s.focus === f ? { value: s[f], cursor: Math.min(s.cursor ?? s[f].length, s[f].length) } : s[f];
  useKeys(
    s.mode === 'register' ? 'register' : 'login',
    (action, input, key) => {
      if (action === 'nextField') return dispatch({ type: 'next' });
      if (action === 'prevField') return dispatch({ type: 'prev' });
      // ←/→ switch the role on the role field; in a text field they move the cursor. The reducer
      // decides, as keys sent quickly can arrive before this screen shows the new focus.
      if (action === 'toggleRole') return dispatch({ type: 'arrow', input, key });
      if (action === 'register') {
        // "Logged out." or an earlier error is about what came before, not the form now shown.
        app.dispatch({ type: 'clear' });
        return dispatch({ type: 'toggleMode' });
      }
      if (action === 'select') return dispatch({ type: 'submit' });
      if (action === 'back') return; // Esc: nothing to go back to, and never typed into a field
      dispatch({ type: 'edit', input, key });
    },
    // `?` is a valid password character; in the role field it opens the keys.
    { typing: s.focus !== 'role' },
  );
  const typing = s.focus !== 'role';

  const title = s.mode === 'login' ? 'Log in' : 'Register a student account';
  const radio = (r: 'student' | 'admin', label: string) => `${s.role === r ? '(•)' : '( )'} ${label}`;
  return (
    <Frame
      title={title}
      context={s.mode === 'register' ? 'register' : 'login'}
      typing={typing}
      // ←/→ switch the role only on the role line; elsewhere they move the text cursor, so the hint
      // says how to get there instead of promising what those keys will not do.
      hint={s.mode === 'login' && s.focus !== 'role' ? HINTS.login.replace('←/→ role', '↑ role') : undefined}
      error={s.errors.length > 1 ? `${s.errors.length} problems above: fix them, then Enter` : s.errors[0]}
    >
      <Box flexDirection="column" marginTop={1}>
        <Text>{s.mode === 'login' ? '[ Log in ]  Register (Ctrl+R)' : ' Log in (Ctrl+R)  [ Register ]'}</Text>
        <Text> </Text>
        {s.mode === 'login' ? (
          <Text>
            {s.focus === 'role' ? '› ' : '  '}
            <Text bold={s.focus === 'role'}>{'Role'.padEnd(10)}</Text>
            {radio('student', 'Student')} {radio('admin', 'Admin')}
            <Text dimColor={theme.dim}>{s.focus === 'role' ? '   ←/→ to switch' : ''}</Text>
          </Text>
        ) : null}
        <TextLine label="Username" value={at('username')} focused={s.focus === 'username'} width={app.width} />
        <TextLine label="Password" value={at('password')} focused={s.focus === 'password'} mask width={app.width} />
        {s.mode === 'register' ? (
          <TextLine label="Repeat" value={at('confirm')} focused={s.focus === 'confirm'} mask width={app.width} />
        ) : null}
        <Text> </Text>
        {s.mode === 'register' ? (
          <Text
            dimColor={theme.dim}
          >{`Usernames: ${USERNAME_MIN}-${USERNAME_MAX} letters, digits, _ . -   Passwords: ${PASSWORD_MIN}-${PASSWORD_MAX} characters.`}</Text>
        ) : (
          <Text dimColor={theme.dim}>Admin accounts are made on the server machine: pandaproctor admin add NAME</Text>
        )}
        {s.errors.length > 1
          ? s.errors.map((e, i) => (
              <Text key={i} color={theme.bad}>
                ✗ {e}
              </Text>
            ))
          : null}
        {s.busy ? (
          <Text color={theme.accent}>{s.mode === 'login' ? 'Logging in…' : 'Creating the account…'}</Text>
        ) : null}
        {s.message ? <Text color={theme.good}>✓ {s.message}</Text> : null}
        {app.state.notice ? <Text color={theme.warn}>{app.state.notice}</Text> : null}
      </Box>
    </Frame>
  );
}
