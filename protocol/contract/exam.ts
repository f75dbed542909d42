// What students do (PROTOCOL.md 6 and 8): exams, presence, their scores and reviews, enrolment;
// and the admin reports on attempts (analytics.summary, results.export, attempts.timeline).
import { Type } from '@sinclair/typebox';
import { decodeTemplate, TEMPLATE_MAX_BYTES, TemplateError } from '../face-template.js';
import {
  Args,
  ChoiceField,
  CourseField,
  Cursor,
  IdField,
  Int,
  Num,
  Opt,
  PageArgs,
  PresenceStateField,
  Shape,
} from './fields.js';
import { IDENTITY_ARG_LIMITS, PRESENCE_EVENTS_PER_REPORT, PRESENCE_FIELD_MAX, TIMELINE_EVENTS_MAX } from './limits.js';
import { AnalyticsShape, PastAttemptShape, TimelineShape } from './reports.js';
import { AttemptReviewShape, AttemptShape, ChoiceResultShape, FinishResultShape, ResumeResultShape } from './shapes.js';
import { both, command, nilAbsent, trimmed } from './types.js';

const AttemptIdArgs = Args({ attemptId: IdField });
/** PROTOCOL.md 8: a template is binary, at most 16 KiB, in the layout of protocol/face-template.ts. */
const Template = Type.Uint8Array({
  maxByteLength: TEMPLATE_MAX_BYTES,
  rule: `binary, a face template of at most ${TEMPLATE_MAX_BYTES} bytes`,
});

/** A template the server can read, or why not. */
export function templateProblem(bytes: Uint8Array, what: string): string | null {
  try {
    decodeTemplate(bytes);
    return null;
  } catch (e) {
    if (e instanceof TemplateError) return `${what} is not a valid face template (${e.message}); update the client.`;
    throw e;
  }
}

export const EXAM_COMMANDS = {
  'exam.start': command({
    access: 'student',
    summary:
      'Starts an attempt, or returns the open one of that course; a new one after an ended one while `attempts` allows.',
    args: Args({ course: CourseField }),
    normalize: trimmed('course'),
    result: AttemptShape,
    retrySafe: false,
    retry: 'only a keypress starts an attempt: a repeat after the last one ended would open the next one unasked',
    secret: false,
  }),
  'exam.answer': command({
    access: 'student',
    summary: 'Records an answer; the first is final. `{correct, answer}`, or `{choice}` while feedback is hidden.',
    args: Args({ attemptId: IdField, questionId: IdField, choice: ChoiceField }),
    result: ChoiceResultShape,
    retrySafe: true,
    retry: 'the same answer again returns the same result',
    secret: false,
  }),
  'exam.finish': command({
    access: 'student',
    summary: 'Ends the attempt and grades it; idempotent.',
    args: AttemptIdArgs,
    result: FinishResultShape,
    retrySafe: true,
    retry: 'idempotent',
    secret: false,
  }),
  'exam.resume': command({
    access: 'student',
    summary: "The student's attempt by id after a reconnect (open, or how it ended); never starts one.",
    args: AttemptIdArgs,
    result: ResumeResultShape,
    retrySafe: true,
    retry: 'a read (an attempt past its deadline is expired by it, once)',
    secret: false,
    feature: 'review',
  }),
  'presence.report': command({
    access: 'student',
    summary: "Stores the proctor's events for the student's open attempt; `acked` = the highest seq stored.",
    args: Args({
      attemptId: IdField,
      events: Type.Array(
        Args({
          seq: Int(0, Number.MAX_SAFE_INTEGER),
          at: Int(0, Number.MAX_SAFE_INTEGER),
          state: PresenceStateField,
          faces: Int(0, PRESENCE_FIELD_MAX.faces),
          fps: Num(0, PRESENCE_FIELD_MAX.fps),
          probe: Opt(Template),
        }),
        {
          maxItems: PRESENCE_EVENTS_PER_REPORT,
          rule: `a list of at most ${PRESENCE_EVENTS_PER_REPORT} presence events`,
          description: "each a PresenceEvent (Shapes): `at` is ms on the proctor's clock",
        },
      ),
    }),
    check: (a) => {
      for (const [i, e] of a.events.entries()) {
        const p = e.probe && templateProblem(e.probe, `events[${i}].probe`);
        if (p) return p;
      }
      return null;
    },
    checks: 'every `probe` decodes as a face template.',
    result: Shape({
      acked: Type.Integer({ description: 'the highest seq stored for the attempt; -1 while none is stored' }),
    }),
    retrySafe: true,
    retry: 'events already stored (by seq) are ignored',
    secret: false,
  }),
  'identity.enrol': command({
    access: 'student',
    summary: "Enrols the student's face from the proctor's first good frames, in a proctored attempt, once.",
    args: Args({
      attemptId: IdField,
      templates: Type.Array(Template, {
        minItems: IDENTITY_ARG_LIMITS.enrolTemplatesMin,
        maxItems: IDENTITY_ARG_LIMITS.enrolTemplatesMax,
        rule: `a list of ${IDENTITY_ARG_LIMITS.enrolTemplatesMin} to ${IDENTITY_ARG_LIMITS.enrolTemplatesMax} face templates`,
      }),
    }),
    check: (a) => {
      for (const [i, t] of a.templates.entries()) {
        const p = templateProblem(t, `templates[${i}]`);
        if (p) return p;
      }
      return null;
    },
    checks: 'every template decodes as a face template.',
    result: Shape({ enrolled: Type.Literal(true) }),
    retrySafe: false,
    retry: 'a repeat after a lost answer is CONFLICT (already enrolled), which the client treats as enrolled',
    secret: false,
    feature: 'identity',
  }),
  'scores.mine': command({
    access: 'student',
    summary:
      "The student's finished attempts with score, concepts and integrity summary. With `limit`/`cursor`: one page.",
    args: Args({ ...PageArgs }),
    result: Type.Union([
      Type.Array(PastAttemptShape),
      Shape({ attempts: Type.Array(PastAttemptShape), cursor: Cursor }),
    ]),
    retrySafe: true,
    retry: 'a read',
    secret: false,
  }),
  'attempts.review': command({
    access: 'user',
    summary: 'A finished attempt question by question: a student their own (key as feedback allows), an admin any.',
    args: AttemptIdArgs,
    result: AttemptReviewShape,
    retrySafe: true,
    retry: 'a read',
    secret: false,
    feature: 'review',
  }),
  'analytics.summary': command({
    access: 'admin',
    summary: 'Score distribution, per student, course, concept and difficulty, and item analysis (docs/analytics.md).',
    args: Args({ course: Opt(CourseField) }),
    normalize: both(nilAbsent('course'), trimmed('course')),
    result: AnalyticsShape,
    retrySafe: true,
    retry: 'a read',
    secret: false,
  }),
  'results.export': command({
    access: 'admin',
    summary: 'Finished attempts as CSV. With `limit`/`cursor`: one page, the header only on the first.',
    args: Args({ course: Opt(CourseField), ...PageArgs }),
    normalize: both(nilAbsent('course'), trimmed('course')),
    result: Shape({ csv: Type.String(), cursor: Cursor }),
    retrySafe: true,
    retry: 'a read',
    secret: false,
  }),
  'attempts.timeline': command({
    access: 'admin',
    summary:
      'One attempt with the key, answers, presence events (newest 5,000, or a page), intervals, integrity and identity verdicts.',
    args: Args({
      attemptId: IdField,
      presenceAfter: Opt(
        Int(-1, Number.MAX_SAFE_INTEGER, {
          feature: 'paging',
          description: 'a page of the events after this seq (-1: from the first); absent: the newest',
        }),
      ),
      presenceLimit: Opt(
        Int(1, TIMELINE_EVENTS_MAX, {
          feature: 'paging',
          description: `events in the answer; absent: ${TIMELINE_EVENTS_MAX}`,
        }),
      ),
    }),
    result: TimelineShape,
    retrySafe: true,
    retry: 'a read',
    secret: false,
  }),
};
