// Must-show 3: tampered, replayed, reordered and truncated frames, and a wrongly pinned server key.
// Each is rejected, the connection is closed, and nothing reaches the request handler / the client.
import './testing/fast-nacl.js';
import { connectTransport } from './connect.js';
import { encodeMessage } from './codec.js';
import { randomKeyPair, Sealer } from './crypto.js';
import { ProtocolError } from './errors.js';
import { ServerHandshake } from './handshake.js';
import { InMemoryTransport } from './testing/in-memory.js';
import { rawClient, TEST_SERVER_KEY } from './testing/harness.js';

function recorder() {
  const calls: unknown[] = [];
  return { calls, handler: (cmd: string, args: Record<string, unknown>) => (calls.push([cmd, args]), { ok: 1 }) };
}

const req = (id: number) => ({ t: 'req', id, cmd: 'courses.list', args: { n: id } });
// Enough bytes to complete any body a flipped length bit could announce within the anon limit.
const FILLER = Buffer.alloc(4200, 0xab);

describe('attacks on sealed frames (server side)', () => {
  test('rejects a frame with a flipped bit, at every bit position', async () => {
    const probe = await rawClient();
    const frameLength = probe.sealedFrame(req(1)).length;
    probe.client.destroy();
    for (let bit = 0; bit < frameLength * 8; bit++) {
      const { handler, calls } = recorder();
      const c = await rawClient({ handler });
      const frame = c.sealedFrame(req(1));
      frame[bit >> 3] ^= 1 << (bit & 7);
      c.client.write(Buffer.concat([frame, FILLER]));
      const reason = await c.closed;
      expect(reason).toMatch(/failed to open|exceeds the limit/);
      expect(calls).toEqual([]);
      expect(c.received).toEqual([]);
    }
  });

  test('rejects a replayed frame', async () => {
    const { handler, calls } = recorder();
    const c = await rawClient({ handler });
    const frame = c.sealedFrame(req(1));
    c.client.write(frame);
    await c.settle();
    c.client.write(frame);
    expect(await c.closed).toMatch(/failed to open/);
    expect(calls).toHaveLength(1);
    expect(c.server.closed).toBe(true);
  });

  test('rejects a reordered frame (and so a dropped one)', async () => {
    const { handler, calls } = recorder();
    const c = await rawClient({ handler });
    const first = c.sealedFrame(req(1));
    const second = c.sealedFrame(req(2));
    c.client.write(second);
    c.client.write(first);
    expect(await c.closed).toMatch(/failed to open/);
    expect(calls).toEqual([]);
  });

  test('rejects a truncated frame: cut body with its length fixed up', async () => {
    const { handler, calls } = recorder();
    const c = await rawClient({ handler });
    const frame = c.sealedFrame(req(1));
    const cut = Buffer.from(frame.subarray(0, frame.length - 5));
    cut.writeUInt32BE(cut.length - 4, 0);
    c.client.write(cut);
    expect(await c.closed).toMatch(/failed to open/);
    expect(calls).toEqual([]);
  });

  test('a truncated frame followed by end of stream delivers nothing and closes', async () => {
    const { handler, calls } = recorder();
    const c = await rawClient({ handler });
    const frame = c.sealedFrame(req(1));
    c.client.write(frame.subarray(0, frame.length - 1));
    c.client.end();
    expect(await c.closed).toMatch(/closed/);
    expect(calls).toEqual([]);
  });

  test('a frame sealed with the server-to-client key is refused (keys are per direction)', async () => {
    const { handler, calls } = recorder();
    const c = await rawClient({ handler });
    const wrong = new Sealer(c.opener.key); // the server-to-client key, counter 0
    c.client.write(wrong.sealFrame(encodeMessage(req(1))));
    expect(await c.closed).toMatch(/failed to open/);
    expect(calls).toEqual([]);
  });
});

describe('attacks on the client side', () => {
  async function fakeServer(staticSecret = TEST_SERVER_KEY.secretKey) {
    const [client, server] = InMemoryTransport.createLinkedPair();
    const hs = new ServerHandshake({
      staticSecret,
      welcome: () => encodeMessage({ t: 'welcome', server: 'fake', time: 1 }),
    });
    let result: ReturnType<ServerHandshake['feed']> = null;
    server.setHandlers({
      onData(chunk) {
        if (result) return;
        result = hs.feed(chunk);
        if (result) server.write(result.reply);
      },
      onClose() {},
    });
    const channel = connectTransport(client, { host: 'memory', port: 0, serverKey: TEST_SERVER_KEY.publicKey });
    return { channel, server, sealer: () => result!.sealer, transport: client };
  }

  test('a client pinned to another server key refuses the server and closes', async () => {
    const f = await fakeServer(randomKeyPair().secretKey);
    const err = await f.channel.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProtocolError);
    expect((err as ProtocolError).code).toBe('SERVER_KEY_MISMATCH');
    await new Promise((r) => setImmediate(r));
    expect(f.transport.closed).toBe(true);
  });

  test('a flipped bit in a server answer closes the client and rejects the request', async () => {
    const f = await fakeServer();
    const ch = await f.channel;
    const events: unknown[] = [];
    ch.onEvent((n) => events.push(n));
    const pending = ch.request('courses.list');
    const frame = f.sealer().sealFrame(encodeMessage({ t: 'res', id: 1, ok: true, data: [] }));
    frame[frame.length - 1] ^= 0x10;
    f.server.write(frame);
    await expect(pending).rejects.toMatchObject({ code: 'CONNECTION_CLOSED' });
    expect(ch.closed).toBe(true);
    expect(events).toEqual([]);
  });

  test('a replayed server event closes the client after delivering it once', async () => {
    const f = await fakeServer();
    const ch = await f.channel;
    const events: unknown[] = [];
    ch.onEvent((n) => events.push(n));
    const closed = new Promise<{ error?: Error }>((r) => ch.onClose(r));
    const frame = f.sealer().sealFrame(encodeMessage({ t: 'evt', name: 'exam.expired', data: {} }));
    f.server.write(frame);
    f.server.write(frame);
    expect(((await closed).error as ProtocolError).code).toBe('DECRYPT_FAILED');
    expect(events).toEqual(['exam.expired']);
  });

  test('an answer out of request order closes the client', async () => {
    const f = await fakeServer();
    const ch = await f.channel;
    const a = ch.request('a');
    const b = ch.request('b');
    f.server.write(f.sealer().sealFrame(encodeMessage({ t: 'res', id: 2, ok: true, data: 1 })));
    await expect(a).rejects.toMatchObject({ code: 'CONNECTION_CLOSED' });
    await expect(b).rejects.toMatchObject({ code: 'CONNECTION_CLOSED' });
  });
});
