// Report answers (scores.mine, analytics.summary, attempts.timeline): the integrity summary and the
// statistics, field by field as the server computes them (server/exam/integrity.ts, analytics.ts).
import { Type } from '@sinclair/typebox';
import {
  ChoiceField,
  Described,
  DifficultyField,
  Millis,
  Opt,
  OneOf,
  Percent,
  PresenceStateField,
  SafeInt,
  Shape,
} from './fields.js';
import { AnsweredItemShape, ReviewLevelField } from './shapes.js';

const Str = Type.String();
const Num = Type.Number();
const Bool = Type.Boolean();
const NumOrNull = Type.Union([Num, Type.Null()]);
/** An interval in ms relative to the attempt's start, [from, to), and its length in seconds. */
const Span = Shape({ from: Num, to: Num, seconds: Num });

export const IdentitySummaryShape = Shape({
  enrolledHere: Bool,
  probes: SafeInt,
  matches: SafeInt,
  mismatches: SafeInt,
  unclear: SafeInt,
  differentPerson: Type.Array(Span),
  secondsDifferentPerson: Num,
});

/** docs/analytics.md "Integrity": every point of the review priority with its reason. */
export const IntegritySummaryShape = Shape({
  proctored: Bool,
  events: SafeInt,
  clockOffsetMs: NumOrNull,
  secondsAbsent: Num,
  absences: SafeInt,
  briefAbsences: SafeInt,
  secondsMultiple: Num,
  multipleEpisodes: SafeInt,
  maxFaces: SafeInt,
  silences: Type.Array(Span),
  secondsSilent: Num,
  cameraErrors: SafeInt,
  secondsCameraError: Num,
  stopped: SafeInt,
  secondsStopped: Num,
  secondsUnwatched: Num,
  identity: IdentitySummaryShape,
  priority: Shape({
    score: Num,
    level: ReviewLevelField,
    contributions: Type.Array(Shape({ reason: Str, points: Num })),
  }),
});

/** One past attempt of scores.mine. */
export const PastAttemptShape = Shape({
  attemptId: Str,
  course: Str,
  startedAt: Millis,
  deadline: Millis,
  finishedAt: Millis,
  reason: OneOf(['finished', 'expired'] as const),
  answered: SafeInt,
  score: SafeInt,
  total: SafeInt,
  percent: Percent,
  concepts: Type.Array(Shape({ concept: Str, correct: SafeInt, total: SafeInt })),
  integrity: IntegritySummaryShape,
});

const rate = { answered: SafeInt, correct: SafeInt, rate: NumOrNull };
/** docs/analytics.md: the statistics of the finished attempts (of one course, or all). */
export const AnalyticsShape = Shape({
  course: Type.Union([Str, Type.Null()]),
  attempts: SafeInt,
  passPercent: Num,
  distribution: Type.Array(Shape({ label: Str, from: Num, to: Num, count: SafeInt })),
  students: Type.Array(Shape({ username: Str, attempts: SafeInt, best: Num, mean: Num, last: Num })),
  courses: Type.Array(Shape({ course: Str, attempts: SafeInt, mean: Num, median: Num, passRate: Num })),
  concepts: Type.Array(Shape({ concept: Str, ...rate })),
  difficulties: Type.Array(Shape({ difficulty: DifficultyField, ...rate })),
  items: Type.Array(
    Shape({
      questionId: Str,
      course: Str,
      concept: Str,
      difficulty: DifficultyField,
      attempts: SafeInt,
      correct: SafeInt,
      facility: NumOrNull,
      sd: NumOrNull,
      discriminationIndex: NumOrNull,
      discriminativeEfficiency: NumOrNull,
      flags: Type.Array(Shape({ reason: Str })),
      note: Opt(Str),
      /** The question's text as the bank has it now ('' once deleted). */
      text: Str,
    }),
  ),
  /** Scores imported from the original student_scores.csv (no course: only the overall view). */
  legacyScores: Type.Array(Shape({ student: Str, score: Str })),
});

export const TimelineStateField = Type.Union([PresenceStateField, Type.Literal('no-data')]);

/** attempts.timeline: everything an admin reviews of one attempt, the key included. */
export const TimelineShape = Shape({
  attempt: Shape({
    attemptId: Str,
    username: Str,
    course: Str,
    startedAt: Millis,
    deadline: Millis,
    proctored: Bool,
    finishedAt: Type.Union([Millis, Type.Null()]),
    reason: Type.Union([OneOf(['finished', 'expired'] as const), Type.Null()]),
    score: SafeInt,
    total: SafeInt,
    percent: Percent,
    questions: Type.Array(
      Shape({
        id: Str,
        text: Str,
        options: Type.Array(Str),
        answer: ChoiceField,
        concept: Str,
        difficulty: DifficultyField,
        version: SafeInt,
      }),
    ),
  }),
  answers: Type.Array(Type.Composite([AnsweredItemShape, Shape({ at: Millis })], { additionalProperties: false })),
  presence: Described(
    Type.Array(
      Shape({ seq: SafeInt, at: Millis, receivedAt: Millis, state: PresenceStateField, faces: SafeInt, fps: Num }),
    ),
    "raw events as stored: `at` on the proctor's clock, `receivedAt` the server's arrival time (ms since 1970)",
  ),
  presenceTotal: Described(SafeInt, 'events stored for the attempt'),
  presenceNext: Opt(Described(Type.Integer(), 'when more follow: the `presenceAfter` of the next page')),
  intervals: Type.Array(Shape({ state: TimelineStateField, from: Num, to: Num })),
  integrity: IntegritySummaryShape,
  identity: Shape({
    enrolment: Type.Union([Shape({ at: Millis, attemptId: Str }), Type.Null()]),
    enrolledHere: Bool,
    thresholds: Shape({ matchAtMost: Num, mismatchAtLeast: Num }),
    verdicts: Type.Array(
      Shape({
        seq: SafeInt,
        at: Millis,
        receivedAt: Millis,
        verdict: OneOf(['match', 'mismatch', 'unclear'] as const),
        distance: Num,
        threshold: Num,
      }),
    ),
  }),
});
