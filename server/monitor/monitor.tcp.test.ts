// A subscribed admin over real encrypted TCP sees a real attempt as it happens (PROTOCOL.md 8):
// start, answers, an absence, a several-faces interval, a disconnect, a reconnect and the finish,
// in that order, each pushed without being asked. The bound here is generous (a loaded 2-core CI
// machine stalls for hundreds of ms); the 1 s target is measured by `npm run bench -- live`.
import '../../protocol/testing/fast-nacl.js';
import { randomBytes, scryptSync } from 'node:crypto';
import type { ClientChannel } from '../../protocol/api.js';
import { connect } from '../../protocol/connect.js';
import type { Attempt, FinishResult } from '../../protocol/messages.js';
import { startServer, type RunningServer } from '../server.js';
import type { Alert, LiveAttempt } from './live-attempt.js';
import { Database } from '../store/database.js';
import { tempDir } from '../testing/harness.js';
import { studentChannel } from '../testing/tcp.js';

/** Twenty flush periods (an idle machine pushes at the next one, 250 ms): generous for a loaded machine. */
const WITHIN_MS = 5_000;

async function cheapUser(db: Database, username: string, role: 'student' | 'admin'): Promise<void> {
  const salt = randomBytes(16);
  const hash = scryptSync('password-1', salt, 32, { N: 1024, r: 8, p: 1 });
  await db.putUser({
    username,
    role,
    created: 0,
    salt: salt.toString('base64'),
    hash: hash.toString('base64'),
    params: 'scrypt:1024:8:1',
  });
}

interface Seen {
  at: number;
  a: LiveAttempt;
}

describe('monitor.subscribe over TCP', () => {
  let t: Awaited<ReturnType<typeof tempDir>>;
  let srv: RunningServer;
  let admin: ClientChannel;
  const seen: Seen[] = [];
  let cursor = 0;

  beforeAll(async () => {
    t = await tempDir();
    const db = await Database.open(t.dir, { fsync: false });
    await cheapUser(db, 'ana', 'student');
    await cheapUser(db, 'proc', 'admin');
    await db.close();
    srv = await startServer({ dataDir: t.dir, port: 0, quiet: true });
    admin = await connect({ host: '127.0.0.1', port: srv.port, serverKey: srv.publicKey, requestTimeoutMs: 30_000 });
    await admin.request('auth.login', { username: 'proc', password: 'password-1', role: 'admin' });
    admin.setRole('admin');
    admin.onEvent((name, data) => {
      if (name !== 'monitor') return;
      for (const a of data.attempts as LiveAttempt[]) seen.push({ at: performance.now(), a });
    });
  });
  afterAll(async () => {
    await admin?.close();
    await srv?.close();
    await t.cleanup();
  });

  /** Waits for the next update (after the last one matched) that satisfies `pred`; returns ms since `since`. */
  async function next(what: string, since: number, pred: (a: LiveAttempt) => boolean): Promise<number> {
    const giveUp = performance.now() + 10_000;
    for (;;) {
      const i = seen.findIndex((s, k) => k >= cursor && pred(s.a));
      if (i >= 0) {
        cursor = i + 1;
        return seen[i].at - since;
      }
      if (performance.now() > giveUp)
        throw new Error(`no update showing ${what}; last: ${JSON.stringify(seen.at(-1)?.a)}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  test('start, answers, absence, several faces, disconnect, reconnect and finish are pushed in order', async () => {
    expect((admin.welcome.features ?? []).includes('monitor')).toBe(true);
    const snap = await admin.request<{ attempts: LiveAttempt[] }>('monitor.subscribe', {});
    expect(snap.attempts).toEqual([]);
    const latencies: Record<string, number> = {};

    let student = await studentChannel(srv.port, srv.publicKey, 'ana', 'password-1', false);
    let since = performance.now();
    const attempt = await student.request<Attempt>('exam.start', { course: 'DSA' });
    const mine = (a: LiveAttempt) => a.attemptId === attempt.attemptId;
    latencies.start = await next(
      'the start',
      since,
      (a) => mine(a) && a.state === 'open' && a.answered === 0 && a.connected === true,
    );

    for (const [k, q] of attempt.questions.slice(0, 2).entries()) {
      since = performance.now();
      await student.request('exam.answer', { attemptId: attempt.attemptId, questionId: q.id, choice: 'A' });
      latencies[`answer ${k + 1}`] = await next(`answer ${k + 1}`, since, (a) => mine(a) && a.answered === k + 1);
    }

    let seq = 0;
    const report = (state: string, faces: number) =>
      student.request('presence.report', {
        attemptId: attempt.attemptId,
        events: [{ seq: seq++, at: Date.now(), state, faces, fps: 10 }],
      });
    await report('present', 1);
    since = performance.now();
    await report('absent', 0);
    latencies.absent = await next('the absence', since, (a) => mine(a) && a.presence.state === 'absent');
    await report('present', 1);
    since = performance.now();
    await report('multiple', 2);
    latencies.multiple = await next(
      'several faces',
      since,
      (a) => mine(a) && a.presence.state === 'multiple' && a.alerts.some((x: Alert) => x.kind === 'multiple'),
    );
    await report('present', 1);

    since = performance.now();
    await student.close();
    latencies.disconnect = await next(
      'the disconnect',
      since,
      (a) => mine(a) && a.connected === false && a.alerts.some((x: Alert) => x.kind === 'disconnected'),
    );

    since = performance.now();
    student = await studentChannel(srv.port, srv.publicKey, 'ana', 'password-1', false);
    latencies.reconnect = await next('the reconnect', since, (a) => mine(a) && a.connected === true);

    since = performance.now();
    const fin = await student.request<FinishResult>('exam.finish', { attemptId: attempt.attemptId });
    latencies.finish = await next(
      'the finish',
      since,
      (a) => mine(a) && a.state === 'finished' && a.score === fin.score,
    );
    await student.close();

    for (const [what, ms] of Object.entries(latencies))
      expect({ what, within: ms < WITHIN_MS }).toEqual({ what, within: true });
    // Every alert the console got carries its kind and time, in the order they happened.
    const last = seen.filter((s) => mine(s.a)).at(-1)!.a;
    expect(last.alerts.map((x: Alert) => x.kind)).toEqual(['absent', 'multiple', 'disconnected']);
    expect(last).toMatchObject({
      student: 'ana',
      course: 'DSA',
      answered: 2,
      total: attempt.questions.length,
      proctored: true,
    });
  }, 60_000);
});
