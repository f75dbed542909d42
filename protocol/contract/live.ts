// Live invigilation and identity administration (PROTOCOL.md 8: attempts, monitor, identity), and
// the events the server sends.
import { Type } from '@sinclair/typebox';
import {
  Args,
  CourseField,
  Described,
  IdField,
  Int,
  Millis,
  OneOf,
  Opt,
  Shape,
  Text,
  UsernameField,
} from './fields.js';
import { ID_MAX, IDENTITY_ARG_LIMITS, MONITOR_ARG_LIMITS } from './limits.js';
import { AttemptSummaryShape, EnrolmentInfoShape, FinishResultShape, LiveAttemptShape } from './shapes.js';
import { command, event, trimmed } from './types.js';

/** An invigilator's reason: trimmed, then 1-500 characters; it goes into the audit log. */
const Reason = Text(1, MONITOR_ARG_LIMITS.reasonMax, {
  rule: `1-${MONITOR_ARG_LIMITS.reasonMax} characters saying why, in words; it goes into the audit log`,
});
const Student = Text(1, ID_MAX);

export const LIVE_COMMANDS = {
  'attempts.list': command({
    access: 'admin',
    summary:
      'Attempts newest first (by start, then id), filtered; `cursor` is "<started>:<attemptId>" of the last one.',
    args: Args({
      course: Opt(CourseField),
      state: Opt(OneOf(['open', 'finished', 'expired', 'all'] as const, { description: 'absent: `all`' })),
      student: Opt(Described(Student, 'an exact username')),
      limit: Opt(Int(1, MONITOR_ARG_LIMITS.listMax, { description: `absent: ${MONITOR_ARG_LIMITS.listDefault}` })),
      cursor: Opt(
        Type.String({
          maxLength: 128,
          pattern: '^\\d+:[A-Za-z0-9_-]+$',
          rule: 'a cursor from a previous attempts.list answer',
        }),
      ),
    }),
    normalize: trimmed('course'),
    result: Shape({ attempts: Type.Array(AttemptSummaryShape), cursor: Opt(Type.String()) }),
    retrySafe: true,
    retry: 'a read',
    secret: false,
    feature: 'attempts',
  }),
  'attempts.extend': command({
    access: 'admin',
    summary: "Adds minutes to an open attempt's deadline; the student gets `exam.deadline`.",
    args: Args({ attemptId: IdField, minutes: Int(1, MONITOR_ARG_LIMITS.extendMinutesMax), reason: Reason }),
    normalize: trimmed('reason'),
    result: Shape({ deadline: Millis }),
    retrySafe: false,
    retry: 'a repeat would add the minutes twice',
    secret: false,
    feature: 'monitor',
  }),
  'attempts.end': command({
    access: 'admin',
    summary: 'Ends an open attempt now and grades it; the student gets `exam.ended`.',
    args: Args({ attemptId: IdField, reason: Reason }),
    normalize: trimmed('reason'),
    result: FinishResultShape,
    retrySafe: false,
    retry: 'a repeat after a lost answer is CONFLICT (already over)',
    secret: false,
    feature: 'monitor',
  }),
  'notice.send': command({
    access: 'admin',
    summary: "Sends a notice to one student's connections or to every student with an open attempt of a course.",
    args: Args({ text: Text(1, MONITOR_ARG_LIMITS.noticeMax), student: Opt(Student), course: Opt(CourseField) }),
    normalize: trimmed('course'),
    check: (a) =>
      (a.student === undefined) === (a.course === undefined) ? "Give exactly one of 'student' or 'course'." : null,
    checks: 'exactly one of `student` and `course`.',
    result: Shape({ delivered: Type.Integer({ minimum: 0 }) }),
    retrySafe: false,
    retry: 'a repeat would show the notice twice',
    secret: false,
    feature: 'monitor',
  }),
  'monitor.subscribe': command({
    access: 'admin',
    summary:
      'Every open attempt (of a course) now, then `monitor` events with the ones that change; replaces an earlier subscription.',
    args: Args({ course: Opt(CourseField) }),
    normalize: trimmed('course'),
    result: Shape({ attempts: Type.Array(LiveAttemptShape) }),
    retrySafe: true,
    retry: 'a new subscribe replaces the old one',
    secret: false,
    feature: 'monitor',
  }),
  'monitor.unsubscribe': command({
    access: 'admin',
    summary: 'Ends the subscription (logout and a closed connection end it too).',
    args: Args({}),
    result: Shape({}),
    retrySafe: false,
    retry: 'a subscription dies with its connection, and a late repeat would end the one made after the reconnect',
    secret: false,
    feature: 'monitor',
  }),
  'identity.status': command({
    access: 'admin',
    summary: 'Every student (or the one named) with their enrolment; never a template.',
    args: Args({ username: Opt(UsernameField) }),
    result: Type.Array(EnrolmentInfoShape),
    retrySafe: false,
    retry: 'not marked safe: the Enrolments screen reloads it itself',
    secret: false,
    feature: 'identity',
  }),
  'identity.reset': command({
    access: 'admin',
    summary: "Deletes a student's enrolment; they enrol again at their next proctored exam. Audited.",
    args: Args({ username: UsernameField, reason: Text(1, IDENTITY_ARG_LIMITS.reasonMax) }),
    result: Shape({}),
    retrySafe: false,
    retry: 'a change with an audit row; the admin decides',
    secret: false,
    feature: 'identity',
  }),
};

const Finish = { score: Type.Integer(), total: Type.Integer(), percent: Type.Number() };

/** Every `evt` the server sends (PROTOCOL.md 5 and 8). */
export const EVENTS = {
  'exam.expired': event({
    summary: 'An attempt reached its deadline and was graded.',
    to: "the student's logged-in connections",
    data: Shape({ attemptId: Type.String(), course: Type.String(), ...Finish }),
  }),
  'exam.deadline': event({
    summary: 'An admin extended the attempt: the new deadline.',
    to: "the student's logged-in connections",
    data: Shape({ attemptId: Type.String(), deadline: Millis }),
    feature: 'monitor',
  }),
  'exam.ended': event({
    summary: "An admin ended the attempt; `reason` is the admin's text.",
    to: "the student's logged-in connections",
    data: Shape({ attemptId: Type.String(), reason: Type.String(), ...Finish }),
    feature: 'monitor',
  }),
  notice: event({
    summary: 'A notice from an invigilator.',
    to: 'the students named by notice.send',
    data: Shape({
      from: Type.String({ description: "the sending admin's username" }),
      text: Type.String(),
      at: Described(Millis, "when it was sent, ms since 1970 on the server's clock"),
    }),
    feature: 'monitor',
  }),
  monitor: event({
    summary: 'The latest state of subscribed attempts that changed (at most one event per 250 ms, 200 attempts each).',
    to: 'admins subscribed with monitor.subscribe',
    data: Shape({ attempts: Type.Array(LiveAttemptShape) }),
    feature: 'monitor',
  }),
  'server.closing': event({
    summary: 'The server is shutting down; the connection closes next (reconnect with backoff).',
    to: 'every connection',
    data: Shape({ reason: Type.String() }),
  }),
};
