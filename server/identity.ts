// The server's long-term X25519 identity (PROTOCOL.md 1): `server.key` in the data directory,
// mode 0600, created on first use, never sent anywhere. The fingerprint is the lowercase hex of S.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { keyPairFromSecret } from '../protocol/crypto.js';

export const KEY_FILE = 'server.key';

export interface ServerIdentity {
  publicKey: Uint8Array;
  secretKey: Uint8Array;
  /** Lowercase hex of the public key, 64 characters. */
  fingerprint: string;
}

export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

/** Parses a 64-hex key (as given with --server-key); null if malformed. */
export function parseKeyHex(hex: string): Uint8Array | null {
  const t = hex.trim().toLowerCase();
  return /^[0-9a-f]{64}$/.test(t) ? Uint8Array.from(Buffer.from(t, 'hex')) : null;
}

export function identityFromSecret(secretKey: Uint8Array): ServerIdentity {
  const { publicKey } = keyPairFromSecret(secretKey);
  return { publicKey, secretKey: Uint8Array.from(secretKey), fingerprint: toHex(publicKey) };
}

/** The key file holds the 64-hex secret key and a newline. Throws a one-line error if it is damaged. */
export async function loadIdentity(dataDir: string): Promise<ServerIdentity | null> {
  const file = path.join(dataDir, KEY_FILE);
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  const secret = parseKeyHex(text);
  if (!secret) {
    throw new Error(
      `${file} is damaged (expected 64 hex characters); restore it from a backup, or delete it to make a new key (clients must then re-pin)`,
    );
  }
  return identityFromSecret(secret);
}

/** Loads `server.key`, creating the directory and a fresh key (mode 0600) on first use. */
export async function loadOrCreateIdentity(dataDir: string): Promise<ServerIdentity> {
  const existing = await loadIdentity(dataDir);
  if (existing) {
    // PROTOCOL.md 1: mode 0600. A key restored from a backup or copied with a loose umask may be
    // readable by other local users, who could then impersonate this server: tighten it.
    const file = path.join(dataDir, KEY_FILE);
    if (((await fs.stat(file)).mode & 0o077) !== 0) await fs.chmod(file, 0o600);
    return existing;
  }
  await fs.mkdir(dataDir, { recursive: true });
  const secret = Uint8Array.from(randomBytes(32));
  const file = path.join(dataDir, KEY_FILE);
  // Write a temp file, fsync, then link(): atomic, and never overwrites a key another process just made.
  const tmp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await fs.open(tmp, 'wx', 0o600);
  try {
    await handle.writeFile(`${toHex(secret)}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await fs.link(tmp, file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  } finally {
    await fs.unlink(tmp).catch(() => {});
  }
  const made = await loadIdentity(dataDir);
  if (!made) throw new Error(`could not create ${file}; check that the data directory is writable`);
  return made;
}
