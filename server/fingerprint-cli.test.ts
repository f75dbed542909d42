import '../protocol/testing/fast-nacl.js';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { run } from './fingerprint-cli.js';
import { KEY_FILE, loadOrCreateIdentity } from './identity.js';

function capture() {
  const io = {
    stdout: '',
    stderr: '',
    out: (t: string) => void (io.stdout += t),
    err: (t: string) => void (io.stderr += t),
  };
  return io;
}

describe('pandaproctor fingerprint', () => {
  test('prints the 64-hex public key of the data directory', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'pp-fp-'));
    const id = await loadOrCreateIdentity(dir);
    const io = capture();
    expect(await run(['--data', dir], io)).toBe(0);
    expect(io.stdout).toBe(`${id.fingerprint}\n`);
    expect(io.stdout).toMatch(/^[0-9a-f]{64}\n$/);
    const io2 = capture();
    expect(await run([`--data=${dir}`], io2)).toBe(0);
    expect(io2.stdout).toBe(io.stdout);
  });

  test('a directory without a key says so in one line and creates nothing', async () => {
    const dir = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'pp-fp-')), 'new');
    const io = capture();
    expect(await run(['--data', dir], io)).toBe(1);
    expect(io.stderr).toMatch(/no server key in .* yet; start the server once/);
    expect(io.stderr.trim().split('\n')).toHaveLength(1);
    await expect(fs.access(path.join(dir, KEY_FILE))).rejects.toThrow();
  });

  test('--help prints usage and exits 0; a bad option exits 2', async () => {
    const io = capture();
    expect(await run(['--help'], io)).toBe(0);
    expect(io.stdout).toContain('Usage: pandaproctor fingerprint');
    const bad = capture();
    expect(await run(['--nope'], bad)).toBe(2);
    expect(bad.stderr).toContain('unknown option --nope');
  });

  test('a damaged key file is reported, not replaced', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'pp-fp-'));
    await fs.writeFile(path.join(dir, KEY_FILE), 'nope\n');
    const io = capture();
    expect(await run(['--data', dir], io)).toBe(1);
    expect(io.stderr).toContain('damaged');
    expect(await fs.readFile(path.join(dir, KEY_FILE), 'utf8')).toBe('nope\n');
  });
});
