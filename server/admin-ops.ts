// Account operations on the server machine, where admins are made (PROTOCOL.md 6): add an admin,
// reset a password, unlock, list.
// With a server running on the data directory they go through its control socket (so its memory
// stays the truth); without one they edit the files directly under the data directory lock.
import { AppError } from '../protocol/errors.js';
import { createApp, type App } from './app.js';
import { controlRequest } from './control.js';
import { createUser, passwordLength } from './handlers/auth.js';
import { endResumes } from './handlers/resume.js';
import { importLegacy as importLegacyOp, type LegacyReport } from './legacy-import.js';
import { listUsers as listUsersHandler } from './handlers/users.js';
import { PASSWORD_MAX, PASSWORD_MIN, USERNAME_MAX, USERNAME_MIN, USERNAME_RE } from './limits.js';
import { acquireLock, DataDirLockedError } from './lock.js';
import type { AuditHead } from './store/audit.js';
import { Database } from './store/database.js';
import { ResumeTokens } from './store/tokens.js';

export type AdminOp =
  | { op: 'add-admin'; username: string; password: string }
  | { op: 'reset-password'; username: string; password: string }
  | { op: 'unlock'; username: string }
  | { op: 'list' }
  | { op: 'audit-head' }
  | { op: 'import-legacy'; dir: string };

export interface UserInfo {
  username: string;
  role: string;
  created: number;
  locked: boolean;
}

function checkUsername(username: string): void {
  if (!USERNAME_RE.test(username))
    throw new Error(
      `'${username}' is not a valid username: use ${USERNAME_MIN}-${USERNAME_MAX} letters, digits, _ . -`,
    );
}
function checkPassword(password: string): void {
  const n = passwordLength(password);
  if (n < PASSWORD_MIN || n > PASSWORD_MAX)
    throw new Error(`the password must be ${PASSWORD_MIN}-${PASSWORD_MAX} characters`);
}

/** Runs one operation against a live App (the server's, or one opened just for this). */
export async function applyAdminOp(app: App, req: Record<string, unknown>): Promise<unknown> {
  const op = req as AdminOp;
  const username = 'username' in op ? String(op.username) : '';
  const audit = (action: string) =>
    app.db.audit({ at: app.now(), actor: 'server-console', address: 'local', action, target: username, detail: '' });
  switch (op.op) {
    case 'add-admin': {
      checkUsername(username);
      checkPassword(String(op.password));
      try {
        await createUser(app, username, String(op.password), 'admin', 'server-console', 'local');
      } catch (err) {
        if (err instanceof AppError && err.code === 'CONFLICT')
          throw new Error(`user '${username}' already exists; use 'pandaproctor admin reset-password ${username}'`);
        throw err;
      }
      return {};
    }
    case 'reset-password': {
      checkPassword(String(op.password));
      const user = app.db.model.users.get(username);
      if (!user) throw new Error(`no user '${username}'; see 'pandaproctor admin list'`);
      const hashed = await app.hasher.hash(String(op.password));
      app.backoff.unlock(username);
      await Promise.all([
        app.db.putUser({ ...user, ...hashed }),
        audit('admin.reset-password'),
        endResumes(app, username),
      ]);
      return {};
    }
    case 'unlock': {
      if (!app.db.model.users.has(username)) throw new Error(`no user '${username}'; see 'pandaproctor admin list'`);
      const was = app.backoff.unlock(username);
      await Promise.all([audit('admin.unlock'), endResumes(app, username)]);
      return { wasLocked: was };
    }
    case 'list':
      return listUsersHandler(undefined, { app });
    case 'audit-head':
      return app.db.auditHead();
    case 'import-legacy':
      return importLegacyOp(app, String(op.dir));
    default:
      throw new Error(`unknown control operation '${String((op as { op?: unknown }).op)}'`);
  }
}

async function run(dataDir: string, req: AdminOp): Promise<unknown> {
  for (let tries = 0; ; tries++) {
    const reply = await controlRequest(dataDir, req);
    if (reply) {
      if (!reply.ok) throw new Error(reply.message ?? 'the server refused');
      return reply.data;
    }
    let lock;
    try {
      lock = await acquireLock(dataDir, 'pandaproctor admin');
    } catch (err) {
      // A server may be starting (lock taken, control socket not yet up): ask again shortly.
      if (err instanceof DataDirLockedError && tries < 20) {
        await new Promise((r) => setTimeout(r, 250));
        continue;
      }
      throw err;
    }
    try {
      const db = await Database.open(dataDir, { fsync: true });
      // Opened too, so a reset or unlock while no server runs still ends the user's resume tokens.
      const tokens = await ResumeTokens.open(dataDir, { fsync: true, now: Date.now() });
      const app = createApp(db, { tokens });
      try {
        return await applyAdminOp(app, req);
      } finally {
        await app.hasher.close();
        await tokens.close();
        await db.close();
      }
    } finally {
      await lock.release();
    }
  }
}

export async function addAdmin(dataDir: string, username: string, password: string): Promise<void> {
  checkUsername(username);
  checkPassword(password);
  await run(dataDir, { op: 'add-admin', username, password });
}

export async function resetPassword(dataDir: string, username: string, password: string): Promise<void> {
  checkPassword(password);
  await run(dataDir, { op: 'reset-password', username, password });
}

/** Clears the login backoff of `username`; returns whether it was locked. */
export async function unlockUser(dataDir: string, username: string): Promise<boolean> {
  return ((await run(dataDir, { op: 'unlock', username })) as { wasLocked: boolean }).wasLocked;
}

export async function listUsers(dataDir: string): Promise<UserInfo[]> {
  return (await run(dataDir, { op: 'list' })) as UserInfo[];
}

/** The audit chain's head (from the running server, else from the files). */
export async function auditHead(dataDir: string): Promise<AuditHead> {
  return (await run(dataDir, { op: 'audit-head' })) as AuditHead;
}

/** Imports a folder in the original layout (see legacy-import.ts); `dir` should be absolute. */
export async function importLegacy(dataDir: string, dir: string): Promise<LegacyReport> {
  return (await run(dataDir, { op: 'import-legacy', dir })) as LegacyReport;
}
