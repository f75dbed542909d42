import { initialLogin, loginReducer, type LoginAction, type LoginState } from './login-reducer.js';
import { passwordError, usernameError } from './validate.js';

const run = (s: LoginState, ...as: LoginAction[]) => as.reduce(loginReducer, s);
const typeText = (t: string): LoginAction => ({ type: 'type', text: t });

describe('login validation (PROTOCOL.md 6)', () => {
  test('usernames: 3-32 of letters, digits, _ . -', () => {
    expect(usernameError('ab')).toMatch(/3-32/);
    expect(usernameError('a'.repeat(33))).toMatch(/3-32/);
    expect(usernameError('bad name')).toMatch(/only letters/);
    expect(usernameError('ok_name.1-x')).toBeUndefined();
  });
  test('passwords: 8-128 characters', () => {
    expect(passwordError('1234567')).toMatch(/at least 8.*7 now/);
    expect(passwordError('x'.repeat(129))).toMatch(/at most 128/);
    expect(passwordError('12345678')).toBeUndefined();
  });
});

describe('loginReducer', () => {
  test('typing goes into the focused field; Tab moves on; role toggles only on the role field', () => {
    let s = run(initialLogin, typeText('alice'), { type: 'next' }, typeText('pw'));
    expect(s.username).toBe('alice');
    expect(s.password).toBe('pw');
    s = run(s, { type: 'toggleRole' });
    expect(s.role).toBe('student');
    s = run(s, { type: 'next' }, { type: 'toggleRole' });
    expect(s.focus).toBe('role');
    expect(s.role).toBe('admin');
  });
  test('submit with invalid fields lists every problem and does not go busy', () => {
    const s = run(
      initialLogin,
      { type: 'toggleMode' },
      typeText('al'),
      { type: 'next' },
      typeText('short'),
      { type: 'next' },
      typeText('other'),
      { type: 'submit' },
    );
    expect(s.busy).toBe(false);
    expect(s.errors).toEqual([
      'username: 3-32 characters (2 now)',
      'password: at least 8 characters (5 now)',
      'passwords do not match',
    ]);
  });
  test('Enter on an early field with later fields empty moves to the next field', () => {
    const s = run(initialLogin, typeText('alice'), { type: 'submit' });
    expect(s.focus).toBe('password');
    expect(s.busy).toBe(false);
  });
  test('a valid login goes busy; a failure clears the password and shows the error', () => {
    let s = run(initialLogin, typeText('alice'), { type: 'next' }, typeText('password1'), { type: 'submit' });
    expect(s.busy).toBe(true);
    s = run(s, { type: 'failed', error: 'wrong password' });
    expect(s).toMatchObject({ busy: false, password: '', errors: ['wrong password'], focus: 'password' });
  });
  test('after registering, the form returns to login as Student with the username filled', () => {
    const s = run({ ...initialLogin, mode: 'register' }, { type: 'registered', username: 'bob' });
    expect(s).toMatchObject({ mode: 'login', role: 'student', username: 'bob', focus: 'password' });
    expect(s.message).toMatch(/created/);
  });
  test('newlines in pasted text are dropped', () => {
    expect(run(initialLogin, typeText('al\nice\r')).username).toBe('alice');
  });
  test('a fast burst with Tab fills each field in turn: "alice<Tab>password1<Enter>" logs in as typed', () => {
    // One Ink input event, as tmux or a fast typist delivers it: the Tab hands the rest to the password field.
    const s = run(initialLogin, { type: 'edit', input: 'alice\tpassword1', key: {} });
    expect(s).toMatchObject({ username: 'alice', password: 'password1', focus: 'password' });
    const sent = run(initialLogin, { type: 'edit', input: 'alice\tpassword1\r', key: {} });
    expect(sent).toMatchObject({ username: 'alice', password: 'password1', busy: true, errors: [] });
    const reg = run(
      { ...initialLogin, mode: 'register' },
      { type: 'edit', input: 'bob_1\tsecret-pw\tsecret-pw', key: {} },
    );
    expect(reg).toMatchObject({ username: 'bob_1', password: 'secret-pw', confirm: 'secret-pw', focus: 'confirm' });
  });
});
