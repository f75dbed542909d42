// Pre-login budgets, fair scheduling and backpressure (docs/server.md "Threats and limits"): a
// stranger flooding pings or requests is slowed to its budget, not served as fast as it sends.
import './testing/fast-nacl.js';
import { DEFAULT_CONNECTION_LIMITS, FRAMES_PER_TURN } from './limits.js';
import type { ConnectionLimits } from './limits.js';
import { KeyedBuckets, TokenBucket } from './rate-limit.js';
import { rawClient } from './testing/harness.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/**
 * Waits (bounded, 20 s) until `done()`; returns the seconds since `t0`. A loaded machine takes
 * longer to serve the burst, so each upper bound below allows the refill of the time it really took.
 */
async function until(done: () => boolean, t0: number): Promise<number> {
  for (let i = 0; i < 2_000 && !done(); i++) await sleep(10);
  return (performance.now() - t0) / 1000;
}
const LIMITS: ConnectionLimits = { ...DEFAULT_CONNECTION_LIMITS };

describe('token buckets', () => {
  test('a bucket allows its burst, then asks the caller to wait for the refill', () => {
    const b = new TokenBucket({ burst: 3, perSec: 2 }, 0);
    expect([b.charge(0), b.charge(0), b.charge(0)]).toEqual([0, 0, 0]);
    expect(b.charge(0)).toBe(500); // one token in debt at 2/s
    expect(b.charge(1500)).toBe(0); // refilled 3 tokens, paid the debt
  });

  test('keyed buckets are separate per key and bounded in number', () => {
    const k = new KeyedBuckets({ burst: 1, perSec: 1 }, 2);
    expect(k.charge('a', 0)).toBe(0);
    expect(k.charge('a', 0)).toBeGreaterThan(0);
    expect(k.charge('b', 0)).toBe(0);
    k.charge('c', 0);
    expect(k.size).toBe(2);
  });
});

describe('an anonymous connection over its budget is slowed, not served at flood speed', () => {
  test('a ping flood gets its burst of pongs, then about one per refill period', async () => {
    const c = await rawClient({ limits: LIMITS });
    const t0 = performance.now();
    for (let i = 0; i < 200; i++) c.client.write(c.sealedFrame({ t: 'ping' }));
    const count = () => c.received.filter((m) => m.t === 'pong').length;
    await until(() => count() >= LIMITS.pings.burst, t0);
    await sleep(300); // room for pongs beyond the budget to show up, were they sent
    const seconds = (performance.now() - t0) / 1000;
    // burst 5, refill 0.5/s: a flood of 200 gets the burst and the refill of the time taken.
    expect(count()).toBeGreaterThanOrEqual(LIMITS.pings.burst);
    expect(count()).toBeLessThanOrEqual(LIMITS.pings.burst + 2 + Math.floor(seconds * LIMITS.pings.perSec));
    expect(c.server.closed).toBe(false);
    c.server.close('done');
  });

  test('pipelined requests: at most anonInFlight are handled at once, then the request budget applies', async () => {
    let running = 0;
    let peak = 0;
    const c = await rawClient({
      limits: LIMITS,
      handler: async () => {
        peak = Math.max(peak, ++running);
        await sleep(5);
        running--;
        return 1;
      },
    });
    const t0 = performance.now();
    for (let i = 1; i <= 100; i++) c.client.write(c.sealedFrame({ t: 'req', id: i, cmd: 'x', args: {} }));
    const count = () => c.received.filter((m) => m.t === 'res').length;
    await until(() => count() >= LIMITS.anonRequests.burst - 1, t0);
    await sleep(400); // room for answers beyond the budget to show up, were they sent
    const seconds = (performance.now() - t0) / 1000;
    expect(peak).toBeLessThanOrEqual(LIMITS.anonInFlight);
    expect(count()).toBeGreaterThanOrEqual(LIMITS.anonRequests.burst - 1);
    expect(count()).toBeLessThan(LIMITS.anonRequests.burst + 5 + Math.floor(seconds * LIMITS.anonRequests.perSec));
    c.server.close('done');
  });

  test('after login (setRole) the pre-login budget no longer applies', async () => {
    let calls = 0;
    const c = await rawClient({
      limits: LIMITS,
      handler: (cmd, _a, conn) => {
        calls++;
        if (cmd === 'login') conn.setRole('student');
        return 1;
      },
    });
    c.client.write(c.sealedFrame({ t: 'req', id: 1, cmd: 'login', args: {} }));
    await c.settle();
    for (let i = 2; i <= 200; i++) c.client.write(c.sealedFrame({ t: 'req', id: i, cmd: 'x', args: {} }));
    await until(() => calls === 200, performance.now());
    expect(calls).toBe(200);
    c.server.close('done');
  });

  test('a logged-in student has a request budget (a scripted loop is slowed); an admin has none', async () => {
    const limits: ConnectionLimits = { ...LIMITS, studentRequests: { burst: 50, perSec: 10 } };
    const run = async (role: 'student' | 'admin') => {
      let calls = 0;
      const c = await rawClient({
        limits,
        handler: (cmd, _a, conn) => {
          calls++;
          if (cmd === 'login') conn.setRole(role);
          return 1;
        },
      });
      c.client.write(c.sealedFrame({ t: 'req', id: 1, cmd: 'login', args: {} }));
      await c.settle();
      const t0 = performance.now();
      for (let i = 2; i <= 300; i++) c.client.write(c.sealedFrame({ t: 'req', id: i, cmd: 'x', args: {} }));
      await until(() => calls - 1 >= (role === 'admin' ? 299 : 50), t0);
      await sleep(300); // room for requests beyond the budget to be handled, were they
      const seconds = (performance.now() - t0) / 1000;
      c.server.close('done');
      return { handled: calls - 1, seconds };
    };
    const student = await run('student');
    // burst 50 then 10/s: the burst and the refill of the time taken, nowhere near the 299 sent.
    expect(student.handled).toBeGreaterThanOrEqual(50);
    expect(student.handled).toBeLessThan(60 + student.seconds * 10);
    expect(student.handled).toBeLessThan(299);
    expect((await run('admin')).handled).toBe(299);
  });

  test('the per-address budget is shared: a second connection from the same host waits too', async () => {
    const shared = new KeyedBuckets({ burst: 10, perSec: 1 });
    const budget = (now: number) => shared.charge('host', now);
    const a = await rawClient({ limits: LIMITS, addressBudget: budget });
    const b = await rawClient({ limits: LIMITS, addressBudget: budget });
    const t0 = performance.now();
    for (let i = 1; i <= 10; i++) a.client.write(a.sealedFrame({ t: 'req', id: i, cmd: 'echo', args: {} }));
    await until(() => a.received.filter((m) => m.t === 'res').length === 10, t0);
    b.client.write(b.sealedFrame({ t: 'req', id: 1, cmd: 'echo', args: {} }));
    b.client.write(b.sealedFrame({ t: 'req', id: 2, cmd: 'echo', args: {} }));
    await sleep(100);
    const seconds = (performance.now() - t0) / 1000;
    expect(a.received.filter((m) => m.t === 'res')).toHaveLength(10);
    // The shared burst is spent: b gets one frame on credit (as a lone connection would after its
    // burst) and then only what refilled (1/s) while this test ran.
    expect(b.received.filter((m) => m.t === 'res').length).toBeLessThanOrEqual(1 + Math.floor(seconds));
    a.server.close('done');
    b.server.close('done');
  });
});

describe('fair scheduling', () => {
  test('a socket with many frames buffered yields after FRAMES_PER_TURN, letting another socket in', async () => {
    const order: string[] = [];
    const handler = (_cmd: string, args: Record<string, unknown>) => (order.push(String(args.who)), 1);
    const a = await rawClient({ handler });
    const b = await rawClient({ handler });
    const burst = Buffer.concat(
      Array.from({ length: 50 }, (_, i) => a.sealedFrame({ t: 'req', id: i + 1, cmd: 'x', args: { who: 'a' } })),
    );
    a.client.write(burst);
    b.client.write(b.sealedFrame({ t: 'req', id: 1, cmd: 'x', args: { who: 'b' } }));
    await until(() => order.length === 51, performance.now());
    expect(order).toHaveLength(51);
    // b's one request ran long before a's 50th: a was cut into turns of FRAMES_PER_TURN.
    expect(order.indexOf('b')).toBeLessThanOrEqual(2 * FRAMES_PER_TURN);
    a.server.close('done');
    b.server.close('done');
  });
});
