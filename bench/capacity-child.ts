// Paced logins for `npm run bench -- storm`'s capacity ladder, in their own process (their client
// X25519 must not share the in-exam students' event loop). Prints `{"ready":true}`, waits for a line,
// then for each step of `--rates` (logins per minute) logs in fresh accounts at that pace for
// `--step-sec` seconds, and prints one JSON line per step: {rate, started, done, errors, p50, p99}.
import readline from 'node:readline';
import { parseFlags } from './args.js';
import { ErrorTally, Samples, round, sleep } from './stats.js';
import { login, open, studentName, type Target } from './student.js';

const f = parseFlags(
  process.argv.slice(2),
  { port: 0, key: '', prefix: 'e', from: 0, rates: '120,240', stepSec: 8 },
  'capacity-child --port N --key HEX --from I --rates R1,R2 --step-sec S',
);
const target: Target = { port: f.port, serverKey: Uint8Array.from(Buffer.from(f.key, 'hex')), seal: true };
const rl = readline.createInterface({ input: process.stdin });
process.stdout.write(JSON.stringify({ ready: true }) + '\n');
await new Promise<void>((r) => rl.once('line', () => r()));

let next = f.from;
for (const rate of f.rates.split(',').map(Number)) {
  const loginMs = new Samples();
  const errors = new ErrorTally();
  const inFlight: Promise<void>[] = [];
  const t0 = Date.now();
  const gap = 60_000 / rate;
  let started = 0;
  while (Date.now() - t0 < f.stepSec * 1000) {
    const name = studentName(next++, f.prefix);
    started++;
    inFlight.push(
      (async () => {
        const t = performance.now();
        try {
          const ch = await open(target);
          await login(ch, name);
          loginMs.add(performance.now() - t);
          await ch.close('capacity done');
        } catch (e) {
          errors.add(e);
        }
      })(),
    );
    const due = t0 + started * gap;
    await sleep(Math.max(0, due - Date.now()));
  }
  const stepEnd = Date.now();
  await Promise.all(inFlight);
  process.stdout.write(
    JSON.stringify({
      rate,
      from: t0,
      to: stepEnd,
      drained: Date.now(),
      started,
      done: loginMs.count,
      errors: errors.total,
      p50: round(loginMs.percentile(50)),
      p99: round(loginMs.percentile(99)),
    }) + '\n',
  );
}
rl.close();
