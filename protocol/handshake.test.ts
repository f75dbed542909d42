// Handshake attacks (PROTOCOL.md 2, 3): state machines over bytes, then the real server connection.
import './testing/fast-nacl.js';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { acceptTransport } from './accept.js';
import { encodeMessage } from './codec.js';
import { randomKeyPair } from './crypto.js';
import { ProtocolError } from './errors.js';
import { encodeFrame } from './frame.js';
import { ClientHandshake, ServerHandshake } from './handshake.js';
import { PREAMBLE } from './limits.js';
import { InMemoryTransport } from './testing/in-memory.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const vectors = JSON.parse(fs.readFileSync(path.join(here, '..', 'docs', 'protocol-vectors.json'), 'utf8'));
const LOW_ORDER: string[] = vectors.low_order_points.points;
const server = randomKeyPair();
const welcome = () => encodeMessage({ t: 'welcome', server: 'pandaproctor/test', time: 1 });

function serverHs() {
  return new ServerHandshake({ staticSecret: server.secretKey, welcome });
}

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return e instanceof ProtocolError ? e.code : `not a ProtocolError: ${String(e)}`;
  }
  return undefined;
}

describe('handshake', () => {
  test('a fresh handshake agrees on both keys', () => {
    const c = new ClientHandshake(server.publicKey);
    const s = serverHs().feed(c.start())!;
    const r = c.feed(s.reply)!;
    expect(Buffer.from(r.keys.c2s)).toEqual(Buffer.from(s.keys.c2s));
    expect(Buffer.from(r.keys.s2c)).toEqual(Buffer.from(s.keys.s2c));
    expect(Buffer.from(r.keys.c2s)).not.toEqual(Buffer.from(r.keys.s2c));
  });

  test.each(LOW_ORDER)('server rejects low-order point %s as client ephemeral key', (p) => {
    const hello = Buffer.concat([PREAMBLE, encodeFrame(Buffer.from(p, 'hex'))]);
    expect(code(() => serverHs().feed(hello))).toBe('WEAK_KEY');
  });

  test.each(LOW_ORDER)('client rejects low-order point %s as server ephemeral key', (p) => {
    const c = new ClientHandshake(server.publicKey);
    c.start();
    const reply = encodeFrame(Buffer.concat([Buffer.from(p, 'hex'), Buffer.alloc(40, 1)]));
    expect(code(() => c.feed(reply))).toBe('WEAK_KEY');
  });

  test('rejects all-zero ephemeral key', () => {
    const hello = Buffer.concat([PREAMBLE, encodeFrame(Buffer.alloc(32))]);
    expect(code(() => serverHs().feed(hello))).toBe('WEAK_KEY');
  });

  test('rejects a bad preamble at its first wrong byte', () => {
    expect(code(() => serverHs().feed(Buffer.from('GET / HTTP/1.1\r\n')))).toBe('BAD_PREAMBLE');
    const s = serverHs();
    expect(s.feed(PREAMBLE.subarray(0, 4))).toBeNull();
    expect(code(() => s.feed(Buffer.of(0x02)))).toBe('BAD_PREAMBLE'); // version 2
  });

  test('rejects a client handshake body that is not exactly 32 bytes, or over 256 bytes before buffering it', () => {
    expect(code(() => serverHs().feed(Buffer.concat([PREAMBLE, encodeFrame(Buffer.alloc(33, 9))])))).toBe(
      'HANDSHAKE_FAILED',
    );
    const huge = Buffer.concat([PREAMBLE, Buffer.from('ffffffff', 'hex')]);
    expect(code(() => serverHs().feed(huge))).toBe('HANDSHAKE_FAILED');
  });

  test('rejects a server pinned to another key', () => {
    const c = new ClientHandshake(randomKeyPair().publicKey);
    const s = serverHs().feed(c.start())!;
    expect(code(() => c.feed(s.reply))).toBe('SERVER_KEY_MISMATCH');
  });

  test('rejects a server handshake frame with any single flipped bit', () => {
    const eph = randomKeyPair().secretKey;
    const sEph = randomKeyPair().secretKey;
    const hello = new ClientHandshake(server.publicKey, eph).start();
    const reply = new ServerHandshake({ staticSecret: server.secretKey, welcome, ephemeralSecret: sEph }).feed(
      hello,
    )!.reply;
    for (let bit = 32; bit < reply.length * 8; bit++) {
      const bad = Buffer.from(reply);
      bad[bit >> 3] ^= 1 << (bit & 7);
      const c = new ClientHandshake(server.publicKey, eph);
      c.start();
      let outcome: unknown;
      try {
        outcome = c.feed(bad);
      } catch (e) {
        outcome = e;
      }
      // Either refused outright, or (a flipped length bit) still waiting for bytes that never come.
      expect(outcome === null || outcome instanceof ProtocolError).toBe(true);
    }
  });

  test('the server connection closes on a low-order key without replying', async () => {
    const [client, serverSide] = InMemoryTransport.createLinkedPair();
    const closed = new Promise<{ reason: string; error?: Error }>((r) =>
      acceptTransport(serverSide, { staticSecret: server.secretKey, serverName: 't', handler: () => null }).onClose(r),
    );
    client.setHandlers({ onData: () => {}, onClose: () => {} });
    client.write(Buffer.concat([PREAMBLE, encodeFrame(Buffer.from(LOW_ORDER[2], 'hex'))]));
    const info = await closed;
    expect((info.error as ProtocolError).code).toBe('WEAK_KEY');
    expect(serverSide.written).toHaveLength(0);
  });

  test('the server closes a connection whose handshake does not finish in time', async () => {
    const [client, serverSide] = InMemoryTransport.createLinkedPair();
    const conn = acceptTransport(serverSide, {
      staticSecret: server.secretKey,
      serverName: 't',
      handler: () => null,
      timings: { handshakeTimeoutMs: 30 },
    });
    const closed = new Promise<{ error?: Error }>((r) => conn.onClose(r));
    client.setHandlers({ onData: () => {}, onClose: () => {} });
    client.write(Buffer.from(PREAMBLE.subarray(0, 5)));
    expect(((await closed).error as ProtocolError).code).toBe('HANDSHAKE_TIMEOUT');
    expect(conn.closed).toBe(true);
  });
});
