// The one backoff rule for everything that retries (the client's reconnects, the proctor's
// restarts and its report retries): the delay before retry n (0-based) starts at baseMs and doubles
// up to maxMs; `jitter` spreads it by ±jitter (0.25 = ±25 %) so a lab of clients that lost the
// server together does not come back in lockstep.
export interface Backoff {
  baseMs: number;
  maxMs: number;
  jitter?: number;
  random?: () => number;
}

export function backoffDelay(n: number, b: Backoff): number {
  // 2 ** 16 is far past any cap; a larger exponent would only risk Infinity.
  const plain = Math.min(b.maxMs, b.baseMs * 2 ** Math.min(Math.max(0, n), 16));
  const jitter = b.jitter ?? 0;
  if (jitter === 0) return plain;
  return Math.round(plain * (1 - jitter + (b.random ?? Math.random)() * 2 * jitter));
}
