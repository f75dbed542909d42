// A reconnecting session over ClientChannel: the one Requester the app talks to. A dropped connection
// is retried with capped exponential backoff + jitter; after a reconnect the session logs in again
// with the remembered credentials, so an open exam resumes (exam.start returns the open attempt,
// PROTOCOL.md 6). Against a server with the `resume` feature the login's resume token is all it
// remembers: the password is dropped as soon as a token arrives, and a reconnect sends auth.resume
// (PROTOCOL.md 8), which costs the server no password hash. The token lives in this object only;
// nothing here writes to disk. Requests that are safe to repeat are retried transparently across a reconnect;
// the others fail with a one-line error saying to check whether the change was saved.
import type { ClientChannel } from '../protocol/api.js';
import { AppError, ProtocolError } from '../protocol/errors.js';
import type { Role } from '../protocol/messages.js';
import type { Requester } from './api.js';
import { RETRY_SAFE } from '../protocol/contract/index.js';
import { backoffDelay as sharedBackoff } from '../common/backoff.js';

export type ConnStatus = 'connecting' | 'online' | 'reconnecting' | 'key-mismatch' | 'closed';
export interface ConnState {
  status: ConnStatus;
  /** Failed connection attempts since the last success. */
  retries: number;
  /** ms until the next try while reconnecting. */
  retryInMs?: number;
  lastError?: string;
  /** welcome.time - local clock at welcome: add to Date.now() to get server time. */
  clockOffsetMs: number;
  server?: string;
  /** welcome.features of the current server (PROTOCOL.md 8); [] for a 1.0 server. */
  features?: string[];
  /** When the connection was lost (local clock), while it is down: how long the screen says it has been. */
  downSince?: number;
  /** Set when re-login after a reconnect was refused (e.g. account locked): the UI goes to login. */
  loggedOut?: string;
}

export interface SessionOptions {
  connect: () => Promise<ClientChannel>;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  random?: () => number;
  /** Backoff bounds in ms (tests shrink them). */
  minDelayMs?: number;
  maxDelayMs?: number;
}

// Commands that are safe to send again after a lost connection are the contract's `retrySafe`
// ones (protocol/contract/, each with its reason): the server makes them idempotent or they only
// read. exam.start is not among them: only a student's keypress starts an attempt, and a repeat
// after the first attempt ended (e.g. while the server was down) would open the next one unasked.
const KEY_FATAL = new Set(['SERVER_KEY_MISMATCH']);

/** Delay before retry n (0-based): 250 ms doubling to the cap, with +-25% jitter (common/backoff.ts). */
export function backoffDelay(n: number, min: number, max: number, random: () => number): number {
  return sharedBackoff(n, { baseMs: min, maxMs: max, jitter: 0.25, random });
}

// A request that is itself too big (FRAME_TOO_LARGE) would fail again after a reconnect, and a
// changed key is fatal: neither is a lost connection.
function isConnectionLoss(e: unknown): boolean {
  return e instanceof ProtocolError && !KEY_FATAL.has(e.code) && e.code !== 'FRAME_TOO_LARGE';
}

/** The token of a login's or resume's `resume: {token, expires}` (PROTOCOL.md 8), if any. */
function resumeToken(data: unknown): string | undefined {
  const r = (data as { resume?: { token?: unknown } } | null)?.resume;
  return typeof r?.token === 'string' && r.token.length > 0 ? r.token : undefined;
}

export class Session implements Requester {
  private channel: ClientChannel | undefined;
  /** What re-authenticates after a reconnect: a resume token, or (older servers) the password. */
  private creds: { username: string; role: Role; password?: string; token?: string } | undefined;
  private st: ConnState = { status: 'connecting', retries: 0, clockOffsetMs: 0 };
  private readonly listeners = new Set<(s: ConnState) => void>();
  private readonly eventFns = new Set<(name: string, data: Record<string, unknown>) => void>();
  private waiters: { resolve: (c: ClientChannel) => void; reject: (e: Error) => void }[] = [];
  private stopped = false;
  private loop: Promise<void> | undefined;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;
  private readonly random: () => number;

  constructor(private readonly opts: SessionOptions) {
    this.sleep = opts.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.now = opts.now ?? Date.now;
    this.random = opts.random ?? Math.random;
  }

  get state(): ConnState {
    return this.st;
  }

  subscribe(fn: (s: ConnState) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  onEvent(fn: (name: string, data: Record<string, unknown>) => void): () => void {
    this.eventFns.add(fn);
    return () => this.eventFns.delete(fn);
  }

  /** Starts connecting (and keeps retrying until connected or closed). */
  start(): void {
    if (!this.loop) this.loop = this.connectLoop();
  }

  async close(): Promise<void> {
    this.stopped = true;
    const ch = this.channel;
    this.channel = undefined;
    this.set({ status: 'closed' });
    for (const w of this.waiters.splice(0)) w.reject(new ProtocolError('CONNECTION_CLOSED', 'client closed'));
    if (ch && !ch.closed) await ch.close('client quit').catch(() => undefined);
  }

  async request<T = unknown>(cmd: string, args: Record<string, unknown> = {}): Promise<T> {
    for (;;) {
      const ch = await this.ready();
      try {
        const data = await ch.request<T>(cmd, args);
        this.afterSuccess(cmd, args, ch, data);
        return data;
      } catch (e) {
        if (!isConnectionLoss(e) || this.stopped) throw e;
        if (!RETRY_SAFE.has(cmd)) {
          throw new ProtocolError(
            'CONNECTION_CLOSED',
            'connection lost before the server answered: check whether the change was saved, then retry',
            { cause: e },
          );
        }
        // The channel is gone or going: wait for the reconnect loop, then repeat the request.
        if (!ch.closed) await ch.close('request failed').catch(() => undefined);
      }
    }
  }

  private afterSuccess(cmd: string, args: Record<string, unknown>, ch: ClientChannel, data: unknown): void {
    if (cmd === 'auth.login') {
      const token = resumeToken(data);
      // Once a token is held the password is not kept (PROTOCOL.md 8).
      this.creds = token
        ? { username: String(args.username), role: args.role as Role, token }
        : { username: String(args.username), password: String(args.password), role: args.role as Role };
      ch.setRole(this.creds.role);
      if (this.st.loggedOut) this.set({ loggedOut: undefined });
    } else if (cmd === 'auth.logout') {
      this.creds = undefined;
      ch.setRole('anon');
    }
  }

  private ready(): Promise<ClientChannel> {
    if (this.stopped) return Promise.reject(new ProtocolError('CONNECTION_CLOSED', 'client closed'));
    if (this.st.status === 'key-mismatch')
      return Promise.reject(new ProtocolError('SERVER_KEY_MISMATCH', this.st.lastError ?? 'server key changed'));
    if (this.channel && !this.channel.closed && this.st.status === 'online') return Promise.resolve(this.channel);
    this.start();
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  private set(patch: Partial<ConnState>): void {
    this.st = { ...this.st, ...patch };
    for (const fn of this.listeners) fn(this.st);
  }

  private async connectLoop(): Promise<void> {
    let n = 0;
    while (!this.stopped) {
      try {
        const ch = await this.opts.connect();
        if (this.stopped) {
          await ch.close('client quit').catch(() => undefined);
          return;
        }
        await this.adopt(ch);
        n = 0;
        await new Promise<void>((resolve) => ch.onClose(() => resolve()));
        if (this.stopped) return;
        this.channel = undefined;
        this.set({ status: 'reconnecting', retries: 0, lastError: 'connection lost', downSince: this.now() });
      } catch (e) {
        if (this.stopped) return;
        const msg = e instanceof Error ? e.message : String(e);
        if (e instanceof ProtocolError && KEY_FATAL.has(e.code)) {
          this.set({ status: 'key-mismatch', lastError: msg });
          for (const w of this.waiters.splice(0)) w.reject(e);
          return;
        }
        const delay = backoffDelay(n, this.opts.minDelayMs ?? 250, this.opts.maxDelayMs ?? 5000, this.random);
        n += 1;
        this.set({
          status: this.st.status === 'connecting' ? 'connecting' : 'reconnecting',
          retries: n,
          retryInMs: delay,
          lastError: msg,
          downSince: this.st.downSince ?? this.now(),
        });
        await this.sleep(delay);
      }
    }
  }

  /** Makes a fresh channel current: events, clock offset, re-login, then wakes waiting requests. */
  private async adopt(ch: ClientChannel): Promise<void> {
    const offset = ch.welcome.time - this.now();
    ch.onEvent((name, data) => {
      for (const fn of this.eventFns) fn(name, data);
    });
    if (this.creds) {
      try {
        const { username, role, password, token } = this.creds;
        if (token && ch.welcome.features?.includes('resume')) {
          const next = resumeToken(await ch.request('auth.resume', { token }));
          if (this.creds?.token === token && next) this.creds = { username, role, token: next };
        } else if (password !== undefined) {
          await ch.request('auth.login', { username, password, role });
        } else {
          throw new AppError('AUTH_FAILED', 'this server cannot resume sessions; log in again');
        }
        ch.setRole(role);
      } catch (e) {
        if (!(e instanceof AppError)) {
          await ch.close('re-login failed').catch(() => undefined);
          throw e; // connection trouble again: the loop retries
        }
        this.creds = undefined;
        this.set({ loggedOut: `signed out after reconnect: ${e.message}` });
      }
    }
    this.channel = ch;
    this.set({
      status: 'online',
      retries: 0,
      retryInMs: undefined,
      lastError: undefined,
      downSince: undefined,
      clockOffsetMs: offset,
      server: ch.welcome.server,
      features: ch.welcome.features ?? [],
    });
    for (const w of this.waiters.splice(0)) w.resolve(ch);
  }
}
