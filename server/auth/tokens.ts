// Resume tokens (PROTOCOL.md 8 auth.resume): the pure core. A token is 256 random bits handed to the
// client once; the server keeps only its SHA-256 (a token has full entropy, so a fast hash is as
// good as a slow one, and a resume costs no password hash). Tokens of one login form a family:
// each resume replaces the token it was given by a new one of the same family, with the family's
// expiry (so resuming never prolongs a login past its lifetime). The replaced token stays valid
// for a short grace, for a client whose connection dropped before the resume's answer arrived.
//
// Every change is an event row; the same apply() replays the file at start-up and applies live
// changes, so memory and disk cannot disagree. No I/O here: the store (server/store/tokens.ts)
// persists the rows.
import { createHash, randomBytes } from 'node:crypto';
import type { Role } from '../../protocol/messages.js';
import { RESUME_LIMITS } from '../limits.js';

export type TokenEvent =
  | { at: number; event: 'issue'; family: string; hash: string; username: string; role: Role; expires: number }
  /** `hash` was replaced by a newer token at `at`; valid until at + grace. */
  | { at: number; event: 'rotate'; family: string; hash: string }
  /** family '' = every token of `username` (password reset, lock, unlock). */
  | { at: number; event: 'revoke'; family: string; username: string };

export interface TokenGrant {
  token: string;
  expires: number;
  family: string;
}
export interface ResumedToken {
  username: string;
  role: Role;
  family: string;
}

interface Entry {
  family: string;
  username: string;
  role: Role;
  expires: number;
  supersededAt: number | null;
}

export function tokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export class TokenTable {
  private readonly byHash = new Map<string, Entry>();
  private lastSweep = 0;

  constructor(private readonly limits: { lifetimeMs: number; graceMs: number } = RESUME_LIMITS) {}

  get size(): number {
    return this.byHash.size;
  }

  apply(e: TokenEvent): void {
    switch (e.event) {
      case 'issue':
        this.byHash.set(e.hash, {
          family: e.family,
          username: e.username,
          role: e.role,
          expires: e.expires,
          supersededAt: null,
        });
        break;
      case 'rotate': {
        const entry = this.byHash.get(e.hash);
        if (entry && entry.supersededAt === null) entry.supersededAt = e.at;
        break;
      }
      case 'revoke':
        for (const [h, entry] of this.byHash) {
          if (e.family ? entry.family === e.family : entry.username === e.username) this.byHash.delete(h);
        }
        break;
    }
  }

  /** A new login's first token. Returns the token (for the client only) and the row to persist. */
  issue(username: string, role: Role, now: number): { grant: TokenGrant; events: TokenEvent[] } {
    const family = randomBytes(9).toString('base64url');
    return this.mint(family, username, role, now + this.limits.lifetimeMs, now, []);
  }

  /**
   * Checks `token`; on success replaces it by a new token of its family. Null when unknown, revoked,
   * expired, or replaced longer than the grace ago (PROTOCOL.md 8: AUTH_FAILED).
   */
  resume(token: string, now: number): { who: ResumedToken; grant: TokenGrant; events: TokenEvent[] } | null {
    this.sweep(now);
    const hash = tokenHash(token);
    const entry = this.byHash.get(hash);
    if (!entry || !this.live(entry, now)) return null;
    const events: TokenEvent[] =
      entry.supersededAt === null ? [{ at: now, event: 'rotate', family: entry.family, hash }] : [];
    const { grant, events: all } = this.mint(entry.family, entry.username, entry.role, entry.expires, now, events);
    return { who: { username: entry.username, role: entry.role, family: entry.family }, grant, events: all };
  }

  /** Who a live token belongs to, changing nothing (a resume may still be refused before it rotates). */
  holder(token: string, now: number): ResumedToken | null {
    const entry = this.byHash.get(tokenHash(token));
    return entry && this.live(entry, now) ? { username: entry.username, role: entry.role, family: entry.family } : null;
  }

  /** Rows that would end the family (logout) or every token of a user; empty when none is live. */
  revokeFamily(family: string, now: number): TokenEvent[] {
    const any = [...this.byHash.values()].some((e) => e.family === family);
    return any ? this.commit([{ at: now, event: 'revoke', family, username: '' }]) : [];
  }

  revokeUser(username: string, now: number): TokenEvent[] {
    const any = [...this.byHash.values()].some((e) => e.username === username);
    return any ? this.commit([{ at: now, event: 'revoke', family: '', username }]) : [];
  }

  /** The rows that recreate every live token (for compacting the file at start-up). */
  snapshot(now: number): TokenEvent[] {
    const out: TokenEvent[] = [];
    for (const [hash, e] of this.byHash) {
      if (!this.live(e, now)) continue;
      out.push({
        at: now,
        event: 'issue',
        family: e.family,
        hash,
        username: e.username,
        role: e.role,
        expires: e.expires,
      });
      if (e.supersededAt !== null) out.push({ at: e.supersededAt, event: 'rotate', family: e.family, hash });
    }
    return out;
  }

  private live(e: Entry, now: number): boolean {
    return e.expires > now && (e.supersededAt === null || now <= e.supersededAt + this.limits.graceMs);
  }

  private mint(family: string, username: string, role: Role, expires: number, now: number, events: TokenEvent[]) {
    const token = randomBytes(RESUME_LIMITS.tokenBytes).toString('base64url');
    events.push({ at: now, event: 'issue', family, hash: tokenHash(token), username, role, expires });
    return { grant: { token, expires, family }, events: this.commit(events) };
  }

  private commit(events: TokenEvent[]): TokenEvent[] {
    for (const e of events) this.apply(e);
    return events;
  }

  /** Drops dead entries (expired, or replaced longer than the grace ago). */
  prune(now: number): void {
    this.lastSweep = now;
    for (const [h, e] of this.byHash) if (!this.live(e, now)) this.byHash.delete(h);
  }

  /** prune() at most once a minute, so memory follows the live tokens. */
  private sweep(now: number): void {
    if (now - this.lastSweep >= 60_000) this.prune(now);
  }
}
