// A real PandaProctor server on 127.0.0.1 (port 0, temp data dir) and a client session to it,
// for the end-to-end tests. Everything is closed by stop().
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from '../../protocol/connect.js';
import { addAdmin } from '../../server/admin-ops.js';
import { startServer, type RunningServer } from '../../server/server.js';
import { Api } from '../api.js';
import { Session } from '../session.js';

export async function realServer() {
  const dataDir = await mkdtemp(join(tmpdir(), 'pp-client-e2e-'));
  let server: RunningServer = await startServer({ dataDir, port: 0, quiet: true });
  const port = server.port;
  const sessions: Session[] = [];
  return {
    dataDir,
    port,
    get server() {
      return server;
    },
    session(): Session {
      const s = new Session({
        connect: () => connect({ host: '127.0.0.1', port, serverKey: server.publicKey }),
        minDelayMs: 50,
        maxDelayMs: 400,
      });
      sessions.push(s);
      s.start();
      return s;
    },
    /** Close the server and start it again on the same data directory and port (a restart). */
    async restart(downMs = 0): Promise<void> {
      await server.close();
      if (downMs > 0) await new Promise((r) => setTimeout(r, downMs));
      server = await startServer({ dataDir, port, quiet: true });
    },
    async closeServer(): Promise<void> {
      await server.close();
    },
    async startAgain(): Promise<void> {
      server = await startServer({ dataDir, port, quiet: true });
    },
    async stop(): Promise<void> {
      for (const s of sessions) await s.close();
      await server.close().catch(() => undefined);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export type RealServer = Awaited<ReturnType<typeof realServer>>;

/** The admin account realServerWithAdmin creates. */
export const ADMIN = { username: 'root', password: 'admin-pass-1' } as const;

/** A real server with the ADMIN account, and an Api logged in as it over a session of its own. */
export async function realServerWithAdmin(): Promise<{ h: RealServer; admin: Api; adminSession: Session }> {
  const h = await realServer();
  await addAdmin(h.dataDir, ADMIN.username, ADMIN.password);
  const adminSession = h.session();
  const admin = new Api(adminSession);
  await admin.login(ADMIN.username, ADMIN.password, 'admin');
  return { h, admin, adminSession };
}
