// Channel lifecycle: ping after silence, close after longer silence (PROTOCOL.md 5, timings shortened),
// backpressure on pipelined requests, request timeouts, and `bye`.
import './testing/fast-nacl.js';
import { acceptTransport } from './accept.js';
import type { AcceptTestOptions } from './accept.js';
import { connectTransport } from './connect.js';
import type { ConnectTestOptions } from './connect.js';
import { MAX_IN_FLIGHT_REQUESTS } from './limits.js';
import { rawClient, TEST_SERVER_KEY } from './testing/harness.js';
import { InMemoryTransport } from './testing/in-memory.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function pair(server: Partial<AcceptTestOptions> = {}, client: Partial<ConnectTestOptions> = {}) {
  const [c, s] = InMemoryTransport.createLinkedPair();
  const conn = acceptTransport(s, {
    staticSecret: TEST_SERVER_KEY.secretKey,
    serverName: 't',
    handler: (_cmd, args) => args,
    ...server,
  });
  const ch = connectTransport(c, { host: 'm', port: 0, serverKey: TEST_SERVER_KEY.publicKey, ...client });
  return { conn, ch };
}

describe('silence', () => {
  test('the server pings a silent client, and closes it (with bye) after the longer silence', async () => {
    const started = Date.now();
    const c = await rawClient({ timings: { pingAfterSilenceMs: 40, closeAfterSilenceMs: 400 } });
    const reason = await c.closed;
    expect(reason).toBe('idle timeout');
    expect(Date.now() - started).toBeGreaterThanOrEqual(390);
    await c.settle();
    const kinds = c.received.map((m) => m.t);
    expect(kinds.filter((t) => t === 'ping').length).toBeGreaterThanOrEqual(1);
    expect(kinds.at(-1)).toBe('bye');
  });

  test('a client trickling a frame one byte at a time is still closed for silence (slowloris)', async () => {
    const started = Date.now();
    const c = await rawClient({ timings: { pingAfterSilenceMs: 40, closeAfterSilenceMs: 250 } });
    const frame = c.sealedFrame({ t: 'req', id: 1, cmd: 'echo', args: { p: 'x'.repeat(200) } });
    let i = 0;
    const drip = setInterval(() => c.client.write(frame.subarray(i, ++i)), 10);
    try {
      expect(await c.closed).toBe('idle timeout');
    } finally {
      clearInterval(drip);
    }
    expect(i).toBeLessThan(frame.length);
    expect(Date.now() - started).toBeGreaterThanOrEqual(240);
  });

  test('a client that answers pings stays connected', async () => {
    // The close threshold is far above any event-loop stall a loaded CI machine brings, and the
    // wait is longer than it: without answered pings both sides would be closed by then.
    const timings = { pingAfterSilenceMs: 40, closeAfterSilenceMs: 800 };
    const { conn, ch } = pair({ timings }, { timings });
    const client = await ch;
    await sleep(1200); // many ping periods and more than one close period
    expect(conn.closed).toBe(false);
    expect(client.closed).toBe(false);
    await client.close();
    expect(conn.closed).toBe(true);
  });
});

describe('requests', () => {
  test('a connection stops reading after too many requests in flight, and resumes as answers go out', async () => {
    const waiting: Array<() => void> = [];
    let calls = 0;
    const { ch } = pair({
      handler: () => {
        calls++;
        return new Promise((r) => waiting.push(() => r(calls)));
      },
    });
    const client = await ch;
    client.setRole('admin');
    const total = MAX_IN_FLIGHT_REQUESTS + 40;
    const answers = Array.from({ length: total }, (_, i) => client.request('x', { i }));
    // Waited for (bounded) rather than assumed within a fixed sleep; then a moment more, in which
    // a reader that did not stop would hand over the rest.
    for (let i = 0; i < 2_000 && calls < MAX_IN_FLIGHT_REQUESTS; i++) await sleep(5);
    await sleep(20);
    expect(calls).toBe(MAX_IN_FLIGHT_REQUESTS);
    while (waiting.length) {
      waiting.splice(0).forEach((f) => f());
      await sleep(5);
    }
    expect(calls).toBe(total);
    expect((await Promise.all(answers)).length).toBe(total);
    await client.close();
  });

  test('a request the server does not answer in time rejects; the late answer is dropped and order kept', async () => {
    const { ch } = pair(
      { handler: async (cmd) => (cmd === 'slow' ? (await sleep(120), 'late') : 'quick') },
      { requestTimeoutMs: 40 },
    );
    const client = await ch;
    const slow = client.request('slow');
    const quick = client.request('quick');
    await expect(slow).rejects.toMatchObject({ code: 'REQUEST_TIMEOUT' });
    await expect(quick).rejects.toMatchObject({ code: 'REQUEST_TIMEOUT' }); // queued behind the slow one
    await sleep(150);
    await expect(client.request('quick')).resolves.toBe('quick');
    expect(client.closed).toBe(false);
    await client.close();
  });

  test('bye from the client closes the server side without a reply; requests after close reject', async () => {
    const { conn, ch } = pair();
    const client = await ch;
    const closed = new Promise<{ reason: string }>((r) => conn.onClose(r));
    const seen = new Promise<{ reason: string }>((r) => client.onClose(r));
    await client.close('student quit');
    expect((await closed).reason).toBe('peer closed: student quit');
    expect((await seen).reason).toBe('student quit');
    await expect(client.request('x')).rejects.toMatchObject({ code: 'CONNECTION_CLOSED' });
  });

  test('onClose registered after the close still fires once', async () => {
    const { conn, ch } = pair();
    const client = await ch;
    conn.close('server.closing');
    await sleep(10);
    const late = await new Promise<{ reason: string }>((r) => client.onClose(r));
    expect(late.reason).toContain('server.closing');
  });
});
