// Live invigilation for admins (PROTOCOL.md 8): attempts.list, attempts.extend, attempts.end,
// notice.send, monitor.subscribe / monitor.unsubscribe. Every action writes an audit row with the
// admin, the time and the reason typed, before it is acknowledged.
// Arguments arrive checked by the contract (protocol/contract/live.ts); reasons trimmed and not blank.
import type { ArgsOf } from '../../protocol/contract/index.js';
import { AppError } from '../../protocol/errors.js';
import type { App, RequestContext } from '../app.js';
import { MONITOR_LIMITS } from '../limits.js';
import { attemptSummary } from '../exam/summary.js';
import { attemptState } from '../monitor/live-attempt.js';
import type { AttemptState } from '../store/model.js';

/** Newest first by start time, then by id; the cursor is the last attempt of the page (`started:id`). */
export function listAttempts(given: ArgsOf<'attempts.list'>, { app }: RequestContext) {
  const args = { ...given, state: given.state ?? 'all', limit: given.limit ?? MONITOR_LIMITS.listDefault };
  const source =
    args.student !== undefined ? (app.db.model.attemptsByUser.get(args.student) ?? []) : app.db.model.attempts.values();
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
  rows.sort(
    (x, y) => y.startedAt - x.startedAt || (y.attemptId < x.attemptId ? -1 : y.attemptId > x.attemptId ? 1 : 0),
  );
  const page = rows.slice(0, args.limit);
  const now = app.now();
  const last = page[page.length - 1];
  return {
    attempts: page.map((a) => attemptSummary(a, now)),
    ...(rows.length > args.limit ? { cursor: `${last.startedAt}:${last.attemptId}` } : {}),
  };
}

function openAttempt(app: App, attemptId: string): AttemptState {
  const a = app.db.model.attempts.get(attemptId);
  if (!a) throw new AppError('NOT_FOUND', `No attempt '${attemptId}'; pick it from the Live or Attempts screen.`);
  if (a.finish || app.now() >= a.deadline)
    throw new AppError(
      'CONFLICT',
      `Attempt '${attemptId}' of ${a.username} is already over; only an open attempt can be changed.`,
    );
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

export async function extendAttempt(args: ArgsOf<'attempts.extend'>, { app, session, address }: RequestContext) {
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
      app.db.audit({
        at: now,
        actor: session.username!,
        address,
        action: 'attempts.extend',
        target: a.attemptId,
        detail: `+${args.minutes} min for ${a.username}: ${args.reason}`,
      }),
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

export async function endAttempt(args: ArgsOf<'attempts.end'>, { app, session, address }: RequestContext) {
  const a = openAttempt(app, args.attemptId);
  if (a.startDurable) await a.startDurable;
  const result = await app.exams.end(a, 'finished', address, {
    actor: session.username!,
    action: 'attempts.end',
    reason: args.reason,
  });
  tellStudent(app, a.username, 'exam.ended', { attemptId: a.attemptId, reason: args.reason, ...result });
  return result;
}

/**
 * `delivered`: student connections that got it now (a student not connected gets nothing later).
 * A course-wide notice goes to the students of its open attempts: not finished, deadline not passed
 * (an attempt whose timer has not yet closed it is over for its student).
 */
export async function sendNotice(args: ArgsOf<'notice.send'>, { app, session, address }: RequestContext) {
  const at = app.now();
  const from = session.username!;
  let students: string[];
  if (args.student !== undefined) {
    if (!app.db.model.users.has(args.student))
      throw new AppError('NOT_FOUND', `No student '${args.student}'; check the name in the Live screen.`);
    students = [args.student];
  } else {
    students = [
      ...new Set(
        [...app.db.model.attempts.values()]
          .filter((a) => !a.finish && at < a.deadline && a.course === args.course)
          .map((a) => a.username),
      ),
    ];
  }
  await app.db.audit({
    at,
    actor: from,
    address,
    action: 'notice.send',
    target: args.student ?? `course:${args.course}`,
    detail: args.text,
  });
  let delivered = 0;
  for (const u of students) delivered += tellStudent(app, u, 'notice', { from, text: args.text, at });
  return { delivered };
}

export function subscribe(args: ArgsOf<'monitor.subscribe'>, { app, session }: RequestContext) {
  return { attempts: app.monitor.subscribe(session, args.course) };
}

export function unsubscribe(_args: unknown, { app, session }: RequestContext) {
  app.monitor.unsubscribe(session.conn.id);
  return {};
}
