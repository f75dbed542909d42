// Pinned server keys (PROTOCOL.md 1): one line per host:port, `host:port hex`, in the user's config
// dir. The NK handshake never sends the server's static key, so the client cannot learn it from the
// wire: on first use the user gives the fingerprint the server printed (or `pandaproctor fingerprint`),
// the handshake proves the server holds it, and then it is pinned. A pinned key that no longer
// matches stops the client (see keyChangedWarning).
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

export function configDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CONFIG_HOME && env.XDG_CONFIG_HOME.length > 0 ? env.XDG_CONFIG_HOME : join(homedir(), '.config');
  return join(base, 'pandaproctor');
}

export function knownHostsPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(configDir(env), 'known_hosts');
}

export function hostKey(host: string, port: number): string {
  return `${host}:${port}`;
}

/** Accepts 64 hex digits, ignoring spaces and colons people paste; returns lowercase hex or undefined. */
export function normaliseFingerprint(text: string): string | undefined {
  const hex = text.replace(/[\s:]/g, '').toLowerCase();
  return /^[0-9a-f]{64}$/.test(hex) ? hex : undefined;
}

export function keyFromHex(hex: string): Uint8Array {
  return Uint8Array.from(Buffer.from(hex, 'hex'));
}

/** `ab12 cd34 … ` grouping so a person can compare two fingerprints aloud. */
export function groupFingerprint(hex: string): string {
  return hex.match(/.{1,4}/g)?.join(' ') ?? hex;
}

export function parseKnownHosts(text: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const [addr, hex] = line.split(/\s+/);
    const fp = hex ? normaliseFingerprint(hex) : undefined;
    if (addr && fp) map.set(addr, fp);
  }
  return map;
}

export function formatKnownHosts(map: Map<string, string>): string {
  const lines = ['# PandaProctor pinned server keys: host:port fingerprint'];
  for (const [addr, fp] of [...map.entries()].sort()) lines.push(`${addr} ${fp}`);
  return lines.join('\n') + '\n';
}

export class KnownHosts {
  constructor(readonly path: string = knownHostsPath()) {}

  async load(): Promise<Map<string, string>> {
    try {
      return parseKnownHosts(await readFile(this.path, 'utf8'));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
      throw e;
    }
  }

  async get(host: string, port: number): Promise<string | undefined> {
    return (await this.load()).get(hostKey(host, port));
  }

  /** Pins (or re-pins) a key; written to a temp file and renamed so a crash never leaves half a file. */
  async pin(host: string, port: number, fingerprint: string): Promise<void> {
    const fp = normaliseFingerprint(fingerprint);
    if (!fp) throw new Error('not a server fingerprint: expected 64 hex digits');
    const map = await this.load();
    map.set(hostKey(host, port), fp);
    await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
    const tmp = `${this.path}.${process.pid}.tmp`;
    await writeFile(tmp, formatKnownHosts(map), { mode: 0o600 });
    await rename(tmp, this.path);
  }

  async forget(host: string, port: number): Promise<boolean> {
    const map = await this.load();
    const had = map.delete(hostKey(host, port));
    if (had) {
      const tmp = `${this.path}.${process.pid}.tmp`;
      await writeFile(tmp, formatKnownHosts(map), { mode: 0o600 });
      await rename(tmp, this.path);
    }
    return had;
  }
}

/** Decides what to do before connecting. */
export type KeyDecision =
  | { kind: 'use'; fingerprint: string; pinNow: boolean }
  | { kind: 'ask' }
  | { kind: 'changed'; pinned: string; given: string };

export function decideKey(given: string | undefined, pinned: string | undefined): KeyDecision {
  if (given && pinned && given !== pinned) return { kind: 'changed', pinned, given };
  if (given) return { kind: 'use', fingerprint: given, pinNow: pinned === undefined };
  if (pinned) return { kind: 'use', fingerprint: pinned, pinNow: false };
  return { kind: 'ask' };
}

export function keyChangedWarning(host: string, port: number, pinned: string, path: string, seen?: string): string {
  const addr = hostKey(host, port);
  // Two rows of 8 groups so every line fits an 80-column terminal.
  const key = (label: string, hex: string) => [
    `${label}${groupFingerprint(hex.slice(0, 32))}`,
    `${' '.repeat(label.length)}${groupFingerprint(hex.slice(32))}`,
  ];
  return [
    '@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@',
    `@  WARNING: THE SERVER KEY FOR ${addr} HAS CHANGED!`,
    '@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@',
    'Someone may be posing as the exam server, or its data directory was',
    'recreated. Do not log in.',
    ...key('Pinned key:   ', pinned),
    ...(seen ? key('Offered key:  ', seen) : ['The server could not prove it holds the pinned key.']),
    'Ask the exam admin to run `pandaproctor fingerprint --data DIR` on the',
    `server. If the new key is genuine, remove the line for ${addr} from`,
    `  ${path}`,
    `or run: pandaproctor client --host ${host} --port ${port} --forget-key`,
  ].join('\n');
}

/**
 * A key given with --server-key (nothing pinned yet) that the server could not prove. Most often it
 * was copied with a mistake, so this says to compare it first; "THE KEY HAS CHANGED" and "remove the
 * pinned line" were wrong here: nothing was ever pinned.
 */
export function givenKeyRefused(host: string, port: number, given: string): string {
  const addr = hostKey(host, port);
  return [
    `The server at ${addr} could not prove it holds the key you gave:`,
    `  --server-key ${groupFingerprint(given.slice(0, 32))}`,
    `               ${groupFingerprint(given.slice(32))}`,
    'Most often the key was copied with a mistake (or host or port are wrong):',
    'compare it, group by group, with the one your instructor gave you, then',
    'run the command again. If it is exactly right, do not log in: someone may be',
    'posing as the exam server. Tell the invigilator. Nothing was pinned.',
  ].join('\n');
}

/** The warning for a server that could not prove the key used: changed if it was pinned, else mistyped. */
export function refusedKeyWarning(
  host: string,
  port: number,
  used: { fingerprint: string; pinNow: boolean },
  path: string,
): string {
  return used.pinNow
    ? givenKeyRefused(host, port, used.fingerprint)
    : keyChangedWarning(host, port, used.fingerprint, path);
}
