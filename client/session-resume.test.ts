// Session resumption from the client's side (PROTOCOL.md 8): after a reconnect the session sends
// auth.resume with its in-memory token, never the password (which it stops holding), and the token
// is never written to the client's disk.
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { connect } from '../protocol/connect.js';
import { AppError, ProtocolError } from '../protocol/errors.js';
import { startServer, type RunningServer } from '../server/server.js';
import { Api } from './api.js';
import { KnownHosts } from './known-hosts.js';
import { Session } from './session.js';

/** Every file under `dir` (recursively), as bytes. */
async function filesUnder(dir: string): Promise<{ path: string; bytes: Buffer }[]> {
  const out: { path: string; bytes: Buffer }[] = [];
  for (const name of await readdir(dir)) {
    const p = join(dir, name);
    const st = await stat(p);
    if (st.isDirectory()) out.push(...(await filesUnder(p)));
    else if (st.isFile()) out.push({ path: p, bytes: await readFile(p) });
  }
  return out;
}

/** The spellings a token could be written in. */
function spellings(token: string): string[] {
  const raw = Buffer.from(token, 'base64url');
  return [token, raw.toString('hex'), raw.toString('base64'), raw.toString('latin1')];
}

test('after a server restart the client resumes with its token: no password held, no password sent, nothing on disk', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'pp-resume-srv-'));
  const home = await mkdtemp(join(tmpdir(), 'pp-resume-home-'));
  const saved = { HOME: process.env.HOME, XDG_CONFIG_HOME: process.env.XDG_CONFIG_HOME, cwd: process.cwd() };
  process.env.HOME = home;
  process.env.XDG_CONFIG_HOME = join(home, '.config');
  process.chdir(home);
  let server: RunningServer = await startServer({ dataDir, port: 0, quiet: true });
  const port = server.port;
  const sentCommands: string[] = [];
  // What the real client does: pin the key in the user's config dir, then a reconnecting session.
  const known = new KnownHosts();
  await known.pin('127.0.0.1', port, Buffer.from(server.publicKey).toString('hex'));
  const session = new Session({
    connect: async () => {
      const ch = await connect({ host: '127.0.0.1', port, serverKey: server.publicKey });
      const request = ch.request.bind(ch);
      ch.request = (cmd: string, args?: Record<string, unknown>) => {
        sentCommands.push(`${cmd}${args && 'password' in args ? ' with password' : ''}`);
        return request(cmd, args);
      };
      return ch;
    },
    minDelayMs: 50,
    maxDelayMs: 300,
  });
  try {
    await session.request('auth.register', { username: 'rita', password: 'rita-password-1' });
    const api = new Api(session);
    const me = await api.login('rita', 'rita-password-1', 'student');
    expect(me).toMatchObject({ username: 'rita', role: 'student' });
    const attempt = await api.startExam('PF');
    const token = (session as unknown as { creds: { token?: string } }).creds.token!;
    expect(token).toEqual(expect.any(String));
    // The password is gone from the session once the token is held.
    expect(inspect(session, { depth: 8 })).not.toContain('rita-password-1');

    await server.close(); // a restart: the session sees the connection drop
    server = await startServer({ dataDir, port, quiet: true });
    sentCommands.length = 0;
    const again = await api.startExam('PF'); // waits for the reconnect, then repeats safely
    expect(again.attemptId).toBe(attempt.attemptId);
    expect(sentCommands).toEqual(['auth.resume', 'exam.start']);
    expect(session.state.loggedOut).toBeUndefined();
    const rotated = (session as unknown as { creds: { token?: string } }).creds.token!;
    expect(rotated).not.toBe(token);

    // Never on the client's disk: not in its config dir, its home, or its working directory.
    const files = await filesUnder(home);
    expect(files.map((f) => f.path)).toContain(known.path); // the scan sees what the client wrote
    for (const t of [token, rotated]) {
      for (const f of files)
        for (const s of spellings(t)) expect(f.bytes.includes(Buffer.from(s, 'latin1'))).toBe(false);
    }
    // The server's audit log records the resume (who, when), not the token.
    const audit = await readFile(join(dataDir, 'audit.csv'), 'utf8');
    expect(audit).toMatch(/,rita,[^,]*,auth\.resume,rita,student/);
    expect(audit).not.toContain(token);
  } finally {
    await session.close();
    await server.close().catch(() => undefined);
    process.chdir(saved.cwd);
    process.env.HOME = saved.HOME;
    if (saved.XDG_CONFIG_HOME === undefined) delete process.env.XDG_CONFIG_HOME;
    else process.env.XDG_CONFIG_HOME = saved.XDG_CONFIG_HOME;
    await rm(dataDir, { recursive: true, force: true });
    await rm(home, { recursive: true, force: true });
  }
});

test('against a server without the resume feature the session logs in again with the password', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'pp-resume-old-'));
  const server = await startServer({ dataDir, port: 0, quiet: true });
  const sent: string[] = [];
  const session = new Session({
    connect: async () => {
      const ch = await connect({ host: '127.0.0.1', port: server.port, serverKey: server.publicKey });
      (ch as { welcome: { features?: string[] } }).welcome.features = undefined; // a 1.0 server
      const request = ch.request.bind(ch);
      ch.request = (cmd: string, args?: Record<string, unknown>) => {
        sent.push(cmd);
        // a 1.0 server's login answer has no resume token
        return request(cmd, args).then((d) =>
          cmd === 'auth.login' ? { ...(d as object), resume: undefined } : d,
        ) as never;
      };
      return ch;
    },
    minDelayMs: 50,
    maxDelayMs: 300,
  });
  try {
    await session.request('auth.register', { username: 'olga', password: 'olga-password-1' });
    await session.request('auth.login', { username: 'olga', password: 'olga-password-1', role: 'student' });
    sent.length = 0;
    const ch = (session as unknown as { channel: { close(r: string): Promise<void> } }).channel;
    await ch.close('simulated drop');
    await session.request('courses.list');
    expect(sent).toEqual(['auth.login', 'courses.list']);
  } finally {
    await session.close();
    await server.close();
    await rm(dataDir, { recursive: true, force: true });
  }
});

/** The smallest ClientChannel for the session: `handle` plays the server; drop() kills the connection. */
function fakeChannel(handle: (cmd: string, args: Record<string, unknown>) => unknown, features?: string[]) {
  let closeFn: (() => void) | undefined;
  const ch = {
    welcome: { t: 'welcome' as const, server: 'fake/1.1', time: 0, features },
    closed: false,
    role: 'anon',
    request: async (cmd: string, args: Record<string, unknown> = {}) => {
      if (ch.closed) throw new ProtocolError('CONNECTION_CLOSED', 'closed');
      return handle(cmd, args);
    },
    onEvent: () => () => undefined,
    onClose: (fn: () => void) => ((closeFn = fn), () => undefined),
    setRole: (r: string) => void (ch.role = r),
    close: async () => ch.drop(),
    drop: () => {
      if (ch.closed) return;
      ch.closed = true;
      closeFn?.();
    },
  };
  return ch;
}

test('a refused resume signs the client out: it never falls back to a password it no longer has', async () => {
  const sent: string[] = [];
  const channels: ReturnType<typeof fakeChannel>[] = [];
  const s = new Session({
    connect: async () => {
      const ch = fakeChannel(
        (cmd, args) => {
          sent.push(
            `${cmd}${'password' in args ? ' with password' : ''}${'token' in args ? ` ${String(args.token)}` : ''}`,
          );
          if (cmd === 'auth.login') return { username: 'zed', role: 'student', resume: { token: 'T1', expires: 1 } };
          if (cmd === 'auth.resume')
            throw new AppError('AUTH_FAILED', 'That session can no longer be resumed; log in with your password.');
          return [];
        },
        ['resume'],
      );
      channels.push(ch);
      return ch as never;
    },
    sleep: async () => undefined,
  });
  await s.request('auth.login', { username: 'zed', password: 'zed-password-1', role: 'student' });
  expect(inspect(s, { depth: 8 })).not.toContain('zed-password-1');
  channels[0].drop();
  await expect(s.request('courses.list')).resolves.toEqual([]);
  expect(sent).toEqual(['auth.login with password', 'auth.resume T1', 'courses.list']);
  expect(s.state.loggedOut).toMatch(/signed out after reconnect: That session can no longer be resumed/);
  await s.close();
});
