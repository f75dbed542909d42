// A load generator in its own process (login storms, strangers): its client-side X25519 and sealing
// run on the real lab's other machines, here on the same 2 cores as the server. A lower priority
// keeps that bench-only cost from being what we measure; the server still gets every byte sent.
import { spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import readline from 'node:readline';
import { repoRoot } from './server-proc.js';

export interface LoadChild {
  child: ChildProcess;
  /** The child's next stdout line, parsed as JSON (it speaks one JSON object a line). */
  next(): Promise<Record<string, unknown>>;
}

/**
 * Starts `bench/<script>` with `args`, lowers its priority, writes `input` (a child that reads its
 * job from stdin before it is ready) and waits for its first ("ready") line.
 */
export async function startLoadChild(script: string, args: string[], what: string, input?: string): Promise<LoadChild> {
  const child = spawn(process.execPath, ['--import', 'tsx', `bench/${script}`, ...args], {
    cwd: repoRoot,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  if (input !== undefined) child.stdin!.write(input);
  try {
    os.setPriority(child.pid!, 10);
  } catch {
    // not permitted: measure anyway, the figures just include more client-side contention
  }
  const lines = readline.createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const next = async () => {
    const r = await lines.next();
    if (r.done) throw new Error(`${what} exited early`);
    return JSON.parse(r.value) as Record<string, unknown>;
  };
  await next(); // ready
  return { child, next };
}
