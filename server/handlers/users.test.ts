// users.unlock / users.setPassword (feature `users-admin`): an admin unlocks an account and sets a
// student's password over the wire; each writes an audit row with who, when and the reason.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FakeConn, tempDir, testServer } from '../testing/harness.js';

test('unlock ends a login backoff; setPassword changes a student password; both are audited with a reason', async () => {
  const t = await tempDir();
  let now = Date.UTC(2026, 10, 30, 12);
  const s = await testServer(t.dir, { now: () => now });
  try {
    const ada = await s.user('admin', 'ada');
    await s.user('student', 'stu');
    for (let i = 0; i < 5; i++)
      expect(
        await s.code(new FakeConn(), 'auth.login', { username: 'stu', password: 'wrong guess', role: 'student' }),
      ).toBe('AUTH_FAILED');
    expect((await s.call(ada, 'users.list')).find((u: { username: string }) => u.username === 'stu').locked).toBe(true);
    expect(await s.call(ada, 'users.unlock', { username: 'stu', reason: 'typo storm, checked ID' })).toEqual({
      wasLocked: true,
    });
    expect((await s.call(ada, 'users.list')).find((u: { username: string }) => u.username === 'stu').locked).toBe(
      false,
    );

    now += 1000;
    expect(
      await s.call(ada, 'users.setPassword', {
        username: 'stu',
        password: 'brand new secret',
        reason: 'forgot it\nat the desk',
      }),
    ).toEqual({});
    expect(
      await s.code(new FakeConn(), 'auth.login', { username: 'stu', password: 'correct horse', role: 'student' }),
    ).toBe('AUTH_FAILED');
    expect(
      await s.code(new FakeConn(), 'auth.login', { username: 'stu', password: 'brand new secret', role: 'student' }),
    ).toBe('ok');

    const audit = await readFile(join(t.dir, 'audit.csv'), 'utf8');
    expect(audit).toContain(`${now - 1000},ada,`);
    expect(audit).toMatch(/,ada,[^,]*,users\.unlock,stu,"?typo storm, checked ID"?/);
    expect(audit).toMatch(/,ada,[^,]*,users\.setPassword,stu,forgot it at the desk/);
    expect(audit).not.toContain('brand new secret');
  } finally {
    await s.close();
    await t.cleanup();
  }
});

test("an admin's password is not set over the wire, and unknown users say so", async () => {
  const t = await tempDir();
  const s = await testServer(t.dir);
  try {
    const ada = await s.user('admin', 'ada');
    await s.user('admin', 'bob');
    const err = await s
      .call(ada, 'users.setPassword', { username: 'bob', password: 'take over bob', reason: 'x' })
      .catch((e: Error & { code: string }) => e);
    expect(err).toMatchObject({
      code: 'FORBIDDEN',
      message: "'bob' is an admin; on the server machine: pandaproctor admin reset-password bob",
    });
    expect(await s.code(ada, 'users.unlock', { username: 'ghost', reason: 'x' })).toBe('NOT_FOUND');
    expect(await s.code(ada, 'users.unlock', { username: 'bob', reason: '' })).toBe('BAD_REQUEST');
  } finally {
    await s.close();
    await t.cleanup();
  }
});

test("users.unlock and users.setPassword end the account's resume tokens, and names match without case", async () => {
  const t = await tempDir();
  const s = await testServer(t.dir);
  try {
    const ada = await s.user('admin', 'ada');
    await s.user('student', 'stu');
    const login = async () =>
      (await s.call(new FakeConn(), 'auth.login', { username: 'stu', password: 'correct horse', role: 'student' }))
        .resume.token as string;
    const first = await login();
    expect(await s.call(ada, 'users.unlock', { username: 'STU', reason: 'checked' })).toEqual({ wasLocked: false });
    expect(await s.code(new FakeConn(), 'auth.resume', { token: first })).toBe('AUTH_FAILED');
    const second = await login();
    await s.call(ada, 'users.setPassword', { username: 'Stu', password: 'correct horse', reason: 'reset at the desk' });
    expect(await s.code(new FakeConn(), 'auth.resume', { token: second })).toBe('AUTH_FAILED');
    expect(await readFile(join(t.dir, 'audit.csv'), 'utf8')).toMatch(/users\.setPassword,stu,reset at the desk/);
  } finally {
    await s.close();
    await t.cleanup();
  }
});
