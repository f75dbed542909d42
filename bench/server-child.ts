// The server under test, run as its own process so its RSS and CPU are measured apart from the load
// generator. Prints one JSON line `{"ready":true,...}` on stdout once listening; SIGTERM closes it.
import fs from 'node:fs';
import path from 'node:path';
import { parseFlags } from './args.js';

const flags = parseFlags(
  process.argv.slice(2),
  { data: '', port: 0, fsync: true, seal: true, log: '' },
  'server-child --data DIR [--port N] [--no-fsync] [--no-seal] [--log FILE]',
);
if (!flags.data) throw new Error('server-child: --data DIR is required');

// The real server writes a line per connection and command; keep that cost, but in a file.
const logStream = fs.createWriteStream(
  flags.log || path.join(path.dirname(flags.data), `${path.basename(flags.data)}.log`),
  { flags: 'a' },
);
const { startServer } = await import('../server/server.js');
const { DEFAULT_CONNECTION_LIMITS } = await import('../protocol/limits.js');
const srv = await startServer({
  dataDir: flags.data,
  host: '127.0.0.1',
  port: flags.port,
  fsync: flags.fsync,
  unsafeNoEncryption: !flags.seal,
  quiet: true,
  log: (line: string) => logStream.write(line + '\n'),
  // The throughput and fault benches measure the durable-answer pipeline with clients answering
  // back to back and starting attempt after attempt, far above what one student may do
  // (protocol/limits.ts studentRequests, server/limits.ts DEFAULT_STUDENT_BUDGETS): lifted there.
  ...(process.env.BENCH_LIFT_STUDENT_LIMITS === '1'
    ? {
        connectionLimits: { ...DEFAULT_CONNECTION_LIMITS, studentRequests: { burst: 1e9, perSec: 1e9 } },
        budgets: {
          startsPerCourseBurst: 1e9,
          startsPerCoursePerHour: 1e9,
          presenceEventsBurst: 1e9,
          presenceEventsPerSecond: 1e9,
          bytesPerHour: 1e15,
          scoresBurst: 1e9,
          scoresPerSecond: 1e9,
        },
      }
    : {}),
});
process.stdout.write(
  JSON.stringify({ ready: true, port: srv.port, publicKey: Buffer.from(srv.publicKey).toString('hex') }) + '\n',
);

let closing = false;
const shutdown = () => {
  if (closing) return;
  closing = true;
  srv
    .close()
    .catch((e: unknown) => process.stderr.write(`server-child: close failed: ${String(e)}\n`))
    .finally(() => logStream.end(() => process.exit(0)));
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
