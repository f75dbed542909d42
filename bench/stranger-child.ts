// The strangers of `bench -- abuse-stranger`, in their own process: raw protocol clients written
// from PROTOCOL.md that never log in (no account), each attack as the issue describes it.
// Prints `{"ready":true}`, starts the attack on the first stdin line, stops on the second and
// prints one JSON line of counts.
import net from 'node:net';
import readline from 'node:readline';
import { encodeMessage } from '../protocol/codec.js';
import type { Sealer } from '../protocol/crypto.js';
import { FrameReader } from '../protocol/frame.js';
import { ClientHandshake } from '../protocol/handshake.js';
import { parseFlags } from './args.js';

const f = parseFlags(
  process.argv.slice(2),
  { port: 0, key: '', scenario: '', victim: '', addresses: '' },
  'stranger-child --port N --key HEX --scenario NAME [--victim USER] [--addresses A,B,...]',
);
const serverKey = Uint8Array.from(Buffer.from(f.key, 'hex'));
const addresses = f.addresses.split(',').filter(Boolean);
let stopped = false;
const counts = { connections: 0, refusedOrClosed: 0, framesSent: 0, framesReceived: 0, bytesReceived: 0 };
const sockets = new Set<net.Socket>();

interface Raw {
  socket: net.Socket;
  sealer: Sealer;
  onFrame(fn: () => void): void;
}

/** Connects from `localAddress`, completes the handshake; frames received are counted (never opened). */
function rawConnect(localAddress: string, read = true): Promise<Raw | null> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port: f.port, localAddress });
    socket.setNoDelay(true);
    const hs = new ClientHandshake(serverKey);
    const reader = new FrameReader(2 * 1024 * 1024);
    let frameFn: (() => void) | null = null;
    let done = false;
    sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => {
      sockets.delete(socket);
      counts.refusedOrClosed++;
      if (!done) resolve(null);
    });
    socket.on('connect', () => socket.write(hs.start()));
    socket.on('data', (chunk: Buffer) => {
      counts.bytesReceived += chunk.length;
      if (!done) {
        const r = hs.feed(chunk);
        if (!r) return;
        done = true;
        counts.connections++;
        if (!read) socket.pause(); // never reads again: the server's answers pile up on its side
        resolve({ socket, sealer: r.sealer, onFrame: (fn) => (frameFn = fn) });
        chunk = r.rest;
      }
      reader.push(chunk);
      while (reader.next()) {
        counts.framesReceived++;
        frameFn?.();
      }
    });
  });
}

/** Writes frames as fast as the socket takes them, until stopped or closed. */
function flood(raw: Raw, frame: () => Buffer): void {
  const pump = () => {
    while (!stopped && !raw.socket.destroyed) {
      counts.framesSent++;
      if (!raw.socket.write(frame())) return void raw.socket.once('drain', pump);
    }
  };
  pump();
}

const ping = (r: Raw) => () => r.sealer.sealFrame(encodeMessage({ t: 'ping' }));
let reqId = 0;
const req = (r: Raw, cmd: string, args: Record<string, unknown>) =>
  r.sealer.sealFrame(encodeMessage({ t: 'req', id: ++reqId, cmd, args }));
const addr = (i: number) => addresses[i % addresses.length];

async function pingFlood(n: number): Promise<void> {
  await Promise.all(
    Array.from({ length: n }, async (_, i) => {
      const r = await rawConnect(addr(i));
      if (r) flood(r, ping(r));
    }),
  );
}

async function neverRead(n: number): Promise<void> {
  await Promise.all(
    Array.from({ length: n }, async (_, i) => {
      const r = await rawConnect(addr(i), false);
      if (r) flood(r, () => req(r, 'courses.list', {}));
    }),
  );
}

/** Keeps `queued` wrong logins outstanding per connection: a new one for every answer. */
async function wrongLogins(
  perAddress: number,
  connsPerAddress: number,
  cmd: 'auth.login' | 'auth.register',
): Promise<void> {
  const perConn = Math.ceil(perAddress / connsPerAddress);
  let n = 0;
  const one = (r: Raw) => {
    counts.framesSent++;
    const name = `x${process.pid}${++n}`.slice(0, 30);
    r.socket.write(
      cmd === 'auth.login'
        ? req(r, cmd, { username: f.victim || name, password: `wrong guess ${n}`, role: 'student' })
        : req(r, cmd, { username: name, password: 'registered by a stranger' }),
    );
  };
  await Promise.all(
    Array.from({ length: addresses.length * connsPerAddress }, async (_, i) => {
      const r = await rawConnect(addr(i));
      if (!r) return;
      r.onFrame(() => !stopped && one(r));
      for (let k = 0; k < perConn; k++) one(r);
    }),
  );
}

/** Opens anonymous sessions from every address until refused, re-opening any that close; pongs every 15 s. */
async function fillDescriptors(): Promise<void> {
  const held = new Set<Raw>();
  const keepAlive = setInterval(() => {
    for (const r of held) if (!r.socket.destroyed) r.socket.write(r.sealer.sealFrame(encodeMessage({ t: 'pong' })));
  }, 15_000);
  keepAlive.unref();
  const lane = async (a: string) => {
    let refusedInARow = 0;
    while (!stopped) {
      const r = await rawConnect(a);
      if (!r) {
        // Refused (per-address cap or full): try again a little later, as an attacker would.
        await new Promise((res) => setTimeout(res, Math.min(1_000, 50 * ++refusedInARow)));
        continue;
      }
      refusedInARow = 0;
      held.add(r);
      r.socket.once('close', () => held.delete(r));
    }
  };
  await Promise.all(addresses.flatMap((a) => Array.from({ length: 4 }, () => lane(a))));
}

/** One guess at the victim's password every 200 ms from one address (the owner logs in elsewhere). */
async function lockout(): Promise<void> {
  while (!stopped) {
    const r = await rawConnect(addr(0));
    if (!r) continue;
    while (!stopped && !r.socket.destroyed) {
      counts.framesSent++;
      r.socket.write(req(r, 'auth.login', { username: f.victim, password: `guess ${++reqId}`, role: 'student' }));
      await new Promise((res) => setTimeout(res, 200));
    }
  }
}

const rl = readline.createInterface({ input: process.stdin });
const lines = rl[Symbol.asyncIterator]();
process.stdout.write(JSON.stringify({ ready: true }) + '\n');
await lines.next();
const attacks: Record<string, () => Promise<void>> = {
  none: async () => {},
  ping1: () => pingFlood(1),
  ping20: () => pingFlood(20),
  noread60: () => neverRead(60),
  logins: () => wrongLogins(1_000, 10, 'auth.login'),
  register: () => wrongLogins(400, 4, 'auth.register'),
  fds: fillDescriptors,
  lockout,
};
const attack = attacks[f.scenario];
if (!attack) throw new Error(`stranger-child: unknown scenario ${f.scenario}`);
void attack().catch((e: unknown) => process.stderr.write(`stranger-child: ${String(e)}\n`));
await lines.next();
stopped = true;
const open = sockets.size;
for (const s of sockets) s.destroy();
process.stdout.write(JSON.stringify({ ...counts, openAtStop: open }) + '\n');
rl.close();
process.exit(0);
