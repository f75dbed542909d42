import type { ClientChannel } from '../protocol/api.js';
import { AppError, ProtocolError } from '../protocol/errors.js';
import type { SessionRole } from '../protocol/messages.js';
import { backoffDelay, Session, type ConnState } from './session.js';

/** A channel whose server is a function; `drop()` simulates the connection dying. */
class FakeChannel implements ClientChannel {
  welcome = { t: 'welcome' as const, server: 'fake/1', time: 0 };
  closed = false;
  role: SessionRole = 'anon';
  private closeFns: ((i: { reason: string }) => void)[] = [];
  private inflight: ((e: Error) => void)[] = [];
  constructor(
    private handle: (cmd: string, args: Record<string, unknown>, ch: FakeChannel) => unknown,
    time = 0,
  ) {
    this.welcome.time = time;
  }
  request<T>(cmd: string, args: Record<string, unknown> = {}): Promise<T> {
    if (this.closed) return Promise.reject(new ProtocolError('CONNECTION_CLOSED', 'closed'));
    return new Promise<T>((resolve, reject) => {
      this.inflight.push(reject);
      Promise.resolve()
        .then(() => this.handle(cmd, args, this))
        .then(
          (v) => (this.closed ? undefined : resolve(v as T)),
          (e) => (this.closed ? undefined : reject(e)),
        );
    });
  }
  onEvent() {
    return () => undefined;
  }
  onClose(fn: (i: { reason: string }) => void) {
    this.closeFns.push(fn);
    return () => undefined;
  }
  setRole(r: SessionRole) {
    this.role = r;
  }
  async close(reason = 'closed') {
    this.drop(reason);
  }
  drop(reason = 'dropped') {
    if (this.closed) return;
    this.closed = true;
    for (const r of this.inflight.splice(0)) r(new ProtocolError('CONNECTION_CLOSED', `connection closed: ${reason}`));
    for (const f of this.closeFns.splice(0)) f({ reason });
  }
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('Session', () => {
  test('backoff doubles to the cap with jitter inside +-25%', () => {
    expect(backoffDelay(0, 250, 5000, () => 0.5)).toBe(250);
    expect(backoffDelay(3, 250, 5000, () => 0.5)).toBe(2000);
    expect(backoffDelay(10, 250, 5000, () => 0.5)).toBe(5000);
    expect(backoffDelay(10, 250, 5000, () => 0)).toBe(3750);
    expect(backoffDelay(10, 250, 5000, () => 1)).toBe(6250);
  });

  test('retries connecting with backoff until the server is up, then measures the clock offset', async () => {
    const sleeps: number[] = [];
    let n = 0;
    const s = new Session({
      connect: async () => {
        if (n++ < 3) throw new ProtocolError('CONNECT_FAILED', 'refused');
        return new FakeChannel(() => ({}), 10_000);
      },
      sleep: async (ms) => void sleeps.push(ms),
      now: () => 4_000,
      random: () => 0.5,
    });
    const states: ConnState[] = [];
    s.subscribe((st) => states.push(st));
    await s.request('courses.list');
    expect(sleeps).toEqual([250, 500, 1000]);
    expect(s.state).toMatchObject({ status: 'online', clockOffsetMs: 6_000, retries: 0 });
    expect(states.some((x) => x.status === 'connecting' && x.retries === 3 && x.lastError === 'refused')).toBe(true);
    await s.close();
  });

  test('after a drop it reconnects, logs in again and repeats a safe request that was in flight', async () => {
    const channels: FakeChannel[] = [];
    const seen: string[] = [];
    let holdAnswer = true;
    const s = new Session({
      connect: async () => {
        const ch = new FakeChannel((cmd, args, c) => {
          seen.push(`${channels.indexOf(c)}:${cmd}`);
          if (cmd === 'auth.login') return { username: args.username, role: args.role };
          if (cmd === 'exam.answer' && holdAnswer) return new Promise(() => undefined); // never answered
          return { correct: true, answer: 'A' };
        });
        channels.push(ch);
        return ch;
      },
      sleep: async () => undefined,
    });
    await s.request('auth.login', { username: 'al', password: 'pw123456', role: 'student' });
    expect(channels[0].role).toBe('student');
    const answer = s.request('exam.answer', { attemptId: 'a', questionId: 'q', choice: 'A' });
    await tick();
    holdAnswer = false;
    channels[0].drop('server restarted');
    await expect(answer).resolves.toEqual({ correct: true, answer: 'A' });
    expect(seen).toEqual(['0:auth.login', '0:exam.answer', '1:auth.login', '1:exam.answer']);
    expect(channels[1].role).toBe('student');
    await s.close();
  });

  test('the state says since when the server has been away, and forgets it once it is back', async () => {
    let clock = 1_000;
    let up = true;
    const channels: FakeChannel[] = [];
    const s = new Session({
      connect: async () => {
        if (!up) throw new ProtocolError('CONNECTION_CLOSED', 'refused');
        const ch = new FakeChannel(() => ({}));
        channels.push(ch);
        return ch;
      },
      // Each failed try waits "a second"; the server comes back after five.
      sleep: async () => {
        clock += 1_000;
        if (clock >= 10_000) up = true;
      },
      now: () => clock,
    });
    const states: { status: string; downSince?: number }[] = [];
    s.subscribe((x) => states.push({ status: x.status, downSince: x.downSince }));
    s.start();
    await s.request('courses.list', {});
    clock = 5_000;
    up = false;
    channels[0].drop('server killed');
    await s.request('courses.list', {});
    const away = states.filter((x) => x.status === 'reconnecting');
    expect(away.length).toBeGreaterThan(2);
    // Every state while away carries the moment the connection was lost, not the latest retry.
    expect(away.every((x) => x.downSince === 5_000)).toBe(true);
    expect(s.state).toMatchObject({ status: 'online' });
    expect(s.state.downSince).toBeUndefined();
    await s.close();
  });

  test('an unsafe request lost with the connection fails with what to do, and is not repeated', async () => {
    const channels: FakeChannel[] = [];
    const s = new Session({
      connect: async () => {
        const ch = new FakeChannel(() => new Promise(() => undefined));
        channels.push(ch);
        return ch;
      },
      sleep: async () => undefined,
    });
    s.start();
    await tick();
    const create = s.request('questions.create', { text: 'x' });
    await tick();
    channels[0].drop();
    await expect(create).rejects.toThrow(/check whether the change was saved/);
    await s.close();
  });

  test('exam.start lost with the connection is not repeated after the reconnect (only a keypress starts an attempt)', async () => {
    const channels: FakeChannel[] = [];
    const seen: string[] = [];
    const s = new Session({
      connect: async () => {
        const n = channels.length;
        const ch = new FakeChannel((cmd) => {
          seen.push(`${n}:${cmd}`);
          return new Promise(() => undefined);
        });
        channels.push(ch);
        return ch;
      },
      sleep: async () => undefined,
    });
    s.start();
    await tick();
    const start = s.request('exam.start', { course: 'DSA' });
    await tick();
    channels[0].drop();
    await expect(start).rejects.toThrow(/check whether the change was saved/);
    await tick();
    expect(channels.length).toBe(2); // reconnected
    expect(seen).toEqual(['0:exam.start']);
    await s.close();
  });

  test('a request too large for the frame limit fails at once instead of reconnecting', async () => {
    let connects = 0;
    const s = new Session({
      connect: async () => {
        connects++;
        return new FakeChannel(() => {
          throw new ProtocolError(
            'FRAME_TOO_LARGE',
            'request of 2000000 bytes is over the 1048576-byte limit for this role',
          );
        });
      },
      sleep: async () => undefined,
    });
    await expect(s.request('questions.list')).rejects.toMatchObject({ code: 'FRAME_TOO_LARGE' });
    expect(connects).toBe(1);
    expect(s.state.status).toBe('online');
    await s.close();
  });

  test('application errors pass through untouched', async () => {
    const s = new Session({
      connect: async () =>
        new FakeChannel(() => {
          throw new AppError('AUTH_FAILED', 'no');
        }),
      sleep: async () => undefined,
    });
    await expect(s.request('auth.login', { username: 'x', password: 'y', role: 'student' })).rejects.toMatchObject({
      code: 'AUTH_FAILED',
    });
    await s.close();
  });

  test('a refused re-login after reconnect reports logged out instead of looping', async () => {
    const channels: FakeChannel[] = [];
    const s = new Session({
      connect: async () => {
        const first = channels.length === 0;
        const ch = new FakeChannel((cmd, args) => {
          if (cmd === 'auth.login' && !first) throw new AppError('AUTH_FAILED', 'account locked');
          return cmd === 'auth.login' ? { username: args.username, role: args.role } : [];
        });
        channels.push(ch);
        return ch;
      },
      sleep: async () => undefined,
    });
    await s.request('auth.login', { username: 'al', password: 'pw', role: 'student' });
    channels[0].drop();
    await s.request('courses.list');
    expect(s.state.loggedOut).toMatch(/account locked/);
    expect(channels).toHaveLength(2);
    await s.close();
  });

  test('a server that cannot prove the pinned key stops the session: no retries', async () => {
    let n = 0;
    const s = new Session({
      connect: async () => {
        n++;
        throw new ProtocolError('SERVER_KEY_MISMATCH', 'the server did not prove it holds the pinned key');
      },
      sleep: async () => undefined,
    });
    await expect(s.request('courses.list')).rejects.toMatchObject({ code: 'SERVER_KEY_MISMATCH' });
    expect(n).toBe(1);
    expect(s.state.status).toBe('key-mismatch');
    await s.close();
  });
});
