// Test helpers: a temp data directory, an App driven without sockets, and fake connections that
// record what the server sends them.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServerConnection } from '../../protocol/api.js';
import { AppError } from '../../protocol/errors.js';
import type { Attempt, Role, SessionRole } from '../../protocol/messages.js';
import { createApp, type App, type AppOptions } from '../app.js';
import { createDispatcher } from '../dispatch.js';
import { createUser } from '../handlers/auth.js';
import { Database } from '../store/database.js';
import { ResumeTokens } from '../store/tokens.js';
import type { RowsWriter } from '../store/rewrite-rows.js';

export async function tempDir(prefix = 'pp-'): Promise<{ dir: string; cleanup(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export class FakeConn implements ServerConnection {
  private static next = 1_000_000;
  readonly id = FakeConn.next++;
  role: SessionRole = 'anon';
  closed = false;
  readonly events: { name: string; data: Record<string, unknown> }[] = [];
  constructor(readonly remoteAddress = '10.0.0.1') {}
  setRole(role: SessionRole): void {
    this.role = role;
  }
  sendEvent(name: string, data: Record<string, unknown>): void {
    this.events.push({ name, data });
  }
  close(): void {
    this.closed = true;
  }
  onClose(): void {}
}

export interface TestServer {
  app: App;
  db: Database;
  /**
   * Resolves with data, or rejects with the AppError the client would get. The data is `any` on
   * purpose: each test reads the fields of the one command it calls, and the result type of a
   * command name is not known here until the command contract maps names to result schemas.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
  call(conn: ServerConnection, cmd: string, args?: Record<string, unknown>): Promise<any>;
  /** The error code of a call, or 'ok'. */
  code(conn: ServerConnection, cmd: string, args?: Record<string, unknown>): Promise<string>;
  /** A new connection logged in as a new user of `role`. */
  user(role: Role, name?: string, password?: string): Promise<FakeConn>;
  close(): Promise<void>;
}

let userSeq = 0;

export type TestServerOptions = AppOptions & {
  fsync?: boolean;
  writeRows?: RowsWriter;
  checkpointEveryBytes?: number;
  warn?: (line: string) => void;
};

export async function testServer(dir: string, opts: TestServerOptions = {}): Promise<TestServer> {
  const db = await Database.open(dir, {
    fsync: opts.fsync ?? false,
    writeRows: opts.writeRows,
    checkpointEveryBytes: opts.checkpointEveryBytes,
    warn: opts.warn,
  });
  const tokens =
    opts.tokens ?? (await ResumeTokens.open(dir, { fsync: opts.fsync ?? false, now: (opts.now ?? Date.now)() }));
  const app = createApp(db, { ...opts, tokens });
  app.exams.resume();
  const dispatch = createDispatcher(app);
  const call: TestServer['call'] = (conn, cmd, args = {}) => Promise.resolve(dispatch(cmd, args, conn));
  return {
    app,
    db,
    call,
    async code(conn, cmd, args) {
      try {
        await call(conn, cmd, args);
        return 'ok';
      } catch (err) {
        if (err instanceof AppError) return err.code;
        throw err;
      }
    },
    async user(role, name = `${role}${++userSeq}`, password = 'correct horse') {
      if (!app.db.model.users.has(name)) await createUser(app, name, password, role, 'test', 'local');
      const conn = new FakeConn();
      await call(conn, 'auth.login', { username: name, password, role });
      return conn;
    },
    async close() {
      app.exams.close();
      app.monitor.close();
      await tokens.close();
      await db.close();
    },
  };
}

/**
 * A fresh server in a fresh temp directory for each test of the enclosing describe, closed and
 * removed after it, so no test sees another's users or attempts. `ready` receives the server (and
 * may prepare it) before each test.
 */
export function serverPerTest(opts: TestServerOptions, ready: (s: TestServer) => void | Promise<void>): void {
  let t: Awaited<ReturnType<typeof tempDir>>;
  let s: TestServer;
  beforeEach(async () => {
    t = await tempDir();
    s = await testServer(t.dir, opts);
    await ready(s);
  });
  afterEach(async () => {
    await s.close();
    await t.cleanup();
  });
}

/** Runs `test` against a server in a fresh temp directory, then closes it and removes the directory. */
export async function withTestServer<T>(
  opts: TestServerOptions,
  test: (s: TestServer, dir: string) => Promise<T>,
): Promise<T> {
  const t = await tempDir();
  const s = await testServer(t.dir, opts);
  try {
    return await test(s, t.dir);
  } finally {
    await s.close();
    await s.app.hasher.close(); // its worker threads would keep Jest's worker alive
    await t.cleanup();
  }
}

/**
 * A student in a fresh DSA attempt, for tests that then break or stall the disk. Afterwards only the
 * exam timers are stopped: closing the database would flush to files the test broke.
 */
export async function withStartedAttempt(
  test: (s: TestServer, conn: FakeConn, a: Attempt) => Promise<void>,
): Promise<void> {
  const t = await tempDir();
  const s = await testServer(t.dir);
  try {
    const conn = await s.user('student');
    await test(s, conn, await s.call(conn, 'exam.start', { course: 'DSA' }));
  } finally {
    s.app.exams.close();
    await t.cleanup();
  }
}
