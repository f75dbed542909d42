// Building the in-memory model from the data files, one row at a time as each file is streamed
// (stream-table.ts): the checks that need more than one row (an attempt starting twice, an answer
// to an unknown attempt) throw RowError, which the reader reports as `file:line: reason`.
import type { ExamConfig, Question } from '../../protocol/messages.js';
import { PresenceReplay } from '../exam/presence-admit.js';
import type { AnswerRow } from './answers.js';
import type { AttemptRow } from './attempts.js';
import type { LegacyScoreRow } from './legacy-scores.js';
import { Bank } from './bank.js';
import { RowError } from './load.js';
import { indexAttempt, newAttemptState, type Model } from './model.js';
import type { PresenceRow } from './presence.js';
import type { UserRecord } from './users.js';

export function emptyModel(): Model {
  return {
    users: new Map(),
    questions: new Bank(),
    exams: new Map(),
    attempts: new Map(),
    attemptsByUser: new Map(),
    legacyScores: [],
  };
}

export class ModelBuilder {
  readonly model = emptyModel();
  readonly extras = new Map<string, Record<string, string>>();
  private readonly presence = new PresenceReplay();

  question = (value: { question: Question; extra: Record<string, string> }): void => {
    const q = value.question;
    if (this.model.questions.has(q.id)) throw new RowError(`question ID '${q.id}' appears twice`);
    this.model.questions.set(q.id, q);
    this.extras.set(q.id, value.extra);
  };

  exam = (value: { course: string; config: ExamConfig }): void => {
    if (this.model.exams.has(value.course)) throw new RowError(`course '${value.course}' appears twice`);
    this.model.exams.set(value.course, value.config);
  };

  /** Later rows win: a password reset appends the whole record again. */
  user = (value: UserRecord): void => {
    this.model.users.set(value.username, value);
  };

  attempt = (value: AttemptRow): void => {
    const existing = this.model.attempts.get(value.attemptId);
    if (value.event === 'start') {
      if (existing) throw new RowError(`attempt '${value.attemptId}' starts twice`);
      const { event: _e, at, ...rest } = value;
      indexAttempt(this.model, newAttemptState({ ...rest, startedAt: at, startDurable: null }));
    } else if (value.event === 'extend') {
      if (!existing) throw new RowError(`extension of unknown attempt '${value.attemptId}'`);
      existing.deadline = value.deadline;
    } else {
      if (!existing) throw new RowError(`finish of unknown attempt '${value.attemptId}'`);
      if (existing.finish) throw new RowError(`attempt '${value.attemptId}' finishes twice`);
      existing.finish = { at: value.at, score: value.score, total: value.total, reason: value.reason, durable: null };
    }
  };

  answer = (value: AnswerRow): void => {
    const a = this.model.attempts.get(value.attemptId);
    if (!a) throw new RowError(`answer for unknown attempt '${value.attemptId}'`);
    if (!a.itemById.has(value.questionId))
      throw new RowError(`question '${value.questionId}' is not in attempt '${value.attemptId}'`);
    if (a.answers.has(value.questionId))
      throw new RowError(`question '${value.questionId}' answered twice in attempt '${value.attemptId}'`);
    a.answers.set(value.questionId, { choice: value.choice, correct: value.correct, at: value.at, durable: null });
  };

  presenceRow = (value: PresenceRow, _line: number, from: number, to: number): void => {
    const a = this.model.attempts.get(value.attemptId);
    if (!a) throw new RowError(`event for unknown attempt '${value.attemptId}'`);
    this.presence.add(a, value, from, to);
  };

  legacyScore = (value: LegacyScoreRow): void => {
    this.model.legacyScores.push({ student: value.student, score: value.score });
  };

  /** After the last presence row. */
  finish(): Model {
    this.presence.flush();
    return this.model;
  }
}
