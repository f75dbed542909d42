// Log in as Student or Admin, or register a student account (PROTOCOL.md 6 auth.*).
import React, { useEffect, useReducer } from 'react';
import { Box, Text } from 'ink';
import { Frame } from './Frame.js';
import { TextLine } from './TextLine.js';
import { useApp } from '../hooks/use-app.js';
import { useKeys } from '../hooks/use-keys.js';
import { REGISTER_HINT } from '../keys.js';
import { initialLogin, loginReducer } from '../state/login-reducer.js';
import { errorLine } from '../state/errors.js';
import { theme } from '../theme.js';

export function LoginScreen() {
  const app = useApp();
  const [s, dispatch] = useReducer(loginReducer, initialLogin);

  useEffect(() => {
    if (!s.busy) return;
    let live = true;
    const run = async () => {
      try {
        if (s.mode === 'register') {
          const r = await app.api.register(s.username, s.password);
          if (live) dispatch({ type: 'registered', username: r.username });
        } else {
          const r = await app.api.login(s.username, s.password, s.role);
          if (live) app.dispatch({ type: 'loggedIn', username: r.username, role: r.role });
        }
      } catch (e) {
        if (live) dispatch({ type: 'failed', error: errorLine(e) });
      }
    };
    void run();
    return () => void (live = false);
  }, [s.busy]); // eslint-disable-line react-hooks/exhaustive-deps

  const at = (f: 'username' | 'password' | 'confirm') => (s.focus === f ? { value: s[f], cursor: Math.min(s.cursor ?? s[f].length, s[f].length) } : s[f]);
  useKeys(
    'login',
    (action, input, key) => {
      if (action === 'nextField') return dispatch({ type: 'next' });
      if (action === 'prevField') return dispatch({ type: 'prev' });
      // ←/→ switch the role on the role field; in a text field they move the cursor. The reducer
      // decides, as keys sent quickly can arrive before this screen shows the new focus.
      if (action === 'toggleRole') return dispatch({ type: 'arrow', input, key });
      if (action === 'register') return dispatch({ type: 'toggleMode' });
      if (action === 'select') return dispatch({ type: 'submit' });
      if (key.escape) return;
      dispatch({ type: 'edit', input, key });
    },
    // `?` is a valid password character; in the role field it opens the keys.
    { typing: s.focus !== 'role' },
  );
  const typing = s.focus !== 'role';

  const title = s.mode === 'login' ? 'Log in' : 'Register a student account';
  const radio = (r: 'student' | 'admin', label: string) => `${s.role === r ? '(•)' : '( )'} ${label}`;
  return (
    <Frame title={title} context="login" typing={typing} hint={s.mode === 'register' ? REGISTER_HINT : undefined} error={s.errors.length > 1 ? `${s.errors.length} problems above: fix them, then Enter` : s.errors[0]}>
      <Box flexDirection="column" marginTop={1}>
        <Text>{s.mode === 'login' ? '[ Log in ]  Register (Ctrl+R)' : ' Log in (Ctrl+R)  [ Register ]'}</Text>
        <Text> </Text>
        {s.mode === 'login' ? (
          <Text>
            {s.focus === 'role' ? '› ' : '  '}
            <Text bold={s.focus === 'role'}>{'Role'.padEnd(10)}</Text>
            {radio('student', 'Student')}   {radio('admin', 'Admin')}
            <Text dimColor={theme.dim}>{s.focus === 'role' ? '   ←/→ to switch' : ''}</Text>
          </Text>
        ) : null}
        <TextLine label="Username" value={at('username')} focused={s.focus === 'username'} width={app.width} />
        <TextLine label="Password" value={at('password')} focused={s.focus === 'password'} mask width={app.width} />
        {s.mode === 'register' ? <TextLine label="Repeat" value={at('confirm')} focused={s.focus === 'confirm'} mask width={app.width} /> : null}
        <Text> </Text>
        {s.mode === 'register' ? (
          <Text dimColor={theme.dim}>Usernames: 3-32 letters, digits, _ . -   Passwords: 8-128 characters.</Text>
        ) : (
          <Text dimColor={theme.dim}>Admin accounts are made on the server machine: pandaproctor admin add NAME</Text>
        )}
        {s.errors.length > 1 ? s.errors.map((e, i) => <Text key={i} color={theme.bad}>✗ {e}</Text>) : null}
        {s.busy ? <Text color={theme.accent}>{s.mode === 'login' ? 'Logging in…' : 'Creating the account…'}</Text> : null}
        {s.message ? <Text color={theme.good}>✓ {s.message}</Text> : null}
        {app.state.notice ? <Text color={theme.warn}>{app.state.notice}</Text> : null}
      </Box>
    </Frame>
  );
}
