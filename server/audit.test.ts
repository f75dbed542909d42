// The tamper-evident audit log: a real server's log verifies, and `pandaproctor audit verify` names
// the exact first bad row after each kind of tampering (docs/server.md "Audit log").
import { cp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { connect } from '../protocol/connect.js';
import { run as auditCli } from './audit-cli.js';
import { auditHead } from './admin-ops.js';
import { startServer } from './server.js';
import { AUDIT_HEADER_V1, describeHead } from './store/audit.js';
import { Database } from './store/database.js';
import { tempDir } from './testing/harness.js';
import { verifyAuditText } from './store/audit-verify.js';
import { captureOutput } from './testing/capture.js';

let base: { dir: string; cleanup(): Promise<void> };
let dataDir: string;
let shutdownHead: string;
let liveHead: { fromControlSocket: unknown; fromServer: unknown };

/** A real server: registrations, logins (good and bad), logouts; then a clean shutdown. */
beforeAll(async () => {
  base = await tempDir('pp-audit-');
  dataDir = join(base.dir, 'real');
  const srv = await startServer({ dataDir, port: 0, quiet: true, fsync: false });
  for (let i = 0; i < 4; i++) {
    const ch = await connect({ host: '127.0.0.1', port: srv.port, serverKey: srv.publicKey });
    await ch.request('auth.register', { username: `aud${i}`, password: 'audit-pass-1' });
    await ch
      .request('auth.login', { username: `aud${i}`, password: 'wrong-pass-1', role: 'student' })
      .catch(() => undefined);
    await ch.request('auth.login', { username: `aud${i}`, password: 'audit-pass-1', role: 'student' });
    await ch.request('auth.logout', {});
    await ch.close('done');
  }
  // admin audit-head while the server runs goes through its control socket
  liveHead = { fromControlSocket: await auditHead(dataDir), fromServer: srv.auditHead() };
  await srv.close();
  shutdownHead = describeHead(srv.auditHead());
}, 60_000);
afterAll(async () => base.cleanup());

/** A copy of the real log with `edit` applied to its lines (line 1 = header). */
async function tampered(name: string, edit: (lines: string[]) => string[] | string): Promise<string> {
  const dir = join(base.dir, name);
  await rm(dir, { recursive: true, force: true });
  await cp(dataDir, dir, { recursive: true });
  const text = await readFile(join(dir, 'audit.csv'), 'utf8');
  const lines = text.split('\r\n').slice(0, -1);
  const out = edit(lines);
  await writeFile(join(dir, 'audit.csv'), typeof out === 'string' ? out : out.map((l) => `${l}\r\n`).join(''));
  return dir;
}

test('a real server log verifies, and its head is the one printed at shutdown and by admin audit-head', async () => {
  const r = await captureOutput('stdout', () => auditCli(['verify', '--data', dataDir]));
  expect(r.code).toBe(0);
  expect(r.text).toContain('12 row(s), chain intact');
  expect(r.text).toContain(shutdownHead);
  expect(describeHead(await auditHead(dataDir))).toBe(shutdownHead);
  expect(liveHead.fromControlSocket).toEqual(liveHead.fromServer);
  expect(describeHead(liveHead.fromServer as never)).toBe(shutdownHead);
  const [, seq, chain] = /seq (\d+) sha256 ([0-9a-f]{64})/.exec(shutdownHead)!;
  expect(
    (await captureOutput('stdout', () => auditCli(['verify', '--data', dataDir, '--head', `${seq}:${chain}`]))).code,
  ).toBe(0);
});

test.each([
  [
    'a byte edit',
    (l: string[]) => l.map((x, i) => (i === 6 ? x.replace('aud1', 'aud9') : x)),
    'line 7 (seq 6): this row was changed',
  ],
  [
    'an edit of the chain cell',
    (l: string[]) => l.map((x, i) => (i === 3 ? x.slice(0, -1) + (x.endsWith('0') ? '1' : '0') : x)),
    'line 4 (seq 3): this row was changed',
  ],
  [
    'a deleted row',
    (l: string[]) => l.filter((_, i) => i !== 5),
    'line 6: 1 row(s) removed just before this line (seq 6 follows seq 4)',
  ],
  [
    'an inserted row (copied)',
    (l: string[]) => [...l.slice(0, 9), l[2], ...l.slice(9)],
    'line 10: this row was inserted',
  ],
  [
    'a truncated tail',
    (l: string[]) => l.slice(0, -3),
    'after line 10: the log ends at seq 9 but the head in audit.head is seq 12: 3 row(s) were cut off the end',
  ],
  [
    'a torn last line',
    (l: string[]) =>
      l
        .map((x) => `${x}\r\n`)
        .join('')
        .slice(0, -30),
    'line 13: the last row is incomplete',
  ],
])('audit verify names the exact row after %s', async (_what, edit, message) => {
  const dir = await tampered(_what.replace(/\W+/g, '-'), edit);
  const r = await captureOutput('stdout', () => auditCli(['verify', '--data', dir]));
  expect(r.code).toBe(1);
  expect(r.text).toContain(message);
});

test('an inserted row whose own link was recomputed is still named (the next row does not follow it)', () => {
  return readFile(join(dataDir, 'audit.csv'), 'utf8').then(async (text) => {
    const lines = text.split('\r\n').slice(0, -1);
    // Re-chain a fake row after line 5 with the right seq and link, as someone who read audit.ts would.
    const { AuditChain } = await import('./store/audit.js');
    const [, , , , , , seq, chain] = lines[4].split(',');
    const forged = new AuditChain({ seq: Number(seq), chain }).next({
      at: 1,
      actor: 'mallory',
      address: 'x',
      action: 'admin.add',
      target: 'mallory',
      detail: 'admin',
    });
    const edited = [...lines.slice(0, 5), forged.trimEnd(), ...lines.slice(5)].map((l) => `${l}\r\n`).join('');
    const v = verifyAuditText(edited);
    expect(v.ok).toBe(false);
    expect(v.problem).toMatchObject({ kind: 'inserted', line: 6 });
  });
});

test('a whole log rewritten from scratch verifies alone, but not against a head noted earlier', async () => {
  const [, seq, chain] = /seq (\d+) sha256 ([0-9a-f]{64})/.exec(shutdownHead)!;
  const dir = await tampered('rewritten', (l) => l);
  // Rewrite: change a row and re-chain everything, audit.head included (what the chain cannot catch).
  await rm(join(dir, 'audit.head'));
  const rows = (await readFile(join(dir, 'audit.csv'), 'utf8'))
    .split('\r\n')
    .slice(1, -1)
    .map((r) => r.replace('aud2', 'aud7'));
  const v1 = [AUDIT_HEADER_V1.join(','), ...rows.map((r) => r.split(',').slice(0, 6).join(','))]
    .map((l) => `${l}\r\n`)
    .join('');
  await writeFile(join(dir, 'audit.csv'), v1);
  const db = await Database.open(dir, { fsync: false }); // upgrades the six-column log: a fresh chain
  await db.close();
  expect((await captureOutput('stdout', () => auditCli(['verify', '--data', dir]))).code).toBe(0);
  const r = await captureOutput('stdout', () => auditCli(['verify', '--data', dir, '--head', `${seq}:${chain}`]));
  expect(r.code).toBe(1);
  expect(r.text).toContain('the head you noted (seq 12) is not this log');
});
