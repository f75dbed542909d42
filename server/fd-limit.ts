// The descriptor limit decides how many sockets the server can hold. At start the soft limit is
// raised to the hard one (prlimit on our own pid: Node has no setrlimit), and the connection caps
// are set below what is then available, so a flood of sockets is refused by us, cleanly, before
// accept() starts failing with EMFILE for everyone (docs/server.md "Threats and limits").
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface FdLimit {
  soft: number;
  hard: number;
}

/** `Max open files  1024  1048576  files` from /proc/self/limits; null off Linux. */
export function readFdLimit(text?: string): FdLimit | null {
  try {
    const src = text ?? readFileSync('/proc/self/limits', 'utf8');
    const m = /^Max open files\s+(\d+|unlimited)\s+(\d+|unlimited)/m.exec(src);
    if (!m) return null;
    const n = (v: string) => (v === 'unlimited' ? Number.MAX_SAFE_INTEGER : Number(v));
    return { soft: n(m[1]), hard: n(m[2]) };
  } catch {
    return null;
  }
}

/** Raises the soft limit towards the hard one (at most `ceiling`); returns the limit in force after. */
export function raiseFdLimit(ceiling: number, log: (line: string) => void): FdLimit | null {
  const before = readFdLimit();
  if (!before) return null;
  const want = Math.min(before.hard, ceiling);
  if (before.soft >= want) return before;
  try {
    execFileSync(
      'prlimit',
      [
        '--pid',
        String(process.pid),
        `--nofile=${want}:${before.hard === Number.MAX_SAFE_INTEGER ? 'unlimited' : before.hard}`,
      ],
      { stdio: 'ignore', timeout: 5_000 },
    );
  } catch (e) {
    log(
      `warning: could not raise the open-files limit from ${before.soft} (${(e as Error).message.split('\n')[0]}); run 'ulimit -n ${want}' before starting the server for more connections`,
    );
  }
  return readFdLimit() ?? before;
}
