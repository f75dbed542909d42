// The objects answers are made of (PROTOCOL.md 6 and 8, docs/protocol.md). protocol/messages.ts
// exports their static types, so server and client code use the shapes the contract checks.
import { Type } from '@sinclair/typebox';
import {
  ChoiceField,
  Described,
  DifficultyField,
  FeedbackField,
  Millis,
  OneOf,
  Opt,
  Percent,
  PresenceStateField,
  RoleField,
  SafeInt,
  Shape,
} from './fields.js';

const Str = Type.String();
const Num = Type.Number();
const Bool = Type.Boolean();

/** A bank question as admins see it (with `answer`). */
export const QuestionShape = Shape({
  id: Str,
  text: Str,
  options: Type.Array(Str),
  answer: ChoiceField,
  concept: Str,
  difficulty: DifficultyField,
  course: Str,
  version: SafeInt,
});

/** A question as a student sees it during an attempt: never the answer. */
export const AttemptQuestionShape = Shape({
  id: Str,
  text: Str,
  options: Type.Array(Str),
  concept: Str,
  difficulty: DifficultyField,
});

/** `correct` and `answer` are absent while the course's `feedback` setting hides them (PROTOCOL.md 8). */
export const AnsweredItemShape = Shape({
  questionId: Str,
  choice: ChoiceField,
  correct: Opt(Described(Bool, "absent while the course's `feedback` setting hides it")),
  answer: Opt(Described(ChoiceField, "the correct letter; absent while the course's `feedback` setting hides it")),
});

export const AttemptShape = Shape({
  attemptId: Str,
  course: Str,
  questions: Type.Array(AttemptQuestionShape),
  deadline: Described(Millis, "ms since 1970 on the server's clock"),
  proctored: Bool,
  answered: Described(
    Type.Array(AnsweredItemShape),
    'only the questions this student has already answered (empty in a new attempt)',
  ),
});

export const FinishResultShape = Shape({ score: SafeInt, total: SafeInt, percent: Percent });

/** `feedback` absent (a 1.0 server) means "immediate". */
export const ExamConfigShape = Shape({
  count: SafeInt,
  minutes: SafeInt,
  proctored: Bool,
  attempts: SafeInt,
  feedback: Opt(FeedbackField),
});

/** A student's own attempts of a course (feature `review`); `left` null = unlimited. */
export const MyCourseAttemptsShape = Shape({
  used: SafeInt,
  left: Type.Union([SafeInt, Type.Null()]),
  open: Opt(Shape({ attemptId: Str, deadline: Millis })),
});
export const CourseInfoShape = Shape({
  course: Str,
  questions: SafeInt,
  exam: ExamConfigShape,
  mine: Opt(MyCourseAttemptsShape),
});

export const PresenceEventShape = Shape({
  seq: Described(SafeInt, 'rises with every event; one at or below the highest stored is ignored'),
  at: Described(Millis, "ms on the proctor's clock (the server places it on its own)"),
  state: PresenceStateField,
  faces: SafeInt,
  fps: Num,
  /** PROTOCOL.md 8 (feature `identity`): a face template of the face in view (protocol/face-template.ts). */
  probe: Opt(Type.Uint8Array()),
});

export const ReviewLevelField = Type.Union([Type.Literal('low'), Type.Literal('medium'), Type.Literal('high')]);
export const AttemptStateField = Type.Union([Type.Literal('open'), Type.Literal('finished'), Type.Literal('expired')]);

const summaryProps = {
  attemptId: Str,
  student: Str,
  course: Str,
  state: AttemptStateField,
  started: Millis,
  deadline: Millis,
  finished: Opt(Millis),
  answered: SafeInt,
  total: SafeInt,
  score: Opt(SafeInt),
  percent: Opt(Percent),
  proctored: Bool,
  review: Shape({ level: ReviewLevelField, points: Num }),
};
/** PROTOCOL.md 8 `AttemptSummary`. */
export const AttemptSummaryShape = Shape(summaryProps);

export const LiveStateField = Type.Union([PresenceStateField, Type.Literal('silent'), Type.Literal('none')]);
export const AlertKindField = OneOf([
  'absent',
  'multiple',
  'stopped',
  'camera-error',
  'silent',
  'disconnected',
  'different-person',
] as const);
/** PROTOCOL.md 8 `LiveAttempt`: an AttemptSummary and what an invigilator watches. */
export const LiveAttemptShape = Shape({
  ...summaryProps,
  connected: Bool,
  presence: Shape({ state: LiveStateField, since: Num }),
  identity: Opt(
    Described(
      Type.Union([Type.Literal('match'), Type.Literal('mismatch'), Type.Literal('unclear'), Type.Literal('enrolling')]),
      'absent for an unproctored attempt; `enrolling` while the student has no enrolment; then the latest probe verdict of this attempt (absent until the first)',
    ),
  ),
  alerts: Described(
    Type.Array(Shape({ kind: AlertKindField, at: Millis })),
    'the newest 20; `different-person` at the start of each different-person interval (feature `identity`)',
  ),
});

/** One question of `attempts.review`; `correct`/`answer` only where the feedback setting allows. */
export const ReviewQuestionShape = Shape({
  id: Str,
  text: Str,
  options: Type.Array(Str),
  concept: Str,
  difficulty: DifficultyField,
  choice: Opt(ChoiceField),
  correct: Opt(Bool),
  answer: Opt(ChoiceField),
});
export const AttemptReviewShape = Shape({
  attempt: AttemptSummaryShape,
  feedback: FeedbackField,
  questions: Type.Array(ReviewQuestionShape),
});

/** exam.resume: the open attempt as exam.start gives it, or how it ended. */
export const ResumeResultShape = Type.Union([
  Shape({ state: Type.Literal('open'), attempt: AttemptShape }),
  Shape({
    state: Type.Union([Type.Literal('finished'), Type.Literal('expired')]),
    result: FinishResultShape,
    answered: Type.Array(AnsweredItemShape),
    deadline: Millis,
  }),
]);

export const ResumeGrantShape = Shape({ token: Str, expires: Millis });
export const LoginResultShape = Shape({ username: Str, role: RoleField, resume: Opt(ResumeGrantShape) });

export const UserInfoShape = Shape({ username: Str, role: RoleField, created: Type.Union([Num, Str]), locked: Bool });
/** identity.status row (PROTOCOL.md 8): never a template. */
export const EnrolmentInfoShape = Shape({ username: Str, enrolled: Bool, at: Opt(Millis), attemptId: Opt(Str) });
export const ImportResultShape = Shape({
  created: SafeInt,
  updated: SafeInt,
  errors: Type.Array(Shape({ line: SafeInt, message: Str })),
  applied: Opt(Bool),
});

/** exam.answer: `{correct, answer}` with immediate feedback, `{choice}` while it is hidden (PROTOCOL.md 8). */
export const ChoiceResultShape = Shape({
  correct: Opt(Described(Bool, 'with immediate feedback only')),
  answer: Opt(Described(ChoiceField, 'the correct letter, with immediate feedback only')),
  choice: Opt(Described(ChoiceField, 'the recorded choice, only while feedback is hidden')),
});
