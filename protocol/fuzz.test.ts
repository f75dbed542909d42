// Must-show 6: >= 100,000 random and mutated frames fed to the server side: no crash, no hang, no
// unhandled rejection, every bad connection closed, every good one still answering in order.
// Seeded, so a failure reproduces. Mostly over the in-memory pair (fast), plus a slice over TCP.
import './testing/fast-nacl.js';
import net from 'node:net';
import { acceptConnection, acceptTransport } from './accept.js';
import type { RequestHandler } from './api.js';
import { connect } from './connect.js';
import { encodeMessage, decodeMessage } from './codec.js';
import { Opener, Sealer } from './crypto.js';
import { AppError } from './errors.js';
import { encodeFrame, FrameReader } from './frame.js';
import { ClientHandshake, ServerHandshake } from './handshake.js';
import { MAX_FRAME_ANY_ROLE, PREAMBLE } from './limits.js';
import { InMemoryTransport } from './testing/in-memory.js';
import { TEST_SERVER_KEY } from './testing/harness.js';

function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = prng(20261125);
const int = (n: number) => Math.floor(rand() * n);
const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)];
const bytes = (n: number) => Buffer.from(Array.from({ length: n }, () => int(256)));

function randomValue(depth = 0): unknown {
  switch (int(depth > 2 ? 6 : 9)) {
    case 0:
      return int(2 ** 31) - 2 ** 30;
    case 1:
      return rand() * 1e6;
    case 2:
      return pick([2 ** 40, -(2 ** 53) + 1, 0, Number.MAX_SAFE_INTEGER, 1.5, -0.25]);
    case 3:
      return bytes(int(12)).toString('latin1') + pick(['', 'é', '😀', '\u0000']);
    case 4:
      return pick([true, false, null]);
    case 5:
      return bytes(int(8));
    case 6:
      return Array.from({ length: int(5) }, () => randomValue(depth + 1));
    default:
      return randomMap(depth + 1);
  }
}
function randomMap(depth = 0): Record<string, unknown> {
  const m: Record<string, unknown> = {};
  for (let i = int(5); i > 0; i--)
    m[pick(['a', 'id', 't', 'args', 'constructor', 'x'.repeat(int(40)), String(int(99))])] = randomValue(depth);
  return m;
}

const handler: RequestHandler = (cmd, args) => {
  switch (cmd) {
    case 'echo':
      return args;
    case 'async':
      return new Promise((r) => setImmediate(() => r({ n: Object.keys(args).length })));
    case 'app-error':
      throw new AppError('CONFLICT', 'already answered');
    case 'async-crash':
      return Promise.reject(new Error('boom'));
    case 'crash':
      throw new TypeError('boom');
    default:
      throw new AppError('BAD_REQUEST', `unknown command ${cmd}`);
  }
};
const CMDS = ['echo', 'async', 'app-error', 'crash', 'async-crash', 'no.such', ''] as const;

// A deterministic handshake (fixed ephemeral keys) so session keys are derived once, not per session.
const clientEph = Uint8Array.from(bytes(32));
const serverEph = Uint8Array.from(bytes(32));
const hello = new ClientHandshake(TEST_SERVER_KEY.publicKey, clientEph).start();
const keys = new ServerHandshake({
  staticSecret: TEST_SERVER_KEY.secretKey,
  ephemeralSecret: serverEph,
  welcome: () => Buffer.of(0x80),
}).feed(hello)!.keys;
const FILLER = Buffer.alloc(4200, 0x5a);
const unhandled: unknown[] = [];
const onUnhandled = (e: unknown) => unhandled.push(e);

beforeAll(() => process.on('unhandledRejection', onUnhandled));
afterAll(() => process.off('unhandledRejection', onUnhandled));

type Hostile = (s: Sealer, sent: Buffer[]) => { data: Buffer; end?: boolean };
const hostile: Array<[string, Hostile]> = [
  [
    'bit flip',
    (s) => {
      const f = s.sealFrame(encodeMessage({ t: 'req', id: 1e6, cmd: 'echo', args: randomMap() }));
      const bit = int(f.length * 8);
      f[bit >> 3] ^= 1 << (bit & 7);
      return { data: Buffer.concat([f, FILLER]) };
    },
  ],
  ['random body', () => encode(bytes(16 + int(300)))],
  ['sealed garbage', (s) => ({ data: s.sealFrame(bytes(2 + int(100))) })],
  [
    'not an envelope',
    (s) => ({
      data: s.sealFrame(
        encodeMessage(
          pick<Record<string, unknown>>([
            { t: pick(['hello', 'REQ', '']) },
            { id: 1 },
            { t: 'res', id: 1, ok: true, data: 1 },
            { t: 'evt', name: 'x', data: {} },
            { t: 'welcome', server: 's', time: 1 },
            { t: 'req', id: -1, cmd: 'echo', args: {} },
            { t: 'req', id: 1.5, cmd: 'echo', args: {} },
            { t: 'req', cmd: 'echo', args: {} },
            { t: 'bye' },
          ]),
        ),
      ),
    }),
  ],
  ['not a map', (s) => ({ data: s.sealFrame(encodeMessage(randomValue() as never)) })],
  ['extension type', (s) => ({ data: s.sealFrame(Buffer.from('82a174a3726571a2696401d40501', 'hex')) })],
  ['replay', (s, sent) => ({ data: sent.length ? pick(sent) : Buffer.concat([s.sealFrame(Buffer.of(0x80)), FILLER]) })],
  [
    'reorder',
    (s) => {
      const a = s.sealFrame(encodeMessage({ t: 'ping' }));
      return { data: Buffer.concat([s.sealFrame(encodeMessage({ t: 'ping' })), a]) };
    },
  ],
  [
    'oversize prefix',
    () => {
      const p = Buffer.alloc(4);
      p.writeUInt32BE(4097 + int(0xffffffff - 4097));
      return { data: Buffer.concat([p, bytes(int(64))]) };
    },
  ],
  [
    'truncated then end',
    (s) => {
      const f = s.sealFrame(encodeMessage({ t: 'req', id: 1e6, cmd: 'echo', args: {} }));
      return { data: f.subarray(0, int(f.length)), end: true };
    },
  ],
];

function encode(body: Buffer) {
  return { data: encodeFrame(body) };
}

interface SessionStats {
  frames: number;
  hostile: boolean;
}

async function session(): Promise<SessionStats> {
  const [client, serverSide] = InMemoryTransport.createLinkedPair();
  const conn = acceptTransport(serverSide, {
    staticSecret: TEST_SERVER_KEY.secretKey,
    ephemeralSecret: serverEph,
    serverName: 'fuzz',
    handler,
    log: () => {},
  });
  let closedReason: string | undefined;
  conn.onClose((i) => (closedReason = i.reason));
  const reader = new FrameReader(MAX_FRAME_ANY_ROLE);
  const opener = new Opener(keys.s2c);
  const answered: number[] = [];
  let first = true;
  client.setHandlers({
    onData(chunk) {
      reader.push(chunk);
      for (let b = reader.next(); b; b = reader.next()) {
        const plain = opener.open(first ? b.subarray(32) : b);
        first = false;
        if (!plain) throw new Error('server frame failed to open');
        const d = decodeMessage(plain);
        if (d.kind === 'ok' && d.msg.t === 'res') answered.push(d.msg.id);
      }
    },
    onClose() {},
  });
  serverSide.inject(hello);
  const sealer = new Sealer(keys.c2s);
  const sent: Buffer[] = [];
  const reqIds: number[] = [];
  const benign = 1 + int(60);
  for (let i = 0; i < benign; i++) {
    const kind = int(10);
    const id = reqIds.length + 1;
    let msg: Record<string, unknown>;
    if (kind < 6) msg = { t: 'req', id, cmd: pick(CMDS), args: randomMap() };
    else if (kind === 6) msg = { t: 'req', id, cmd: pick([5, null, ['x']]), args: {} };
    else if (kind === 7) msg = { t: 'req', id, cmd: 'echo', args: pick([[1], 'x', null, 3]) };
    else msg = { t: pick(['ping', 'pong']) };
    if (msg.t === 'req') reqIds.push(id);
    const frame = sealer.sealFrame(encodeMessage(msg));
    sent.push(frame);
    serverSide.inject(frame);
  }
  const isHostile = rand() < 0.85;
  if (isHostile) {
    const [, make] = pick(hostile);
    const { data, end } = make(sealer, sent);
    serverSide.inject(data);
    if (end) client.end();
  }
  for (let spin = 0; spin < 50 && (isHostile ? closedReason === undefined : answered.length < reqIds.length); spin++) {
    await new Promise((r) => setImmediate(r));
  }
  if (isHostile) {
    expect(closedReason).toBeDefined();
    expect(reqIds.slice(0, answered.length)).toEqual(answered);
  } else {
    expect(closedReason).toBeUndefined();
    expect(answered).toEqual(reqIds); // every request answered, in request order
    conn.close('fuzz session over');
  }
  return { frames: benign + (isHostile ? 1 : 0), hostile: isHostile };
}

describe('fuzzing the server side', () => {
  test('100,000+ random and mutated frames: bad connections close, good ones keep answering in order', async () => {
    let frames = 0;
    let hostileSessions = 0;
    // Part A: random bytes from the first byte (bad preambles, bad handshake frames), 20,000 inputs.
    for (let batch = 0; batch < 200; batch++) {
      const closed: Array<Promise<string>> = [];
      for (let i = 0; i < 100; i++) {
        const [client, serverSide] = InMemoryTransport.createLinkedPair();
        const conn = acceptTransport(serverSide, {
          staticSecret: TEST_SERVER_KEY.secretKey,
          serverName: 'fuzz',
          handler,
        });
        closed.push(new Promise((r) => conn.onClose((info) => r(info.reason))));
        client.setHandlers({ onData: () => {}, onClose: () => {} });
        const head = int(4) === 0 ? Buffer.from(PREAMBLE) : Buffer.from(PREAMBLE.subarray(0, int(8)));
        const body = int(3) === 0 ? encodeFrame(bytes(int(40))) : bytes(int(80));
        if (int(2) === 0 && head.length) head[int(head.length)] ^= 1 << int(8);
        serverSide.inject(Buffer.concat([head, body]));
        client.end(); // an incomplete handshake must still end in a close, not a hang
        frames++;
      }
      await Promise.all(closed);
    }
    // Part B: live sessions with random benign frames, most ending in one hostile frame.
    while (frames < 100_000) {
      const results = await Promise.all(Array.from({ length: 25 }, () => session()));
      for (const r of results) {
        frames += r.frames;
        if (r.hostile) hostileSessions++;
      }
    }
    expect(frames).toBeGreaterThanOrEqual(100_000);
    expect(hostileSessions).toBeGreaterThan(1000);
    expect(unhandled).toEqual([]);
  });

  test('over TCP: garbage and tampered frames close the socket; the server keeps serving', async () => {
    // A short handshake deadline so garbage that looks like the start of a handshake is closed quickly.
    const opts = {
      staticSecret: TEST_SERVER_KEY.secretKey,
      serverName: 'fuzz',
      handler,
      log: () => {},
      timings: { handshakeTimeoutMs: 500 },
    };
    const server = net.createServer((s) => acceptConnection(s, opts));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as net.AddressInfo).port;
    const closes: Array<Promise<void>> = [];
    for (let i = 0; i < 120; i++) {
      const sock = net.connect(port, '127.0.0.1');
      sock.on('error', () => {});
      const closed = new Promise<void>((r) => sock.on('close', () => r()));
      const hs = new ClientHandshake(TEST_SERVER_KEY.publicKey);
      if (i % 2 === 0) {
        sock.write(int(2) ? bytes(1 + int(200)) : Buffer.concat([PREAMBLE, bytes(int(100))]));
      } else {
        sock.write(hs.start());
        sock.on('data', (chunk: Buffer) => {
          const r = hs.feed(chunk);
          if (!r) return;
          const { data, end } = pick(hostile)[1](r.sealer, []);
          sock.write(data);
          if (end) sock.end();
        });
      }
      closes.push(
        Promise.race([
          closed,
          new Promise<void>((_, rej) => setTimeout(() => rej(new Error(`connection ${i} not closed`)), 15_000).unref()),
        ]).finally(() => sock.destroy()),
      );
    }
    await Promise.all(closes);
    const ch = await connect({ host: '127.0.0.1', port, serverKey: TEST_SERVER_KEY.publicKey });
    await expect(ch.request('echo', { still: 'alive' })).resolves.toEqual({ still: 'alive' });
    await ch.close();
    await new Promise<void>((r) => server.close(() => r()));
    expect(unhandled).toEqual([]);
  });
});
