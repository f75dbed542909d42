// One simulated student over real TCP (protocol/connect.ts), and the metrics the benches share.
import { connect } from '../protocol/connect.js';
import type { ClientChannel } from '../protocol/api.js';
import type { Attempt, Choice } from '../protocol/messages.js';
import { CHOICES } from '../protocol/messages.js';
import { ErrorTally, Samples, sleep } from './stats.js';

export const STUDENT_PASSWORD = 'bench-password-1';
export const ADMIN_USER = 'benchadmin';
export const ADMIN_PASSWORD = 'bench-admin-password-1';

export interface Target {
  port: number;
  serverKey: Uint8Array;
  /** false: sealing off (ConnectOptions.unsafeNoEncryption), the server must agree. */
  seal: boolean;
  /** Connect from this local address (one loopback address per simulated lab machine). */
  localAddress?: string;
}

export function studentName(i: number, prefix = 's'): string {
  return `${prefix}${String(i).padStart(5, '0')}`;
}

export async function open(target: Target): Promise<ClientChannel> {
  return connect({
    host: '127.0.0.1',
    port: target.port,
    serverKey: target.serverKey,
    unsafeNoEncryption: !target.seal,
    localAddress: target.localAddress,
    timeoutMs: 30_000,
    requestTimeoutMs: 60_000,
  });
}

export async function login(
  ch: ClientChannel,
  username: string,
  password = STUDENT_PASSWORD,
  role: 'student' | 'admin' = 'student',
): Promise<void> {
  await ch.request('auth.login', { username, password, role });
  ch.setRole(role);
}

export function randomChoice(options: number): Choice {
  return CHOICES[Math.floor(Math.random() * Math.min(options, CHOICES.length))];
}

export class Metrics {
  readonly connectMs = new Samples();
  readonly loginMs = new Samples();
  readonly startMs = new Samples();
  readonly answerMs = new Samples();
  readonly finishMs = new Samples();
  readonly presenceMs = new Samples();
  readonly errors = new ErrorTally();
  answers = 0;
  finished = 0;
  firstAnswerAt = 0;
  lastAnswerAt = 0;
  open = 0;
  peakOpen = 0;
  /** When the last successful login finished (end of the arrival phase). */
  lastLoginAt = 0;
  /** Answer latencies with their completion time, to split a run into phases (login storm). */
  readonly answerLog: { at: number; ms: number }[] = [];
  keepAnswerLog = false;

  connected(): void {
    this.open++;
    if (this.open > this.peakOpen) this.peakOpen = this.open;
  }
  disconnected(): void {
    this.open--;
  }
  answered(ms: number): void {
    const now = Date.now();
    this.answerMs.add(ms);
    this.answers++;
    if (!this.firstAnswerAt) this.firstAnswerAt = now;
    this.lastAnswerAt = now;
    if (this.keepAnswerLog) this.answerLog.push({ at: now, ms });
  }
  answersPerSec(): number {
    const span = (this.lastAnswerAt - this.firstAnswerAt) / 1000;
    return span > 0 ? this.answers / span : 0;
  }
}

export interface ExamPlan {
  course: string;
  thinkMinMs: number;
  thinkMaxMs: number;
  presenceEveryMs: number;
  /** Stop answering (and finish) once this returns true; e.g. the end of a timed phase. */
  stop?: () => boolean;
}

async function timed<T>(samples: Samples, fn: () => Promise<T>): Promise<T> {
  const t = performance.now();
  const v = await fn();
  samples.add(performance.now() - t);
  return v;
}

/** Answers every question not yet answered, with think time (until plan.stop()), then finishes. */
async function answerAndFinish(c: ClientChannel, attempt: Attempt, plan: ExamPlan, m: Metrics): Promise<void> {
  const done = new Set(attempt.answered.map((a) => a.questionId));
  for (const q of attempt.questions) {
    if (plan.stop?.()) break;
    if (done.has(q.id)) continue;
    await sleep(plan.thinkMinMs + Math.random() * (plan.thinkMaxMs - plan.thinkMinMs));
    const t = performance.now();
    await c.request('exam.answer', {
      attemptId: attempt.attemptId,
      questionId: q.id,
      choice: randomChoice(q.options.length),
    });
    m.answered(performance.now() - t);
  }
  await timed(m.finishMs, () => c.request('exam.finish', { attemptId: attempt.attemptId }));
  m.finished++;
}

/**
 * Connects and logs in `username`, runs `session`, and always leaves: an error anywhere is counted
 * in `m`, and the connection is closed whatever happened.
 */
async function asStudent(
  target: Target,
  username: string,
  m: Metrics,
  session: (c: ClientChannel) => Promise<void>,
): Promise<void> {
  let ch: ClientChannel | undefined;
  try {
    ch = await timed(m.connectMs, () => open(target));
    m.connected();
    const c = ch;
    await timed(m.loginMs, () => login(c, username));
    await session(c);
  } catch (e) {
    m.errors.add(e);
  } finally {
    if (ch) {
      await ch.close('bench done').catch(() => {});
      m.disconnected();
    }
  }
}

/** One 'present' report, its latency into `m`; a failure counts unless the channel is closing. */
function reportPresent(c: ClientChannel, attemptId: string, seq: number, m: Metrics): void {
  const t = performance.now();
  c.request('presence.report', {
    attemptId,
    events: [{ seq, at: Date.now(), state: 'present', faces: 1, fps: 10 }],
  }).then(
    () => m.presenceMs.add(performance.now() - t),
    (e: unknown) => {
      if (!c.closed) m.errors.add(e);
    },
  );
}

/** Connect, log in, start, answer every question with think time, report presence, finish, leave. */
export async function simulateStudent(target: Target, username: string, plan: ExamPlan, m: Metrics): Promise<void> {
  await asStudent(target, username, m, async (c) => {
    m.lastLoginAt = Date.now();
    const attempt = await timed(m.startMs, () => c.request<Attempt>('exam.start', { course: plan.course }));
    let seq = 0;
    const report = () => reportPresent(c, attempt.attemptId, ++seq, m);
    report();
    const presence = setInterval(report, plan.presenceEveryMs);
    try {
      await answerAndFinish(c, attempt, plan, m);
    } finally {
      clearInterval(presence);
    }
  });
}

/**
 * A student who stays: connect and log in once, then start -> answer -> finish attempts in a loop
 * (the course allows unlimited attempts) with presence reports, until plan.stop() is true.
 * Resolves once logged in via `ready` (or once it gave up), so phases can begin when everyone is
 * in the exam.
 */
export function stayingStudent(
  target: Target,
  username: string,
  plan: ExamPlan,
  m: Metrics,
): { ready: Promise<void>; done: Promise<void> } {
  let markReady!: () => void;
  const ready = new Promise<void>((r) => (markReady = r));
  const done = asStudent(target, username, m, async (c) => {
    let attemptId = '';
    let seq = 0;
    const presence = setInterval(() => {
      if (attemptId) reportPresent(c, attemptId, ++seq, m);
    }, plan.presenceEveryMs);
    try {
      markReady();
      while (!plan.stop?.()) {
        const attempt = await timed(m.startMs, () => c.request<Attempt>('exam.start', { course: plan.course }));
        attemptId = attempt.attemptId;
        await answerAndFinish(c, attempt, plan, m);
      }
    } finally {
      clearInterval(presence);
    }
  }).finally(markReady);
  return { ready, done };
}
