// uptime.json: when this server was last known to be up. A running server rewrites it every
// UPTIME_MARK_MS and once more at a clean shutdown; the next start reads it to learn how long the
// server was down (docs/server.md "Downtime"). Rewritten atomically like exams.csv.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from './rewrite-file.js';

export const UPTIME_FILE = 'uptime.json';

export interface UptimeMark {
  /** Server ms when the server was last known up. */
  at: number;
  /** True when written by a clean shutdown (false: a periodic mark, the server may have crashed after it). */
  clean: boolean;
}

/** The mark, or null when there is none (a data directory from before marks existed) or it is unreadable. */
export async function readUptimeMark(dir: string): Promise<UptimeMark | null> {
  let text: string;
  try {
    text = await readFile(join(dir, UPTIME_FILE), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  try {
    const v = JSON.parse(text) as Partial<UptimeMark>;
    if (typeof v.at === 'number' && Number.isFinite(v.at) && typeof v.clean === 'boolean')
      return { at: v.at, clean: v.clean };
  } catch {
    // fall through: a mark is only ever replaced by rename, so this is damage from outside
  }
  return null;
}

export function writeUptimeMark(dir: string, mark: UptimeMark, fsync: boolean): Promise<void> {
  return writeFileAtomic(join(dir, UPTIME_FILE), `${JSON.stringify(mark)}\n`, { fsync });
}
