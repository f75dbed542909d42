// The client's side of the proctor: spawns `pandaproctor proctor` as a child process, reads its
// JSON lines, and keeps it running. When the child dies the link reports a `stopped` event and
// restarts it with backoff; when the child says it is unavailable (exit 3: binding, camera or
// cascade missing) the link reports that reason once (plus one `stopped` event, so the attempt
// records that nobody watched) and does not restart, since a restart cannot install anything.
import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PRESENCE_STATES, type PresenceEvent } from '../protocol/messages.js';
import { TEMPLATE_MAX_BYTES } from '../protocol/face-template.js';
import { IDENTITY_LIMITS, LINK_LIMITS } from './limits.js';
import { backoffDelay } from '../common/backoff.js';
import { EXIT_UNAVAILABLE } from './unavailable.js';

const UNAVAILABLE_PREFIX = 'proctor unavailable: ';

export type LinkStatus =
  | { kind: 'starting'; attempt: number }
  | { kind: 'running'; pid: number }
  | { kind: 'restarting'; inMs: number; reason: string }
  | { kind: 'unavailable'; reason: string }
  | { kind: 'stopped' };

export interface LinkOptions {
  /** camera:N, video:PATH or images:DIR (see `pandaproctor proctor --help`). */
  source: string;
  fps?: number;
  cascade?: string;
  /** Pace file sources at media speed (the demo). */
  realtime?: boolean;
  /** Video sources: play again at the end instead of exiting (the demo's sample video). */
  loop?: boolean;
  /** Face verification (PROTOCOL.md 8 identity): probes on present events and one enrolment. */
  identity?: boolean;
  /** The proctor's enrolment templates (with `identity`), once per proctor run. */
  onEnrol?: (templates: Uint8Array[]) => void;
  /** Restart after the child exits: always (default), only after a failure, or never. */
  restart?: 'always' | 'on-failure' | 'never';
  onEvent: (e: PresenceEvent) => void;
  onUnavailable?: (reason: string) => void;
  onStatus?: (s: LinkStatus) => void;
  /** Child command (default: this checkout's pandaproctor through node/tsx). */
  command?: { file: string; args: string[]; cwd?: string };
  backoffMs?: number;
  maxBackoffMs?: number;
  now?: () => number;
}

export interface ProctorLinkHandle {
  stop(): Promise<void>;
  /** How many times the child has been started. */
  readonly starts: number;
}

const HERE = dirname(fileURLToPath(import.meta.url));

/** `node [--import tsx] <root>/cli/main.(ts|js)`: sources in a checkout, compiled files in dist/. */
export function defaultCommand(): { file: string; args: string[]; cwd: string } {
  const root = join(HERE, '..');
  const fromSource = fileURLToPath(import.meta.url).endsWith('.ts');
  return fromSource
    ? { file: process.execPath, args: ['--import', 'tsx', join(root, 'cli', 'main.ts')], cwd: root }
    : { file: process.execPath, args: [join(root, 'cli', 'main.js')], cwd: root };
}

/** A base64 face template from a proctor line, or null when it is not one. */
function templateFrom(v: unknown): Uint8Array | null {
  if (typeof v !== 'string' || v.length === 0 || v.length > (TEMPLATE_MAX_BYTES * 4) / 3 + 4) return null;
  const b = Buffer.from(v, 'base64');
  return b.length > 0 && b.length <= TEMPLATE_MAX_BYTES ? new Uint8Array(b) : null;
}

/** The enrolment line `{"enrol":[base64...]}` of a proctor run with --identity, or null. */
export function parseEnrolLine(line: string): Uint8Array[] | null {
  if (!line.startsWith('{"enrol":') || line.length > IDENTITY_LIMITS.maxEnrolLineBytes) return null;
  try {
    const v = JSON.parse(line) as { enrol?: unknown };
    if (!Array.isArray(v.enrol) || v.enrol.length === 0) return null;
    const out = v.enrol.map(templateFrom);
    return out.every((t) => t !== null) ? (out as Uint8Array[]) : null;
  } catch {
    return null;
  }
}

/** One stdout line of the proctor as a PresenceEvent, or null when it is not one. */
export function parseEventLine(line: string): PresenceEvent | null {
  const max = line.includes('"probe"') ? IDENTITY_LIMITS.maxProbeLineBytes : LINK_LIMITS.maxLineBytes;
  if (line.length === 0 || line.length > max) return null;
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    return null;
  }
  if (typeof v !== 'object' || v === null) return null;
  const o = v as Record<string, unknown>;
  const num = (x: unknown) => typeof x === 'number' && Number.isFinite(x) && x >= 0;
  if (!num(o.seq) || !num(o.at) || !num(o.faces) || !num(o.fps)) return null;
  if (!PRESENCE_STATES.includes(o.state as PresenceEvent['state'])) return null;
  const e: PresenceEvent = {
    seq: o.seq as number,
    at: o.at as number,
    state: o.state as PresenceEvent['state'],
    faces: o.faces as number,
    fps: o.fps as number,
  };
  if (o.probe === undefined) return e;
  const probe = templateFrom(o.probe);
  return probe ? { ...e, probe } : e; // a malformed probe is dropped, the presence event kept
}

/** Splits a byte stream into lines, whatever the chunk boundaries (tested at every split). */
export class LineSplitter {
  private buf = '';
  private skipping = false;
  /** `maxBytes`: larger only for a proctor run with --identity, whose enrolment line holds templates. */
  constructor(private readonly maxBytes: number = LINK_LIMITS.maxLineBytes) {}
  push(chunk: string): string[] {
    this.buf += chunk;
    const lines = this.buf.split('\n');
    this.buf = lines.pop()!;
    const out: string[] = [];
    for (const l of lines) {
      if (this.skipping)
        this.skipping = false; // tail of an over-long line
      else out.push(l.replace(/\r$/, ''));
    }
    if (this.buf.length > this.maxBytes) {
      this.buf = ''; // never buffer an unbounded line (CONVENTIONS.md habit 3)
      this.skipping = true;
    }
    return out;
  }
}

export function startProctorLink(opts: LinkOptions): ProctorLinkHandle {
  const now = opts.now ?? Date.now;
  const restart = opts.restart ?? 'always';
  const base = opts.backoffMs ?? LINK_LIMITS.backoffMs;
  const maxBackoff = opts.maxBackoffMs ?? LINK_LIMITS.maxBackoffMs;
  const cmd = opts.command ?? defaultCommand();
  const fileSource = !opts.source.startsWith('camera');
  let child: ChildProcess | null = null;
  let exited: Promise<void> = Promise.resolve();
  let stopping = false;
  let timer: NodeJS.Timeout | null = null;
  let starts = 0;
  /** Quick deaths in a row: the restart delay grows with them (common/backoff.ts). */
  let quickDeaths = 0;

  const stoppedEvent = (): PresenceEvent => ({ seq: 0, at: now(), state: 'stopped', faces: 0, fps: 0 });

  const launch = () => {
    timer = null;
    if (stopping) return;
    starts++;
    opts.onStatus?.({ kind: 'starting', attempt: starts });
    const args = [...cmd.args, 'proctor', '--source', opts.source];
    if (opts.fps) args.push('--fps', String(opts.fps));
    if (opts.cascade) args.push('--cascade', opts.cascade);
    if (opts.realtime) args.push('--realtime');
    if (opts.loop) args.push('--loop');
    if (opts.identity) args.push('--identity');
    // A file's media time 0 is "now" on the proctor clock, so a replayed video keeps `at` rising.
    if (fileSource) args.push('--start-ms', String(Math.round(now())));
    const startedAt = now();
    const c = spawn(cmd.file, args, {
      cwd: cmd.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, OPENCV4NODEJS_DISABLE_AUTOBUILD: '1' },
    });
    child = c;
    let stderr = '';
    const lines = new LineSplitter(opts.identity ? IDENTITY_LIMITS.maxEnrolLineBytes : LINK_LIMITS.maxLineBytes);
    c.stdout!.setEncoding('utf8');
    c.stdout!.on('data', (chunk: string) => {
      for (const line of lines.push(chunk)) {
        const e = parseEventLine(line);
        if (e) opts.onEvent(e);
        else if (opts.onEnrol) {
          const templates = parseEnrolLine(line);
          if (templates) opts.onEnrol(templates);
        }
      }
    });
    c.stderr!.setEncoding('utf8');
    c.stderr!.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-LINK_LIMITS.stderrTailBytes);
    });
    if (c.pid) opts.onStatus?.({ kind: 'running', pid: c.pid });
    exited = new Promise<void>((resolve) => {
      let done = false;
      const finish = (code: number | null, signal: NodeJS.Signals | null, spawnError?: Error) => {
        if (done) return;
        done = true;
        child = null;
        resolve();
        const lastLine = stderr.trim().split('\n').pop() ?? '';
        if (spawnError || code === EXIT_UNAVAILABLE) {
          const reason = spawnError
            ? `cannot start the proctor (${spawnError.message}): reinstall pandaproctor`
            : lastLine.startsWith(UNAVAILABLE_PREFIX)
              ? lastLine.slice(UNAVAILABLE_PREFIX.length)
              : lastLine || 'the proctor is unavailable';
          // A `stopped` event too, so the server records on the attempt that nobody was watching.
          opts.onEvent(stoppedEvent());
          opts.onStatus?.({ kind: 'unavailable', reason });
          opts.onUnavailable?.(reason);
          return;
        }
        opts.onEvent(stoppedEvent()); // PROTOCOL.md 6 `stopped`: the proctor is no longer watching
        if (stopping) {
          opts.onStatus?.({ kind: 'stopped' });
          return;
        }
        const failed = signal !== null || code !== 0;
        if (restart === 'never' || (restart === 'on-failure' && !failed)) {
          opts.onStatus?.({ kind: 'stopped' });
          return;
        }
        if (now() - startedAt >= LINK_LIMITS.healthyAfterMs) quickDeaths = 0;
        const inMs = backoffDelay(quickDeaths++, { baseMs: base, maxMs: maxBackoff });
        const why = signal ? `killed by ${signal}` : `exit ${code}${lastLine ? `: ${lastLine}` : ''}`;
        opts.onStatus?.({ kind: 'restarting', inMs, reason: why });
        timer = setTimeout(launch, inMs);
      };
      c.on('error', (err) => finish(null, null, err));
      c.on('close', (code, signal) => finish(code, signal));
    });
  };

  launch();

  return {
    get starts() {
      return starts;
    },
    async stop() {
      stopping = true;
      if (timer) clearTimeout(timer);
      timer = null;
      const c = child;
      if (!c) return;
      c.kill('SIGTERM');
      const kill = setTimeout(() => c.kill('SIGKILL'), LINK_LIMITS.killGraceMs);
      await exited;
      clearTimeout(kill);
    },
  };
}
