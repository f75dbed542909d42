// One server per data directory (two would interleave appends to the same files), held by a lock the kernel releases when its process dies.
//
// On Linux the lock is a Unix socket in the *abstract* namespace, named after the data directory's
// device and inode numbers. bind() of a name is atomic in the kernel, only one socket can hold it,
// and the name vanishes the moment its process exits, however it exits (SIGKILL, OOM, power-off of
// a VM): there is no stale lock to take over, so no take-over race (the pid-file scheme this
// replaces had one between "is the holder dead?" and "remove its file"). The holder answers
// connections with its pid, so a refused start can name it. server.lock is still written, for people
// and tools, but it is only information: a stale one is simply overwritten.
//
// Where abstract sockets do not exist (macOS, Windows), the pid file below is the lock, with its
// stale-lock race. docs/server.md "One server per data directory" lists both and their limits.
// admin-ops.ts takes the same lock to edit files directly when no server runs.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { link, mkdir, open, readFile, stat, unlink } from 'node:fs/promises';
import net from 'node:net';
import { join } from 'node:path';
import { writeFileAtomic } from './store/rewrite-file.js';

export const LOCK_FILE = 'server.lock';

export class DataDirLockedError extends Error {
  constructor(
    readonly pid: number,
    readonly what: string,
    dataDir: string,
  ) {
    super(`${dataDir} is in use by ${what} (pid ${pid || 'unknown'}); stop it first or use another --data directory`);
    this.name = 'DataDirLockedError';
  }
}

export interface Lock {
  release(): Promise<void>;
}

interface Holder {
  pid: number;
  host: string;
  what: string;
  since: string;
}

/** The abstract socket name for a directory: same directory (even by another path) = same name. */
export async function lockName(dataDir: string): Promise<string> {
  const st = await stat(dataDir, { bigint: true });
  return `\0pandaproctor-data-lock/${st.dev}/${st.ino}`;
}

/** `what` names the holder in the message another process sees, e.g. "a PandaProctor server". */
export async function acquireLock(dataDir: string, what: string): Promise<Lock> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  if (process.platform !== 'linux') return acquirePidFileLock(dataDir, what);
  const holder: Holder = { pid: process.pid, host: hostname(), what, since: new Date().toISOString() };
  const name = await lockName(dataDir);
  const server = net.createServer((socket) => {
    socket.on('error', () => {});
    socket.end(`${JSON.stringify(holder)}\n`);
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ path: name }, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
    const other = await askHolder(name);
    throw new DataDirLockedError(other?.pid ?? 0, other?.what ?? 'another process', dataDir);
  }
  server.unref(); // the lock alone never keeps a process alive
  const file = join(dataDir, LOCK_FILE);
  await writeFileAtomic(file, `${JSON.stringify(holder)}\n`, { fsync: false }).catch(() => {});
  let released = false;
  return {
    async release() {
      if (released) return;
      released = true;
      await unlink(file).catch(() => {});
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Who holds the lock (it answers with one JSON line); null if it does not answer within 2 s. */
function askHolder(name: string): Promise<Holder | null> {
  return new Promise((resolve) => {
    let buf = '';
    const socket = net.connect({ path: name });
    const done = (h: Holder | null) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(h);
    };
    const timer = setTimeout(() => done(null), 2_000);
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => (buf += d));
    socket.on('end', () => {
      try {
        done(JSON.parse(buf) as Holder);
      } catch {
        done(null);
      }
    });
    socket.on('error', () => done(null));
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Without abstract sockets: `server.lock` holds the owner's pid; a dead owner's file is taken over. */
async function acquirePidFileLock(dataDir: string, what: string): Promise<Lock> {
  const file = join(dataDir, LOCK_FILE);
  const content = `${JSON.stringify({ pid: process.pid, host: hostname(), what, since: new Date().toISOString() })}\n`;
  for (let tries = 0; tries < 3; tries++) {
    // Write a complete temp file, then link(): the lock file is never seen half-written.
    const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    const fh = await open(tmp, 'wx', 0o600);
    await fh.writeFile(content);
    await fh.close();
    try {
      await link(tmp, file);
      return { release: () => unlink(file).catch(() => {}) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    } finally {
      await unlink(tmp).catch(() => {});
    }
    let holder: { pid?: number; host?: string; what?: string } = {};
    try {
      holder = JSON.parse(await readFile(file, 'utf8'));
    } catch {
      // unreadable lock: treat as stale below
    }
    const pid = Number(holder.pid);
    if (Number.isInteger(pid) && pid > 0 && (holder.host === undefined || holder.host === hostname()) && alive(pid)) {
      throw new DataDirLockedError(pid, holder.what ?? 'another process', dataDir);
    }
    await unlink(file).catch(() => {}); // stale: its process is gone
  }
  throw new Error(`cannot take ${file}; remove it if no PandaProctor process is running`);
}
