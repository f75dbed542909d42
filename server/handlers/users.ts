// users.list (PROTOCOL.md 6). `locked` = the account is in login backoff right now.
import type { RequestContext } from '../app.js';

export function listUsers(_args: unknown, { app }: Pick<RequestContext, 'app'>) {
  const now = app.now();
  return [...app.db.model.users.values()]
    .sort((a, b) => a.username.localeCompare(b.username))
    .map((u) => ({ username: u.username, role: u.role, created: u.created, locked: app.backoff.isLocked(u.username, now) }));
}
