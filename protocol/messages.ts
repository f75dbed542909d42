// Shapes of everything that crosses the wire (PROTOCOL.md 5 and 6). Envelopes are validated in
// codec.ts; the objects inside answers are the contract's schemas (protocol/contract/shapes.ts),
// whose static types are exported here for the code on both sides.
import type { Static } from '@sinclair/typebox';
import type * as S from './contract/shapes.js';

export {
  CHOICES,
  DIFFICULTIES,
  FEEDBACKS,
  PRESENCE_STATES,
  type Choice,
  type Difficulty,
  type Feedback,
  type PresenceState,
  type Role,
  type SessionRole,
} from './contract/fields.js';

/** `features` (PROTOCOL.md 8): the 1.1 groups this server implements; absent from a 1.0 server. */
export interface WelcomeMsg {
  t: 'welcome';
  server: string;
  time: number;
  features?: string[];
}
export interface ReqMsg {
  t: 'req';
  id: number;
  cmd: string;
  args: Record<string, unknown>;
}
export interface ResOkMsg {
  t: 'res';
  id: number;
  ok: true;
  data: unknown;
}
export interface ResErrMsg {
  t: 'res';
  id: number;
  ok: false;
  error: { code: string; message: string };
}
export type ResMsg = ResOkMsg | ResErrMsg;
export interface EvtMsg {
  t: 'evt';
  name: string;
  data: Record<string, unknown>;
}
export interface PingMsg {
  t: 'ping';
}
export interface PongMsg {
  t: 'pong';
}
export interface ByeMsg {
  t: 'bye';
  reason: string;
}
export type Envelope = WelcomeMsg | ReqMsg | ResMsg | EvtMsg | PingMsg | PongMsg | ByeMsg;

/** A bank question as admins see it (with `answer`). */
export type Question = Static<typeof S.QuestionShape>;
/** A question as a student sees it during an attempt: never the answer. */
export type AttemptQuestion = Static<typeof S.AttemptQuestionShape>;
/** `correct` and `answer` are absent while the course's `feedback` setting hides them (PROTOCOL.md 8). */
export type AnsweredItem = Static<typeof S.AnsweredItemShape>;
export type Attempt = Static<typeof S.AttemptShape>;
/** `feedback` absent (a 1.0 server or client) means "immediate". */
export type ExamConfig = Static<typeof S.ExamConfigShape>;
export type MyCourseAttempts = Static<typeof S.MyCourseAttemptsShape>;
export type CourseInfo = Static<typeof S.CourseInfoShape>;
export type PresenceEvent = Static<typeof S.PresenceEventShape>;
export type FinishResult = Static<typeof S.FinishResultShape>;
/** PROTOCOL.md 8 `AttemptSummary`. */
export type AttemptSummary = Static<typeof S.AttemptSummaryShape>;
export type LiveAttempt = Static<typeof S.LiveAttemptShape>;
export type ReviewQuestion = Static<typeof S.ReviewQuestionShape>;
export type AttemptReview = Static<typeof S.AttemptReviewShape>;
/** exam.resume (docs/protocol.md): the open attempt, or how it ended. */
export type ResumeResult = Static<typeof S.ResumeResultShape>;
