// The exam: question and options in a scrolling pane (A-H, arrows + Enter), server-timed countdown,
// feedback as the course allows, progress and the proctor line. Answers in flight survive a
// reconnect (the session repeats them: exam.answer is idempotent, PROTOCOL.md 6); after a reconnect
// the attempt is re-read by its id (exam.resume), never started again: only a keypress on a course
// starts an attempt.
import React, { useCallback, useEffect, useReducer, useRef } from 'react';
import { Text } from 'ink';
import { Frame } from './Frame.js';
import { Notice } from './Notice.js';
import { ProctorLine } from './ProctorLine.js';
import { QuestionPane, paneTextRows } from './QuestionPane.js';
import { useApp } from '../hooks/use-app.js';
import { useKeys } from '../hooks/use-keys.js';
import { useConnection, useServerEvent } from '../hooks/use-connection.js';
import { useCountdown } from '../hooks/use-countdown.js';
import { useProctor } from '../hooks/use-proctor.js';
import { letterIndex } from '../keys.js';
import { examReducer, finishPrompt, formatClock, initialExam, nextAfter, progress, type ExamState } from '../state/exam-reducer.js';
import { examLines, optionRange } from '../state/exam-layout.js';
import { clampTop, reveal } from '../state/wrap.js';
import { errorLine, isCode } from '../state/errors.js';
import { examEvent } from '../state/live-events.js';
import { clockView, leavePrompt, notCounted, progressMarks } from '../state/exam-view.js';
import type { Choice, Feedback, ResumeResult } from '../../protocol/messages.js';
import { theme } from '../theme.js';

export { progressMarks } from '../state/exam-view.js';

/** Body rows around the pane: progress, concept, blank, feedback line, proctor line. */
const AROUND_PANE = 5;

export function ExamScreen({ course, feedback }: { course: string; feedback?: Feedback }) {
  const app = useApp();
  const conn = useConnection(app.conn);
  const [s, dispatch] = useReducer(examReducer, initialExam);
  const inFlight = useRef(new Set<string>());
  const finishing = useRef(false);
  const wasOnline = useRef(conn.status === 'online');

  // The keypress on the course list brought us here: this is the one place an attempt starts.
  useEffect(() => {
    app.api.startExam(course).then(
      (attempt) => dispatch({ type: 'loaded', attempt }),
      (e: unknown) => dispatch({ type: 'error', error: errorLine(e) }),
    );
  }, [app.api, course]);

  const toSummary = useCallback(
    (st: ExamState, r: { result: { score: number; total: number; percent: number }; expired: boolean; answered: number }) => {
      const attemptId = st.attempt?.attemptId;
      app.dispatch({ type: 'replace', screen: { name: 'summary', course, result: r.result, answered: r.answered, expired: r.expired, attemptId, notCounted: notCounted(st) } });
    },
    [app, course],
  );

  // The attempt ended while we were away (or refused an answer): say what counted, truthfully.
  const ended = useCallback(
    (r: Extract<ResumeResult, { result: unknown }>) => {
      finishing.current = true;
      const answers = { ...s.answers };
      for (const it of r.answered) answers[it.questionId] = it;
      toSummary({ ...s, answers }, { result: r.result, expired: r.state === 'expired', answered: r.answered.length });
    },
    [s, toSummary],
  );

  // Re-read the attempt by id (PROTOCOL.md 8 feature `review`); a 1.0 server has no exam.resume, and
  // then only the answers in flight are repeated.
  const resume = useCallback(() => {
    const attempt = s.attempt;
    if (!attempt || finishing.current || !(conn.features ?? []).includes('review')) return;
    app.api.resumeAttempt(attempt.attemptId).then(
      (r) => (r.state === 'open' ? dispatch({ type: 'loaded', attempt: r.attempt }) : ended(r)),
      (e: unknown) => dispatch({ type: 'error', error: errorLine(e) }),
    );
  }, [s.attempt, conn.features, app.api, ended]);

  useEffect(() => {
    if (conn.status === 'online' && !wasOnline.current && s.attempt) resume();
    wasOnline.current = conn.status === 'online';
  }, [conn.status]); // eslint-disable-line react-hooks/exhaustive-deps

  const finish = useCallback(
    (expired: boolean) => {
      const attempt = s.attempt;
      if (!attempt || finishing.current) return;
      finishing.current = true;
      dispatch({ type: 'finishing' });
      app.api.finish(attempt.attemptId).then(
        (result) => {
          dispatch({ type: 'finished', result });
          toSummary(s, { result, expired, answered: Object.keys(s.answers).length });
        },
        (e: unknown) => {
          finishing.current = false;
          dispatch({ type: 'error', error: errorLine(e) });
        },
      );
    },
    [s, app, toSummary],
  );

  // Send each chosen answer once; the session retries it across reconnects.
  useEffect(() => {
    const attempt = s.attempt;
    if (!attempt) return;
    for (const [qid, choice] of Object.entries(s.pending) as [string, Choice][]) {
      if (inFlight.current.has(qid)) continue;
      inFlight.current.add(qid);
      app.api.answer(attempt.attemptId, qid, choice).then(
        (r) => dispatch({ type: 'answered', questionId: qid, choice, correct: r.correct, answer: r.answer }),
        (e: unknown) => {
          const expired = isCode(e, 'EXPIRED');
          dispatch({ type: 'answerFailed', questionId: qid, error: errorLine(e), refused: expired ? 'the attempt had ended when it reached the server' : undefined });
          if (expired) dispatch({ type: 'expired' });
          else if (isCode(e, 'CONFLICT')) resume(); // answered earlier (e.g. before a reconnect): show the server's record
        },
      ).finally(() => inFlight.current.delete(qid));
    }
  }, [s.pending, s.attempt, app.api, resume]);

  useServerEvent(
    app.conn,
    useCallback((name: string, data: Record<string, unknown>) => {
      if (name === 'exam.expired' && (data.attemptId === undefined || data.attemptId === s.attempt?.attemptId)) dispatch({ type: 'expired' });
      // PROTOCOL.md 8: the invigilator moved the deadline, or ended the attempt (graded as it stands).
      const e = examEvent(name, data, s.attempt?.attemptId);
      if (e?.kind === 'deadline') dispatch({ type: 'deadline', deadline: e.deadline });
      if (e?.kind === 'ended' && s.attempt) {
        finishing.current = true;
        dispatch({ type: 'finished', result: e.result });
        app.dispatch({ type: 'replace', screen: { name: 'summary', course, result: e.result, answered: Object.keys(s.answers).length, expired: false, attemptId: s.attempt.attemptId, endedBy: e.reason } });
      }
    }, [s.attempt, s.answers, app, course]),
  );

  const left = useCountdown(s.attempt?.deadline, conn.clockOffsetMs, app.now);
  // The local clock reaching 0 is not the end: the server times the attempt and gives back time it
  // was down (docs/server.md "Downtime"), so ask it (exam.resume) once online instead of finishing.
  // A 1.0 server has no exam.resume: then the clock ends the attempt, as before.
  const askedAtZero = useRef<number | undefined>(undefined);
  useEffect(() => {
    if (left !== 0 || !s.attempt || s.expired) return;
    if (!(conn.features ?? []).includes('review')) return dispatch({ type: 'expired' });
    if (conn.status !== 'online' || askedAtZero.current === s.attempt.deadline) return;
    askedAtZero.current = s.attempt.deadline;
    resume();
  }, [left, s.attempt, s.expired, conn.status, conn.features, resume]);
  useEffect(() => {
    if (s.expired && s.attempt && !s.result) finish(true);
  }, [s.expired, s.attempt, s.result, finish]);

  const proctor = useProctor(s.attempt?.attemptId, s.attempt?.proctored ?? false, !s.result);
  const q = s.attempt?.questions[s.index];
  const answered = q ? s.answers[q.id] : undefined;
  const pendingChoice = q ? s.pending[q.id] : undefined;
  const paneRows = Math.max(3, app.height - 5 - AROUND_PANE);
  const lines = q ? examLines(q, app.width, { answered, pending: pendingChoice, cursor: s.cursor }) : [];
  const textRows = paneTextRows(lines.length, paneRows);
  const top = clampTop(s.top, lines.length, textRows);
  const scrollTo = (t: number) => dispatch({ type: 'scrollTo', top: clampTop(t, lines.length, textRows) });
  const moveCursor = (delta: number) => {
    const n = q?.options.length ?? 0;
    if (n === 0) return;
    const next = (s.cursor + delta + n) % n;
    dispatch({ type: 'cursor', delta });
    const [from, to] = optionRange(lines, next);
    scrollTo(reveal(top, from, to, textRows));
  };

  const closed = !s.attempt || !q;
  const context = closed ? 'exam-closed' : s.confirmFinish || s.leaving ? 'confirm' : 'exam';
  useKeys(
    context,
    (action, input, key) => {
      if (closed) {
        // Nothing opened (e.g. every attempt used), or still opening while the server is away:
        // Esc/q/Enter lead back to the course list (a start still on its way resumes from there).
        if (action === 'back') app.dispatch({ type: 'back' });
        return;
      }
      if (s.leaving) {
        if (action === 'yes') return s.leaving === 'quit' ? app.quit() : app.dispatch({ type: 'back' });
        if (action === 'no') dispatch({ type: 'cancelLeave' });
        return;
      }
      if (s.confirmFinish) {
        if (action === 'yes') finish(false);
        if (action === 'no') dispatch({ type: 'cancelFinish' });
        return;
      }
      if (s.finishing) return;
      if (action === 'back') return dispatch({ type: 'askLeave', how: 'back' });
      if (action === 'pageDown') return scrollTo(top + textRows - 1);
      if (action === 'pageUp') return scrollTo(top - (textRows - 1));
      if (action === 'scrollDown') return scrollTo(top + 1);
      if (action === 'scrollUp') return scrollTo(top - 1);
      const li = key.ctrl || key.meta ? undefined : letterIndex(input);
      if (li !== undefined) return dispatch({ type: 'choose', index: li });
      if (action === 'up') return moveCursor(-1);
      if (action === 'down') return moveCursor(1);
      if (action === 'left') return dispatch({ type: 'go', delta: -1 });
      if (action === 'right') return dispatch({ type: 'go', delta: 1 });
      if (action === 'finish') return dispatch({ type: 'askFinish' });
      if (action === 'select') {
        if (!answered && !pendingChoice) return dispatch({ type: 'choose', index: s.cursor });
        const next = nextAfter(s);
        if (next === undefined) return dispatch({ type: 'askFinish' });
        return dispatch({ type: 'go', delta: next - s.index });
      }
    },
    // Ctrl+C asks first while an attempt is open: quitting does not stop its clock.
    { onQuit: closed || s.result ? undefined : () => dispatch({ type: 'askLeave', how: 'quit' }) },
  );

  const clock = clockView(left);
  if (closed) {
    return (
      <Frame title={`${course} exam`} context="exam-closed" error={s.error}>
        {s.error ? (
          <>
            <Text wrap="wrap">{`Could not open the ${course} exam: ${s.error}`}</Text>
            <Text> </Text>
            <Text>Esc, q or Enter takes you back to your courses.</Text>
          </>
        ) : (
          <Text>{`Opening the ${course} exam…${conn.status === 'online' ? '' : ' (waiting for the server)'} Esc goes back.`}</Text>
        )}
      </Frame>
    );
  }
  const p = progress(s);
  const hidden = Object.values(s.answers).some((a) => a.correct === undefined);
  return (
    <Frame title={`${course} · Question ${s.index + 1} of ${p.total}`} context={context} error={s.error} right={clock.text} rightTone={clock.tone}>
      <Text wrap="truncate-end" dimColor={theme.dim}>{`${progressMarks(s, app.width - 30)}  ${p.answered}/${p.total} answered${hidden ? '' : ` · ${p.correct} right`}`}</Text>
      <Text wrap="truncate-end" dimColor={theme.dim}>{`${q.concept} · ${q.difficulty}`}</Text>
      <QuestionPane lines={lines} top={top} rows={paneRows} />
      <Notice attemptId={s.attempt?.attemptId} />
      {answered ? (
        answered.correct === undefined ? (
          <Text color={theme.accent} wrap="wrap">{`• Recorded ${answered.choice}; ${feedback === 'never' ? 'this course never shows right/wrong' : 'right/wrong shows after you finish'}. ${nextHint(s)}`}</Text>
        ) : answered.correct ? (
          <Text color={theme.good} bold>✓ Right! {nextHint(s)}</Text>
        ) : (
          <Text color={theme.bad} bold wrap="wrap">✗ Wrong: you chose {answered.choice}, the correct answer is {answered.answer}. {nextHint(s)}</Text>
        )
      ) : pendingChoice ? (
        <Text color={theme.accent}>Sending {pendingChoice}…{conn.status !== 'online' ? ' (will be sent when the connection is back)' : ''}</Text>
      ) : (
        <Text dimColor={theme.dim}>Press a letter, or ↑/↓ then Enter. Your first answer is final.</Text>
      )}
      {s.leaving ? (
        <Text color={theme.warn} bold wrap="truncate-end">{leavePrompt(s.leaving, left)}</Text>
      ) : s.confirmFinish ? (
        <Text color={theme.warn} bold>{finishPrompt(p.total, p.answered)}</Text>
      ) : s.finishing ? (
        <Text color={theme.accent}>{s.expired ? 'Time is up: collecting your result…' : 'Finishing…'}</Text>
      ) : (
        <ProctorLine status={proctor} />
      )}
    </Frame>
  );
}

function nextHint(s: ExamState): string {
  return nextAfter(s) === undefined ? 'All answered: Enter to finish.' : 'Enter: next question.';
}
