// Server-side exams (PROTOCOL.md 6 exam.*): the server draws, times and grades. State changes happen
// synchronously in memory before any await, so pipelined or concurrent requests see each other
// (a second exam.start returns the first attempt; a second answer meets the first); every
// acknowledgement waits until its row, or the row it repeats, is durable.
import { randomBytes, randomInt } from 'node:crypto';
import { AppError } from '../../protocol/errors.js';
import { CHOICES, type Attempt, type Choice, type FinishResult } from '../../protocol/messages.js';
import { MAX_TIMER_MS } from '../limits.js';
import type { Database } from '../store/database.js';
import { DEFAULT_EXAM } from '../store/exams.js';
import { indexAttempt, newAttemptState, track, unindexAttempt, type AttemptState } from '../store/model.js';
import { attemptRow, type FinishReason } from '../store/attempts.js';
import { drawItems, type Rng } from './draw.js';
import { grade, result, studentAttempt } from './view.js';

export interface ExamServiceOptions {
  now: () => number;
  rng?: Rng;
  /** Called when the server finishes an attempt at its deadline (-> `exam.expired` event). */
  onExpired?: (a: AttemptState, result: FinishResult) => void;
  /** Called after an attempt started, got an answer or finished, once durable (live monitor, PROTOCOL.md 8). */
  onChange?: (a: AttemptState) => void;
  warn?: (line: string) => void;
  /** Called before a new attempt is created, with the bytes its start row adds; throws to refuse (budgets). */
  admitStart?: (username: string, course: string, bytes: number) => void;
  /** The same check without taking anything, before the attempt is drawn: a refusal stays cheap. */
  mayStart?: (username: string, course: string) => void;
}

export class ExamService {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly rng: Rng;

  constructor(
    private readonly db: Database,
    private readonly opts: ExamServiceOptions,
  ) {
    this.rng = opts.rng ?? ((n) => randomInt(n));
  }

  /** After loading: expire what ran out while the server was down, arm timers for the rest. */
  resume(): void {
    for (const a of this.db.model.attempts.values()) if (!a.finish) this.arm(a);
  }

  close(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }

  owned(username: string, attemptId: string): AttemptState {
    const a = this.db.model.attempts.get(attemptId);
    // Someone else's attempt looks exactly like a missing one.
    if (!a || a.username !== username)
      throw new AppError('NOT_FOUND', `No attempt '${attemptId}' of yours; start the exam again to get your attempt.`);
    return a;
  }

  async start(username: string, course: string, address: string): Promise<Attempt> {
    const model = this.db.model;
    const mine = (model.attemptsByUser.get(username) ?? []).filter((a) => a.course === course);
    const now = this.opts.now();
    for (const a of mine) if (!a.finish && now >= a.deadline) this.expire(a);
    const open = mine.find((a) => !a.finish);
    if (open) {
      // PROTOCOL.md 6: an open attempt is returned again, not duplicated (resume after reconnect).
      if (open.startDurable) await open.startDurable;
      await answersDurable(open);
      return studentAttempt(open);
    }
    this.opts.mayStart?.(username, course);
    const bank = [...model.questions.values()].filter((q) => q.course === course);
    if (bank.length === 0)
      throw new AppError('NOT_FOUND', `Course '${course}' has no questions; ask your instructor for the course name.`);
    const config = model.exams.get(course) ?? DEFAULT_EXAM;
    if (config.attempts > 0 && mine.length >= config.attempts) {
      throw new AppError(
        'CONFLICT',
        `You have used all ${config.attempts} attempt(s) for ${course}; ask your instructor if you need another.`,
      );
    }
    const items = drawItems(bank, config.count, this.rng);
    const id = newAttemptId();
    const row = {
      event: 'start' as const,
      attemptId: id,
      username,
      course,
      at: now,
      deadline: now + config.minutes * 60_000,
      proctored: config.proctored,
      items,
    };
    this.opts.admitStart?.(username, course, Buffer.byteLength(attemptRow(row)));
    const a = newAttemptState({
      attemptId: id,
      username,
      course,
      startedAt: now,
      deadline: row.deadline,
      proctored: config.proctored,
      items,
      startDurable: null,
    });
    indexAttempt(model, a);
    const durable = Promise.all([
      this.db.appendAttempt(row),
      this.db.audit({ at: now, actor: username, address, action: 'exam.start', target: a.attemptId, detail: course }),
    ]).then(() => {});
    a.startDurable = durable;
    try {
      await durable;
    } catch (err) {
      unindexAttempt(model, a); // never acknowledged: forget it so a retry starts cleanly
      throw err;
    }
    a.startDurable = null;
    this.arm(a);
    this.opts.onChange?.(a);
    return studentAttempt(a);
  }

  async answer(
    username: string,
    attemptId: string,
    questionId: string,
    choice: Choice,
  ): Promise<{ correct: boolean; answer: Choice }> {
    const a = this.owned(username, attemptId);
    if (a.startDurable) await a.startDurable;
    const item = a.itemById.get(questionId);
    if (!item) throw new AppError('NOT_FOUND', `Question '${questionId}' is not part of this attempt.`);
    const letterIndex = CHOICES.indexOf(choice);
    const existing = a.answers.get(questionId);
    if (existing) {
      // PROTOCOL.md 6: the first answer is final; repeating it returns the same result.
      if (existing.choice !== choice)
        throw new AppError(
          'CONFLICT',
          `You already answered this question with ${existing.choice}; the first answer is final.`,
        );
      if (existing.durable) await existing.durable;
      return { correct: existing.correct, answer: item.answer };
    }
    const now = this.opts.now();
    if (a.finish || now >= a.deadline) {
      if (!a.finish) this.expire(a);
      throw new AppError('EXPIRED', 'This attempt is over; answers are no longer accepted.');
    }
    if (letterIndex >= item.options.length)
      throw new AppError('BAD_REQUEST', `This question has options A..${CHOICES[item.options.length - 1]}.`);
    const correct = choice === item.answer;
    const state = { choice, correct, at: now, durable: null as Promise<void> | null };
    a.answers.set(questionId, state);
    try {
      await track(state, this.db.appendAnswer({ attemptId, questionId, choice, correct, at: now }));
    } catch (err) {
      if (a.answers.get(questionId) === state) a.answers.delete(questionId); // not acknowledged: not given
      throw err;
    }
    this.opts.onChange?.(a);
    return { correct, answer: item.answer };
  }

  async finish(username: string, attemptId: string, address: string): Promise<FinishResult> {
    const a = this.owned(username, attemptId);
    if (a.startDurable) await a.startDurable;
    const reason: FinishReason = this.opts.now() >= a.deadline ? 'expired' : 'finished';
    return this.end(a, reason, address);
  }

  /**
   * Finishes `a` once; later calls wait for that finish to be durable and return its result (idempotent).
   * `by`: an invigilator ending it (PROTOCOL.md 8 attempts.end), whose audit row replaces the student's.
   */
  async end(
    a: AttemptState,
    reason: FinishReason,
    address = '',
    by?: { actor: string; action: string; reason: string },
  ): Promise<FinishResult> {
    if (a.finish) {
      if (a.finish.durable) await a.finish.durable;
      return result(a.finish.score, a.finish.total);
    }
    // Set at once, so no answer is accepted from here on. Answers still being written count (they
    // were accepted before the finish) once they are durable: the score is settled and its row
    // written only after them, so no crash between the two files, nor a failed answer write, leaves
    // a recorded score that the recorded answers do not add up to.
    const at = reason === 'expired' ? a.deadline : this.opts.now();
    const provisional = grade(a);
    const finish = {
      at,
      score: provisional.score,
      total: provisional.total,
      reason,
      durable: null as Promise<void> | null,
    };
    a.finish = finish;
    const timer = this.timers.get(a.attemptId);
    if (timer) clearTimeout(timer);
    this.timers.delete(a.attemptId);
    let graded = result(finish.score, finish.total);
    await track(
      finish,
      (async () => {
        await answersDurable(a);
        graded = grade(a);
        finish.score = graded.score;
        finish.total = graded.total;
        await Promise.all([
          this.db.appendAttempt({
            event: 'finish',
            attemptId: a.attemptId,
            at,
            score: graded.score,
            total: graded.total,
            reason,
          }),
          this.db.audit(
            by
              ? {
                  at: this.opts.now(),
                  actor: by.actor,
                  address,
                  action: by.action,
                  target: a.attemptId,
                  detail: `${graded.score}/${graded.total}: ${by.reason}`,
                }
              : {
                  at: this.opts.now(),
                  actor: reason === 'expired' ? 'server' : a.username,
                  address,
                  action: `exam.${reason === 'expired' ? 'expire' : 'finish'}`,
                  target: a.attemptId,
                  detail: `${graded.score}/${graded.total}`,
                },
          ),
        ]);
      })(),
    );
    if (reason === 'expired') this.opts.onExpired?.(a, graded);
    this.opts.onChange?.(a);
    return graded;
  }

  private expire(a: AttemptState): void {
    this.end(a, 'expired').catch((err) =>
      this.opts.warn?.(`cannot expire attempt ${a.attemptId}: ${(err as Error).message}`),
    );
  }

  /** Sets the timer for `a.deadline` (again, after an invigilator moved it). */
  arm(a: AttemptState): void {
    clearTimeout(this.timers.get(a.attemptId));
    const wait = a.deadline - this.opts.now();
    if (wait <= 0) {
      this.expire(a);
      return;
    }
    const t = setTimeout(
      () => {
        this.timers.delete(a.attemptId);
        if (!a.finish) this.arm(a); // re-checks the clock; also re-arms timers longer than MAX_TIMER_MS
      },
      Math.min(wait, MAX_TIMER_MS),
    );
    t.unref();
    this.timers.set(a.attemptId, t);
  }
}

export type Ended = { state: 'finished' | 'expired'; result: FinishResult; a: AttemptState };

/**
 * The student's attempt by id, never a new one (exam.resume, docs/protocol.md): open, or how it
 * ended, once everything it reports is durable. An attempt past its deadline is expired first.
 */
export async function resumeAttempt(
  exams: ExamService,
  username: string,
  attemptId: string,
  now: number,
): Promise<{ open: AttemptState } | Ended> {
  const a = exams.owned(username, attemptId);
  if (a.startDurable) await a.startDurable;
  if (!a.finish && now < a.deadline) {
    await answersDurable(a);
    if (!a.finish) return { open: a };
  }
  const result = await exams.finish(username, attemptId, ''); // idempotent: the recorded result, or expiry now
  await answersDurable(a);
  return { state: a.finish!.reason, result, a };
}

/**
 * Waits until every answer of `a` is durable or gone. `answered` in an Attempt acknowledges those
 * answers and carries their keys (PROTOCOL.md 6), so an answer whose write is still running (and may
 * fail, and then is not given) must not be listed yet.
 */
async function answersDurable(a: AttemptState): Promise<void> {
  const waited = new Set<Promise<void>>(); // each write once: a failed one may linger as `durable`
  for (;;) {
    const pending = [...a.answers.values()].flatMap((s) => (s.durable && !waited.has(s.durable) ? [s.durable] : []));
    if (pending.length === 0) return;
    for (const p of pending) waited.add(p);
    await Promise.allSettled(pending);
  }
}

/**
 * A random attempt id (16 base64url characters). It never starts with '-': exports neutralise a
 * cell that starts with a formula character, so such an id would come out of results.csv as
 * "'-..." and no longer match the attempt it names.
 */
export function newAttemptId(): string {
  for (;;) {
    const id = randomBytes(12).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}
