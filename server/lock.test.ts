// One data directory, one server, even under a race: the lock is an abstract Unix socket that the
// kernel frees when its holder dies, so a SIGKILLed server leaves nothing to take over.
import { UPTIME_FILE } from './store/uptime-mark.js';
import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { acquireLock, DataDirLockedError } from './lock.js';
import { run as auditCli } from './audit-cli.js';
import { runCli, spawnServer } from './testing/child.js';
import { tempDir } from './testing/harness.js';
import { studentChannel } from './testing/tcp.js';
import { jest } from '@jest/globals';

/** sha256 of every regular file directly in `dir` (the data files). */
async function digests(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of (await readdir(dir)).sort()) {
    if ((await stat(join(dir, name))).isFile())
      out[name] = createHash('sha256')
        .update(await readFile(join(dir, name)))
        .digest('hex');
  }
  return out;
}

const linuxOnly = process.platform === 'linux' ? test : test.skip;

linuxOnly('in one process: a second acquire is refused with the holder pid; release frees it at once', async () => {
  const t = await tempDir();
  try {
    const a = await acquireLock(t.dir, 'a test holder');
    await expect(acquireLock(t.dir, 'another')).rejects.toThrow(
      new RegExp(`in use by a test holder \\(pid ${process.pid}\\)`),
    );
    await a.release();
    const b = await acquireLock(t.dir, 'another');
    await b.release();
  } finally {
    await t.cleanup();
  }
});

linuxOnly(
  'ten concurrent starts after a SIGKILLed server leave exactly one server running and every file intact',
  async () => {
    const t = await tempDir();
    const children: ReturnType<typeof runCli>[] = [];
    try {
      // A server with real data in it, killed without any chance to clean up.
      const first = await spawnServer(t.dir);
      const ch = await studentChannel(first.port, first.publicKey, 'locker');
      const attempt = await ch.request<{ attemptId: string; questions: { id: string }[] }>('exam.start', {
        course: 'DSA',
      });
      await ch.request('exam.answer', {
        attemptId: attempt.attemptId,
        questionId: attempt.questions[0].id,
        choice: 'A',
      });
      first.child.kill('SIGKILL');
      await first.exited;
      await ch.close().catch(() => {});
      expect(JSON.parse(await readFile(join(t.dir, 'server.lock'), 'utf8')).pid).toBe(first.child.pid); // the stale lock file
      const before = await digests(t.dir);
      const auditBefore = await readFile(join(t.dir, 'audit.csv'));
      const attemptsBefore = await readFile(join(t.dir, 'attempts.csv'));

      for (let i = 0; i < 10; i++) children.push(runCli(['server', '--port', '0', '--data', t.dir]));
      // Wait until every start has either failed or is serving.
      const deadline = Date.now() + 120_000;
      const serving = (c: (typeof children)[number]) => /listening on [^\s]+:(\d+)/.test(c.stdout());
      while (Date.now() < deadline && !children.every((c) => c.child.exitCode !== null || serving(c)))
        await new Promise((r) => setTimeout(r, 100));
      await new Promise((r) => setTimeout(r, 1_000)); // a late second winner would show up here
      const running = children.filter((c) => c.child.exitCode === null);
      const refused = children.filter((c) => c.child.exitCode === 1);
      expect(running).toHaveLength(1);
      expect(serving(running[0])).toBe(true);
      expect(refused).toHaveLength(9);
      for (const c of refused)
        expect(c.stderr()).toMatch(new RegExp(`is in use by a PandaProctor server \\(pid ${running[0].child.pid}\\)`));

      // The winner serves the data as it was: the acknowledged answer is there.
      const port = Number(/listening on [^\s]+:(\d+)/.exec(running[0].stdout())![1]);
      const fp = /fingerprint: ([0-9a-f]{64})/.exec(running[0].stdout())![1];
      const again = await studentChannel(port, Uint8Array.from(Buffer.from(fp, 'hex')), 'locker', undefined, false);
      const resumed = await again.request<{ attemptId: string; answered: { questionId: string }[] }>('exam.start', {
        course: 'DSA',
      });
      expect(resumed.attemptId).toBe(attempt.attemptId);
      expect(resumed.answered.map((a) => a.questionId)).toEqual([attempt.questions[0].id]);
      await again.close();

      running[0].child.kill('SIGTERM');
      expect(await running[0].exited).toBe(0);
      // Every file intact: the data files are byte for byte what the killed server left, except the
      // ones the winner itself appends to or rewrites (its own login's audit rows and token, the
      // downtime extension of the open attempt, its "still up" mark).
      const after = await digests(t.dir);
      for (const [name, digest] of Object.entries(before)) {
        if (['audit.csv', 'audit.head', 'tokens.csv', 'server.lock', 'attempts.csv', UPTIME_FILE].includes(name))
          continue;
        // A rewrite's temp file cut short by the SIGKILL: a start removes it (never acknowledged data).
        if (/\.tmp-\d+$/.test(name)) {
          expect(after[name]).toBeUndefined();
          continue;
        }
        expect({ name, digest: after[name] }).toEqual({ name, digest });
      }
      const auditAfter = await readFile(join(t.dir, 'audit.csv'));
      expect(auditAfter.subarray(0, auditBefore.length).equals(auditBefore)).toBe(true); // only appended to
      const attemptsAfter = await readFile(join(t.dir, 'attempts.csv'));
      expect(attemptsAfter.subarray(0, attemptsBefore.length).equals(attemptsBefore)).toBe(true); // only appended to
      // ...and only with the one downtime extension of the open attempt (one winner, applied once).
      expect(
        attemptsAfter
          .subarray(attemptsBefore.length)
          .toString('utf8')
          .split(/\r?\n/)
          .filter((l) => l !== '')
          .map((l) => l.split(',').slice(0, 2).join(',')),
      ).toEqual([`extend,${attempt.attemptId}`]);
      const log = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
      try {
        expect(await auditCli(['verify', '--data', t.dir])).toBe(0);
      } finally {
        log.mockRestore();
      }
    } finally {
      for (const c of children) c.child.kill('SIGKILL');
      await Promise.all(children.map((c) => c.exited));
      await t.cleanup();
    }
  },
  180_000,
);

test('DataDirLockedError says how to get out', () => {
  expect(new DataDirLockedError(42, 'a PandaProctor server', '/srv/data').message).toBe(
    '/srv/data is in use by a PandaProctor server (pid 42); stop it first or use another --data directory',
  );
});
