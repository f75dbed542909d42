// The exam: question, options (A-H, arrows + Enter), server-timed countdown, instant feedback,
// progress and the proctor line. Answers in flight survive a reconnect: the session repeats them
// (exam.answer is idempotent, PROTOCOL.md 6) and the attempt is re-read on reconnect to resume.
import React, { useCallback, useEffect, useReducer, useRef } from 'react';
import { Box, Text } from 'ink';
import { Frame } from './Frame.js';
import { Notice } from './Notice.js';
import { ProctorLine } from './ProctorLine.js';
import { useApp } from '../hooks/use-app.js';
import { useKeys } from '../hooks/use-keys.js';
import { useConnection, useServerEvent } from '../hooks/use-connection.js';
import { useCountdown } from '../hooks/use-countdown.js';
import { useProctor } from '../hooks/use-proctor.js';
import { letterIndex } from '../keys.js';
import { examReducer, finishPrompt, formatClock, initialExam, nextAfter, progress, type ExamState } from '../state/exam-reducer.js';
import { errorLine, isCode } from '../state/errors.js';
import { examEvent } from '../state/live-events.js';
import { CHOICES, type Choice } from '../../protocol/messages.js';
import { theme } from '../theme.js';

export function progressMarks(s: ExamState, width: number): string {
  const qs = s.attempt?.questions ?? [];
  const marks = qs.map((q, i) => {
    const a = s.answers[q.id];
    const m = a ? (a.correct ? '✓' : '✗') : s.pending[q.id] ? '…' : '·';
    return i === s.index ? `[${m}]` : m;
  });
  const text = marks.join('');
  return text.length <= width ? text : text.slice(0, width - 1) + '…';
}

export function ExamScreen({ course }: { course: string }) {
  const app = useApp();
  const conn = useConnection(app.conn);
  const [s, dispatch] = useReducer(examReducer, initialExam);
  const inFlight = useRef(new Set<string>());
  const finishing = useRef(false);
  const wasOnline = useRef(conn.status === 'online');

  const load = useCallback(() => {
    app.api.startExam(course).then(
      (attempt) => dispatch({ type: 'loaded', attempt }),
      (e: unknown) => dispatch({ type: 'error', error: errorLine(e) }),
    );
  }, [app.api, course]);
  useEffect(load, [load]);

  // Resume after a reconnect: the server's record of answers is the truth (PROTOCOL.md 6 exam.start).
  useEffect(() => {
    if (conn.status === 'online' && !wasOnline.current && s.attempt) load();
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
          const answered = Object.keys(s.answers).length;
          app.dispatch({ type: 'replace', screen: { name: 'summary', course, result, answered, expired, attemptId: attempt.attemptId } });
        },
        (e: unknown) => {
          finishing.current = false;
          dispatch({ type: 'error', error: errorLine(e) });
        },
      );
    },
    [s.attempt, s.answers, app, course],
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
          if (isCode(e, 'EXPIRED')) dispatch({ type: 'expired' });
          else if (isCode(e, 'CONFLICT')) load(); // answered earlier (e.g. before a reconnect): show the server's record
          dispatch({ type: 'answerFailed', questionId: qid, error: errorLine(e) });
        },
      ).finally(() => inFlight.current.delete(qid));
    }
  }, [s.pending, s.attempt, app.api, load]);

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
  useEffect(() => {
    if (left === 0 && s.attempt && !s.expired) dispatch({ type: 'expired' });
  }, [left, s.attempt, s.expired]);
  useEffect(() => {
    if (s.expired && s.attempt && !s.result) finish(true);
  }, [s.expired, s.attempt, s.result, finish]);

  const proctor = useProctor(s.attempt?.attemptId, s.attempt?.proctored ?? false, !s.result);
  const q = s.attempt?.questions[s.index];
  const answered = q ? s.answers[q.id] : undefined;
  const pendingChoice = q ? s.pending[q.id] : undefined;

  useKeys(s.confirmFinish ? 'confirm' : 'exam', (action, input, key) => {
    if (s.confirmFinish) {
      if (action === 'yes') finish(false);
      if (action === 'no') dispatch({ type: 'cancelFinish' });
      return;
    }
    if (!q || s.finishing) return;
    const li = key.ctrl || key.meta ? undefined : letterIndex(input);
    if (li !== undefined) return dispatch({ type: 'choose', index: li });
    if (action === 'up') return dispatch({ type: 'cursor', delta: -1 });
    if (action === 'down') return dispatch({ type: 'cursor', delta: 1 });
    if (action === 'left') return dispatch({ type: 'go', delta: -1 });
    if (action === 'right') return dispatch({ type: 'go', delta: 1 });
    if (action === 'finish') return dispatch({ type: 'askFinish' });
    if (action === 'select') {
      if (!answered && !pendingChoice) return dispatch({ type: 'choose', index: s.cursor });
      const next = nextAfter(s);
      if (next === undefined) return dispatch({ type: 'askFinish' });
      return dispatch({ type: 'go', delta: next - s.index });
    }
  });

  const p = progress(s);
  const clock = left === undefined ? '' : `⏱ ${formatClock(left)} left`;
  const low = left !== undefined && left < 60_000;
  const right = low ? `${clock} !` : clock;
  if (!s.attempt || !q) {
    return (
      <Frame title={`${course} exam`} context="exam" error={s.error}>
        <Text>{s.error ? 'Could not open the exam. Esc is not needed: fix the cause, then reopen it from the course list.' : 'Opening the exam…'}</Text>
      </Frame>
    );
  }
  const optRows = q.options.length;
  // Room for the question: what its wrapped text needs, up to what the options leave free.
  const textRows = Math.max(1, Math.min(app.height - 5 - optRows - 6, Math.ceil(q.text.length / (app.width - 2)) + (q.text.match(/\n/g)?.length ?? 0)));
  return (
    <Frame title={`${course} · Question ${s.index + 1} of ${p.total}`} context={s.confirmFinish ? 'confirm' : 'exam'} error={s.error} right={right}>
      <Text wrap="truncate-end" dimColor={theme.dim}>{`${progressMarks(s, app.width - 30)}  ${p.answered}/${p.total} answered · ${p.correct} right`}</Text>
      <Text dimColor={theme.dim}>{`${q.concept} · ${q.difficulty}`}</Text>
      <Box height={textRows} overflowY="hidden"><Text wrap="wrap" bold>{q.text}</Text></Box>
      {q.options.map((o, i) => {
        const letter = CHOICES[i];
        const isCursor = !answered && !pendingChoice && s.cursor === i;
        let mark = '  ';
        let color: string | undefined;
        if (answered && letter === answered.answer) { mark = '✓ '; color = theme.good; }
        else if (answered && letter === answered.choice) { mark = '✗ '; color = theme.bad; }
        else if (pendingChoice === letter) mark = '… ';
        return (
          <Text key={i} wrap="truncate-end" color={color} inverse={isCursor}>
            {`${isCursor ? '›' : ' '}${mark}${letter}) ${o}`}
          </Text>
        );
      })}
      <Notice attemptId={s.attempt.attemptId} />
      {answered ? (
        answered.correct ? (
          <Text color={theme.good} bold>✓ Right! {nextHint(s)}</Text>
        ) : (
          <Text color={theme.bad} bold>✗ Wrong: you chose {answered.choice}, the correct answer is {answered.answer}. {nextHint(s)}</Text>
        )
      ) : pendingChoice ? (
        <Text color={theme.accent}>Sending {pendingChoice}…{conn.status !== 'online' ? ' (will be sent when the connection is back)' : ''}</Text>
      ) : (
        <Text dimColor={theme.dim}>Press a letter, or ↑/↓ then Enter. Your first answer is final.</Text>
      )}
      {s.confirmFinish ? (
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
