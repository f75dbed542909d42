// The control socket: `pandaproctor admin ...` on the server machine talks to a running
// server through a Unix socket inside the data directory, in a directory only the owner can open
// (mode 0700), so admins are made without any network command. One JSON line in, one JSON line out.
import { chmod, mkdir, rm } from 'node:fs/promises';
import net from 'node:net';
import { join } from 'node:path';

export const CONTROL_DIR = 'control';
export const CONTROL_SOCKET = 'admin.sock';
const MAX_LINE = 4096;

export function controlSocketPath(dataDir: string): string {
  return join(dataDir, CONTROL_DIR, CONTROL_SOCKET);
}

export type ControlHandler = (request: Record<string, unknown>) => Promise<unknown>;

export async function startControlServer(dataDir: string, handle: ControlHandler): Promise<{ close(): Promise<void> }> {
  const dir = join(dataDir, CONTROL_DIR);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
  const path = controlSocketPath(dataDir);
  await rm(path, { force: true }); // we hold the data directory lock, so any old socket is stale
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    let buf = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      buf += chunk;
      if (buf.length > MAX_LINE) return socket.destroy();
      const nl = buf.indexOf('\n');
      if (nl === -1) return;
      const line = buf.slice(0, nl);
      buf = '';
      socket.pause();
      void (async () => {
        let reply: unknown;
        try {
          reply = { ok: true, data: await handle(JSON.parse(line)) };
        } catch (err) {
          reply = { ok: false, message: (err as Error).message };
        }
        socket.end(`${JSON.stringify(reply)}\n`);
      })();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => resolve());
  });
  await chmod(path, 0o600);
  return {
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }).then(() => rm(path, { force: true })),
  };
}

/** Sends one request to a running server; null when no server listens on this data directory. */
export function controlRequest(
  dataDir: string,
  request: Record<string, unknown>,
  timeoutMs = 30_000,
): Promise<{ ok: boolean; data?: unknown; message?: string } | null> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(controlSocketPath(dataDir));
    let buf = '';
    let connected = false;
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error('the server did not answer on its control socket within 30 s; is it stuck?'));
    }, timeoutMs);
    socket.setEncoding('utf8');
    socket.on('connect', () => {
      connected = true;
      socket.write(`${JSON.stringify(request)}\n`);
    });
    socket.on('data', (c: string) => (buf += c));
    socket.on('end', () => {
      clearTimeout(timer);
      try {
        resolve(JSON.parse(buf));
      } catch {
        reject(new Error('the server closed its control socket without an answer'));
      }
    });
    socket.on('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      if (!connected && (err.code === 'ENOENT' || err.code === 'ECONNREFUSED')) resolve(null);
      else reject(err);
    });
  });
}
