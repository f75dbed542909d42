// users.* (PROTOCOL.md 6 users.list; users.unlock / users.setPassword are this server's additions,
// feature `users-admin`, docs/protocol.md). `locked` = the account is in login backoff right now.
// Admin accounts are made and their passwords reset only on the server machine (PROTOCOL.md 6), so
// over the wire an admin may set a student's password, not another admin's.
import { AppError } from '../../protocol/errors.js';
import type { RequestContext } from '../app.js';
import type { ArgsOf } from '../../protocol/contract/index.js';
import { findUser, foldName } from '../auth/names.js';
import { endResumes } from './resume.js';

export function listUsers(_args: unknown, { app }: Pick<RequestContext, 'app'>) {
  const now = app.now();
  return [...app.db.model.users.values()]
    .sort((a, b) => a.username.localeCompare(b.username))
    .map((u) => ({
      username: u.username,
      role: u.role,
      created: u.created,
      locked: app.backoff.isLocked(u.username, now),
    }));
}

/** The audit row is one CSV line: a reason is one line of words, not a paragraph. */
function auditReason(reason: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
  return reason.replace(/[\x00-\x1f\x7f]+/g, ' ').trim() || 'no reason given';
}

function userOf(ctx: RequestContext, username: string) {
  // Names are compared without regard to case (server/auth/names.ts), as at login.
  const user = findUser(ctx.app.db.model.users, username);
  if (!user) throw new AppError('NOT_FOUND', `There is no user '${username}'; reload the list.`);
  return user;
}

export async function unlockUser(args: ArgsOf<'users.unlock'>, ctx: RequestContext) {
  const { username } = userOf(ctx, args.username);
  const wasLocked = ctx.app.backoff.unlock(username);
  await Promise.all([
    ctx.app.db.audit({
      at: ctx.app.now(),
      actor: ctx.session.username ?? '',
      address: ctx.address,
      action: 'users.unlock',
      target: username,
      detail: auditReason(args.reason),
    }),
    // An unlock ends the user's resume tokens (PROTOCOL.md 8), as `pandaproctor admin unlock` does.
    endResumes(ctx.app, username),
  ]);
  return { wasLocked };
}

export async function setPassword(args: ArgsOf<'users.setPassword'>, ctx: RequestContext) {
  const user = userOf(ctx, args.username);
  if (user.role === 'admin')
    throw new AppError(
      'FORBIDDEN',
      `'${user.username}' is an admin; on the server machine: pandaproctor admin reset-password ${user.username}`,
    );
  const hashed = await ctx.app.hasher.hash(args.password, {
    address: ctx.address,
    account: foldName(user.username),
    exempt: ctx.app.trusted(ctx.address),
  });
  // A new password also ends a login backoff and every resume token (PROTOCOL.md 8), as on the
  // server machine (admin-ops.ts).
  ctx.app.backoff.unlock(user.username);
  await Promise.all([
    ctx.app.db.putUser({ ...user, ...hashed }),
    ctx.app.db.audit({
      at: ctx.app.now(),
      actor: ctx.session.username ?? '',
      address: ctx.address,
      action: 'users.setPassword',
      target: user.username,
      detail: auditReason(args.reason),
    }),
    endResumes(ctx.app, user.username),
  ]);
  return {};
}
