// auth.register / auth.login / auth.logout (PROTOCOL.md 6). Students register themselves; admins
// are only made on the server machine (admin-ops.ts). Wrong password, unknown user and wrong role
// all cost one scrypt and give the same AUTH_FAILED. Lockout policy (docs/server.md "Threats and
// limits"): every attempt is charged to its address and to (account, address) when its check
// STARTS, and refunded on success; backoff is per account and address, so guesses from one place
// never lock the owner out from another.
import { AppError } from '../../protocol/errors.js';
import { findUser, foldName, nameTakenBy, passwordForms } from '../auth/names.js';
import type { Role } from '../../protocol/messages.js';
import type { App, RequestContext } from '../app.js';
import { inTurn } from '../session.js';
import type { ArgsOf } from '../../protocol/contract/index.js';
import { startResumable, upgradeHash } from './resume.js';

export { passwordLength } from '../../protocol/contract/auth.js';

/** Creates a user (students via auth.register, admins via admin-ops). */
export async function createUser(
  app: App,
  username: string,
  password: string,
  role: Role,
  actor: string,
  address: string,
): Promise<void> {
  const taken = () => {
    const by = nameTakenBy(app.db.model.users, username);
    if (by === null) return;
    const how = by === username ? '' : ` (as '${by}': names are compared without regard to case)`;
    throw new AppError('CONFLICT', `The username '${username}' is taken${how}; choose another.`);
  };
  taken();
  const hashed = await app.hasher.hash(password, {
    address,
    account: foldName(username),
    exempt: app.trusted(address),
  });
  // Checked again: another registration may have taken the name while we hashed.
  taken();
  const now = app.now();
  await Promise.all([
    app.db.putUser({ username, role, created: now, ...hashed }),
    app.db.audit({
      at: now,
      actor,
      address,
      action: role === 'admin' ? 'admin.add' : 'auth.register',
      target: username,
      detail: role,
    }),
  ]);
}

export async function register(args: ArgsOf<'auth.register'>, ctx: RequestContext) {
  const { app, address } = ctx;
  if (!app.trusted(address) && !app.registersByAddress.take(address, app.now())) {
    throw new AppError('RATE_LIMITED', 'Too many registrations from your address; wait a minute and try again.');
  }
  await createUser(app, args.username, args.password, 'student', args.username, address);
  return { username: args.username, role: 'student' as const };
}

/** An auth step that waited its turn may find the connection logged in meanwhile: as if sent after. */
export function stillAnonymous(ctx: RequestContext): void {
  if (ctx.session.role !== 'anon') throw new AppError('FORBIDDEN', 'You are already logged in; log out first.');
}

export function login(args: ArgsOf<'auth.login'>, ctx: RequestContext) {
  return inTurn(ctx.session, () => {
    stillAnonymous(ctx);
    return checkedLogin(args, ctx);
  });
}

async function checkedLogin(args: ArgsOf<'auth.login'>, ctx: RequestContext) {
  const { app, address, session } = ctx;
  const now = app.now();
  const user = findUser(app.db.model.users, args.username);
  // The backoff key: the stored name, or the folded one for unknown names (the same for any case).
  const account = user?.username ?? foldName(args.username);
  const wait = app.backoff.waitMs(account, now, address);
  if (wait > 0) {
    throw new AppError(
      'RATE_LIMITED',
      `Too many failed logins for this account from your address; try again in ${Math.ceil(wait / 1000)} s or ask an admin to unlock it.`,
    );
  }
  // Charged now, before the slow check, and refunded on success: a burst of concurrent guesses
  // is counted in full before any of them has finished.
  // The server machine itself (the demo, tests, benches) is exempt from the per-address limits.
  const perAddress = !app.trusted(address);
  if (perAddress && !app.failuresByAddress.take(address, now)) {
    throw new AppError('RATE_LIMITED', 'Too many failed logins from your address; wait a minute and try again.');
  }
  if (perAddress && !app.loginsInFlight.enter(address)) {
    app.failuresByAddress.refund(address, now);
    throw new AppError('RATE_LIMITED', 'Too many logins at once from your address; try again in a few seconds.');
  }
  app.backoff.fail(account, now, address);
  let matched = -1;
  const forms = passwordForms(args.password);
  try {
    for (let i = 0; i < forms.length && matched < 0; i++) {
      if (await app.hasher.verify(forms[i], user, { address, account, exempt: !perAddress })) matched = i;
    }
  } finally {
    if (perAddress) app.loginsInFlight.leave(address);
  }
  const ok = matched >= 0 && user !== null && user.role === args.role;
  if (!ok || !user) {
    // A refusal is audited like a success: its audit row is on disk before the answer goes out, so a
    // password-guessing run leaves a record even if the server dies right after.
    await app.db.audit({
      at: app.now(),
      actor: args.username,
      address,
      action: 'auth.login.failed',
      target: args.username,
      detail: args.role,
    });
    throw new AppError('AUTH_FAILED', 'Wrong username, password or role.');
  }
  if (perAddress) app.failuresByAddress.refund(address, app.now());
  app.backoff.succeed(account, address);
  app.budgets.login(user.username, app.now()); // the right password: only its holder spends this
  // Migration: an account hashed from a non-NFC password is re-hashed in NFC (and with the current
  // parameters) now that it matched; otherwise an older hash is only upgraded to the current ones.
  if (matched > 0)
    await app.db.putUser({
      ...user,
      ...(await app.hasher.hash(args.password, { address, account, exempt: !perAddress })),
    });
  else await upgradeHash(app, user, args.password);
  app.sessions.login(session, user.username, user.role);
  const [resume] = await Promise.all([
    startResumable(ctx, user.username, user.role),
    app.db.audit({
      at: app.now(),
      actor: user.username,
      address,
      action: 'auth.login',
      target: user.username,
      detail: user.role,
    }),
  ]);
  return { username: user.username, role: user.role, resume };
}

export function logout(_args: unknown, ctx: RequestContext) {
  return inTurn(ctx.session, () => logoutNow(ctx));
}

async function logoutNow(ctx: RequestContext) {
  const family = ctx.session.resumeFamily;
  ctx.app.sessions.logout(ctx.session);
  // PROTOCOL.md 8: logout ends this login's resume tokens (durably, before the answer).
  if (family) await ctx.app.tokens.revokeFamily(family, ctx.app.now());
  return {};
}
