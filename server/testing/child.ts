// Runs `pandaproctor server` as a child process through tsx (team-notes) for crash and CLI tests.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export interface ServerChild {
  child: ChildProcess;
  port: number;
  fingerprint: string;
  publicKey: Uint8Array;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

export function runCli(
  args: string[],
  input?: string,
): { child: ChildProcess; stdout: () => string; stderr: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'cli/main.ts', ...args], {
    cwd: repoRoot,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (err += d));
  if (input !== undefined) child.stdin!.end(input);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** `port`: a fixed port, so a restarted server is found again by clients that reconnect. */
export async function spawnServer(dataDir: string, timeoutMs = 30_000, port = 0): Promise<ServerChild> {
  const run = runCli(['server', '--port', String(port), '--data', dataDir]);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const m = /listening on [^\s]+:(\d+)[\s\S]*fingerprint: ([0-9a-f]{64})\n/.exec(run.stdout());
    if (m) {
      return { ...run, port: Number(m[1]), fingerprint: m[2], publicKey: Uint8Array.from(Buffer.from(m[2], 'hex')) };
    }
    if (run.child.exitCode !== null || Date.now() > deadline) {
      run.child.kill('SIGKILL');
      throw new Error(`server child did not start: ${run.stderr()}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}
