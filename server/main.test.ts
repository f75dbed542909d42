// `pandaproctor server` as the instructor runs it: the banner, the data directory lock, and a clean
// SIGTERM (server.closing + bye to students, files flushed, lock released).
import '../protocol/testing/fast-nacl.js';
import { stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { runCli, spawnServer } from './testing/child.js';
import { tempDir } from './testing/harness.js';
import { studentChannel } from './testing/tcp.js';
import { banner, studentAddresses, trustedAddresses } from './main.js';

test('prints the fingerprint and the client command; a second server on the same data refuses; SIGTERM says bye', async () => {
  const t = await tempDir();
  const srv = await spawnServer(t.dir);
  try {
    expect(srv.stdout()).toContain(
      `pandaproctor client --host 127.0.0.1 --port ${srv.port} --server-key ${srv.fingerprint}`,
    );
    expect((await stat(join(t.dir, 'server.key'))).mode & 0o777).toBe(0o600);
    expect((await stat(join(t.dir, 'control'))).mode & 0o777).toBe(0o700);

    const second = runCli(['server', '--port', '0', '--data', t.dir]);
    expect(await second.exited).toBe(1);
    expect(second.stderr()).toMatch(
      /is in use by a PandaProctor server \(pid \d+\); stop it first or use another --data directory/,
    );

    const ch = await studentChannel(srv.port, srv.publicKey, 'leaver');
    const events: string[] = [];
    ch.onEvent((name) => events.push(name));
    const closed = new Promise<string>((resolve) => ch.onClose((info) => resolve(info.reason)));
    srv.child.kill('SIGTERM');
    expect(await srv.exited).toBe(0);
    // The audit chain head, for the instructor to note down (docs/server.md "Audit log").
    expect(srv.stdout()).toMatch(
      /audit chain head: seq \d+ sha256 [0-9a-f]{64}\n {2}check later: pandaproctor audit verify --data .* --head \d+:[0-9a-f]{64}/,
    );
    expect(await closed).toMatch(/server shutting down/);
    expect(events).toContain('server.closing');
    await expect(stat(join(t.dir, 'server.lock'))).rejects.toThrow(/ENOENT/);
  } finally {
    srv.child.kill('SIGKILL');
    await t.cleanup();
  }
});

test('a malformed data file stops start-up with file:line and the way out', async () => {
  const t = await tempDir();
  try {
    await writeFile(join(t.dir, 'exams.csv'), 'Course,Count,Minutes,Proctored,Attempts\nDSA,ten,15,true,0\n');
    const run = runCli(['server', '--port', '0', '--data', t.dir]);
    expect(await run.exited).toBe(1);
    expect(run.stderr()).toContain("exams.csv:2: Count must be a whole number, got 'ten'");
    expect(run.stderr()).toContain('no file was changed');
  } finally {
    await t.cleanup();
  }
});

test('--help and lab addresses', async () => {
  const help = runCli(['server', '--help']);
  expect(await help.exited).toBe(0);
  expect(help.stdout()).toMatch(/Usage: pandaproctor server \[--host 127\.0\.0\.1\] \[--port 7340\] \[--data DIR\]/);
  expect(studentAddresses('10.1.2.3')).toEqual(['10.1.2.3']);
  expect(studentAddresses('0.0.0.0').every((a) => /^\d+\.\d+\.\d+\.\d+$/.test(a))).toBe(true);
  const text = banner(
    {
      host: '0.0.0.0',
      port: 7340,
      fingerprint: 'ab'.repeat(32),
      publicKey: new Uint8Array(32),
      dataDir: '/x',
      close: async () => {},
    },
    '0.0.0.0',
  );
  expect(text).not.toContain('Only this machine');
  expect(text).toContain(`--port 7340 --server-key ${'ab'.repeat(32)}`);
});

test('a busy port gives a one-line error and leaves the data directory unlocked', async () => {
  const t = await tempDir();
  const blocker = createServer();
  await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
  const port = (blocker.address() as { port: number }).port;
  try {
    const run = runCli(['server', '--port', String(port), '--data', t.dir]);
    expect(await run.exited).toBe(1);
    expect(run.stderr()).toContain(`port ${port} on 127.0.0.1 is already in use`);
    await expect(stat(join(t.dir, 'server.lock'))).rejects.toThrow(/ENOENT/);
  } finally {
    blocker.close();
    await t.cleanup();
  }
});

test('--trust: the lab NAT address joins the loopback as exempt from per-address limits; bad input is refused', async () => {
  expect(trustedAddresses(undefined)).toEqual(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
  expect(trustedAddresses(' 10.0.0.1, fd00::7 ,')).toEqual([
    '127.0.0.1',
    '::1',
    '::ffff:127.0.0.1',
    '10.0.0.1',
    '::ffff:10.0.0.1',
    'fd00::7',
  ]);
  expect(() => trustedAddresses('lab-gw')).toThrow(/'lab-gw' is not one \(no names, no ranges\)/);
  expect(() => trustedAddresses('10.0.0.0/24')).toThrow(/'10\.0\.0\.0\/24' is not one/);
  expect(() => trustedAddresses(' , ')).toThrow(/needs at least one IP address/);
  const bad = runCli(['server', '--trust', 'lab-gw', '--port', '0']);
  expect(await bad.exited).toBe(2);
  expect(bad.stderr()).toMatch(/^pandaproctor server: --trust takes IP addresses/);
});
