// The login storm's clients in their own process, so their 500 handshakes (X25519 in JS) do not
// share an event loop with the in-exam students whose latency the storm bench measures.
// Prints `{"ready":true}`, waits for a line on stdin, then connects + logs in every account at once
// and prints one JSON line with the latencies.
import readline from 'node:readline';
import { parseFlags } from './args.js';
import { ErrorTally, Samples, round } from './stats.js';
import { login, open, studentName, type Target } from './student.js';

const f = parseFlags(
  process.argv.slice(2),
  { port: 0, key: '', seal: true, prefix: 'e', from: 0, count: 500 },
  'storm-child --port N --key HEX --from I --count N',
);
const target: Target = { port: f.port, serverKey: Uint8Array.from(Buffer.from(f.key, 'hex')), seal: f.seal };
const rl = readline.createInterface({ input: process.stdin });
process.stdout.write(JSON.stringify({ ready: true }) + '\n');
await new Promise<void>((r) => rl.once('line', () => r()));

const connectMs = new Samples();
const loginMs = new Samples();
const errors = new ErrorTally();
const t0 = performance.now();
await Promise.all(
  Array.from({ length: f.count }, async (_, k) => {
    const t = performance.now();
    try {
      const ch = await open(target);
      connectMs.add(performance.now() - t);
      const tl = performance.now();
      await login(ch, studentName(f.from + k, f.prefix));
      loginMs.add(performance.now() - tl);
      await ch.close('storm done');
    } catch (e) {
      errors.add(e);
    }
  }),
);
process.stdout.write(
  JSON.stringify({
    ms: round(performance.now() - t0),
    p99ConnectMs: round(connectMs.percentile(99)),
    p50LoginMs: round(loginMs.percentile(50)),
    p99LoginMs: round(loginMs.percentile(99)),
    maxLoginMs: round(loginMs.max()),
    errors: errors.total,
    errorKinds: errors.toJSON(),
  }) + '\n',
);
rl.close();
