// Shapes of everything that crosses the wire (PROTOCOL.md 5 and 6). Validation lives in codec.ts.

export type Role = 'student' | 'admin';
export type SessionRole = 'anon' | Role;
export type Difficulty = 'Easy' | 'Medium' | 'Hard';
export const DIFFICULTIES: readonly Difficulty[] = ['Easy', 'Medium', 'Hard'];
export const CHOICES = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'] as const;
export type Choice = (typeof CHOICES)[number];

/** `features` (PROTOCOL.md 8): the 1.1 groups this server implements; absent from a 1.0 server. */
export interface WelcomeMsg { t: 'welcome'; server: string; time: number; features?: string[] }
export interface ReqMsg { t: 'req'; id: number; cmd: string; args: Record<string, unknown> }
export interface ResOkMsg { t: 'res'; id: number; ok: true; data: unknown }
export interface ResErrMsg { t: 'res'; id: number; ok: false; error: { code: string; message: string } }
export type ResMsg = ResOkMsg | ResErrMsg;
export interface EvtMsg { t: 'evt'; name: string; data: Record<string, unknown> }
export interface PingMsg { t: 'ping' }
export interface PongMsg { t: 'pong' }
export interface ByeMsg { t: 'bye'; reason: string }
export type Envelope = WelcomeMsg | ReqMsg | ResMsg | EvtMsg | PingMsg | PongMsg | ByeMsg;

/** A bank question as admins see it (with `answer`). */
export interface Question {
  id: string;
  text: string;
  options: string[]; // 2..8
  answer: Choice;
  concept: string;
  difficulty: Difficulty;
  course: string;
  version: number;
}

/** A question as a student sees it during an attempt: never the answer. */
export interface AttemptQuestion {
  id: string;
  text: string;
  options: string[];
  concept: string;
  difficulty: Difficulty;
}

/**
 * `correct` and `answer` are absent while the course's `feedback` setting hides them from the student
 * (PROTOCOL.md 8: "after-finish" until the attempt ends, "never" for good).
 */
export interface AnsweredItem { questionId: string; choice: Choice; correct?: boolean; answer?: Choice }

export interface Attempt {
  attemptId: string;
  course: string;
  questions: AttemptQuestion[];
  deadline: number; // server ms since epoch
  proctored: boolean;
  answered: AnsweredItem[];
}

/** When a student sees right/wrong and the correct letter (PROTOCOL.md 8, feature `review`). */
export type Feedback = 'immediate' | 'after-finish' | 'never';
export const FEEDBACKS: readonly Feedback[] = ['immediate', 'after-finish', 'never'];
/** `feedback` absent (a 1.0 server or client) means "immediate". */
export interface ExamConfig { count: number; minutes: number; proctored: boolean; attempts: number; feedback?: Feedback }
/** A student's own attempts of a course (docs/protocol.md, courses.list for students; feature `review`). */
export interface MyCourseAttempts { used: number; left: number | null; open?: { attemptId: string; deadline: number } }
export interface CourseInfo { course: string; questions: number; exam: ExamConfig; mine?: MyCourseAttempts }

export type PresenceState = 'present' | 'absent' | 'multiple' | 'camera-error' | 'stopped';
export const PRESENCE_STATES: readonly PresenceState[] = ['present', 'absent', 'multiple', 'camera-error', 'stopped'];
export interface PresenceEvent {
  seq: number;
  at: number;
  state: PresenceState;
  faces: number;
  fps: number;
  /** PROTOCOL.md 8 (feature `identity`): a face template of the face in view (protocol/face-template.ts). */
  probe?: Uint8Array;
}

export interface FinishResult { score: number; total: number; percent: number }

/** PROTOCOL.md 8 `AttemptSummary`. */
export interface AttemptSummary {
  attemptId: string;
  student: string;
  course: string;
  state: 'open' | 'finished' | 'expired';
  started: number;
  deadline: number;
  finished?: number;
  answered: number;
  total: number;
  score?: number;
  percent?: number;
  proctored: boolean;
  review: { level: 'low' | 'medium' | 'high'; points: number };
}

/** One question of `attempts.review`; `correct`/`answer` only where the feedback setting allows. */
export interface ReviewQuestion extends AttemptQuestion { choice?: Choice; correct?: boolean; answer?: Choice }
export interface AttemptReview { attempt: AttemptSummary; feedback: Feedback; questions: ReviewQuestion[] }

/**
 * `exam.resume` (docs/protocol.md): the student's attempt by id, never a new one. Open: the attempt
 * as exam.start gives it. Ended: how it ended, the result and the answers the server recorded.
 */
export type ResumeResult =
  | { state: 'open'; attempt: Attempt }
  | { state: 'finished' | 'expired'; result: FinishResult; answered: AnsweredItem[]; deadline: number };
