// Must-show 5: `L` over the limit closes before any buffer of that size exists (PROTOCOL.md 4), and
// the limit follows the session role: 4 KiB anon, 64 KiB student, 1 MiB admin.
import './testing/fast-nacl.js';
import { jest } from '@jest/globals';
import type { ServerConnection } from './api.js';
import { connectTransport } from './connect.js';
import { encodeMessage } from './codec.js';
import { acceptTransport } from './accept.js';
import { MAX_FRAME_BY_ROLE } from './limits.js';
import type { SessionRole } from './messages.js';
import { rawClient, TEST_SERVER_KEY } from './testing/harness.js';
import type { RawClient } from './testing/harness.js';
import { InMemoryTransport } from './testing/in-memory.js';

const handler = (cmd: string, args: Record<string, unknown>, conn: ServerConnection) => {
  if (cmd === 'role') conn.setRole(args.role as SessionRole);
  return { len: typeof args.p === 'string' ? args.p.length : 0 };
};

/** A sealed `req` whose body length L is exactly `target`. */
function frameWithBody(c: RawClient, id: number, target: number): Buffer {
  const size = (n: number) => encodeMessage({ t: 'req', id, cmd: 'echo', args: { p: 'x'.repeat(n) } }).length + 16;
  let n = Math.max(0, target - 64);
  while (size(n) < target) n++;
  if (size(n) !== target) throw new Error(`no padding gives L=${target}`);
  const frame = c.sealedFrame({ t: 'req', id, cmd: 'echo', args: { p: 'x'.repeat(n) } });
  expect(frame.readUInt32BE(0)).toBe(target);
  return frame;
}

async function asRole(role: SessionRole): Promise<RawClient> {
  const c = await rawClient({ handler });
  if (role !== 'anon') {
    c.client.write(c.sealedFrame({ t: 'req', id: 1, cmd: 'role', args: { role } }));
    await c.settle();
    expect(c.received).toHaveLength(1);
  }
  return c;
}

describe('frame size limits', () => {
  test.each([4097, 65537, 1024 * 1024 + 1, 0x7fffffff, 0xffffffff])(
    'a length prefix of %d closes the connection before any large allocation',
    async (len) => {
      const c = await rawClient({ handler });
      const allocs: number[] = [];
      const spies = (['alloc', 'allocUnsafe', 'allocUnsafeSlow'] as const).map((name) => {
        const original = Buffer[name].bind(Buffer);
        return jest.spyOn(Buffer, name).mockImplementation(((size: number, ...rest: unknown[]) => {
          allocs.push(size);
          return (original as (...a: unknown[]) => Buffer)(size, ...rest);
        }) as never);
      });
      const before = process.memoryUsage().arrayBuffers;
      try {
        const prefix = Buffer.alloc(4);
        prefix.writeUInt32BE(len);
        c.client.write(prefix); // only the prefix: the server must not wait for (or buffer) the body
        expect(await c.closed).toMatch(/exceeds the limit/);
      } finally {
        for (const s of spies) s.mockRestore();
      }
      expect(Math.max(0, ...allocs)).toBeLessThan(64 * 1024);
      expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(1024 * 1024);
      expect(c.received).toEqual([]);
    },
  );

  test.each([
    ['anon', MAX_FRAME_BY_ROLE.anon],
    ['student', MAX_FRAME_BY_ROLE.student],
    ['admin', MAX_FRAME_BY_ROLE.admin],
  ] as const)('%s: L = %d is answered, one byte more closes', async (role, limit) => {
    const ok = await asRole(role);
    ok.client.write(frameWithBody(ok, 2, limit));
    await ok.settle();
    expect(ok.received.at(-1)).toMatchObject({ t: 'res', id: 2, ok: true });
    expect(ok.server.closed).toBe(false);
    ok.client.destroy();

    const over = await asRole(role);
    over.client.write(frameWithBody(over, 2, limit + 1));
    expect(await over.closed).toMatch(/exceeds the limit/);
    expect(over.received.filter((m) => m.t === 'res' && m.id === 2)).toEqual([]);
  });

  test('the limits differ by role', () => {
    expect(MAX_FRAME_BY_ROLE.anon).toBe(4096);
    expect(MAX_FRAME_BY_ROLE.student).toBe(65536);
    expect(MAX_FRAME_BY_ROLE.admin).toBe(1048576);
  });

  test('the client refuses locally to send a request over its role limit, and stays connected', async () => {
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    acceptTransport(serverSide, { staticSecret: TEST_SERVER_KEY.secretKey, serverName: 't', handler });
    const ch = await connectTransport(clientSide, { host: 'memory', port: 0, serverKey: TEST_SERVER_KEY.publicKey });
    await expect(ch.request('echo', { p: 'x'.repeat(5000) })).rejects.toMatchObject({ code: 'FRAME_TOO_LARGE' });
    expect(ch.closed).toBe(false);
    await ch.request('role', { role: 'student' });
    ch.setRole('student');
    await expect(ch.request('echo', { p: 'x'.repeat(5000) })).resolves.toEqual({ len: 5000 });
    await ch.close();
  });
});
