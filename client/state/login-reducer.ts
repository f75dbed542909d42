// The login / registration form as a pure reducer (PROTOCOL.md 6 auth.login / auth.register).
import type { Role } from '../../protocol/messages.js';
import { passwordError, usernameError } from './validate.js';
import { editField, type EditKey } from './text-field.js';

export type LoginField = 'role' | 'username' | 'password' | 'confirm';
export interface LoginState {
  mode: 'login' | 'register';
  role: Role;
  username: string;
  password: string;
  confirm: string;
  focus: LoginField;
  /** Cursor in the focused text field (client/state/text-field.ts). */
  cursor?: number;
  errors: string[];
  busy: boolean;
  message?: string;
}

export type LoginAction =
  | { type: 'type'; text: string }
  | { type: 'backspace' }
  /** One Ink input event in the focused field (typing, paste, cursor keys, fast bursts). */
  | { type: 'edit'; input: string; key: EditKey }
  | { type: 'next' }
  | { type: 'prev' }
  | { type: 'toggleRole' }
  /** ←/→: the role on the role field, the cursor in a text field (decided here, on fresh state). */
  | { type: 'arrow'; input: string; key: EditKey }
  | { type: 'toggleMode' }
  | { type: 'submit' }
  | { type: 'failed'; error: string }
  | { type: 'registered'; username: string };

export const initialLogin: LoginState = {
  mode: 'login',
  role: 'student',
  username: '',
  password: '',
  confirm: '',
  focus: 'username',
  errors: [],
  busy: false,
};

export function fieldsOf(s: LoginState): LoginField[] {
  return s.mode === 'login' ? ['role', 'username', 'password'] : ['username', 'password', 'confirm'];
}

export function loginErrors(s: LoginState): string[] {
  const errs: string[] = [];
  const u = usernameError(s.username);
  if (u) errs.push(u);
  if (s.mode === 'register') {
    const p = passwordError(s.password);
    if (p) errs.push(p);
    if (s.confirm !== s.password) errs.push('passwords do not match');
  } else if (s.password === '') errs.push('password: required');
  return errs;
}

function move(s: LoginState, d: 1 | -1): LoginState {
  const f = fieldsOf(s);
  const i = f.indexOf(s.focus);
  return atEnd({ ...s, focus: f[(i + d + f.length) % f.length] });
}

/** The cursor goes to the end of the field that just got the focus. */
function atEnd(s: LoginState): LoginState {
  return { ...s, cursor: s.focus === 'role' ? 0 : s[s.focus].length };
}

export function loginReducer(s: LoginState, a: LoginAction): LoginState {
  switch (a.type) {
    case 'edit': {
      if (s.busy || s.focus === 'role')
        return a.key.return || a.input.includes('\r') ? loginReducer(s, { type: 'submit' }) : s;
      const value = s[s.focus];
      // Tab ends the field like Enter: in a fast burst ("alice\tsecret\r") the keys after it belong
      // to the next field, so they are handed on instead of typed here as a space.
      const r = editField({ value, cursor: Math.min(s.cursor ?? value.length, value.length) }, a.input, a.key, {
        tabEnds: true,
      });
      // A name or password never holds a space from a pasted line break.
      const text = r.field.value.replace(/[\r\n\t]/g, '');
      const next: LoginState =
        text === value
          ? { ...s, cursor: r.field.cursor }
          : { ...s, [s.focus]: text, cursor: Math.min(r.field.cursor, text.length), errors: [], message: undefined };
      if (!r.tab && !r.enter) return next;
      const after = r.tab ? move(next, 1) : loginReducer(next, { type: 'submit' });
      return r.rest && !after.busy ? loginReducer(after, { type: 'edit', input: r.rest, key: {} }) : after;
    }
    case 'type':
      return loginReducer(s, { type: 'edit', input: a.text.replace(/[\r\n\t]/g, ''), key: {} });
    case 'backspace':
      return loginReducer(s, { type: 'edit', input: '', key: { backspace: true } });
    case 'next':
      return move(s, 1);
    case 'prev':
      return move(s, -1);
    case 'arrow':
      return s.focus === 'role'
        ? loginReducer(s, { type: 'toggleRole' })
        : loginReducer(s, { type: 'edit', input: a.input, key: a.key });
    case 'toggleRole':
      return s.mode === 'login' && s.focus === 'role' ? { ...s, role: s.role === 'student' ? 'admin' : 'student' } : s;
    case 'toggleMode': {
      const mode = s.mode === 'login' ? 'register' : 'login';
      return atEnd({
        ...s,
        mode,
        role: 'student',
        password: '',
        confirm: '',
        errors: [],
        message: undefined,
        focus: 'username',
      });
    }
    case 'submit': {
      if (s.busy) return s;
      // Enter on an earlier field moves on, so a user can type top to bottom pressing Enter.
      const f = fieldsOf(s);
      if (f.indexOf(s.focus) < f.length - 1 && s[f[f.length - 1]] === '') return move(s, 1);
      const errors = loginErrors(s);
      return errors.length > 0 ? { ...s, errors } : { ...s, errors: [], busy: true, message: undefined };
    }
    case 'failed':
      return { ...s, busy: false, errors: [a.error], password: '', confirm: '', focus: 'password', cursor: 0 };
    case 'registered':
      return {
        ...initialLogin,
        username: a.username,
        focus: 'password',
        cursor: 0,
        message: `Account ${a.username} created: now log in as Student.`,
      };
  }
}
