// Strangers on the lab network (docs/server.md "Threats and limits"): an anonymous session is
// closed at the login deadline, the room for connections is capped per address and overall with
// room kept for students, and the data directory is private whatever the umask or prior mode.
import '../protocol/testing/fast-nacl.js';
import { mkdir, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { connect } from '../protocol/connect.js';
import type { ClientChannel } from '../protocol/api.js';
import { startServer, type RunningServer } from './server.js';
import { tempDir } from './testing/harness.js';

function open(srv: RunningServer, localAddress = '127.0.0.1'): Promise<ClientChannel> {
  return connect({ host: '127.0.0.1', port: srv.port, serverKey: srv.publicKey, localAddress, timeoutMs: 10_000 });
}

function closedWith(ch: ClientChannel): Promise<string> {
  return new Promise((resolve) => ch.onClose((info) => resolve(info.reason)));
}

test('an anonymous session that never logs in is closed at the login deadline; a logged-in one stays', async () => {
  const t = await tempDir();
  const srv = await startServer({ dataDir: t.dir, port: 0, quiet: true, loginDeadlineMs: 1_500 });
  try {
    const idle = await open(srv);
    const idleClosed = closedWith(idle);
    const student = await open(srv);
    await student.request('auth.register', { username: 'stays', password: 'stays password' });
    await student.request('auth.login', { username: 'stays', password: 'stays password', role: 'student' });
    expect(await idleClosed).toMatch(/not logged in within 2 s; connect again and log in/);
    // A witness accepted after the student logged in: once its deadline has closed it, the
    // student's (armed earlier) has passed too, however slowly this machine runs.
    const witness = await open(srv);
    expect(await closedWith(witness)).toMatch(/not logged in within/);
    expect(student.closed).toBe(false);
    await expect(student.request('courses.list')).resolves.toBeInstanceOf(Array);
    // Logging out starts a new deadline.
    await student.request('auth.logout');
    expect(await closedWith(student)).toMatch(/not logged in within/);
  } finally {
    await srv.close();
    await t.cleanup();
  }
}, 30_000);

test('anonymous sockets are capped per address; when the room is full a student still gets in', async () => {
  const t = await tempDir();
  // 40 sockets, 32 of them kept for logged-in users: 8 anonymous at most; 5 per address.
  const srv = await startServer({
    dataDir: t.dir,
    port: 0,
    quiet: true,
    maxConnections: 40,
    anonPerAddress: 5,
    trustedAddresses: [],
  });
  try {
    const hog = await Promise.all(Array.from({ length: 5 }, () => open(srv, '127.0.0.2')));
    // A sixth from the same address is refused at once.
    await expect(open(srv, '127.0.0.2').then((c) => c.request('courses.list'))).rejects.toThrow();
    const other = await Promise.all(Array.from({ length: 3 }, () => open(srv, '127.0.0.3')));
    const hogClosed = hog.map((c) => closedWith(c));
    // The room for anonymous sockets is full; a student from a third machine gets in and logs in.
    const student = await open(srv, '127.0.0.4');
    await student.request('auth.register', { username: 'newcomer', password: 'newcomer password' });
    await student.request('auth.login', { username: 'newcomer', password: 'newcomer password', role: 'student' });
    // ... by displacing the oldest anonymous socket of the busiest address, not the other address.
    await hogClosed[0];
    expect(hog[0].closed).toBe(true);
    expect(other.every((c) => !c.closed)).toBe(true);
    for (const c of [...hog, ...other, student]) await c.close().catch(() => {});
  } finally {
    await srv.close();
    await t.cleanup();
  }
}, 30_000);

/** Modes of the directory and everything in it, one level of subdirectories included (e.g. enrolments/); directories end in '/'. */
async function modes(dir: string, prefix = ''): Promise<Record<string, string>> {
  const out: Record<string, string> = prefix ? {} : { '.': ((await stat(dir)).mode & 0o777).toString(8) };
  for (const name of await readdir(dir)) {
    const st = await stat(join(dir, name));
    if (st.isSocket()) continue;
    out[prefix + name + (st.isDirectory() ? '/' : '')] = (st.mode & 0o777).toString(8);
    if (st.isDirectory() && !prefix) Object.assign(out, await modes(join(dir, name), `${name}/`));
  }
  return out;
}

test('file modes after start: 0700 directory and 0600 files, under umask 000 and in a 0755 directory', async () => {
  const t = await tempDir();
  const old = process.umask(0);
  try {
    for (const dir of [join(t.dir, 'fresh'), join(t.dir, 'made-with-mkdir')]) {
      if (dir.endsWith('mkdir')) await mkdir(dir, { mode: 0o755 });
      const srv = await startServer({ dataDir: dir, port: 0, quiet: true });
      // A write of each kind after start: an append (register) and a rewrite (exam settings).
      const ch = await open(srv);
      await ch.request('auth.register', { username: 'modes', password: 'modes password' });
      await ch.close();
      await srv.close();
      const m = await modes(dir);
      expect(m['.']).toBe('700');
      expect(m['questions.csv']).toBe('600');
      expect(m['exams.csv']).toBe('600');
      for (const [name, mode] of Object.entries(m))
        expect([name, mode]).toEqual([name, name === '.' || name.endsWith('/') ? '700' : '600']);
    }
  } finally {
    process.umask(old);
    await t.cleanup();
  }
}, 30_000);

test('new connections from one address are held to a rate (each costs the server a handshake)', async () => {
  const t = await tempDir();
  const srv = await startServer({ dataDir: t.dir, port: 0, quiet: true, trustedAddresses: [] });
  try {
    // The burst of 10 (server/limits.ts newPerAddress) is let in; the 11th at once is refused.
    const first = await Promise.all(Array.from({ length: 10 }, () => open(srv, '127.0.0.5')));
    await expect(open(srv, '127.0.0.5').then((c) => c.request('courses.list'))).rejects.toThrow();
    // Another machine is not affected.
    const other = await open(srv, '127.0.0.6');
    await expect(
      other.request('auth.register', { username: 'ratelimit', password: 'ratelimit password' }),
    ).resolves.toMatchObject({ username: 'ratelimit' });
    for (const c of [...first, other]) await c.close().catch(() => {});
  } finally {
    await srv.close();
    await t.cleanup();
  }
}, 30_000);
