// startServer (team-notes contract): lock the data directory, load it, listen on TCP with the
// protocol layer, serve the control socket, and shut down cleanly (bye, flush, unlock).
import net from 'node:net';
import { resolve } from 'node:path';
import { acceptConnection } from '../protocol/accept.js';
import { DEFAULT_CONNECTION_LIMITS, HANDSHAKE_TIMEOUT_MS, type ConnectionLimits } from '../protocol/limits.js';
import { KeyedBuckets } from '../protocol/rate-limit.js';
import type { ServerConnection } from '../protocol/api.js';
import { SERVER_NAME } from '../common/package.js';
import { AdmissionQueue } from './admission.js';
import { applyAdminOp } from './admin-ops.js';
import { createApp, type AppOptions } from './app.js';
import { startControlServer } from './control.js';
import { ConnectionRoom } from './connection-room.js';
import { secureDataDir } from './data-dir.js';
import { createDispatcher } from './dispatch.js';
import { raiseFdLimit } from './fd-limit.js';
import { CONNECTION_LIMITS, LOG_LIMITS, TRUSTED_ADDRESSES } from './limits.js';
import { RateLimitedLog } from './log-limit.js';
import { FEATURES } from './features.js';
import { loadOrCreateIdentity } from './identity.js';
import { acquireLock } from './lock.js';
import { describeHead, type AuditHead } from './store/audit.js';
import { Database } from './store/database.js';
import { caseDuplicates } from './auth/names.js';
import { ResumeTokens } from './store/tokens.js';
import { startUptime } from './uptime.js';

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
  /** Tests and benches: a smaller room or a shorter login deadline than server/limits.ts. */
  maxConnections?: number;
  anonPerAddress?: number;
  loginDeadlineMs?: number;
  /** Benches that drive students far harder than a person: per-student budgets (default server/limits.ts). */
  budgets?: AppOptions['budgets'];
  /** Pre-login budgets of the protocol layer (default protocol/limits.ts). */
  connectionLimits?: ConnectionLimits;
  /** Addresses exempt from per-address limits (default: this machine's loopback). */
  trustedAddresses?: readonly string[];
}

export interface RunningServer {
  host: string;
  port: number;
  fingerprint: string;
  publicKey: Uint8Array;
  dataDir: string;
  /** The audit chain's head (docs/server.md "Audit log"); final once close() has resolved. */
  auditHead(): AuditHead;
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
  const peerLog = new RateLimitedLog(log, LOG_LIMITS);
  const trustedList = opts.trustedAddresses ?? TRUSTED_ADDRESSES;
  const isTrusted = (address: string) => trustedList.includes(address);
  let db: Database | null = null;
  let tokens: ResumeTokens | null = null;
  let stopTimers = () => {};
  try {
    const identity = await loadOrCreateIdentity(dataDir);
    db = await Database.open(dataDir, {
      fsync: opts.fsync ?? true,
      warn: (l) => log(`warning: ${l}`),
      seedDir: opts.seedDir,
    });
    tokens = await ResumeTokens.open(dataDir, { fsync: opts.fsync ?? true, now: now() });
    // The answer key must not be readable by other users of a shared lab machine, whatever the
    // umask or the directory's prior mode: 0700 / 0600, repaired at every start.
    await secureDataDir(dataDir, (l) => log(`warning: ${l}`));
    const app = createApp(db, {
      tokens,
      now,
      log,
      rng: opts.rng,
      authLimits: opts.authLimits,
      budgets: opts.budgets,
      logFrom: (address, line) => (isTrusted(address) ? log(line) : peerLog.from(address, line)),
      trustedAddresses: trustedList,
    });
    for (const group of caseDuplicates(db.model.users)) {
      log(
        `warning: users.csv: accounts ${group.map((n) => `'${n}'`).join(', ')} differ only in case; each logs in with its exact name`,
      );
    }
    // Before the timers: downtime is given back first, so nothing expires for want of it.
    const uptime = await startUptime(dataDir, db, { now, fsync: opts.fsync ?? true, log });
    app.exams.resume();
    await app.hasher.prepare();
    stopTimers = () => {
      app.exams.close();
      void uptime.stop();
      app.monitor.close();
    };
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
    // Connection room below the descriptor limit (server/fd-limit.ts), with room kept for users.
    const fd = raiseFdLimit(CONNECTION_LIMITS.fdCeiling, log);
    const maxConnections = Math.max(
      16,
      Math.min(
        opts.maxConnections ?? CONNECTION_LIMITS.maxConnections,
        (fd?.soft ?? Infinity) - CONNECTION_LIMITS.fdReserve,
      ),
    );
    const room = new ConnectionRoom({
      maxConnections,
      reservedForUsers: Math.max(
        CONNECTION_LIMITS.reservedForUsersMin,
        Math.floor(maxConnections * CONNECTION_LIMITS.reservedForUsersShare),
      ),
      anonPerAddress: opts.anonPerAddress ?? CONNECTION_LIMITS.anonPerAddress,
      perAddress: CONNECTION_LIMITS.perAddress,
    });
    const loginDeadlineMs = opts.loginDeadlineMs ?? CONNECTION_LIMITS.loginDeadlineMs;
    const connectionLimits = opts.connectionLimits ?? DEFAULT_CONNECTION_LIMITS;
    const anonFramesByAddress = new KeyedBuckets(connectionLimits.perAddress.anonFrames);
    const newByAddress = new KeyedBuckets(CONNECTION_LIMITS.newPerAddress);
    /** Per accepted socket: its room id, address, login-deadline timer and (once admitted) connection. */
    interface Seat {
      id: number;
      address: string;
      timer?: NodeJS.Timeout;
      conn?: ServerConnection;
    }
    const seats = new WeakMap<net.Socket, Seat>();
    let nextSeat = 1;
    const armDeadline = (socket: net.Socket, seat: Seat) => {
      if (seat.timer) clearTimeout(seat.timer);
      seat.timer = setTimeout(() => {
        const why = `not logged in within ${Math.round(loginDeadlineMs / 1000)} s`;
        if (seat.conn) seat.conn.close(`${why}; connect again and log in`);
        else socket.destroy();
        peerLog.from(seat.address, `seat ${seat.id} from ${seat.address} closed: ${why}`);
      }, loginDeadlineMs);
      seat.timer.unref();
    };
    const admission = new AdmissionQueue((socket) => {
      const opened = performance.now();
      const seat = seats.get(socket)!;
      const address = seat.address;
      const conn = acceptConnection(socket, {
        staticSecret: identity.secretKey,
        serverName: SERVER_NAME,
        features: FEATURES,
        handler,
        now,
        unsafeNoEncryption: opts.unsafeNoEncryption,
        log,
        limits: connectionLimits,
        addressBudget: isTrusted(address) ? undefined : (t) => anonFramesByAddress.charge(address, t),
        onRoleChange: (_c, role) => {
          if (role === 'anon') {
            room.loggedOut(seat.id);
            armDeadline(socket, seat);
          } else {
            room.loggedIn(seat.id);
            if (seat.timer) clearTimeout(seat.timer);
          }
        },
        onConnectionClosed: (c, info) => {
          conns.delete(c);
          addresses.delete(c.id);
          app.sessions.drop(c);
          app.logFrom(
            address,
            `conn ${c.id} closed (${info.reason}) after ${((performance.now() - opened) / 1000).toFixed(1)}s`,
          );
        },
      });
      seat.conn = conn;
      conns.add(conn);
      addresses.set(conn.id, address);
      app.logFrom(address, `conn ${conn.id} open from ${conn.remoteAddress}`);
    }, HANDSHAKE_TIMEOUT_MS);
    const tcp = net.createServer({ noDelay: true }, (socket) => {
      if (closing) return socket.destroy();
      socket.on('error', () => {}); // until the protocol layer takes it over
      const address = socket.remoteAddress ?? '?';
      const seat: Seat = { id: nextSeat++, address };
      const trusted = isTrusted(address);
      const admitted =
        !trusted && !newByAddress.tryTake(address, Date.now())
          ? {
              ok: false as const,
              reason: `too many new connections from ${address} (${CONNECTION_LIMITS.newPerAddress.perSec}/s after ${CONNECTION_LIMITS.newPerAddress.burst})`,
            }
          : room.admit(seat.id, address, trusted, () => socket.destroy());
      if (!admitted.ok) {
        peerLog.from(address, `refused a connection from ${address}: ${admitted.reason}`);
        socket.destroy();
        return;
      }
      seats.set(socket, seat);
      socket.once('close', () => {
        room.leave(seat.id);
        if (seat.timer) clearTimeout(seat.timer);
      });
      armDeadline(socket, seat);
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
      log(
        `warning: no control socket (${err.message}); 'pandaproctor admin' cannot reach this server, stop it to manage accounts`,
      );
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
      auditHead: () => openDb.auditHead(),
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
          app.monitor.close();
          peerLog.flush();
          await app.hasher.close();
          await app.tokens.close();
          await openDb.close();
          await uptime.stop();
          await stopped;
          await lock.release();
          log(describeHead(openDb.auditHead()));
          log('server stopped');
        })();
        return closed;
      },
    };
  } catch (err) {
    stopTimers();
    await tokens?.close().catch(() => {});
    await db?.close().catch(() => {});
    await lock.release();
    throw err;
  }
}
