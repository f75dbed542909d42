// The exam's I/O as actions: a key calls choose() or finish() and the request goes out from there,
// not from an effect watching a state flag. Answers in flight survive a reconnect (the session
// repeats them: exam.answer is idempotent, PROTOCOL.md 6); after a reconnect the attempt is re-read
// by its id (exam.resume), never started again: only a keypress on a course starts an attempt.
// Effects remain only for what is not a key: the screen opening, the connection coming back, the
// clock reaching zero and server events.
import { useEffect, useMemo, useRef, useState } from 'react';
import { useApp } from './use-app.js';
import { useConnection, useServerEvent } from './use-connection.js';
import { useCountdown } from './use-countdown.js';
import { examReducer, initialExam, type ExamAction, type ExamState } from '../state/exam-reducer.js';
import { errorLine, isCode } from '../state/errors.js';
import { examEvent } from '../state/live-events.js';
import { notCounted } from '../state/exam-view.js';
import type { Choice, FinishResult, ResumeResult } from '../../protocol/messages.js';

type Ended = Extract<ResumeResult, { result: unknown }>;

export function useExam(course: string) {
  const app = useApp();
  const conn = useConnection(app.conn);
  const [s, setS] = useState<ExamState>(initialExam);
  // The state with every action so far, rendered or not: replies and keys that arrive between two
  // renders build on it, and the actions below read it instead of a render's copy.
  const state = useRef(s);
  const env = useRef({ app, conn, course });
  env.current = { app, conn, course };
  const inFlight = useRef(new Set<string>());
  const finishing = useRef(false);

  const actions = useMemo(() => {
    const act = (a: ExamAction): ExamState => {
      state.current = examReducer(state.current, a);
      setS(state.current);
      return state.current;
    };

    const toSummary = (
      st: ExamState,
      r: { result: FinishResult; expired: boolean; answered: number; endedBy?: string },
    ) => {
      const { app, course } = env.current;
      app.dispatch({
        type: 'replace',
        screen: {
          name: 'summary',
          course,
          ...r,
          attemptId: st.attempt?.attemptId,
          notCounted: notCounted(st),
        },
      });
    };

    // The attempt ended while we were away (or refused an answer): say what counted, truthfully.
    const ended = (r: Ended) => {
      finishing.current = true;
      const st = state.current;
      const answers = { ...st.answers };
      for (const it of r.answered) answers[it.questionId] = it;
      toSummary({ ...st, answers }, { result: r.result, expired: r.state === 'expired', answered: r.answered.length });
    };

    // Re-read the attempt by id (PROTOCOL.md 8 feature `review`); a 1.0 server has no exam.resume,
    // and then only the answers in flight are repeated.
    const resume = (note?: string) => {
      const attempt = state.current.attempt;
      const { app, conn } = env.current;
      if (!attempt || finishing.current || !(conn.features ?? []).includes('review')) return;
      app.api.resumeAttempt(attempt.attemptId).then(
        (r) => {
          if (r.state !== 'open') return ended(r);
          const before = state.current.attempt?.deadline ?? r.attempt.deadline;
          act({ type: 'loaded', attempt: r.attempt });
          // The server gave back the time it was down: say why the clock jumped up.
          const added = Math.round((r.attempt.deadline - before) / 1000);
          if (added > 0)
            env.current.app.dispatch({
              type: 'notice',
              message: `Back online: your exam ends ${added} s later now; server downtime is given back.`,
            });
          // Said after the re-read, which clears the line: why the screen now shows another choice.
          if (note) act({ type: 'error', error: note });
        },
        (e: unknown) => act({ type: 'error', error: errorLine(e) }),
      );
    };

    const finish = (expired: boolean) => {
      const attempt = state.current.attempt;
      if (!attempt || finishing.current) return;
      finishing.current = true;
      act({ type: 'finishing' });
      env.current.app.api.finish(attempt.attemptId).then(
        (result) => {
          const st = act({ type: 'finished', result });
          toSummary(st, { result, expired, answered: Object.keys(st.answers).length });
        },
        (e: unknown) => {
          finishing.current = false;
          act({ type: 'error', error: errorLine(e) });
        },
      );
    };

    /** The server (or the clock of a 1.0 server) says time is up: collect the result. */
    const expire = () => {
      const st = act({ type: 'expired' });
      if (st.attempt && !st.result) finish(true);
    };

    // Send each chosen answer once; the session retries it across reconnects.
    const send = () => {
      const attempt = state.current.attempt;
      if (!attempt) return;
      for (const [qid, choice] of Object.entries(state.current.pending) as [string, Choice][]) {
        if (inFlight.current.has(qid)) continue;
        inFlight.current.add(qid);
        env.current.app.api
          .answer(attempt.attemptId, qid, choice)
          .then(
            (r) => act({ type: 'answered', questionId: qid, choice, correct: r.correct, answer: r.answer }),
            (e: unknown) => {
              const late = isCode(e, 'EXPIRED');
              act({
                type: 'answerFailed',
                questionId: qid,
                error: errorLine(e),
                refused: late ? 'the attempt had ended when it reached the server' : undefined,
              });
              if (late) expire();
              // Answered earlier (another session of this account, or before a reconnect): show the
              // server's record, and say so, or the student sees their letter silently replaced.
              else if (isCode(e, 'CONFLICT')) resume(errorLine(e));
            },
          )
          .finally(() => inFlight.current.delete(qid));
      }
    };

    /** Answers the current question with option `index` (the reducer refuses a second answer). */
    const choose = (index: number) => {
      act({ type: 'choose', index });
      send();
    };

    const start = () => {
      const { app, course } = env.current;
      app.api.startExam(course).then(
        (attempt) => act({ type: 'loaded', attempt }),
        (e: unknown) => act({ type: 'error', error: errorLine(e) }),
      );
    };

    const onEvent = (name: string, data: Record<string, unknown>) => {
      const st = state.current;
      if (name === 'exam.expired' && (data.attemptId === undefined || data.attemptId === st.attempt?.attemptId))
        expire();
      // PROTOCOL.md 8: the invigilator moved the deadline, or ended the attempt (graded as it stands).
      const e = examEvent(name, data, st.attempt?.attemptId);
      if (e?.kind === 'deadline') act({ type: 'deadline', deadline: e.deadline });
      if (e?.kind === 'ended' && st.attempt) {
        finishing.current = true;
        act({ type: 'finished', result: e.result });
        toSummary(st, {
          result: e.result,
          expired: false,
          answered: Object.keys(st.answers).length,
          endedBy: e.reason,
        });
      }
    };

    return { act, choose, finish, expire, resume, start, onEvent };
  }, []);

  // The keypress on the course list brought us here: this is the one place an attempt starts.
  useEffect(() => actions.start(), [actions]);

  const wasOnline = useRef(conn.status === 'online');
  useEffect(() => {
    if (conn.status === 'online' && !wasOnline.current && state.current.attempt) actions.resume();
    wasOnline.current = conn.status === 'online';
  }, [conn.status, actions]);

  useServerEvent(app.conn, actions.onEvent);

  const left = useCountdown(s.attempt?.deadline, conn.clockOffsetMs, app.now);
  // The local clock reaching 0 is not the end: the server times the attempt and gives back time it
  // was down (docs/server.md "Downtime"), so ask it (exam.resume) once online instead of finishing.
  // A 1.0 server has no exam.resume: then the clock ends the attempt, as before.
  const askedAtZero = useRef<number | undefined>(undefined);
  const online = conn.status === 'online';
  const canResume = (conn.features ?? []).includes('review');
  useEffect(() => {
    const st = state.current;
    if (left !== 0 || !st.attempt || st.expired) return;
    if (!canResume) return actions.expire();
    if (!online || askedAtZero.current === st.attempt.deadline) return;
    askedAtZero.current = st.attempt.deadline;
    actions.resume();
  }, [left, s.attempt?.deadline, online, canResume, actions]);

  /** The state with every action so far: what a key in a fast burst must act on. */
  const now = () => state.current;
  return { s, conn, left, now, ...actions };
}
