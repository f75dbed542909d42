// Parent side of bench/server-child.ts: spawn, wait for ready, measure RSS/CPU from /proc, kill.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface ServerSpec {
  dataDir: string;
  port?: number;
  fsync?: boolean;
  seal?: boolean;
  /** Extra node flags for the child, e.g. ['--cpu-prof', '--cpu-prof-dir=DIR']. */
  nodeFlags?: string[];
  /** Extra environment for the server child only, e.g. { UV_THREADPOOL_SIZE: '16' } (experiments). */
  env?: Record<string, string>;
  /** A command that execs the server in the same process, e.g. ['prlimit', '--nofile=1024:1024', '--']. */
  wrapper?: string[];
}

/** `--server-env A=1,B=2` -> { A: '1', B: '2' }. */
export function parseEnvList(list: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const pair of list.split(',').filter(Boolean)) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new Error(`--server-env wants NAME=VALUE pairs separated by commas, got '${pair}'`);
    env[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return env;
}

export interface ServerProc {
  readonly pid: number;
  readonly port: number;
  readonly publicKey: Uint8Array;
  readonly exited: Promise<number | null>;
  /** Current and peak (VmHWM) resident memory in MB, CPU seconds used so far (user + system). */
  usage(): { rssMb: number; peakRssMb: number; cpuSec: number };
  kill(signal: NodeJS.Signals): void;
  /** SIGTERM (graceful close, flush), SIGKILL after timeoutMs. */
  stop(timeoutMs?: number): Promise<void>;
}

let clkTck = 0;
function ticksPerSecond(): number {
  if (!clkTck) {
    try {
      clkTck = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
    } catch {
      clkTck = 100;
    }
  }
  return clkTck;
}

/** Linux /proc figures for a pid; zeros once the process is gone. */
export function procUsage(pid: number): { rssMb: number; peakRssMb: number; cpuSec: number } {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0);
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(rest[11]) + Number(rest[12]);
    return { rssMb: kb('VmRSS') / 1024, peakRssMb: kb('VmHWM') / 1024, cpuSec: ticks / ticksPerSecond() };
  } catch {
    return { rssMb: 0, peakRssMb: 0, cpuSec: 0 };
  }
}

export async function spawnServer(spec: ServerSpec): Promise<ServerProc> {
  const args = [
    ...(spec.nodeFlags ?? []),
    '--import',
    'tsx',
    'bench/server-child.ts',
    '--data',
    spec.dataDir,
    '--port',
    String(spec.port ?? 0),
    ...(spec.fsync === false ? ['--no-fsync'] : []),
    ...(spec.seal === false ? ['--no-seal'] : []),
  ];
  const [cmd, ...pre] = spec.wrapper?.length ? [...spec.wrapper, process.execPath] : [process.execPath];
  const child: ChildProcess = spawn(cmd, [...pre, ...args], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...spec.env },
  });
  const stderrTail: string[] = [];
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (d: string) => {
    stderrTail.push(d);
    if (stderrTail.length > 40) stderrTail.shift();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ready = await new Promise<{ port: number; publicKey: string }>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server child did not become ready within 60 s: ${stderrTail.join('').slice(-2000)}`));
    }, 60_000);
    const rl = readline.createInterface({ input: child.stdout! });
    rl.on('line', (line) => {
      try {
        const msg = JSON.parse(line) as { ready?: boolean; port: number; publicKey: string };
        if (msg.ready) {
          clearTimeout(timer);
          resolve(msg);
        }
      } catch {
        // not our line (the server may print its banner); ignore
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server child exited (${code}) before ready: ${stderrTail.join('').slice(-2000)}`));
    });
  });
  const pid = child.pid!;
  return {
    pid,
    port: ready.port,
    publicKey: Uint8Array.from(Buffer.from(ready.publicKey, 'hex')),
    exited,
    usage: () => procUsage(pid),
    kill: (signal) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    },
    stop: async (timeoutMs = 10_000) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      await exited;
      clearTimeout(timer);
    },
  };
}
