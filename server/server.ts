// startServer (team-notes contract): lock the data directory, load it, listen on TCP with the
// protocol layer, serve the control socket, and shut down cleanly (bye, flush, unlock).
import net from 'node:net';
import { resolve } from 'node:path';
import { acceptConnection } from '../protocol/accept.js';
import { HANDSHAKE_TIMEOUT_MS } from '../protocol/limits.js';
import type { ServerConnection } from '../protocol/api.js';
import { SERVER_NAME } from '../common/package.js';
import { AdmissionQueue } from './admission.js';
import { applyAdminOp } from './admin-ops.js';
import { createApp, type AppOptions } from './app.js';
import { startControlServer } from './control.js';
import { createDispatcher } from './dispatch.js';
import { FEATURES } from './features.js';
import { loadOrCreateIdentity } from './identity.js';
import { acquireLock } from './lock.js';
import { Database } from './store/database.js';

export interface ServerOptions {
  dataDir: string;
  /** default 127.0.0.1 */
  host?: string;
  /** 0 = ephemeral; default 7340 */
  port?: number;
  /** default true; false only for the benchmark */
  fsync?: boolean;
  /** benchmark only */
  unsafeNoEncryption?: boolean;
  /** Where log lines go (default: stderr unless quiet). Never given passwords or keys. */
  log?: (line: string) => void;
  now?: () => number;
  quiet?: boolean;
  /** Tests and the benchmark: seeded shuffles, higher auth rate limits, another sample bank. */
  rng?: AppOptions['rng'];
  authLimits?: AppOptions['authLimits'];
  seedDir?: string;
}

export interface RunningServer {
  host: string;
  port: number;
  fingerprint: string;
  publicKey: Uint8Array;
  dataDir: string;
  close(): Promise<void>;
}

export const DEFAULT_PORT = 7340;
/** How long close() lets requests already being handled finish before saying bye. */
const DRAIN_MS = 3_000;

export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const dataDir = resolve(opts.dataDir);
  const log = opts.log ?? (opts.quiet ? () => {} : (line: string) => process.stderr.write(`${line}\n`));
  const now = opts.now ?? Date.now;
  const lock = await acquireLock(dataDir, 'a PandaProctor server');
  let db: Database | null = null;
  let stopTimers = () => {};
  try {
    const identity = await loadOrCreateIdentity(dataDir);
    db = await Database.open(dataDir, { fsync: opts.fsync ?? true, warn: (l) => log(`warning: ${l}`), seedDir: opts.seedDir });
    const app = createApp(db, { now, log, rng: opts.rng, authLimits: opts.authLimits });
    app.exams.resume();
    await app.hasher.prepare();
    stopTimers = () => app.exams.close();
    // Rate limits apply per remote host; the protocol layer's remoteAddress also carries the port.
    const addresses = new Map<number, string>();
    const dispatch = createDispatcher(app, (conn) => addresses.get(conn.id) ?? conn.remoteAddress);
    const inFlight = new Set<Promise<unknown>>();
    const handler = (cmd: string, args: Record<string, unknown>, conn: ServerConnection) => {
      const p = dispatch(cmd, args, conn);
      const tracked = Promise.resolve(p).finally(() => inFlight.delete(tracked));
      tracked.catch(() => {});
      inFlight.add(tracked);
      return p;
    };

    const conns = new Set<ServerConnection>();
    let closing = false;
    const admission = new AdmissionQueue((socket) => {
      const opened = performance.now();
      const conn = acceptConnection(socket, {
        staticSecret: identity.secretKey,
        serverName: SERVER_NAME,
        features: FEATURES,
        handler,
        now,
        unsafeNoEncryption: opts.unsafeNoEncryption,
        log,
        onConnectionClosed: (c, info) => {
          conns.delete(c);
          addresses.delete(c.id);
          app.sessions.drop(c);
          log(`conn ${c.id} closed (${info.reason}) after ${((performance.now() - opened) / 1000).toFixed(1)}s`);
        },
      });
      conns.add(conn);
      addresses.set(conn.id, socket.remoteAddress ?? conn.remoteAddress);
      log(`conn ${conn.id} open from ${conn.remoteAddress}`);
    }, HANDSHAKE_TIMEOUT_MS);
    const tcp = net.createServer({ noDelay: true }, (socket) => {
      if (closing) return socket.destroy();
      socket.on('error', () => {}); // until the protocol layer takes it over
      admission.add(socket);
    });
    tcp.on('error', (err) => log(`listener error: ${err.message}`));
    await new Promise<void>((res, rej) => {
      tcp.once('error', rej);
      tcp.listen(opts.port ?? DEFAULT_PORT, opts.host ?? '127.0.0.1', () => {
        tcp.off('error', rej);
        res();
      });
    });
    const control = await startControlServer(dataDir, (req) => applyAdminOp(app, req)).catch((err: Error) => {
      // e.g. a data directory path too long for a Unix socket: serve students anyway.
      log(`warning: no control socket (${err.message}); 'pandaproctor admin' cannot reach this server, stop it to manage accounts`);
      return { close: async () => {} };
    });
    const address = tcp.address() as net.AddressInfo;
    log(`listening on ${address.address}:${address.port}, data in ${dataDir}`);

    let closed: Promise<void> | null = null;
    const openDb = db;
    return {
      host: address.address,
      port: address.port,
      fingerprint: identity.fingerprint,
      publicKey: identity.publicKey,
      dataDir,
      close() {
        closed ??= (async () => {
          closing = true;
          admission.clear();
          const stopped = new Promise<void>((res) => tcp.close(() => res()));
          await control.close();
          // Let requests already running finish (their answers are owed), then say goodbye.
          await Promise.race([Promise.allSettled([...inFlight]), new Promise((r) => setTimeout(r, DRAIN_MS).unref())]);
          for (const c of conns) {
            if (c.closed) continue;
            c.sendEvent('server.closing', { reason: 'the server is shutting down' });
            c.close('server shutting down');
          }
          app.exams.close();
          await app.hasher.close();
          await openDb.close();
          await stopped;
          await lock.release();
          log('server stopped');
        })();
        return closed;
      },
    };
  } catch (err) {
    stopTimers();
    await db?.close().catch(() => {});
    await lock.release();
    throw err;
  }
}
