import '../protocol/testing/fast-nacl.js';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { keyPairFromSecret } from '../protocol/crypto.js';
import { KEY_FILE, loadIdentity, loadOrCreateIdentity, parseKeyHex } from './identity.js';

async function tempDir(): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), 'pp-identity-'));
}

describe('server identity', () => {
  test('creates server.key with mode 0600 on first use and loads the same key after', async () => {
    const dir = path.join(await tempDir(), 'fresh');
    const a = await loadOrCreateIdentity(dir);
    const st = await fs.stat(path.join(dir, KEY_FILE));
    expect(st.mode & 0o777).toBe(0o600);
    expect(a.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(Buffer.from(keyPairFromSecret(a.secretKey).publicKey).toString('hex')).toBe(a.fingerprint);
    const b = await loadOrCreateIdentity(dir);
    expect(b.fingerprint).toBe(a.fingerprint);
    expect(await fs.readdir(dir)).toEqual([KEY_FILE]);
  });

  test('a key restored readable by others is made 0600 again at start', async () => {
    const dir = await tempDir();
    const file = path.join(dir, KEY_FILE);
    await fs.writeFile(file, `${'ab'.repeat(32)}\n`, { mode: 0o644 });
    await fs.chmod(file, 0o644);
    await loadOrCreateIdentity(dir);
    expect((await fs.stat(file)).mode & 0o777).toBe(0o600);
  });

  test('concurrent first starts agree on one key', async () => {
    const dir = await tempDir();
    const all = await Promise.all([1, 2, 3, 4].map(() => loadOrCreateIdentity(dir)));
    expect(new Set(all.map((i) => i.fingerprint)).size).toBe(1);
  });

  test('a damaged key file is a one-line error, not a silent new key', async () => {
    const dir = await tempDir();
    await fs.writeFile(path.join(dir, KEY_FILE), 'garbage\n');
    await expect(loadOrCreateIdentity(dir)).rejects.toThrow(/damaged/);
  });

  test('loadIdentity returns null when there is no key yet', async () => {
    expect(await loadIdentity(await tempDir())).toBeNull();
  });

  test('parseKeyHex accepts 64 hex chars only', () => {
    expect(parseKeyHex('AB'.repeat(32))).toHaveLength(32);
    expect(parseKeyHex('ab'.repeat(31))).toBeNull();
    expect(parseKeyHex('zz'.repeat(32))).toBeNull();
  });
});
