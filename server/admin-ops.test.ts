// Admin accounts on the server machine: with and without a running server, through the
// control socket or under the data directory lock; passwords only ever stored as scrypt hashes.
import '../protocol/testing/fast-nacl.js';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { connect } from '../protocol/connect.js';
import { addAdmin, importLegacy, listUsers, resetPassword, unlockUser } from './admin-ops.js';
import { acquireLock } from './lock.js';
import { startServer } from './server.js';
import { tempDir } from './testing/harness.js';
import { runCli } from './testing/child.js';
import { mkdir, writeFile } from 'node:fs/promises';

async function login(
  port: number,
  key: Uint8Array,
  username: string,
  password: string,
  role = 'admin',
): Promise<string> {
  const ch = await connect({ host: '127.0.0.1', port, serverKey: key });
  try {
    await ch.request('auth.login', { username, password, role });
    return 'ok';
  } catch (err) {
    return (err as { code: string }).code;
  } finally {
    await ch.close();
  }
}

test('without a server: add, list and reset edit the files under the lock', async () => {
  const t = await tempDir();
  try {
    await addAdmin(t.dir, 'prof', 'first password');
    await expect(addAdmin(t.dir, 'prof', 'other password')).rejects.toThrow(
      /already exists; use 'pandaproctor admin reset-password prof'/,
    );
    await expect(addAdmin(t.dir, 'no way', 'long password')).rejects.toThrow(/not a valid username/);
    await expect(addAdmin(t.dir, 'shorty', 'short')).rejects.toThrow(/password must be 8-128 characters/);
    expect(await listUsers(t.dir)).toEqual([
      { username: 'prof', role: 'admin', created: expect.any(Number), locked: false },
    ]);
    await resetPassword(t.dir, 'prof', 'second password');
    const users = await readFile(join(t.dir, 'users.csv'), 'utf8');
    expect(users).not.toMatch(/first password|second password/);
    expect(users.trim().split('\n')).toHaveLength(3); // header + created + reset

    const srv = await startServer({ dataDir: t.dir, port: 0, quiet: true });
    try {
      expect(await login(srv.port, srv.publicKey, 'prof', 'second password')).toBe('ok');
      expect(await login(srv.port, srv.publicKey, 'prof', 'first password')).toBe('AUTH_FAILED');
    } finally {
      await srv.close();
    }
    // The lock: while another process edits, the direct path refuses instead of racing.
    const lock = await acquireLock(t.dir, 'a test');
    await expect(startServer({ dataDir: t.dir, port: 0, quiet: true })).rejects.toThrow(/in use by a test/);
    await lock.release();
  } finally {
    await t.cleanup();
  }
});

test('with a running server: the control socket makes the change live; unlock clears a backoff', async () => {
  const t = await tempDir();
  const srv = await startServer({ dataDir: t.dir, port: 0, quiet: true });
  try {
    expect((await stat(join(t.dir, 'control', 'admin.sock'))).mode & 0o777).toBe(0o600);
    await addAdmin(t.dir, 'live', 'live password');
    expect(await login(srv.port, srv.publicKey, 'live', 'live password')).toBe('ok');
    for (let i = 0; i < 5; i++)
      expect(await login(srv.port, srv.publicKey, 'live', 'wrong password')).toBe('AUTH_FAILED');
    expect(await login(srv.port, srv.publicKey, 'live', 'live password')).toBe('RATE_LIMITED');
    expect(await listUsers(t.dir)).toEqual([expect.objectContaining({ username: 'live', locked: true })]);
    expect(await unlockUser(t.dir, 'live')).toBe(true);
    expect(await login(srv.port, srv.publicKey, 'live', 'live password')).toBe('ok');
    await expect(unlockUser(t.dir, 'ghost')).rejects.toThrow(/no user 'ghost'/);
  } finally {
    await srv.close();
    await t.cleanup();
  }
});

test('pandaproctor admin add --password-stdin and import-legacy from the command line', async () => {
  const t = await tempDir();
  const legacy = join(t.dir, 'legacy');
  const data = join(t.dir, 'data');
  try {
    const add = runCli(['admin', 'add', 'cli-admin', '--password-stdin', '--data', data], 'piped password\n');
    expect(await add.exited).toBe(0);
    expect(add.stdout()).toContain("admin 'cli-admin' created");

    await mkdir(legacy);
    await writeFile(
      join(legacy, 'questions.csv'),
      'ID,Text,Options,CorrectAnswer,Concept,Difficulty,Course,\n500,Legacy question?,yes|no,A,Legacy,Easy,LEG,\n501,Bad,yes|no,C,Legacy,Easy,LEG,\n',
    );
    await writeFile(join(legacy, 'Admin.txt'), 'oldprof,pw1\n');
    await writeFile(join(legacy, 'Student.txt'), 'alice,secret\nbob,\nbad name,x\nalice,again\n');
    await writeFile(join(legacy, 'student_scores.csv'), 'Student Name,Score\nalice,7\nbob,lots\n');
    const imp = runCli(['import-legacy', legacy, '--data', data]);
    expect(await imp.exited).toBe(1); // some lines were not imported
    const out = imp.stdout();
    expect(out).toContain('questions: 1 created, 0 updated');
    expect(out).toContain('admins: 1 created');
    expect(out).toContain('students: 1 created');
    expect(out).toContain('legacy scores: 1 imported');
    expect(out).toContain("questions.csv:3: CorrectAnswer 'C'");
    expect(out).toContain("Student.txt:2: no password for 'bob'");
    expect(out).toContain("Student.txt:3: 'bad name' is not a valid username");
    expect(out).toContain("Student.txt:4: 'alice' already exists");
    expect(out).toContain("student_scores.csv:3: score 'lots' is not a number");
    const users = await readFile(join(data, 'users.csv'), 'utf8');
    expect(users).not.toMatch(/secret|pw1/);

    const srv = await startServer({ dataDir: data, port: 0, quiet: true });
    try {
      expect(await login(srv.port, srv.publicKey, 'alice', 'secret', 'student')).toBe('ok'); // short legacy password still works
      expect(await login(srv.port, srv.publicKey, 'oldprof', 'pw1', 'admin')).toBe('ok');
      // Importing again through the running server: everything already exists.
      const r = await importLegacy(data, legacy);
      expect(r.questions).toEqual({ created: 0, updated: 0 });
      expect(r.errors.filter((e) => e.file === 'Admin.txt')).toEqual([
        { file: 'Admin.txt', line: 1, message: "'oldprof' already exists; kept the existing account" },
      ]);
    } finally {
      await srv.close();
    }
  } finally {
    await t.cleanup();
  }
});
