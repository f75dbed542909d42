// identity.enrol / identity.status / identity.reset and the verdict on presence probes
// (PROTOCOL.md 8). The server decides: it keeps the enrolled templates, compares each probe with
// them, and records the verdict on the attempt. No response ever carries a template, and a student
// never sees a distance or a threshold (that would tell a client what passes).
// Templates arrive checked by the contract (protocol/contract/exam.ts): binary, at most 16 KiB, and
// each one decodes.
import type { ArgsOf } from '../../protocol/contract/index.js';
import { AppError } from '../../protocol/errors.js';
import { decodeTemplate, nearest } from '../../protocol/face-template.js';
import type { RequestContext } from '../app.js';
import { verdictOf, type IdentitySummary } from '../exam/identity-verdict.js';
import { IDENTITY_RULES } from '../limits.js';
import type { IdentityRow, Verdict } from '../store/identity-log.js';
import type { AttemptState } from '../store/model.js';

const enrolling = new WeakMap<object, Set<string>>();

export async function enrol(args: ArgsOf<'identity.enrol'>, { app, session, address }: RequestContext) {
  const username = session.username!;
  const a = app.exams.owned(username, args.attemptId);
  if (!a.proctored) throw new AppError('CONFLICT', 'This exam is not proctored, so no face is enrolled in it.');
  if (a.finish || app.now() >= a.deadline)
    throw new AppError('EXPIRED', 'This attempt is over; your face is enrolled at your next proctored exam.');
  const busy = enrolling.get(app.db) ?? new Set<string>();
  enrolling.set(app.db, busy);
  if (app.db.enrolments.get(username) || busy.has(username)) {
    throw new AppError(
      'CONFLICT',
      'You are already enrolled; an admin can reset your enrolment if your appearance changed.',
    );
  }
  busy.add(username);
  try {
    const at = app.now();
    // Copies: the decoded frame's buffer is not kept past this request.
    await app.db.enrolments.enrol(
      { username, at, attemptId: a.attemptId },
      args.templates.map((t) => new Uint8Array(t)),
    );
    const row: IdentityRow = {
      attemptId: a.attemptId,
      kind: 'enrolled',
      seq: -1,
      at,
      receivedAt: at,
      distance: -1,
      threshold: -1,
    };
    await Promise.all([
      app.db.appendIdentity([row]),
      app.db.audit({
        at,
        actor: username,
        address,
        action: 'identity.enrol',
        target: username,
        detail: `attempt ${a.attemptId}, ${args.templates.length} templates`,
      }),
    ]);
  } finally {
    busy.delete(username);
  }
  app.monitor.changed(a); // "enrolled now" on the live console (PROTOCOL.md 8 LiveAttempt.identity)
  return { enrolled: true as const };
}

/** Every student (or the one named) with their enrolment; never a template. */
export function status(args: ArgsOf<'identity.status'>, { app }: RequestContext) {
  const users = app.db.model.users;
  if (args.username !== undefined && !users.has(args.username))
    throw new AppError('NOT_FOUND', `No user '${args.username}'; check the name in the users list.`);
  const names =
    args.username !== undefined
      ? [args.username]
      : [...users.values()]
          .filter((u) => u.role === 'student')
          .map((u) => u.username)
          .sort();
  return names.map((username) => {
    const e = app.db.enrolments.get(username);
    return e ? { username, enrolled: true, at: e.at, attemptId: e.attemptId } : { username, enrolled: false };
  });
}

/** Deletes the student's templates (durably); they enrol again at their next proctored exam. */
export async function reset(args: ArgsOf<'identity.reset'>, { app, session, address }: RequestContext) {
  if (!app.db.model.users.has(args.username))
    throw new AppError('NOT_FOUND', `No user '${args.username}'; check the name in the users list.`);
  const before = app.db.enrolments.get(args.username);
  await app.db.enrolments.reset(args.username);
  const what = before ? `deleted the enrolment of attempt ${before.attemptId}` : 'was not enrolled';
  await app.db.audit({
    at: app.now(),
    actor: session.username!,
    address,
    action: 'identity.reset',
    target: args.username,
    detail: `${what}; reason: ${args.reason}`,
  });
  return {};
}

/**
 * The verdicts on the probes of freshly stored presence events (PROTOCOL.md 8). Nothing is recorded
 * while the student is not enrolled: the enrolment of this attempt may still be on its way.
 */
export function probeVerdicts(
  app: RequestContext['app'],
  a: AttemptState,
  events: { seq: number; at: number; probe?: Uint8Array }[],
  receivedAt: number,
): Promise<void> {
  const enrolled = app.db.enrolments.histograms(a.username);
  if (!enrolled) return Promise.resolve();
  const rows: IdentityRow[] = [];
  for (const e of events) {
    if (!e.probe) continue;
    const distance = Math.round(nearest(decodeTemplate(e.probe), enrolled) * 100) / 100;
    rows.push({
      attemptId: a.attemptId,
      kind: verdictOf(distance),
      seq: e.seq,
      at: e.at,
      receivedAt,
      distance,
      threshold: IDENTITY_RULES.matchAtMost,
    });
  }
  return rows.length > 0 ? app.db.appendIdentity(rows) : Promise.resolve();
}

/** The identity part of attempts.timeline (admins only): the enrolment, and every verdict with its distance. */
export function identityTimeline(app: RequestContext['app'], a: AttemptState) {
  const rows = app.db.identityByAttempt.get(a.attemptId) ?? [];
  const enrolment = app.db.enrolments.get(a.username);
  return {
    enrolment: enrolment ? { at: enrolment.at, attemptId: enrolment.attemptId } : null,
    /** "enrolled now": the enrolment was made during this attempt (it may since have been reset). */
    enrolledHere: rows.some((r) => r.kind === 'enrolled'),
    thresholds: { matchAtMost: IDENTITY_RULES.matchAtMost, mismatchAtLeast: IDENTITY_RULES.mismatchAtLeast },
    verdicts: rows
      .filter((r) => r.kind !== 'enrolled')
      .map((r) => ({
        seq: r.seq,
        at: r.at,
        receivedAt: r.receivedAt,
        verdict: r.kind as Verdict,
        distance: r.distance,
        threshold: r.threshold,
      })),
  };
}

/**
 * For the live console (PROTOCOL.md 8 LiveAttempt `identity` and `alerts`): the latest verdict, or
 * "enrolling" while a proctored attempt's student has no enrolment yet; a "different-person" alert
 * at the start of each sustained mismatch (server/exam/identity-verdict.ts).
 */
export function liveIdentity(
  app: Pick<RequestContext['app'], 'db'>,
  a: AttemptState,
  summary: IdentitySummary,
): { identity?: 'match' | 'mismatch' | 'unclear' | 'enrolling'; alerts: { kind: 'different-person'; at: number }[] } {
  const rows = app.db.identityByAttempt.get(a.attemptId) ?? [];
  const alerts = summary.differentPerson.map((d) => ({ kind: 'different-person' as const, at: a.startedAt + d.from }));
  if (!a.proctored) return { alerts };
  if (!app.db.enrolments.get(a.username)) return { identity: 'enrolling', alerts };
  let last: IdentityRow | undefined;
  for (const r of rows) if (r.kind !== 'enrolled' && (!last || r.seq > last.seq)) last = r;
  return { ...(last ? { identity: last.kind as 'match' | 'mismatch' | 'unclear' } : {}), alerts };
}
