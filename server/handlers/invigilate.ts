// Live invigilation for admins (PROTOCOL.md 8): attempts.list, attempts.extend, attempts.end,
// notice.send, monitor.subscribe / monitor.unsubscribe. Every action writes an audit row with the
// admin, the time and the reason typed, before it is acknowledged.
import { AppError } from '../../protocol/errors.js';
import type { App, RequestContext } from '../app.js';
import { MONITOR_LIMITS } from '../limits.js';
import { attemptState, attemptSummary } from '../monitor/live-attempt.js';
import type { AttemptState } from '../store/model.js';
import { bad, int, oneOf, str, type Args } from '../validate.js';
import { courseArg } from './courses.js';
import { attemptIdArg } from './exam.js';

const STATES = ['open', 'finished', 'expired', 'all'] as const;
type ListState = (typeof STATES)[number];

const opt = <T>(args: Args, key: string, read: (a: Args) => T): T | undefined => (args[key] === undefined ? undefined : read(args));
function reasonArg(args: Args): string {
  const reason = str(args, 'reason', { max: MONITOR_LIMITS.reasonMax }).trim();
  if (!reason) throw bad("'reason' must say why, in words; it goes into the audit log.");
  return reason;
}
const studentArg = (args: Args) => str(args, 'student', { max: 64 });

export function listArgs(args: Args) {
  return {
    course: opt(args, 'course', courseArg),
    state: opt(args, 'state', (a) => oneOf(a, 'state', STATES)) ?? ('all' as ListState),
    student: opt(args, 'student', studentArg),
    limit: opt(args, 'limit', (a) => int(a, 'limit', 1, MONITOR_LIMITS.listMax)) ?? MONITOR_LIMITS.listDefault,
    cursor: opt(args, 'cursor', (a) => str(a, 'cursor', { max: 128, re: /^\d+:[A-Za-z0-9_-]+$/, what: 'a cursor from a previous attempts.list answer' })),
  };
}

/** Newest first by start time, then by id; the cursor is the last attempt of the page (`started:id`). */
export function listAttempts(args: ReturnType<typeof listArgs>, { app }: RequestContext) {
  const source = args.student !== undefined ? (app.db.model.attemptsByUser.get(args.student) ?? []) : app.db.model.attempts.values();
  let after: { started: number; id: string } | null = null;
  if (args.cursor) {
    const i = args.cursor.indexOf(':');
    after = { started: Number(args.cursor.slice(0, i)), id: args.cursor.slice(i + 1) };
  }
  const rows: AttemptState[] = [];
  for (const a of source) {
    if (args.course !== undefined && a.course !== args.course) continue;
    if (args.state !== 'all' && attemptState(a) !== args.state) continue;
    if (after && !(a.startedAt < after.started || (a.startedAt === after.started && a.attemptId < after.id))) continue;
    rows.push(a);
  }
  rows.sort((x, y) => y.startedAt - x.startedAt || (y.attemptId < x.attemptId ? -1 : y.attemptId > x.attemptId ? 1 : 0));
  const page = rows.slice(0, args.limit);
  const now = app.now();
  const last = page[page.length - 1];
  return { attempts: page.map((a) => attemptSummary(a, now)), ...(rows.length > args.limit ? { cursor: `${last.startedAt}:${last.attemptId}` } : {}) };
}

function openAttempt(app: App, attemptId: string): AttemptState {
  const a = app.db.model.attempts.get(attemptId);
  if (!a) throw new AppError('NOT_FOUND', `No attempt '${attemptId}'; pick it from the Live or Attempts screen.`);
  if (a.finish || app.now() >= a.deadline) throw new AppError('CONFLICT', `Attempt '${attemptId}' of ${a.username} is already over; only an open attempt can be changed.`);
  return a;
}

function tellStudent(app: App, username: string, name: string, data: Record<string, unknown>): number {
  let n = 0;
  for (const s of app.sessions.ofUser(username)) {
    if (s.role !== 'student' || s.conn.closed) continue;
    s.conn.sendEvent(name, data);
    n++;
  }
  return n;
}

export const extendArgs = (args: Args) => ({ ...attemptIdArg(args), minutes: int(args, 'minutes', 1, MONITOR_LIMITS.extendMinutesMax), reason: reasonArg(args) });

export async function extendAttempt(args: ReturnType<typeof extendArgs>, { app, session, address }: RequestContext) {
  const a = openAttempt(app, args.attemptId);
  if (a.startDurable) await a.startDurable;
  const now = app.now();
  // Memory first (PROTOCOL.md 6 style: concurrent requests see it), so an answer racing this
  // extension already meets the new deadline; the row makes it survive a restart.
  const before = a.deadline;
  const deadline = before + args.minutes * 60_000;
  a.deadline = deadline;
  app.exams.arm(a);
  try {
    await Promise.all([
      app.db.appendAttempt({ event: 'extend', attemptId: a.attemptId, at: now, deadline }),
      app.db.audit({ at: now, actor: session.username!, address, action: 'attempts.extend', target: a.attemptId, detail: `+${args.minutes} min for ${a.username}: ${args.reason}` }),
    ]);
  } catch (err) {
    // Not durable, so not given: the old deadline holds (unless another extension came meanwhile).
    if (a.deadline === deadline) {
      a.deadline = before;
      if (!a.finish) app.exams.arm(a);
    }
    throw err;
  }
  tellStudent(app, a.username, 'exam.deadline', { attemptId: a.attemptId, deadline: a.deadline });
  app.monitor.changed(a);
  return { deadline: a.deadline };
}

export const endArgs = (args: Args) => ({ ...attemptIdArg(args), reason: reasonArg(args) });

export async function endAttempt(args: ReturnType<typeof endArgs>, { app, session, address }: RequestContext) {
  const a = openAttempt(app, args.attemptId);
  if (a.startDurable) await a.startDurable;
  const result = await app.exams.end(a, 'finished', address, { actor: session.username!, action: 'attempts.end', reason: args.reason });
  tellStudent(app, a.username, 'exam.ended', { attemptId: a.attemptId, reason: args.reason, ...result });
  return result;
}

export function noticeArgs(args: Args) {
  const text = str(args, 'text', { max: MONITOR_LIMITS.noticeMax });
  const student = opt(args, 'student', studentArg);
  const course = opt(args, 'course', courseArg);
  if ((student === undefined) === (course === undefined)) throw bad("Give exactly one of 'student' or 'course'.");
  return { text, student, course };
}

/** `delivered`: student connections that got it now (a student not connected gets nothing later). */
export async function sendNotice(args: ReturnType<typeof noticeArgs>, { app, session, address }: RequestContext) {
  const at = app.now();
  const from = session.username!;
  let students: string[];
  if (args.student !== undefined) {
    if (!app.db.model.users.has(args.student)) throw new AppError('NOT_FOUND', `No student '${args.student}'; check the name in the Live screen.`);
    students = [args.student];
  } else {
    students = [...new Set([...app.db.model.attempts.values()].filter((a) => !a.finish && a.course === args.course).map((a) => a.username))];
  }
  await app.db.audit({ at, actor: from, address, action: 'notice.send', target: args.student ?? `course:${args.course}`, detail: args.text });
  let delivered = 0;
  for (const u of students) delivered += tellStudent(app, u, 'notice', { from, text: args.text, at });
  return { delivered };
}

export const subscribeArgs = (args: Args) => ({ course: opt(args, 'course', courseArg) });

export function subscribe(args: { course?: string }, { app, session }: RequestContext) {
  return { attempts: app.monitor.subscribe(session, args.course) };
}

export function unsubscribe(_args: unknown, { app, session }: RequestContext) {
  app.monitor.unsubscribe(session.conn.id);
  return {};
}
