// auth.resume (PROTOCOL.md 8) over the command table, with the token log on disk.
import { jest } from '@jest/globals';
import { scryptSync } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createUser } from './auth.js';
import { applyAdminOp } from '../admin-ops.js';
import { RESUME_LIMITS } from '../limits.js';
import { FakeConn, tempDir, testServer, withTestServer, type TestServer } from '../testing/harness.js';

let clock = 1_700_000_000_000;
const now = () => clock;

const withServer = (fn: (s: TestServer, dir: string) => Promise<void>) => withTestServer({ now }, fn);

async function loginToken(
  s: TestServer,
  username: string,
  role: 'student' | 'admin',
  password = 'correct horse',
): Promise<string> {
  if (!s.app.db.model.users.has(username)) await createUser(s.app, username, password, role, 'test', 'local');
  const r = await s.call(new FakeConn(), 'auth.login', { username, password, role });
  expect(r.resume.token.length).toBeGreaterThanOrEqual(22); // >= 128 bits in base64url
  expect(r.resume.expires).toBeLessThanOrEqual(clock + 12 * 3600_000);
  return r.resume.token;
}

/** One command of each access level: what a session may and may not do. */
const PROBES: [string, Record<string, unknown>][] = [
  ['courses.list', {}],
  ['scores.mine', {}],
  ['users.list', {}],
  ['questions.list', {}],
  ['auth.login', { username: 'x', password: 'y', role: 'student' }],
];

async function rights(s: TestServer, conn: FakeConn): Promise<string[]> {
  const out: string[] = [];
  for (const [cmd, args] of PROBES) out.push(`${cmd}=${await s.code(conn, cmd, args)}`);
  return out;
}

test('a resumed session gets exactly the rights of the original login, and costs no password hash', async () => {
  await withServer(async (s) => {
    for (const role of ['student', 'admin'] as const) {
      const original = new FakeConn();
      await createUser(s.app, `${role}1`, 'correct horse', role, 'test', 'local');
      const { resume } = await s.call(original, 'auth.login', {
        username: `${role}1`,
        password: 'correct horse',
        role,
      });
      const verify = jest.spyOn(s.app.hasher, 'verify');
      const hash = jest.spyOn(s.app.hasher, 'hash');
      const resumed = new FakeConn();
      const r = await s.call(resumed, 'auth.resume', { token: resume.token });
      expect(r).toEqual({ username: `${role}1`, role, resume: { token: expect.any(String), expires: resume.expires } });
      expect(r.resume.token).not.toBe(resume.token); // PROTOCOL.md 8: each resume returns a new token
      expect(verify).not.toHaveBeenCalled();
      expect(hash).not.toHaveBeenCalled();
      verify.mockRestore();
      hash.mockRestore();
      expect(resumed.role).toBe(role);
      expect(await rights(s, resumed)).toEqual(await rights(s, original));
    }
  });
});

test('a token fails after logout, password reset, unlock, lock and expiry; unknown tokens fail', async () => {
  await withServer(async (s) => {
    const use = (token: string) => s.code(new FakeConn(), 'auth.resume', { token });
    expect(await use('A'.repeat(43))).toBe('AUTH_FAILED');

    // logout ends that login's tokens, not the user's other logins
    const conn = new FakeConn();
    await createUser(s.app, 'amy', 'correct horse', 'student', 'test', 'local');
    const a = (await s.call(conn, 'auth.login', { username: 'amy', password: 'correct horse', role: 'student' })).resume
      .token;
    const other = await loginToken(s, 'amy', 'student');
    await s.call(conn, 'auth.logout');
    expect(await use(a)).toBe('AUTH_FAILED');
    expect(await use(other)).toBe('ok');

    const b = await loginToken(s, 'bob', 'student');
    await applyAdminOp(s.app, { op: 'reset-password', username: 'bob', password: 'new password 1' });
    expect(await use(b)).toBe('AUTH_FAILED');

    const c = await loginToken(s, 'cat', 'student');
    await applyAdminOp(s.app, { op: 'unlock', username: 'cat' });
    expect(await use(c)).toBe('AUTH_FAILED');

    // Wrong guesses from other addresses lock only those addresses (backoff per account and
    // address): the owner's token keeps working.
    const d = await loginToken(s, 'dan', 'student');
    for (let i = 0; i < 5; i++)
      await s.code(new FakeConn('10.9.0.1'), 'auth.login', {
        username: 'dan',
        password: 'wrong guess',
        role: 'student',
      });
    expect(s.app.backoff.isLocked('dan', clock)).toBe(true);
    const d2 = (await s.call(new FakeConn(), 'auth.resume', { token: d })).resume.token as string;
    // lock from the token holder's own address: its tokens die rather than bypass the lock
    for (let i = 0; i < 5; i++)
      await s.code(new FakeConn(), 'auth.login', { username: 'dan', password: 'wrong guess', role: 'student' });
    expect(await use(d2)).toBe('AUTH_FAILED');
    s.app.backoff.unlock('dan');
    expect(await use(d2)).toBe('AUTH_FAILED'); // dead, not just paused

    const e = await loginToken(s, 'eve', 'student');
    clock += RESUME_LIMITS.lifetimeMs + 1;
    expect(await use(e)).toBe('AUTH_FAILED');
  });
});

test('rotation: the replaced token works only within the grace; the chain keeps the login expiry', async () => {
  await withServer(async (s) => {
    const first = await loginToken(s, 'fay', 'student');
    const r1 = await s.call(new FakeConn(), 'auth.resume', { token: first });
    clock += RESUME_LIMITS.graceMs - 1;
    // the client lost r1's answer and retries with the old token: accepted once more
    expect(await s.code(new FakeConn(), 'auth.resume', { token: first })).toBe('ok');
    clock += 2;
    expect(await s.code(new FakeConn(), 'auth.resume', { token: first })).toBe('AUTH_FAILED');
    const r2 = await s.call(new FakeConn(), 'auth.resume', { token: r1.resume.token });
    expect(r2.resume.expires).toBe(r1.resume.expires);
  });
});

test('a token works after a server restart, and the token file holds only hashes', async () => {
  const t = await tempDir();
  let s = await testServer(t.dir, { now });
  let token: string;
  try {
    token = await loginToken(s, 'gus', 'student');
  } finally {
    await s.close();
    await s.app.hasher.close();
  }
  const file = await readFile(join(t.dir, 'tokens.csv'), 'utf8');
  expect(file).not.toContain(token);
  expect(file).not.toContain(Buffer.from(token, 'base64url').toString('hex'));
  s = await testServer(t.dir, { now });
  try {
    const r = await s.call(new FakeConn(), 'auth.resume', { token });
    expect(r.username).toBe('gus');
  } finally {
    await s.close();
    await s.app.hasher.close();
    await t.cleanup();
  }
});

test('an old scrypt hash logs in and is upgraded to Argon2id in users.csv; the new hash then logs in', async () => {
  await withServer(async (s, dir) => {
    const salt = Buffer.from('legacy-salt-1234');
    const hash = scryptSync('old password', salt, 32, { N: 1 << 14, r: 8, p: 1, maxmem: 64 * 1024 * 1024 }).toString(
      'base64',
    );
    await s.db.putUser({
      username: 'hal',
      role: 'student',
      created: 1,
      salt: salt.toString('base64'),
      hash,
      params: 'scrypt:16384:8:1',
    });
    await s.call(new FakeConn(), 'auth.login', { username: 'hal', password: 'old password', role: 'student' });
    await s.db.close().catch(() => {}); // flush the log (the harness closes it again harmlessly)
    const rows = (await readFile(join(dir, 'users.csv'), 'utf8'))
      .trim()
      .split(/\r?\n/)
      .filter((l) => l.startsWith('hal,'));
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(/,scrypt:16384:8:1$/);
    expect(rows[1]).toMatch(/,argon2id:19456:2:1$/);
    expect(s.app.db.model.users.get('hal')!.params).toBe('argon2id:19456:2:1');
    expect(await s.app.hasher.verify('old password', s.app.db.model.users.get('hal')!)).toBe(true);
    expect(await s.app.hasher.verify('wrong password', s.app.db.model.users.get('hal')!)).toBe(false);
  });
});
