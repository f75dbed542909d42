// The outage of the issue, with a real server child process and the real client App over a
// reconnecting session: a student answers in a 1-minute exam; the server is SIGKILLed and kept down
// longer than the time left; an answer is typed during the outage; the server restarts. The attempt
// is still open with its deadline moved by the downtime, both answers count, the client started no
// new attempt and the attempts used did not change (docs/server.md "Downtime").
import '../protocol/testing/fast-nacl.js'; // X25519 outside Jest's slow vm sandbox
import { readFile, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { join } from 'node:path';
import { connect } from '../protocol/connect.js';
import { spawnServer, type ServerChild } from '../server/testing/child.js';
import { tempDir } from '../server/testing/harness.js';
import { studentChannel } from '../server/testing/tcp.js';
import { UPTIME_MARK_MS } from '../server/limits.js';
import type { CourseInfo, ResumeResult } from '../protocol/messages.js';
import { Api } from './api.js';
import { Session } from './session.js';
import { cleanup, KEY, renderApp, sleep } from './testing/render-app.js';

afterEach(cleanup);

async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise((r) => srv.close(r));
  return port;
}

test('SIGKILL for longer than the time left: the attempt stays open, extended by the downtime; nothing is lost or started', async () => {
  const t = await tempDir();
  await writeFile(join(t.dir, 'exams.csv'), 'Course,Count,Minutes,Proctored,Attempts\nPF,3,1,false,2\n');
  const port = await freePort();
  let srv: ServerChild = await spawnServer(t.dir, 30_000, port);
  const key = srv.publicKey;
  const session = new Session({
    connect: () => connect({ host: '127.0.0.1', port, serverKey: key }),
    minDelayMs: 100,
    maxDelayMs: 500,
  });
  const starts: string[] = [];
  try {
    session.start();
    const api = new Api(session);
    const counted = new Proxy(api, {
      get(target, prop, recv) {
        if (prop === 'startExam') return (course: string) => (starts.push(course), target.startExam(course));
        return Reflect.get(target, prop, recv);
      },
    });
    await api.register('outage1', 'password-1');
    await api.login('outage1', 'password-1', 'student');
    const r = renderApp({
      api: counted as never,
      conn: session as never,
      initial: { user: { username: 'outage1', role: 'student' }, screen: { name: 'courses' } },
    });
    await r.waitFor(/PF\s+\d+\s+3\s+1\s+no\s+2\s+0/);
    await r.press(KEY.down, KEY.down);
    await r.waitFor('Enter starts PF');
    await r.press(KEY.enter, 'y');
    await r.waitFor('PF · Question 1 of 3');
    await r.press('a');
    await r.waitFor(/✓ Right!|✗ Wrong/);
    const startRow = (await readFile(join(t.dir, 'attempts.csv'), 'utf8'))
      .split('\n')
      .find((l) => l.startsWith('start,'))!;
    const [, attemptId, , , , deadlineCell] = startRow.split(',');
    const deadline = Number(deadlineCell);

    const killedAt = Date.now();
    srv.child.kill('SIGKILL');
    await srv.exited;
    await r.waitFor('○ reconnecting');
    // An answer typed during the outage waits for the server.
    await r.press(KEY.enter);
    await r.waitFor('PF · Question 2 of 3');
    await r.press('b');
    await r.waitFor('will be sent when the connection is back');
    // Down for longer than the time that was left.
    while (Date.now() < deadline + 3_000) await sleep(250);
    const spawnedAt = Date.now();
    srv = await spawnServer(t.dir, 30_000, port);
    const readyAt = Date.now();

    // The client reconnects, re-reads its attempt by id, and the answer typed in the outage counts.
    // The outage answer's feedback can arrive before exam.resume's new deadline: wait for both (the
    // clock shows 0:00 in between, and this times out if the extension never reaches the screen).
    const extendedClock = /⏱ (0:[1-5]\d|0:0[1-9]|1:0[0-6]) left/;
    let f = await r.waitFor(
      (x) =>
        /PF · Question 2 of 3/.test(x) && /✓ Right!|✗ Wrong/.test(x) && x.includes('● online') && extendedClock.test(x),
      30_000,
    );
    // Time left is what was left at the kill plus the extension's margin: after a crash the server
    // may give back up to UPTIME_MARK_MS more than the real downtime (docs/server.md "Downtime"),
    // so a 1-minute exam answered in its first seconds can show up to 1:05 (bounded on the server
    // side below). Never 0:00 and never the time lost.
    expect(f).toMatch(extendedClock);
    expect(f).toContain('2/3 answered');
    expect(starts).toEqual(['PF']); // the keypress; nothing after the reconnect

    // The server's side: the same attempt, open, its deadline moved by the downtime, one start only.
    const ch = await studentChannel(port, key, 'outage1', 'password-1', false);
    const pf = (await ch.request<CourseInfo[]>('courses.list')).find((c) => c.course === 'PF');
    expect(pf?.mine?.used).toBe(1);
    expect(pf?.mine?.open?.attemptId).toBe(attemptId);
    const moved = (pf?.mine?.open?.deadline ?? NaN) - deadline;
    expect(moved).toBeGreaterThanOrEqual(spawnedAt - killedAt);
    expect(moved).toBeLessThanOrEqual(readyAt - killedAt + UPTIME_MARK_MS + 1_000);
    const resumed = await ch.request<ResumeResult>('exam.resume', { attemptId });
    if (resumed.state !== 'open') throw new Error(`the attempt is ${resumed.state}, not open`);
    expect(resumed.attempt.answered.map((x) => x.choice)).toEqual(['A', 'B']);
    await ch.close();
    const attempts = await readFile(join(t.dir, 'attempts.csv'), 'utf8');
    expect(attempts.split('\n').filter((l) => l.startsWith('start,'))).toHaveLength(1);
    expect(await readFile(join(t.dir, 'audit.csv'), 'utf8')).toMatch(
      new RegExp(`exam\\.extend-downtime,${attemptId},\\+\\d+s for outage1: the server crashed or was killed`),
    );
    f = r.frame();
    expect(f).not.toContain('Time ran out');
    r.unmount();
  } finally {
    await session.close();
    srv.child.kill('SIGKILL');
    await srv.exited;
    await t.cleanup();
  }
}, 180_000);
