// bench/channel: messages/s and MB/s through the protocol layer over a real loopback TCP pair,
// sealed (XSalsa20-Poly1305) vs plain framing (unsafeNoEncryption), at 100 B and 16 KiB payloads.
// Both modes run in the same process and the same run, so the ratio is the cost of sealing.
// Run: node --import tsx bench/channel.ts [--seconds 2.5] [--window 64]
import net from 'node:net';
import { acceptConnection } from '../protocol/accept.js';
import type { ServerConnection } from '../protocol/api.js';
import { connect } from '../protocol/connect.js';
import { randomKeyPair } from '../protocol/crypto.js';
import { parseFlags, runIfScript } from './args.js';

interface Result {
  payload: number;
  sealed: boolean;
  messages: number;
  seconds: number;
}

async function measure(payload: number, sealed: boolean, seconds: number, window: number): Promise<Result> {
  const key = randomKeyPair();
  const server = net.createServer((socket) =>
    acceptConnection(socket, {
      staticSecret: key.secretKey,
      serverName: 'bench',
      unsafeNoEncryption: !sealed,
      handler: (cmd, _args, conn: ServerConnection) => {
        if (cmd === 'admin') conn.setRole('admin'); // 16 KiB frames need a logged-in role (PROTOCOL.md 4)
        return { ok: true };
      },
    }),
  );
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  const ch = await connect({ host: '127.0.0.1', port, serverKey: key.publicKey, unsafeNoEncryption: !sealed });
  await ch.request('admin');
  ch.setRole('admin');
  const args = { p: 'x'.repeat(payload) };
  // Warm up the JIT on this exact path, then keep `window` requests in flight for the timed run.
  for (let i = 0; i < 200; i++) await ch.request('m', args);
  let messages = 0;
  const start = process.hrtime.bigint();
  const stopAt = start + BigInt(Math.round(seconds * 1e9));
  let running = true;
  async function lane(): Promise<void> {
    while (running) {
      await ch.request('m', args);
      messages++;
      if ((messages & 63) === 0 && process.hrtime.bigint() >= stopAt) running = false;
    }
  }
  await Promise.all(Array.from({ length: window }, lane));
  const elapsed = Number(process.hrtime.bigint() - start) / 1e9;
  await ch.close();
  await new Promise<void>((r) => server.close(() => r()));
  return { payload, sealed, messages, seconds: elapsed };
}

function fmt(n: number, digits = 0): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

export async function main(argv: string[] = []): Promise<number> {
  const f = parseFlags(
    argv,
    { seconds: 2.5, window: 64 },
    'Usage: node --import tsx bench/channel.ts [--seconds 2.5] [--window 64]',
  );
  // A zero would measure nothing: fall back to the defaults, as before.
  const seconds = f.seconds > 0 ? f.seconds : 2.5;
  const window = f.window > 0 ? Math.floor(f.window) : 64;
  const rows: string[] = [];
  process.stdout.write(
    `bench/channel: loopback TCP, ${window} requests in flight, ${seconds} s per case (node ${process.version})\n\n`,
  );
  rows.push(
    `${'payload'.padEnd(9)}${'sealed msg/s'.padStart(14)}${'plain msg/s'.padStart(14)}${'sealed MB/s'.padStart(13)}${'plain MB/s'.padStart(12)}${'sealed/plain'.padStart(14)}`,
  );
  for (const payload of [100, 16 * 1024]) {
    const s = await measure(payload, true, seconds, window);
    const p = await measure(payload, false, seconds, window);
    const rate = (r: Result) => r.messages / r.seconds;
    const mb = (r: Result) => (rate(r) * r.payload) / 1e6;
    rows.push(
      `${(payload === 100 ? '100 B' : '16 KiB').padEnd(9)}${fmt(rate(s)).padStart(14)}${fmt(rate(p)).padStart(14)}` +
        `${fmt(mb(s), 2).padStart(13)}${fmt(mb(p), 2).padStart(12)}${`${fmt(rate(s) / rate(p), 2)}x`.padStart(14)}`,
    );
  }
  process.stdout.write(
    `${rows.join('\n')}\n\nmsg/s = request frames of that payload answered per second (each answer is a small sealed/plain frame too).\n`,
  );
  return 0;
}

runIfScript(import.meta.url, 'bench/channel', main);
