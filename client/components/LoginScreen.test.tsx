import { cleanup, fits80x24, KEY, renderApp, sleep } from '../testing/render-app.js';
import { FakeConn } from '../testing/fake-api.js';
import { AppError } from '../../protocol/errors.js';

afterEach(cleanup);

describe('LoginScreen', () => {
  test('logs a student in and shows the course list', async () => {
    const r = renderApp();
    await sleep(20);
    expect(r.frame()).toContain('Log in');
    expect(fits80x24(r.frame())).toBe(true);
    await r.type('alice');
    await r.press(KEY.tab);
    await r.type('password1');
    expect(r.frame()).toContain('•••••••••');
    expect(r.frame()).not.toContain('password1');
    await r.press(KEY.enter);
    await r.waitFor('Your courses');
    expect(r.api.calls.find((c) => c.cmd === 'auth.login')?.args).toEqual(['alice', 'password1', 'student']);
    r.unmount();
  });

  test('an admin picks the Admin role with arrows on the role field', async () => {
    const r = renderApp();
    await sleep(20);
    await r.press(KEY.up, KEY.right);
    expect(r.frame()).toContain('(•) Admin');
    await r.press(KEY.down);
    await r.type('root');
    await r.press(KEY.down);
    await r.type('adminpass');
    await r.press(KEY.enter);
    await r.waitFor('Admin console');
    r.unmount();
  });

  test('wrong password: one-line error with what to do, password cleared', async () => {
    const r = renderApp();
    await sleep(20);
    await r.type('alice');
    await r.press(KEY.tab);
    await r.type('nope-nope');
    await r.press(KEY.enter);
    const f = await r.waitFor('Not accepted');
    // The role it was tried as, and how to change it: the usual slip of a new admin.
    expect(f).toContain('✗ Not accepted as Student; check name and password (an admin? ↑ to Role, then →)');
    expect(fits80x24(f)).toBe(true);
    expect(f).toContain('Tab next · ↑ role · Enter submit');
    await r.press(KEY.up, KEY.up);
    await r.waitFor('Tab next · ←/→ role · Enter submit');
    expect(f).toMatch(/› Password\s*$/m);
    r.unmount();
  });

  test('a long server error is shown whole, wrapped: its end says what to do', async () => {
    const r = renderApp();
    r.api.login = async () => {
      throw new AppError(
        'RATE_LIMITED',
        'Too many failed logins for this account from your address; try again in 29 s or ask an admin to unlock it.',
      );
    };
    await sleep(20);
    await r.type('alice');
    await r.press(KEY.tab);
    await r.type('bad-pass-6');
    await r.press(KEY.enter);
    const f = await r.waitFor('unlock it');
    expect(f.replace(/\s+/g, ' ')).toContain('try again in 29 s or ask an admin to unlock it');
    expect(f).toContain('Ctrl+R register'); // the hint line stays
    expect(fits80x24(f)).toBe(true);
    r.unmount();
  });

  test('registration validates, then creates a student account and returns to login', async () => {
    const r = renderApp();
    await sleep(20);
    await r.press(KEY.ctrlR);
    await r.waitFor('Register a student account');
    await r.type('bo');
    await r.press(KEY.tab);
    await r.type('short');
    await r.press(KEY.tab);
    await r.type('short');
    await r.press(KEY.enter);
    let f = await r.waitFor('username: 3-32 characters');
    expect(f).toContain('password: at least 8 characters (5 now)');
    expect(r.api.calls.some((c) => c.cmd === 'auth.register')).toBe(false);
    await r.press(KEY.down); // from Repeat, wraps to Username
    await r.type('b');
    await r.press(KEY.tab, ...Array(5).fill(KEY.backspace));
    await r.type('longenough');
    await r.press(KEY.tab, ...Array(5).fill(KEY.backspace));
    await r.type('longenough');
    await r.press(KEY.enter);
    f = await r.waitFor('Account bob created');
    expect(f).toContain('[ Log in ]');
    r.unmount();
  });

  test('while the server cannot be reached, the login screen says so and keeps retrying', async () => {
    const conn = new FakeConn();
    conn.state = {
      status: 'connecting',
      retries: 3,
      clockOffsetMs: 0,
      lastError: 'could not connect to 127.0.0.1:7340 (ECONNREFUSED); is the server running?',
    };
    const r = renderApp({ conn });
    const f = await r.waitFor('ECONNREFUSED');
    expect(f).toContain('○ connecting (try 4)');
    expect(f).toContain('(ECONNREFUSED); is the server running?');
  });

  test('? shows the keys of the screen (role field) and Esc closes them', async () => {
    const r = renderApp();
    await sleep(20);
    await r.press(KEY.up, '?');
    await r.waitFor('Keys on this screen');
    expect(r.frame()).toContain('Ctrl+R');
    await r.press(KEY.esc);
    await r.waitFor((f) => !f.includes('Keys on this screen'));
    await r.press(KEY.ctrlK);
    await r.waitFor('Keys on this screen');
    r.unmount();
  });

  test('the footer names the keys that work where the cursor is: Ctrl+K in a text field, ? on the role field; register mode has no role', async () => {
    const footer = (f: string) =>
      f
        .split('\n')
        .filter((l) => l.trim() !== '')
        .at(-1) ?? '';
    const r = renderApp();
    await sleep(20);
    // The cursor starts in Username, where `?` is typed: the footer must not promise "? keys".
    // Nor "←/→ role": here those keys move the text cursor; it says how to reach the role line.
    expect(footer(r.frame())).toBe('Tab next · ↑ role · Enter submit · Ctrl+R register · Ctrl+K keys');
    await r.press(KEY.up);
    await r.waitFor((f) => footer(f) === 'Tab next · ←/→ role · Enter submit · Ctrl+R register · ? keys');
    await r.press(KEY.ctrlR);
    await r.waitFor('Register a student account');
    expect(footer(r.frame())).toBe('Tab next · Enter register · Ctrl+R back to log in · Ctrl+K keys');
    r.unmount();
  });
  test('switching to register (Ctrl+R) clears "Logged out." left from the last session', async () => {
    const r = renderApp({ initial: { notice: 'Logged out.' } });
    await r.waitFor('Logged out.');
    await r.press(KEY.ctrlR);
    const f = await r.waitFor('Register a student account');
    expect(f).not.toContain('Logged out.');
  });
});
