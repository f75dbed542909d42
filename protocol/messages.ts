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

export interface AnsweredItem { questionId: string; choice: Choice; correct: boolean; answer: Choice }

export interface Attempt {
  attemptId: string;
  course: string;
  questions: AttemptQuestion[];
  deadline: number; // server ms since epoch
  proctored: boolean;
  answered: AnsweredItem[];
}

export interface ExamConfig { count: number; minutes: number; proctored: boolean; attempts: number }
export interface CourseInfo { course: string; questions: number; exam: ExamConfig }

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
