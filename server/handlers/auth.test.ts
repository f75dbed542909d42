// auth.login (PROTOCOL.md 6) and the audit log: every answer waits for its audit row.
import { FakeConn, tempDir, testServer } from '../testing/harness.js';

test('a failed login is answered only after its audit row is durable', async () => {
  const t = await tempDir();
  const s = await testServer(t.dir);
  try {
    await s.user('student', 'carol');
    const written: string[] = [];
    let release!: () => void;
    const real = s.db.audit.bind(s.db);
    s.db.audit = (row) =>
      new Promise<void>((resolve) => (release = () => real(row).then(() => (written.push(row.action), resolve()))));
    let answered = '';
    const login = s
      .code(new FakeConn(), 'auth.login', { username: 'carol', password: 'wrong password', role: 'student' })
      .then((c) => (answered = c));
    for (let i = 0; i < 100 && !release; i++) await new Promise((r) => setTimeout(r, 20)); // scrypt runs first
    await new Promise((r) => setTimeout(r, 20));
    expect(answered).toBe(''); // not before the audit row
    release();
    await login;
    expect({ answered, written }).toEqual({ answered: 'AUTH_FAILED', written: ['auth.login.failed'] });
  } finally {
    await s.close();
    await t.cleanup();
  }
});

test('a login that completes after its connection closed leaves no session behind', async () => {
  const t = await tempDir();
  const s = await testServer(t.dir);
  try {
    await s.user('student', 'dave');
    const before = s.app.sessions.ofUser('dave').length;
    const conn = new FakeConn();
    const login = s.call(conn, 'auth.login', { username: 'dave', password: 'correct horse', role: 'student' });
    conn.closed = true; // the client hangs up while scrypt runs
    s.app.sessions.drop(conn);
    await login.catch(() => {});
    expect(s.app.sessions.ofUser('dave')).toHaveLength(before);
  } finally {
    await s.close();
    await t.cleanup();
  }
});

test('password length counts characters, not UTF-16 units (PROTOCOL.md 6: 8-128 characters)', async () => {
  const t = await tempDir();
  const s = await testServer(t.dir);
  try {
    const register = (username: string, password: string) =>
      s.code(new FakeConn('10.0.0.9'), 'auth.register', { username, password });
    expect(await register('emma', '🔑'.repeat(4))).toBe('BAD_REQUEST'); // 4 characters, 8 UTF-16 units
    expect(await register('emma', '🔑'.repeat(100))).toBe('ok'); // 100 characters, 200 units
    expect(
      await s.code(new FakeConn('10.0.0.9'), 'auth.login', {
        username: 'emma',
        password: '🔑'.repeat(100),
        role: 'student',
      }),
    ).toBe('ok');
  } finally {
    await s.close();
    await t.cleanup();
  }
});
