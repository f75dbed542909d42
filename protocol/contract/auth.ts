// auth.*, courses.list and users.* (PROTOCOL.md 6 and 8, docs/protocol.md `users-admin`).
import { Type } from '@sinclair/typebox';
import { Args, Bool, NewPasswordField, RoleField, Shape, Text, UsernameField } from './fields.js';
import {
  LOGIN_PASSWORD_UNITS_MAX,
  LOGIN_USERNAME_MAX,
  PASSWORD_MAX,
  PASSWORD_MIN,
  TOKEN_MAX,
  USERS_REASON_MAX,
} from './limits.js';
import { CourseInfoShape, LoginResultShape, ResumeGrantShape, UserInfoShape } from './shapes.js';
import { command } from './types.js';

/** PROTOCOL.md 6: 8-128 characters, counted as characters (code points), not UTF-16 units. */
export function passwordLength(password: string): number {
  return [...password].length;
}

export function passwordProblem(password: string): string | null {
  const n = passwordLength(password);
  return n < PASSWORD_MIN || n > PASSWORD_MAX
    ? `The password must be ${PASSWORD_MIN}-${PASSWORD_MAX} characters; it has ${n}.`
    : null;
}

const Empty = Args({});
const Reason = Text(1, USERS_REASON_MAX);

export const AUTH_COMMANDS = {
  'auth.register': command({
    access: 'anon',
    summary: 'Creates a student account. Admins are only made on the server machine.',
    args: Args({ username: UsernameField, password: NewPasswordField }),
    result: Shape({ username: Type.String(), role: Type.Literal('student') }),
    check: (a) => passwordProblem(a.password),
    checks: `the password is ${PASSWORD_MIN}-${PASSWORD_MAX} characters counted as code points (an emoji is one).`,
    retrySafe: false,
    retry: 'a repeat after a lost answer meets its own account: CONFLICT',
    secret: true,
  }),
  'auth.login': command({
    access: 'anon',
    summary: 'Logs in; with feature `resume` the answer carries a resume token.',
    // Any non-empty password may be tried: imported legacy accounts can have short ones.
    args: Args({ username: Text(1, LOGIN_USERNAME_MAX), password: Text(1, LOGIN_PASSWORD_UNITS_MAX), role: RoleField }),
    result: LoginResultShape,
    retrySafe: true,
    retry: 'replayed with the same credentials after a reconnect',
    secret: true,
  }),
  'auth.resume': command({
    access: 'anon',
    summary: 'Logs in again with the token of an earlier login or resume; costs no password hash.',
    args: Args({ token: Text(1, TOKEN_MAX) }),
    result: Shape({
      username: Type.String(),
      role: RoleField,
      resume: ResumeGrantShape,
    }),
    retrySafe: false,
    retry: 'the session sends it itself on every reconnect; a token is replaced by each use',
    secret: true,
    feature: 'resume',
  }),
  'auth.logout': command({
    access: 'any',
    summary: 'Ends the login (and its resume tokens); the connection stays open as anon.',
    args: Empty,
    result: Shape({}),
    retrySafe: true,
    retry: 'logging out twice changes nothing',
    secret: false,
  }),
  'courses.list': command({
    access: 'user',
    summary: 'Every course with its bank size and exam settings; a student also gets `mine` per course.',
    args: Empty,
    result: Type.Array(CourseInfoShape),
    retrySafe: true,
    retry: 'a read',
    secret: false,
  }),
  'users.list': command({
    access: 'admin',
    summary: 'Every account, sorted by name; `locked` = in login backoff now.',
    args: Empty,
    result: Type.Array(UserInfoShape),
    retrySafe: true,
    retry: 'a read',
    secret: false,
  }),
  'users.unlock': command({
    access: 'admin',
    summary: "Ends an account's login backoff and its resume tokens; audited with the reason.",
    args: Args({ username: UsernameField, reason: Reason }),
    result: Shape({ wasLocked: Bool() }),
    retrySafe: false,
    retry: 'it writes an audit row each time; the admin decides',
    secret: false,
    feature: 'users-admin',
  }),
  'users.setPassword': command({
    access: 'admin',
    summary: "Sets a student's password (not an admin's: FORBIDDEN), ends backoff and resume tokens; audited.",
    args: Args({ username: UsernameField, password: NewPasswordField, reason: Reason }),
    result: Shape({}),
    check: (a) => passwordProblem(a.password),
    checks: `the password is ${PASSWORD_MIN}-${PASSWORD_MAX} characters counted as code points.`,
    retrySafe: false,
    retry: 'a change with an audit row; the admin decides',
    secret: true,
    feature: 'users-admin',
  }),
};
