// A student with a script against sessions (docs/server.md "Session resumption" and "Student
// budgets"): a logout pipelined behind its own login, one account opening connection after
// connection, and a login/logout loop that would grow audit.csv and tokens.csv without bound.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createUser } from './handlers/auth.js';
import { CONNECTION_LIMITS, DEFAULT_STUDENT_BUDGETS } from './limits.js';
import { FakeConn, withTestServer, type TestServer } from './testing/harness.js';

let clock = 1_800_000_000_000;
const now = () => clock;

const withServer = (fn: (s: TestServer, dir: string) => Promise<void>) => withTestServer({ now }, fn);

const LOGIN = { username: 'sam', password: 'correct horse', role: 'student' } as const;

test('a logout pipelined behind its login (answered while the token is written) leaves no token that resumes', async () => {
  await withServer(async (s) => {
    await createUser(s.app, 'sam', 'correct horse', 'student', 'test', 'local');
    const conn = new FakeConn();
    const login = s.call(conn, 'auth.login', LOGIN);
    // The password check is done and the session is logged in; its token is still being written.
    while (conn.role !== 'student') await new Promise((r) => setImmediate(r));
    await s.call(conn, 'auth.logout');
    const { resume } = await login;
    expect(conn.role).toBe('anon');
    expect(await s.code(new FakeConn(), 'auth.resume', { token: resume.token })).toBe('AUTH_FAILED');
  });
});

test('a login or resume and a logout sent together act in order: the connection ends logged out, its token dead', async () => {
  await withServer(async (s) => {
    await createUser(s.app, 'sam', 'correct horse', 'student', 'test', 'local');
    const viaLogin = new FakeConn();
    // Pipelined: the logout arrives while the password is still being checked.
    const [login, loggedOut] = await Promise.all([
      s.call(viaLogin, 'auth.login', LOGIN),
      s.code(viaLogin, 'auth.logout'),
    ]);
    expect([loggedOut, viaLogin.role]).toEqual(['ok', 'anon']);
    expect(await s.code(new FakeConn(), 'auth.resume', { token: login.resume.token })).toBe('AUTH_FAILED');

    const { resume } = await s.call(new FakeConn(), 'auth.login', LOGIN);
    const viaResume = new FakeConn();
    const [resumed] = await Promise.all([
      s.call(viaResume, 'auth.resume', { token: resume.token }),
      s.code(viaResume, 'auth.logout'),
    ]);
    expect(viaResume.role).toBe('anon');
    expect(await s.code(new FakeConn(), 'auth.resume', { token: resumed.resume.token })).toBe('AUTH_FAILED');

    // Two logins sent together: the second finds the connection logged in, as if sent after.
    const twice = new FakeConn();
    const codes = await Promise.all([s.code(twice, 'auth.login', LOGIN), s.code(twice, 'auth.login', LOGIN)]);
    expect(codes).toEqual(['ok', 'FORBIDDEN']);
    expect(s.app.sessions.ofUser('sam').filter((x) => x.conn === twice)).toHaveLength(1);
  });
});

test('one account holds a bounded number of connections: a new login closes its oldest, other accounts are untouched', async () => {
  await withServer(async (s) => {
    const max = CONNECTION_LIMITS.sessionsPerUser;
    await createUser(s.app, 'sam', 'correct horse', 'student', 'test', 'local');
    const other = await s.user('student', 'olga');
    const conns: FakeConn[] = [];
    let token = '';
    for (let i = 0; i < max + 3; i++) {
      const c = new FakeConn();
      // Half by password, half by resuming the first login's chain: both ways count.
      const r = await s.call(c, i % 2 === 0 ? 'auth.login' : 'auth.resume', i % 2 === 0 ? LOGIN : { token });
      if (i === 0 || i % 2 === 1) token = r.resume.token;
      conns.push(c);
    }
    const open = conns.filter((c) => !c.closed);
    expect(s.app.sessions.ofUser('sam')).toHaveLength(max);
    // The newest stay; every closed one is older than every open one.
    expect(conns.slice(-max).every((c) => !c.closed)).toBe(true);
    expect(open).toHaveLength(max);
    expect(await s.code(conns[conns.length - 1], 'courses.list')).toBe('ok');
    expect(other.closed).toBe(false);
    expect(s.app.sessions.ofUser('olga')).toHaveLength(1);
  });
});

test("a window closed as its account's oldest cannot resume to close the next one; a reconnect of a live login can", async () => {
  await withServer(async (s) => {
    const max = CONNECTION_LIMITS.sessionsPerUser;
    await createUser(s.app, 'sam', 'correct horse', 'student', 'test', 'local');
    // max windows, each its own login (own token family), then one more.
    const windows: { conn: FakeConn; token: string }[] = [];
    for (let i = 0; i <= max; i++) {
      const conn = new FakeConn();
      windows.push({ conn, token: (await s.call(conn, 'auth.login', LOGIN)).resume.token });
    }
    const [first, second] = windows;
    expect(first.conn.closed).toBe(true);
    // Its client reconnects with its token: refused, so it asks for the password instead of
    // displacing the second window, which would then do the same to the third.
    expect(await s.code(new FakeConn(), 'auth.resume', { token: first.token })).toBe('AUTH_FAILED');
    expect(second.conn.closed).toBe(false);
    // A live window's reconnect (its old socket half-open) resumes its own login as before.
    const back = new FakeConn();
    const r = await s.call(back, 'auth.resume', { token: second.token });
    expect(r.username).toBe('sam');
    expect(second.conn.closed).toBe(true); // the oldest now: its own stale socket gives way
    expect(await s.code(new FakeConn(), 'auth.resume', { token: r.resume.token })).toBe('ok');
  });
});

test('logins and resumes of one account are budgeted: a login/logout loop is refused after the burst, with the wait', async () => {
  await withServer(async (s, dir) => {
    await createUser(s.app, 'sam', 'correct horse', 'student', 'test', 'local');
    await createUser(s.app, 'olga', 'correct horse', 'student', 'test', 'local');
    const burst = DEFAULT_STUDENT_BUDGETS.loginsBurst;
    // A token from the first login, kept for later (the client of another machine).
    const { resume } = await s.call(new FakeConn(), 'auth.login', LOGIN);
    const conn = new FakeConn();
    const outcomes: string[] = [];
    for (let i = 1; i < burst + 20; i++) {
      const outcome = await s.code(conn, 'auth.login', LOGIN);
      outcomes.push(outcome);
      if (outcome === 'ok') await s.call(conn, 'auth.logout');
    }
    expect(outcomes.filter((o) => o === 'ok')).toHaveLength(burst - 1);
    expect(outcomes.slice(burst - 1).every((o) => o === 'RATE_LIMITED')).toBe(true);
    await expect(s.call(conn, 'auth.login', LOGIN)).rejects.toThrow(/logged in \d+ times .*try again in \d+ s/);
    // A resume is a login too; its refusal does not use up the token.
    expect(await s.code(new FakeConn(), 'auth.resume', { token: resume.token })).toBe('RATE_LIMITED');
    // Refused logins write nothing: the record grew by the burst, not by the loop.
    await s.db.flush();
    const audit = await readFile(join(dir, 'audit.csv'), 'utf8');
    expect(audit.split('\n').filter((l) => l.includes(',auth.login,'))).toHaveLength(burst);
    // Another account is not affected, and the budget refills.
    expect(await s.code(new FakeConn(), 'auth.login', { ...LOGIN, username: 'olga' })).toBe('ok');
    clock += Math.ceil(3600_000 / DEFAULT_STUDENT_BUDGETS.loginsPerHour) + 1;
    expect(await s.code(new FakeConn(), 'auth.resume', { token: resume.token })).toBe('ok');
  });
});
