// Fair waiting line for password checks: round robin across remote addresses, and within one
// address across accounts, so an address that queues a thousand guesses delays another address's
// login by at most one check per busy address, not by its whole backlog (docs/server.md "Threats
// and limits"). Each operation is O(1): Map insertion order is the rotation.

type Waiter = () => void;

interface Lane {
  subs: Map<string, Waiter[]>;
  size: number;
}

export class FairQueue {
  private readonly lanes = new Map<string, Lane>();
  private total = 0;

  get size(): number {
    return this.total;
  }

  /** Waiters queued under `outer` (an address). */
  sizeOf(outer: string): number {
    return this.lanes.get(outer)?.size ?? 0;
  }

  push(outer: string, inner: string, w: Waiter): void {
    let lane = this.lanes.get(outer);
    if (!lane) this.lanes.set(outer, (lane = { subs: new Map(), size: 0 }));
    let sub = lane.subs.get(inner);
    if (!sub) lane.subs.set(inner, (sub = []));
    sub.push(w);
    lane.size++;
    this.total++;
  }

  /** The next waiter: the first of the next account of the next address, each then moved to the back. */
  shift(): Waiter | undefined {
    const first = this.lanes.entries().next();
    if (first.done) return undefined;
    const [outer, lane] = first.value;
    const [inner, sub] = lane.subs.entries().next().value!;
    const w = sub.shift()!;
    lane.subs.delete(inner);
    if (sub.length > 0) lane.subs.set(inner, sub);
    lane.size--;
    this.total--;
    this.lanes.delete(outer);
    if (lane.size > 0) this.lanes.set(outer, lane);
    return w;
  }
}
