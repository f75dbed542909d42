// `pandaproctor server`: starts the exam server and tells the instructor what to hand students.
import { isIP } from 'node:net';
import { networkInterfaces } from 'node:os';
import { resolve } from 'node:path';
import { DataDirLockedError } from './lock.js';
import { describeHead } from './store/audit.js';
import { DataFileError } from './store/load.js';
import { dataDirFlag, parseArgs, UsageError } from './cli-args.js';
import { DEFAULT_PORT, startServer, type RunningServer } from './server.js';
import { TRUSTED_ADDRESSES } from './limits.js';

const USAGE = `Usage: pandaproctor server [--host 127.0.0.1] [--port ${DEFAULT_PORT}] [--data DIR] [--trust ADDR,...]

Starts the exam server. The first start creates DIR with the sample question bank and the
server key. Students connect with the client command it prints.

  --host ADDR   address to listen on (default 127.0.0.1: this machine only;
                0.0.0.0: every network interface, for a lab)
  --port N      TCP port (default ${DEFAULT_PORT})
  --data DIR    data directory (default ./pandaproctor-data, or $PANDAPROCTOR_DATA)
  --quiet       no log lines (connections, commands) on stderr
  --trust ADDR,...  addresses exempt from the per-address limits, e.g. the NAT
                address a whole lab reaches this server from (this machine's own
                loopback always is); per-account and per-connection limits still apply

Make the first admin with: pandaproctor admin add NAME --data DIR
Stop with Ctrl-C: students get a goodbye, everything acknowledged is already on disk.
`;

/** Addresses students can type: the listen address, or every external IPv4 for 0.0.0.0 / ::. */
export function studentAddresses(host: string): string[] {
  if (host !== '0.0.0.0' && host !== '::') return [host];
  const out: string[] = [];
  for (const list of Object.values(networkInterfaces())) {
    for (const ni of list ?? []) if (ni.family === 'IPv4' && !ni.internal) out.push(ni.address);
  }
  return out.length > 0 ? out : ['127.0.0.1'];
}

/**
 * The addresses exempt from per-address limits: this machine's loopback plus `--trust`'s
 * comma-separated list. An IPv4 address is also trusted in the IPv4-mapped form a dual-stack
 * socket reports it in.
 */
export function trustedAddresses(flag: string | undefined): string[] {
  const out = new Set(TRUSTED_ADDRESSES);
  if (flag === undefined) return [...out];
  const given = flag
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean);
  if (given.length === 0) throw new UsageError('--trust needs at least one IP address, e.g. --trust 10.0.0.1');
  for (const a of given) {
    if (isIP(a) === 0) {
      throw new UsageError(
        `--trust takes IP addresses separated by commas, e.g. --trust 10.0.0.1; '${a}' is not one (no names, no ranges)`,
      );
    }
    out.add(a);
    if (isIP(a) === 4) out.add(`::ffff:${a}`);
  }
  return [...out];
}

/** A path as one shell word: quoted only when it needs to be. */
export function shellWord(s: string): string {
  return /^[A-Za-z0-9_./:@%+=-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

export function banner(srv: Omit<RunningServer, 'auditHead'>, host: string): string {
  const addrs = studentAddresses(host);
  const lines = [
    `PandaProctor server listening on ${srv.host}:${srv.port}`,
    `data directory: ${srv.dataDir}`,
    `server key fingerprint: ${srv.fingerprint}`,
    '',
    'Give students this command (the key lets their client verify this server):',
    ...addrs.map((a) => `  pandaproctor client --host ${a} --port ${srv.port} --server-key ${srv.fingerprint}`),
    '',
    'Make an admin for this server (works while it runs; on this machine only):',
    `  pandaproctor admin add NAME --data ${shellWord(resolve(srv.dataDir))}`,
  ];
  if (host === '127.0.0.1' || host === 'localhost' || host === '::1') {
    lines.push('', 'Only this machine can connect. For a lab, restart with --host 0.0.0.0.');
  }
  return `${lines.join('\n')}\n`;
}

export async function run(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs(argv, { values: ['host', 'port', 'data', 'trust'], booleans: ['help', 'quiet'] });
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`pandaproctor server: ${err.message}\n${USAGE}`);
    return 2;
  }
  const { flags } = parsed;
  if (flags.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  let trusted: string[] | undefined;
  try {
    trusted = flags.trust === undefined ? undefined : trustedAddresses(String(flags.trust));
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`pandaproctor server: ${err.message}\n`);
    return 2;
  }
  const host = typeof flags.host === 'string' ? flags.host : '127.0.0.1';
  const port = typeof flags.port === 'string' ? Number(flags.port) : DEFAULT_PORT;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`pandaproctor server: --port must be a number from 0 to 65535\n`);
    return 2;
  }
  const dataDir = dataDirFlag(flags);
  let srv: RunningServer;
  try {
    srv = await startServer({ dataDir, host, port, quiet: flags.quiet === true, trustedAddresses: trusted });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (err instanceof DataFileError) {
      process.stderr.write(`pandaproctor server: ${err.message}\n${err.fix}\n`);
    } else if (err instanceof DataDirLockedError) {
      process.stderr.write(`pandaproctor server: ${err.message}\n`);
    } else if (e.code === 'EADDRINUSE') {
      process.stderr.write(
        `pandaproctor server: port ${port} on ${host} is already in use; stop the other program or choose --port\n`,
      );
    } else if (e.code === 'EADDRNOTAVAIL') {
      process.stderr.write(
        `pandaproctor server: ${host} is not an address of this machine; use 0.0.0.0 or one of its addresses\n`,
      );
    } else {
      throw err;
    }
    return 1;
  }
  process.stdout.write(banner(srv, host));
  if (trusted) {
    const extra = trusted.filter((a) => !TRUSTED_ADDRESSES.includes(a) && !a.startsWith('::ffff:'));
    process.stdout.write(`Trusted (no per-address limits): ${extra.join(', ')}\n`);
  }
  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) {
        process.stderr.write('pandaproctor server: second signal, exiting at once\n');
        process.exit(1);
      }
      stopping = true;
      process.stderr.write(`pandaproctor server: ${signal}: closing connections and flushing files...\n`);
      srv.close().then(
        () => {
          // Printed even with --quiet: the instructor notes it down to check the log later.
          process.stdout.write(
            `${describeHead(srv.auditHead())}\n  check later: pandaproctor audit verify --data ${srv.dataDir} --head ${srv.auditHead().seq}:${srv.auditHead().chain}\n`,
          );
          resolve(0);
        },
        (err: unknown) => {
          process.stderr.write(`pandaproctor server: error while closing: ${(err as Error).message}\n`);
          resolve(1);
        },
      );
    };
    process.on('SIGINT', () => stop('SIGINT'));
    process.on('SIGTERM', () => stop('SIGTERM'));
  });
}
