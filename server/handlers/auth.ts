// auth.register / auth.login / auth.logout (PROTOCOL.md 6). Students register themselves; admins
// are only made on the server machine (admin-ops.ts). Wrong password, unknown user and wrong role
// all cost one scrypt and give the same AUTH_FAILED.
import { AppError } from '../../protocol/errors.js';
import type { Role } from '../../protocol/messages.js';
import type { App, RequestContext } from '../app.js';
import { PASSWORD_MAX, PASSWORD_MIN, USERNAME_RE } from '../limits.js';
import { oneOf, str, type Args } from '../validate.js';
import { startResumable, upgradeHash } from './resume.js';

export function credentials(args: Args): { username: string; password: string } {
  return {
    username: str(args, 'username', { min: 3, max: 32, re: USERNAME_RE, what: '3-32 letters, digits, _ . -' }),
    password: passwordArg(args),
  };
}

/** PROTOCOL.md 6: 8-128 characters, counted as characters (code points), not UTF-16 units. */
export function passwordLength(password: string): number {
  return [...password].length;
}

function passwordArg(args: Args): string {
  const v = str(args, 'password', { min: 1, max: 4 * PASSWORD_MAX });
  const n = passwordLength(v);
  if (n < PASSWORD_MIN || n > PASSWORD_MAX) throw new AppError('BAD_REQUEST', `The password must be ${PASSWORD_MIN}-${PASSWORD_MAX} characters; it has ${n}.`);
  return v;
}

export function loginArgs(args: Args): { username: string; password: string; role: Role } {
  // Any non-empty password may be tried: imported legacy accounts can have short ones (issue 4).
  return {
    username: str(args, 'username', { min: 1, max: 64 }),
    password: str(args, 'password', { min: 1, max: 4 * PASSWORD_MAX }),
    role: oneOf(args, 'role', ['student', 'admin'] as const),
  };
}

/** Creates a user (students via auth.register, admins via admin-ops). */
export async function createUser(app: App, username: string, password: string, role: Role, actor: string, address: string): Promise<void> {
  if (app.db.model.users.has(username)) throw new AppError('CONFLICT', `The username '${username}' is taken; choose another.`);
  const hashed = await app.hasher.hash(password);
  // Checked again: another registration may have taken the name while we hashed.
  if (app.db.model.users.has(username)) throw new AppError('CONFLICT', `The username '${username}' is taken; choose another.`);
  const now = app.now();
  await Promise.all([
    app.db.putUser({ username, role, created: now, ...hashed }),
    app.db.audit({ at: now, actor, address, action: role === 'admin' ? 'admin.add' : 'auth.register', target: username, detail: role }),
  ]);
}

export async function register(args: { username: string; password: string }, ctx: RequestContext) {
  const { app, address } = ctx;
  if (!app.registersByAddress.take(address, app.now())) {
    throw new AppError('RATE_LIMITED', 'Too many registrations from your address; wait a minute and try again.');
  }
  await createUser(app, args.username, args.password, 'student', args.username, address);
  return { username: args.username, role: 'student' as const };
}

export async function login(args: { username: string; password: string; role: Role }, ctx: RequestContext) {
  const { app, address, session } = ctx;
  const now = app.now();
  const wait = app.backoff.waitMs(args.username, now);
  if (wait > 0) {
    throw new AppError('RATE_LIMITED', `Too many failed logins for this account; try again in ${Math.ceil(wait / 1000)} s or ask an admin to unlock it.`);
  }
  // Per address: failures are counted when they happen; concurrent attempts are capped so a burst
  // of guesses cannot all run before the first failure is counted. Per account: charged before the
  // (slow) check and cleared on success, so concurrent guesses at one account count at once.
  if (!app.failuresByAddress.has(address, now)) {
    throw new AppError('RATE_LIMITED', 'Too many failed logins from your address; wait a minute and try again.');
  }
  if (!app.loginsInFlight.enter(address)) {
    throw new AppError('RATE_LIMITED', 'Too many logins at once from your address; try again in a few seconds.');
  }
  app.backoff.fail(args.username, now);
  const user = app.db.model.users.get(args.username) ?? null;
  let ok: boolean;
  try {
    ok = (await app.hasher.verify(args.password, user)) && user !== null && user.role === args.role;
  } finally {
    app.loginsInFlight.leave(address);
  }
  if (!ok || !user) {
    app.failuresByAddress.take(address, app.now());
    // issue 4: an audit row is on disk before the answer it records goes out (as for a success).
    await app.db.audit({ at: app.now(), actor: args.username, address, action: 'auth.login.failed', target: args.username, detail: args.role });
    throw new AppError('AUTH_FAILED', 'Wrong username, password or role.');
  }
  app.backoff.succeed(args.username);
  await upgradeHash(app, user, args.password);
  app.sessions.login(session, user.username, user.role);
  const [resume] = await Promise.all([
    startResumable(ctx, user.username, user.role),
    app.db.audit({ at: app.now(), actor: user.username, address, action: 'auth.login', target: user.username, detail: user.role }),
  ]);
  return { username: user.username, role: user.role, resume };
}

export async function logout(_args: unknown, ctx: RequestContext) {
  const family = ctx.session.resumeFamily;
  ctx.app.sessions.logout(ctx.session);
  // PROTOCOL.md 8: logout ends this login's resume tokens (durably, before the answer).
  if (family) await ctx.app.tokens.revokeFamily(family, ctx.app.now());
  return {};
}
