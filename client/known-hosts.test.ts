import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  configDir,
  decideKey,
  groupFingerprint,
  keyChangedWarning,
  refusedKeyWarning,
  KnownHosts,
  normaliseFingerprint,
  parseKnownHosts,
} from './known-hosts.js';

const A = 'ab'.repeat(32);
const B = 'cd'.repeat(32);

describe('known hosts (TOFU pinning, PROTOCOL.md 1)', () => {
  let dir: string;
  beforeEach(async () => void (dir = await mkdtemp(join(tmpdir(), 'pp-kh-'))));
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  test('config dir follows XDG_CONFIG_HOME, else ~/.config', () => {
    expect(configDir({ XDG_CONFIG_HOME: '/x' })).toBe('/x/pandaproctor');
    expect(configDir({})).toMatch(/\.config\/pandaproctor$/);
  });
  test('fingerprints: pasted with spaces/colons/upper case are accepted; wrong lengths are not', () => {
    expect(normaliseFingerprint(A.toUpperCase().match(/.{2}/g)!.join(':'))).toBe(A);
    expect(normaliseFingerprint(groupFingerprint(A))).toBe(A);
    expect(normaliseFingerprint('abc')).toBeUndefined();
  });
  test('pins per host:port, survives reload, private file mode, forget removes one entry', async () => {
    const kh = new KnownHosts(join(dir, 'sub', 'known_hosts'));
    await kh.pin('127.0.0.1', 7340, A);
    await kh.pin('lab.example', 7340, B);
    expect(await new KnownHosts(kh.path).get('127.0.0.1', 7340)).toBe(A);
    expect(await kh.get('127.0.0.1', 7341)).toBeUndefined();
    expect((await stat(kh.path)).mode & 0o777).toBe(0o600);
    expect(await kh.forget('127.0.0.1', 7340)).toBe(true);
    expect(await kh.get('127.0.0.1', 7340)).toBeUndefined();
    expect(await kh.get('lab.example', 7340)).toBe(B);
    expect(parseKnownHosts(await readFile(kh.path, 'utf8')).size).toBe(1);
  });
  test('decisions: given vs pinned', () => {
    expect(decideKey(undefined, undefined)).toEqual({ kind: 'ask' });
    expect(decideKey(undefined, A)).toEqual({ kind: 'use', fingerprint: A, pinNow: false });
    expect(decideKey(A, undefined)).toEqual({ kind: 'use', fingerprint: A, pinNow: true });
    expect(decideKey(A, A)).toEqual({ kind: 'use', fingerprint: A, pinNow: false });
    expect(decideKey(B, A)).toEqual({ kind: 'changed', pinned: A, given: B });
  });
  test('the changed-key warning is loud and says what to do', () => {
    const w = keyChangedWarning('lab', 7340, A, '/home/u/.config/pandaproctor/known_hosts', B);
    expect(w).toMatch(/WARNING: THE SERVER KEY FOR lab:7340 HAS CHANGED/);
    expect(w).toMatch(/Do not log in/);
    expect(w).toMatch(/--forget-key/);
    expect(w).toContain(`Offered key:  ${groupFingerprint(B.slice(0, 32))}`);
    for (const line of w.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
  });
});

test('a key given on the command line and never pinned is reported as not proven, not as changed', () => {
  const A = 'ab'.repeat(32);
  const path = '/home/u/.config/pandaproctor/known_hosts';
  const first = decideKey(A, undefined);
  if (first.kind !== 'use') throw new Error('expected use');
  const w = refusedKeyWarning('lab', 7340, first, path);
  expect(w).toContain('could not prove it holds the key you gave');
  expect(w).not.toMatch(/HAS CHANGED|known_hosts/);
  const pinned = decideKey(undefined, A);
  if (pinned.kind !== 'use') throw new Error('expected use');
  expect(refusedKeyWarning('lab', 7340, pinned, path)).toContain('HAS CHANGED');
});
