// One server per data directory (issue 4): `server.lock` holds the owner's pid. A lock whose
// process is gone (e.g. after SIGKILL) is stale and taken over. admin-ops.ts takes the same lock
// to edit files directly when no server runs.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { link, mkdir, open, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';

export const LOCK_FILE = 'server.lock';

export class DataDirLockedError extends Error {
  constructor(
    readonly pid: number,
    readonly what: string,
    dataDir: string,
  ) {
    super(`${dataDir} is in use by ${what} (pid ${pid}); stop it first or use another --data directory`);
    this.name = 'DataDirLockedError';
  }
}

export interface Lock {
  release(): Promise<void>;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** `what` names the holder in the message another process sees, e.g. "a PandaProctor server". */
export async function acquireLock(dataDir: string, what: string): Promise<Lock> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
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
