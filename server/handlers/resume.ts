// auth.resume (PROTOCOL.md 8) and the token side of login: a reconnecting client proves who it is
// with the token its login gave it, at the cost of one SHA-256 instead of one password hash, so a
// whole lab can come back within seconds of a server restart. Also the rehash-on-login upgrade.
import { AppError } from '../../protocol/errors.js';
import type { Role } from '../../protocol/messages.js';
import type { App, RequestContext } from '../app.js';
import { inTurn } from '../session.js';
import { stillAnonymous } from './auth.js';
import type { UserRecord } from '../store/users.js';

/** Issues the first token of a login on this session; the answer carries it as `resume`. */
export async function startResumable(
  ctx: RequestContext,
  username: string,
  role: Role,
): Promise<{ token: string; expires: number }> {
  const epoch = ctx.session.epoch;
  const grant = await ctx.app.tokens.issue(username, role, ctx.app.now());
  if (ctx.session.epoch === epoch && ctx.session.username === username) ctx.session.resumeFamily = grant.family;
  // Logged out while the token was being written (the connection closed, or was displaced as its
  // account's oldest): that logout had no family to end yet, so end it here, before the answer
  // carries a token that would outlive it.
  else await ctx.app.tokens.revokeFamily(grant.family, ctx.app.now());
  return { token: grant.token, expires: grant.expires };
}

const FAILED = 'That session can no longer be resumed; log in with your password.';

export function resume(args: { token: string }, ctx: RequestContext) {
  return inTurn(ctx.session, () => {
    stillAnonymous(ctx);
    return resumeNow(args, ctx);
  });
}

async function resumeNow(args: { token: string }, ctx: RequestContext) {
  const { app, address, session } = ctx;
  const now = app.now();
  // Unknown tokens count as failed logins of the address: guessing 256 bits is hopeless anyway,
  // but a flood of them should not fill the audit log faster than failed passwords can.
  if (!app.failuresByAddress.has(address, now)) {
    throw new AppError('RATE_LIMITED', 'Too many failed logins from your address; wait a minute and try again.');
  }
  // Budgeted like a password login, checked before the token rotates: a refusal leaves it usable.
  const holder = app.tokens.holder(args.token, now);
  if (holder) app.budgets.login(holder.username, now, true);
  const r = await app.tokens.resume(args.token, now);
  const user = r ? app.db.model.users.get(r.who.username) : undefined;
  // Exactly the rights of the original login: same user, same role, and only while the account
  // still holds that role and is not locked from this address (a locked account's tokens die,
  // PROTOCOL.md 8). Backoff is per account and address, so wrong guesses from elsewhere cannot
  // end the owner's session (docs/server.md "Threats and limits").
  const locked = r !== null && app.backoff.waitMs(r.who.username, now, address) > 0;
  if (!r || !user || user.role !== r.who.role || locked) {
    if (r) await app.tokens.revokeUser(r.who.username, now);
    app.failuresByAddress.take(address, now);
    await app.db.audit({
      at: now,
      actor: r?.who.username ?? '',
      address,
      action: 'auth.resume.failed',
      target: r?.who.username ?? '',
      detail: locked ? 'locked' : r ? 'account changed' : 'unknown token',
    });
    throw new AppError('AUTH_FAILED', FAILED);
  }
  app.budgets.login(user.username, now);
  app.sessions.login(session, user.username, user.role, r.who.family);
  session.resumeFamily = r.who.family;
  await app.db.audit({
    at: app.now(),
    actor: user.username,
    address,
    action: 'auth.resume',
    target: user.username,
    detail: user.role,
  });
  return { username: user.username, role: user.role, resume: { token: r.grant.token, expires: r.grant.expires } };
}

/**
 * After a successful password check: a hash made with older parameters (e.g. scrypt) is replaced by
 * one with the current ones, so stored hashes reach OWASP strength without a password reset. A
 * failure here (e.g. the hash queue is full) only postpones the upgrade to a later login.
 */
export async function upgradeHash(app: App, user: UserRecord, password: string): Promise<void> {
  if (!app.hasher.needsRehash(user)) return;
  try {
    const hashed = await app.hasher.hash(password);
    // Skip when the record changed meanwhile (e.g. an admin reset the password during the hash).
    if (app.db.model.users.get(user.username) !== user) return;
    await app.db.putUser({ ...user, ...hashed });
  } catch (err) {
    app.log(`password hash of ${user.username} not upgraded this time: ${(err as Error).message}`);
  }
}

/** Password reset, admin lock or unlock: every resume token of the user dies (PROTOCOL.md 8). */
export function endResumes(app: App, username: string): Promise<void> {
  return app.tokens.revokeUser(username, app.now());
}
