// `npm start` = `pandaproctor demo`: the first thing a newcomer runs. Starts a local server on
// ./demo-data (the sample bank is copied on first start), makes the demo admin and student, prints
// them, pins the server key for this host:port, and opens the client. Without a camera the proctor
// watches the bundled sample video instead, and the demo says so.
import { existsSync, readFileSync } from 'node:fs';
import { appendFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { argsErrorMessage } from '../common/args-error.js';
import { packageRoot } from '../common/package.js';
import { prepareInkEnv } from './theme.js';
import type { ProctorSourceOption } from './proctor-bridge.js';

const ROOT = packageRoot();

export const USAGE = `Usage: pandaproctor demo [--data DIR] [--port P] [--no-client]

Starts a local demo server with the sample question bank and demo accounts,
pins its key, and opens the client on it. Quit the client (Ctrl+C) to stop the
server.

Options:
  --data DIR    demo data directory (default ./demo-data; delete it to start
                afresh)
  --port P      port (default 7340, or a free one when 7340 is taken)
  --no-client   only run the server (e.g. to open clients in other terminals)
  -h, --help    show this help
`;

interface DemoAccounts {
  student: { username: string; password: string };
  admin: { username: string; password: string };
}

export function demoAccounts(): DemoAccounts {
  const file = join(ROOT, 'data', 'demo-accounts.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as DemoAccounts;
  return {
    student: { username: 'demo-student', password: 'demo-student-pass' },
    admin: { username: 'demo-admin', password: 'demo-admin-pass' },
  };
}

/** The camera if the machine has one, else the sample video the proctor ships, else the camera anyway (it reports unavailable). */
export function demoProctorSource(exists: (p: string) => boolean = existsSync): {
  source: ProctorSourceOption;
  note: string;
} {
  if (exists('/dev/video0')) return { source: { kind: 'camera' }, note: 'Proctor: watching camera 0.' };
  const video = join(ROOT, 'proctor', 'fixtures', 'presence-test.avi');
  if (exists(video)) {
    return {
      source: { kind: 'video', path: video, note: 'sample video, no camera' },
      note: `Proctor: no camera found, so proctored exams watch the bundled sample video\n  ${video}\n  (it has planned absences and a second face: see them in the admin timeline).`,
    };
  }
  return {
    source: { kind: 'camera' },
    note: 'Proctor: no camera and no sample video found; proctored exams will show\n  "proctor unavailable".',
  };
}

/**
 * What the demo prints before the client opens. Every line but those carrying a path fits 80
 * columns (tested): in the 80x24 terminal a wrapped fingerprint or note splits mid-word.
 */
export function demoBanner(o: {
  host: string;
  port: number;
  dataDir: string;
  fingerprint: string;
  accounts: DemoAccounts;
  proctorNote: string;
  logFile: string;
}): string {
  const groups = o.fingerprint.match(/.{1,4}/g) ?? [o.fingerprint];
  return (
    [
      '',
      `PandaProctor demo server on ${o.host}:${o.port}, data in`,
      `  ${o.dataDir}`,
      `Server key, pinned for ${o.host}:${o.port}:`,
      `  ${groups.slice(0, 8).join(' ')}`,
      `  ${groups.slice(8).join(' ')}`,
      '',
      'Demo accounts (for this demo only):',
      `  Student  ${o.accounts.student.username} / ${o.accounts.student.password}`,
      `  Admin    ${o.accounts.admin.username} / ${o.accounts.admin.password}   (↑ to Role, then ←/→ Admin)`,
      '',
      o.proctorNote,
      `Other terminals: pandaproctor client --host ${o.host} --port ${o.port}`,
      `Server log: ${o.logFile}`,
      '',
    ].join('\n') + '\n'
  );
}

export async function run(argv: string[]): Promise<number> {
  let v;
  try {
    v = parseArgs({
      args: argv,
      options: {
        data: { type: 'string' },
        port: { type: 'string' },
        'no-client': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (e) {
    process.stderr.write(`pandaproctor demo: ${argsErrorMessage(e)}; run 'pandaproctor demo --help'\n`);
    return 2;
  }
  if (v.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  prepareInkEnv();
  const dataDir = resolve(v.data ?? 'demo-data');
  const { startServer } = await import('../server/server.js');
  const { addAdmin, resetPassword } = await import('../server/admin-ops.js');
  const { connect } = await import('../protocol/connect.js');
  const { Api } = await import('./api.js');
  const { KnownHosts, keyFromHex } = await import('./known-hosts.js');

  // Server log lines go to a file: the terminal belongs to the client.
  const logFile = join(dataDir, 'demo-server.log');
  const log = (line: string) =>
    void appendFile(logFile, `${new Date().toISOString()} ${line}\n`).catch(() => undefined);
  const wanted = v.port === undefined ? 7340 : Number(v.port);
  let server;
  try {
    server = await startServer({ dataDir, port: wanted, log });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'EADDRINUSE' || v.port !== undefined) {
      process.stderr.write(`pandaproctor demo: ${(e as Error).message}\n`);
      return 1;
    }
    server = await startServer({ dataDir, port: 0, log });
  }
  const { host, port, fingerprint } = server;
  try {
    const acc = demoAccounts();
    try {
      await addAdmin(dataDir, acc.admin.username, acc.admin.password);
    } catch (e) {
      if (!/already exists/.test((e as Error).message)) throw e;
      await resetPassword(dataDir, acc.admin.username, acc.admin.password);
    }
    const ch = await connect({ host, port, serverKey: keyFromHex(fingerprint) });
    try {
      await new Api(ch).register(acc.student.username, acc.student.password);
    } catch (e) {
      if ((e as { code?: string }).code !== 'CONFLICT') throw e;
    } finally {
      await ch.close('demo setup done');
    }
    await new KnownHosts().pin(host, port, fingerprint);
    const proctor = demoProctorSource();
    process.stdout.write(
      demoBanner({ host, port, dataDir, fingerprint, accounts: acc, proctorNote: proctor.note, logFile }),
    );
    if (v['no-client']) {
      process.stdout.write('Server running; Ctrl+C stops it.\n');
      await new Promise<void>((r) => process.once('SIGINT', () => r()));
      return 0;
    }
    // In an 80x24 terminal the client's first screen would push the accounts out of sight: let the
    // newcomer read them first.
    if (process.stdin.isTTY) {
      process.stdout.write('Press Enter to open the client (Ctrl+C stops the demo).');
      let onInt = (): void => undefined;
      let onData = (): void => undefined;
      const go = await new Promise<boolean>((r) => {
        onInt = () => r(false);
        onData = () => r(true);
        process.once('SIGINT', onInt);
        process.stdin.once('data', onData);
        process.stdin.resume();
      });
      process.off('SIGINT', onInt);
      process.stdin.off('data', onData);
      process.stdin.pause();
      if (!go) return 0;
    }
    const { launchClient } = await import('./launch.js');
    return await launchClient({ host, port, serverKey: fingerprint, forgetKey: false, proctorSource: proctor.source });
  } finally {
    await server.close();
  }
}
