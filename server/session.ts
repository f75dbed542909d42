// Per-connection session state (CONVENTIONS.md: dispatch gated by connection state
// anon -> logged in) and the index of live sessions per user, used to push `exam.expired`.
import type { ServerConnection } from '../protocol/api.js';
import type { Role, SessionRole } from '../protocol/messages.js';

export interface Session {
  readonly conn: ServerConnection;
  role: SessionRole;
  username: string | null;
  /** The resume-token family of this login (PROTOCOL.md 8); logout ends it. */
  resumeFamily?: string;
  /**
   * Counts logins and logouts: a step that awaits (writing the login's token) checks it after, so
   * a logout pipelined behind its login is not undone by the login finishing later.
   */
  epoch: number;
  /** The last login, resume or logout of this connection: the next one waits for it (see inTurn). */
  authTurn: Promise<unknown>;
}

/**
 * Runs `step` (a login, resume or logout) after the previous one of this connection: requests are
 * handled concurrently, so a logout pipelined behind a login would otherwise run during the
 * password check, find nobody logged in, and leave the login to finish after it.
 */
export function inTurn<T>(s: Session, step: () => Promise<T>): Promise<T> {
  const run = s.authTurn.then(step);
  s.authTurn = run.catch(() => {});
  return run;
}

export class Sessions {
  private readonly byConn = new Map<number, Session>();
  private readonly byUser = new Map<string, Set<Session>>();

  /**
   * `changed`: a session logged in, or logged out / closed (the live monitor's connected flag and
   * subscriptions). `perUser`: logged-in sessions one account may hold; a login beyond closes its oldest.
   * `displaced`: the resume family of a closed oldest session that no live session still holds, to
   * be ended: its client would otherwise resume, displace the next oldest, and so on round the
   * account's windows until its login budget ran out.
   */
  constructor(
    private readonly changed: (s: Session, loggedIn: boolean) => void = () => {},
    private readonly perUser = Infinity,
    private readonly displaced: (family: string) => void = () => {},
  ) {}

  get(conn: ServerConnection): Session {
    let s = this.byConn.get(conn.id);
    if (!s) {
      s = { conn, role: 'anon', username: null, epoch: 0, authTurn: Promise.resolve() };
      this.byConn.set(conn.id, s);
    }
    return s;
  }

  /** `family`: the resume family this login continues (a resume), so its own family is never ended. */
  login(s: Session, username: string, role: Role, family?: string): void {
    this.logout(s);
    // A login whose password check ended after its connection closed: drop() has already run, so
    // indexing it now would keep the dead connection in memory for good (connect, log in, hang up).
    if (s.conn.closed) return;
    s.username = username;
    s.role = role;
    let set = this.byUser.get(username);
    if (!set) this.byUser.set(username, (set = new Set()));
    // Oldest first (Set order): a script opening connection after connection only ever displaces
    // its own, and an honest client's stale half-open connection gives way to its reconnect.
    for (const old of set) {
      if (set.size < this.perUser) break;
      const oldFamily = old.resumeFamily;
      this.logout(old);
      old.conn.close(
        `this account logged in on ${this.perUser} newer connections; this, its oldest, was closed (log in again to use it here)`,
      );
      if (oldFamily && oldFamily !== family && ![...set].some((x) => x.resumeFamily === oldFamily))
        this.displaced(oldFamily);
    }
    set.add(s);
    s.conn.setRole(role); // PROTOCOL.md 4: frame limit follows the role
    this.changed(s, true);
  }

  logout(s: Session): void {
    s.epoch++;
    this.unindex(s);
    s.resumeFamily = undefined;
    s.username = null;
    s.role = 'anon';
    s.conn.setRole('anon');
  }

  drop(conn: ServerConnection): void {
    const s = this.byConn.get(conn.id);
    if (!s) return;
    s.epoch++;
    this.unindex(s);
    this.byConn.delete(conn.id);
  }

  private unindex(s: Session): void {
    if (!s.username) return;
    const set = this.byUser.get(s.username);
    set?.delete(s);
    if (set?.size === 0) this.byUser.delete(s.username);
    this.changed(s, false);
  }

  ofUser(username: string): Session[] {
    return [...(this.byUser.get(username) ?? [])];
  }
}
