import type { PresenceEvent } from '../protocol/messages.js';
import { PresenceForwarder } from './forwarder.js';
import { IDENTITY_LIMITS } from './limits.js';

const ev = (at: number, state: PresenceEvent['state'] = 'present', seq = 1): PresenceEvent => ({
  seq,
  at,
  state,
  faces: state === 'present' ? 1 : 0,
  fps: 5,
});
const tick = (ms = 20) => new Promise((r) => setTimeout(r, ms));
async function until(cond: () => boolean, ms = 2000) {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await tick(5);
  }
}

/** A fake server: stores by seq like server/handlers/presence.ts, can be "down". */
function fakeServer() {
  const stored = new Map<number, PresenceEvent>();
  const s = {
    down: false,
    calls: [] as PresenceEvent[][],
    stored,
    send: async (events: PresenceEvent[]) => {
      s.calls.push(events);
      await tick(1);
      if (s.down) throw new Error('connection closed');
      for (const e of events) if (!stored.has(e.seq)) stored.set(e.seq, e);
      return { acked: Math.max(0, ...stored.keys()) };
    },
  };
  return s;
}

describe('PresenceForwarder', () => {
  test('batches events pushed together into one report and numbers them itself', async () => {
    const srv = fakeServer();
    const f = new PresenceForwarder({ send: srv.send, firstSeq: 100, batchDelayMs: 10 });
    f.push(ev(0, 'present', 1));
    f.push(ev(200, 'absent', 1)); // a restarted proctor starts again at seq 1
    f.push(ev(400, 'present', 2));
    await until(() => f.pending === 0);
    expect(srv.calls).toHaveLength(1);
    expect(srv.calls[0].map((e) => e.seq)).toEqual([100, 101, 102]);
    expect(srv.calls[0].map((e) => e.state)).toEqual(['present', 'absent', 'present']);
    expect(f.lastAcked).toBe(102);
    f.close();
  });

  test('keeps unacked events while the server is down and resends them after reconnect', async () => {
    const srv = fakeServer();
    const f = new PresenceForwarder({ send: srv.send, firstSeq: 1, batchDelayMs: 1, retryMs: 1000, maxRetryMs: 1000 });
    f.push(ev(0));
    await until(() => f.pending === 0);
    srv.down = true;
    f.push(ev(1000, 'absent'));
    f.push(ev(2000, 'present'));
    await until(() => srv.calls.length === 2);
    await tick(30);
    expect(f.pending).toBe(2); // kept, not lost
    srv.down = false;
    f.reconnected();
    await until(() => f.pending === 0);
    expect([...srv.stored.keys()]).toEqual([1, 2, 3]);
    expect(srv.stored.get(2)!.state).toBe('absent');
    f.close();
  });

  test('retries on its own with backoff when nobody calls reconnected()', async () => {
    const srv = fakeServer();
    srv.down = true;
    const f = new PresenceForwarder({
      send: srv.send,
      firstSeq: 1,
      batchDelayMs: 1,
      retryMs: 10,
      maxRetryMs: 40,
      onError: () => undefined,
    });
    f.push(ev(0));
    await until(() => srv.calls.length >= 3);
    srv.down = false;
    await until(() => f.pending === 0);
    expect(srv.stored.size).toBe(1);
    f.close();
  });

  test('seq stays monotonic across proctor restarts and a duplicate resend is harmless', async () => {
    const srv = fakeServer();
    let failNextAck = true;
    const send = async (events: PresenceEvent[]) => {
      const r = await srv.send(events);
      if (failNextAck) {
        failNextAck = false; // stored, but the answer was lost with the connection
        throw new Error('connection closed');
      }
      return r;
    };
    const f = new PresenceForwarder({ send, firstSeq: 7, batchDelayMs: 1, retryMs: 5, onError: () => undefined });
    for (const s of [1, 2, 1, 2, 3]) f.push(ev(s * 100, 'present', s));
    await until(() => f.pending === 0);
    expect([...srv.stored.keys()]).toEqual([7, 8, 9, 10, 11]);
    expect(srv.calls.length).toBe(2);
    expect(srv.calls[1].map((e) => e.seq)).toEqual([7, 8, 9, 10, 11]);
    f.close();
  });

  test('splits a long backlog into reports of at most maxBatch and flush() waits for all', async () => {
    const srv = fakeServer();
    const f = new PresenceForwarder({ send: srv.send, firstSeq: 1, maxBatch: 4, batchDelayMs: 1000 });
    for (let i = 0; i < 10; i++) f.push(ev(i * 100));
    await f.flush();
    expect(f.pending).toBe(0);
    expect(srv.calls.map((c) => c.length)).toEqual([4, 4, 2]);
    f.close();
  });

  test('flush() rejects, keeping the events, when the server is unreachable', async () => {
    const srv = fakeServer();
    srv.down = true;
    const f = new PresenceForwarder({
      send: srv.send,
      firstSeq: 1,
      batchDelayMs: 1000,
      retryMs: 1000,
      onError: () => undefined,
    });
    f.push(ev(0));
    await expect(f.flush()).rejects.toThrow(/1 events still queued/);
    expect(f.pending).toBe(1);
    f.close();
  });

  test('a full queue drops the oldest events and counts them', () => {
    const sent: PresenceEvent[][] = [];
    const f = new PresenceForwarder({
      send: async (e) => (sent.push(e), { acked: 0 }),
      firstSeq: 1,
      maxQueue: 3,
      batchDelayMs: 1e6,
    });
    for (let i = 0; i < 5; i++) f.push(ev(i));
    expect(f.pending).toBe(3);
    expect(f.dropped).toBe(2);
    f.close();
  });
});

describe('probes (PROTOCOL.md 8 identity)', () => {
  test('a probe is forwarded with its event, and a report carries at most maxProbesPerBatch of them', async () => {
    const sent: PresenceEvent[][] = [];
    const f = new PresenceForwarder({
      firstSeq: 1,
      batchDelayMs: 0,
      send: async (events) => {
        sent.push(events);
        return { acked: events[events.length - 1].seq };
      },
    });
    const probe = new Uint8Array(6000).fill(7);
    for (let i = 0; i < 20; i++) f.push({ seq: 0, at: i * 1000, state: 'present', faces: 1, fps: 5, probe });
    f.push({ seq: 0, at: 21_000, state: 'absent', faces: 0, fps: 5 });
    await f.flush();
    expect(sent.flat()).toHaveLength(21);
    expect(sent.flat()[0].probe).toBe(probe);
    for (const batch of sent)
      expect(batch.filter((e) => e.probe).length).toBeLessThanOrEqual(IDENTITY_LIMITS.maxProbesPerBatch);
    f.close();
  });
});
