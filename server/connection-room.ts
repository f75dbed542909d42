// Room for connections (docs/server.md "Threats and limits"). Every socket is counted from accept
// until it closes. Anonymous sockets (not yet logged in) are capped per address and overall, the
// overall cap leaving room reserved for logged-in users; when the room is full, a newcomer takes
// the place of the oldest anonymous socket of the address holding the most, so a stranger who
// fills the room only ever displaces himself and students and the admin console still get in.
// A newcomer whose address already holds as many as the busiest one is refused instead: strangers
// who fill the room from many addresses would otherwise displace each other in an endless loop,
// each round a handshake for the server; refused at accept, they cost it no cryptography.
// Pure apart from the `drop` callbacks it is given.

export interface RoomLimits {
  /** All sockets at once; below the process's descriptor limit (server/fd-limit.ts). */
  maxConnections: number;
  /** Of maxConnections, kept for logged-in sessions: anonymous sockets never use these. */
  reservedForUsers: number;
  /** Anonymous sockets from one remote address. */
  anonPerAddress: number;
  /**
   * All sockets from one remote address, logged in or not (default: no cap): a script that logs
   * each of its connections in (with accounts it registered) is never anonymous for long.
   */
  perAddress?: number;
}

interface Entry {
  id: number;
  address: string;
  anon: boolean;
  exempt: boolean;
  drop: (why: string) => void;
}

export type Admission = { ok: true } | { ok: false; reason: string };

export class ConnectionRoom {
  private readonly entries = new Map<number, Entry>();
  /** address -> its anonymous entries, oldest first (Map insertion order). */
  private readonly anonByAddress = new Map<string, Map<number, Entry>>();
  private anonCount = 0;
  /** address -> its sockets, logged in or not. */
  private readonly byAddress = new Map<string, number>();

  constructor(private readonly limits: RoomLimits) {}

  get size(): number {
    return this.entries.size;
  }

  get anonymous(): number {
    return this.anonCount;
  }

  anonymousFrom(address: string): number {
    return this.anonByAddress.get(address)?.size ?? 0;
  }

  /**
   * A new socket (anonymous until it logs in). `exempt` addresses (the server machine itself)
   * skip the per-address cap, not the overall ones.
   */
  admit(id: number, address: string, exempt: boolean, drop: (why: string) => void): Admission {
    if (!exempt && (this.byAddress.get(address) ?? 0) >= (this.limits.perAddress ?? Infinity)) {
      return { ok: false, reason: `too many connections from ${address} (limit ${this.limits.perAddress})` };
    }
    if (!exempt && this.anonymousFrom(address) >= this.limits.anonPerAddress) {
      return {
        ok: false,
        reason: `too many connections not logged in from ${address} (limit ${this.limits.anonPerAddress})`,
      };
    }
    const anonRoom = this.limits.maxConnections - this.limits.reservedForUsers;
    if (this.entries.size >= this.limits.maxConnections || this.anonCount >= anonRoom) {
      const victim = this.evictionCandidate();
      const fairer = victim && this.anonymousFrom(address) + 1 < this.anonymousFrom(victim.address);
      if (!victim || !fairer) return { ok: false, reason: `the server is full (${this.entries.size} connections)` };
      this.leave(victim.id);
      victim.drop('the server is full; the oldest connection not logged in from the busiest address made room');
    }
    const e: Entry = { id, address, anon: true, exempt, drop };
    this.entries.set(id, e);
    this.byAddress.set(address, (this.byAddress.get(address) ?? 0) + 1);
    this.index(e);
    return { ok: true };
  }

  loggedIn(id: number): void {
    const e = this.entries.get(id);
    if (!e || !e.anon) return;
    this.unindex(e);
    e.anon = false;
  }

  loggedOut(id: number): void {
    const e = this.entries.get(id);
    if (!e || e.anon) return;
    e.anon = true;
    this.index(e);
  }

  leave(id: number): void {
    const e = this.entries.get(id);
    if (!e) return;
    this.entries.delete(id);
    const n = (this.byAddress.get(e.address) ?? 1) - 1;
    if (n > 0) this.byAddress.set(e.address, n);
    else this.byAddress.delete(e.address);
    if (e.anon) this.unindex(e);
  }

  /** The oldest anonymous socket of the address with the most of them. */
  private evictionCandidate(): Entry | undefined {
    let best: Map<number, Entry> | undefined;
    for (const m of this.anonByAddress.values()) if (!best || m.size > best.size) best = m;
    return best?.values().next().value;
  }

  private index(e: Entry): void {
    let m = this.anonByAddress.get(e.address);
    if (!m) this.anonByAddress.set(e.address, (m = new Map()));
    m.set(e.id, e);
    this.anonCount++;
  }

  private unindex(e: Entry): void {
    const m = this.anonByAddress.get(e.address);
    if (!m?.delete(e.id)) return;
    this.anonCount--;
    if (m.size === 0) this.anonByAddress.delete(e.address);
  }
}
