// Must-show 1: handshake and request/response over real TCP on 127.0.0.1.
import './testing/fast-nacl.js';
import net from 'node:net';
import { acceptConnection } from './accept.js';
import type { AcceptOptions, ServerConnection } from './api.js';
import { connect } from './connect.js';
import { encodeMessage } from './codec.js';
import { Opener, randomKeyPair, Sealer } from './crypto.js';
import { FrameReader } from './frame.js';
import { ClientHandshake } from './handshake.js';
import { MAX_FRAME_ANY_ROLE } from './limits.js';
import { AppError, ProtocolError } from './errors.js';

const serverKey = randomKeyPair();

async function startServer(opts: Partial<AcceptOptions> = {}) {
  const conns: ServerConnection[] = [];
  const logs: string[] = [];
  const server = net.createServer((socket) => {
    conns.push(
      acceptConnection(socket, {
        staticSecret: serverKey.secretKey,
        serverName: 'pandaproctor/test',
        now: () => 1_700_000_000_000,
        log: (l) => logs.push(l),
        handler: async (cmd, args) => {
          if (cmd === 'echo') return args;
          if (cmd === 'slow') {
            await new Promise((r) => setTimeout(r, Number(args.ms)).unref());
            return { n: args.n };
          }
          if (cmd === 'boom') throw new Error('secret internal detail');
          throw new AppError('BAD_REQUEST', `unknown command ${cmd}`);
        },
        ...opts,
      }),
    );
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    conns,
    logs,
    async stop() {
      for (const c of conns) c.close('test over');
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

describe('over real TCP', () => {
  test('handshake, welcome and request/response round trip', async () => {
    const s = await startServer();
    const ch = await connect({ host: '127.0.0.1', port: s.port, serverKey: serverKey.publicKey });
    expect(ch.welcome).toEqual({ t: 'welcome', server: 'pandaproctor/test', time: 1_700_000_000_000 });
    await expect(ch.request('echo', { a: 1, big: 2 ** 40, s: 'é' })).resolves.toEqual({ a: 1, big: 2 ** 40, s: 'é' });
    await ch.close();
    expect(ch.closed).toBe(true);
    await s.stop();
  });

  test('pipelined answers come back in request order even when handlers finish out of order', async () => {
    const s = await startServer();
    const ch = await connect({ host: '127.0.0.1', port: s.port, serverKey: serverKey.publicKey });
    const order: number[] = [];
    const ps = [50, 5, 30, 0, 10].map((ms, n) =>
      ch.request<{ n: number }>('slow', { ms, n }).then((r) => order.push(r.n)),
    );
    await Promise.all(ps);
    expect(order).toEqual([0, 1, 2, 3, 4]);
    await ch.close();
    await s.stop();
  });

  test('unknown command is BAD_REQUEST; a crashing handler is a generic INTERNAL, logged', async () => {
    const s = await startServer();
    const ch = await connect({ host: '127.0.0.1', port: s.port, serverKey: serverKey.publicKey });
    await expect(ch.request('nope')).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const err = await ch.request('boom').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('INTERNAL');
    expect((err as AppError).message).not.toContain('secret');
    expect(s.logs.join('\n')).toContain('secret internal detail');
    expect(ch.closed).toBe(false);
    await ch.close();
    await s.stop();
  });

  test('a client pinned to another server key is refused', async () => {
    const s = await startServer();
    const other = randomKeyPair();
    await expect(connect({ host: '127.0.0.1', port: s.port, serverKey: other.publicKey })).rejects.toMatchObject({
      code: 'SERVER_KEY_MISMATCH',
    });
    await s.stop();
  });

  test('unsafeNoEncryption works end to end when both sides agree', async () => {
    const s = await startServer({ unsafeNoEncryption: true });
    const ch = await connect({
      host: '127.0.0.1',
      port: s.port,
      serverKey: serverKey.publicKey,
      unsafeNoEncryption: true,
    });
    await expect(ch.request('echo', { x: 'plain' })).resolves.toEqual({ x: 'plain' });
    await ch.close();
    await s.stop();
  });

  test('server events reach the client; server close rejects pending requests', async () => {
    const s = await startServer();
    const ch = await connect({ host: '127.0.0.1', port: s.port, serverKey: serverKey.publicKey });
    const events: unknown[] = [];
    ch.onEvent((name, data) => events.push([name, data]));
    const closed = new Promise<{ reason: string }>((r) => ch.onClose(r));
    await ch.request('echo', {});
    s.conns[0].sendEvent('exam.expired', { attemptId: 'a1' });
    const pending = ch.request('slow', { ms: 10_000, n: 1 });
    await new Promise((r) => setTimeout(r, 20));
    s.conns[0].close('server.closing');
    await expect(pending).rejects.toBeInstanceOf(ProtocolError);
    expect((await closed).reason).toContain('server.closing');
    expect(events).toEqual([['exam.expired', { attemptId: 'a1' }]]);
    await s.stop();
  });

  test('a socket that closed before acceptConnection() still reports its close', async () => {
    const srv = net.createServer();
    const accepted = new Promise<net.Socket>((r) => srv.once('connection', r));
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const client = net.connect((srv.address() as net.AddressInfo).port, '127.0.0.1');
    const socket = await accepted;
    socket.destroy();
    client.destroy();
    const conn = acceptConnection(socket, { staticSecret: serverKey.secretKey, serverName: 't', handler: () => null });
    const info = await new Promise<{ reason: string }>((r) => conn.onClose(r));
    expect(info.reason).toContain('closed');
    expect(conn.closed).toBe(true);
    await new Promise<void>((r) => srv.close(() => r()));
  });

  test('a client that never reads its answers stops being read (bounded server memory), then catches up', async () => {
    let calls = 0;
    const s = await startServer({ handler: () => (calls++, 'x'.repeat(100_000)) });
    const sock = net.connect(s.port, '127.0.0.1');
    const hs = new ClientHandshake(serverKey.publicKey);
    const reader = new FrameReader(MAX_FRAME_ANY_ROLE);
    let opener: Opener | undefined;
    let answers = 0;
    const ready = new Promise<Sealer>((resolve) => {
      sock.on('data', (chunk: Buffer) => {
        if (!opener) {
          const r = hs.feed(chunk);
          if (!r) return;
          opener = r.opener;
          resolve(r.sealer);
          chunk = r.rest;
          sock.pause(); // from now on: do not read
        }
        reader.push(chunk);
        for (let b = reader.next(); b; b = reader.next()) if (opener.open(b)) answers++;
      });
    });
    sock.write(hs.start());
    try {
      const sealer = await ready;
      const total = 400; // 40 MB of answers
      for (let id = 1; id <= total; id++)
        sock.write(sealer.sealFrame(encodeMessage({ t: 'req', id, cmd: 'big', args: {} })));
      await new Promise((r) => setTimeout(r, 400));
      expect(calls).toBeLessThan(total / 2);
      sock.resume();
      // 40 MB through the handshake's cipher: bounded at 30 s for a loaded machine.
      for (let i = 0; i < 1_500 && answers < total; i++) await new Promise((r) => setTimeout(r, 20));
      expect(answers).toBe(total);
      expect(calls).toBe(total);
    } finally {
      sock.destroy();
      await s.stop();
    }
  });

  test('a malformed server key is refused before connecting', async () => {
    await expect(connect({ host: '127.0.0.1', port: 1, serverKey: new Uint8Array(31) })).rejects.toMatchObject({
      code: 'HANDSHAKE_FAILED',
    });
  });

  test('connect to a closed port fails with CONNECT_FAILED', async () => {
    const srv = net.createServer();
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const port = (srv.address() as net.AddressInfo).port;
    await new Promise<void>((r) => srv.close(() => r()));
    await expect(connect({ host: '127.0.0.1', port, serverKey: serverKey.publicKey })).rejects.toMatchObject({
      code: 'CONNECT_FAILED',
    });
  });
});
