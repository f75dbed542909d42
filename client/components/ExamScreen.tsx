// The exam: question and options in a scrolling pane (A-H, arrows + Enter), server-timed countdown,
// feedback as the course allows, progress and the proctor line. The requests (start, answer,
// resume, finish) are client/hooks/use-exam.ts; this is the layout and the keys.
import React from 'react';
import { Box, Text } from 'ink';
import { Frame } from './Frame.js';
import { Notice } from './Notice.js';
import { QuestionPane, paneTextRows } from './QuestionPane.js';
import { AnswerLine, ExamBottomLine } from './ExamStatus.js';
import { useApp } from '../hooks/use-app.js';
import { useKeys } from '../hooks/use-keys.js';
import { useExam } from '../hooks/use-exam.js';
import { useProctor } from '../hooks/use-proctor.js';
import { FILL, useRows } from '../hooks/use-rows.js';
import { letterIndex } from '../keys.js';
import { nextAfter, progress, type ExamState } from '../state/exam-reducer.js';
import { examLines, optionRange } from '../state/exam-layout.js';
import { clampTop, reveal } from '../state/wrap.js';
import { clockView, progressMarks } from '../state/exam-view.js';
import type { Feedback } from '../../protocol/messages.js';
import { theme } from '../theme.js';

export { progressMarks } from '../state/exam-view.js';

/** Enter on a question with no option highlighted answers nothing: it says how to pick one. */
export const PICK_FIRST = 'nothing answered: press a letter, or ↑/↓ to an option and then Enter';

export function ExamScreen({ course, feedback }: { course: string; feedback?: Feedback }) {
  const app = useApp();
  const exam = useExam(course);
  const { s, conn, left, act } = exam;
  const proctor = useProctor(s.attempt?.attemptId, s.attempt?.proctored ?? false, !s.result);
  const pane = useRows();
  const q = s.attempt?.questions[s.index];
  const answered = q ? s.answers[q.id] : undefined;
  const pendingChoice = q ? s.pending[q.id] : undefined;
  const paneRows = Math.max(3, pane.rows);
  const lines = q ? examLines(q, app.width, { answered, pending: pendingChoice, cursor: s.cursor }) : [];
  const textRows = paneTextRows(lines.length, paneRows);
  const top = clampTop(s.top, lines.length, textRows);
  const scrollTo = (t: number) => act({ type: 'scrollTo', top: clampTop(t, lines.length, textRows) });
  const moveCursor = (delta: number) => {
    if ((q?.options.length ?? 0) === 0) return;
    const [from, to] = optionRange(lines, act({ type: 'cursor', delta }).cursor);
    scrollTo(reveal(top, from, to, textRows));
  };

  const contextOf = (st: ExamState) =>
    !st.attempt?.questions[st.index] ? 'exam-closed' : st.confirmFinish || st.leaving ? 'confirm' : 'exam';
  const closed = !s.attempt || !q;
  const context = contextOf(s);
  useKeys(
    () => contextOf(exam.now()),
    (action, input) => {
      // Keys of one burst arrive before the next render: act on the newest state, so "↓ ↓ Enter"
      // answers the option the cursor reached, not the one on screen when the burst began.
      const s = exam.now();
      const closed = !s.attempt?.questions[s.index];
      const q = s.attempt?.questions[s.index];
      const answered = q ? s.answers[q.id] : undefined;
      const pendingChoice = q ? s.pending[q.id] : undefined;
      if (closed) {
        // Nothing opened (e.g. every attempt used), or still opening while the server is away:
        // Esc/q/Enter lead back to the course list (a start still on its way resumes from there).
        if (action === 'back') app.dispatch({ type: 'back' });
        return;
      }
      if (s.leaving) {
        if (action === 'yes') return s.leaving === 'quit' ? app.quit() : app.dispatch({ type: 'back' });
        if (action === 'no') act({ type: 'cancelLeave' });
        return;
      }
      if (s.confirmFinish) {
        if (action === 'yes') exam.finish(false);
        if (action === 'no') act({ type: 'cancelFinish' });
        return;
      }
      if (s.finishing) return;
      switch (action) {
        case 'back':
          return void act({ type: 'askLeave', how: 'back' });
        case 'pageDown':
          return scrollTo(top + textRows - 1);
        case 'pageUp':
          return scrollTo(top - (textRows - 1));
        case 'scrollDown':
          return scrollTo(top + 1);
        case 'scrollUp':
          return scrollTo(top - 1);
        case 'answer':
          return exam.choose(letterIndex(input) ?? -1);
        case 'up':
          return moveCursor(-1);
        case 'down':
          return moveCursor(1);
        case 'left':
          return void act({ type: 'go', delta: -1 });
        case 'right':
          return void act({ type: 'go', delta: 1 });
        case 'finish':
          return void act({ type: 'askFinish' });
        case 'select': {
          if (!answered && !pendingChoice)
            return s.cursor < 0 ? void act({ type: 'error', error: PICK_FIRST }) : exam.choose(s.cursor);
          const next = nextAfter(s);
          if (next === undefined) return void act({ type: 'askFinish' });
          return void act({ type: 'go', delta: next - s.index });
        }
        default:
      }
    },
    // Ctrl+C asks first while an attempt is open: quitting does not stop its clock.
    { onQuit: closed || s.result ? undefined : () => void act({ type: 'askLeave', how: 'quit' }) },
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
    <Frame
      title={`${course} · Question ${s.index + 1} of ${p.total}`}
      context={context}
      error={s.error}
      right={clock.text}
      rightTone={clock.tone}
      exam
    >
      <Text
        wrap="truncate-end"
        dimColor={theme.dim}
      >{`${progressMarks(s, app.width - 30)}  ${p.answered}/${p.total} answered${hidden ? '' : ` · ${p.correct} right`}`}</Text>
      <Text wrap="truncate-end" dimColor={theme.dim}>{`${q.concept} · ${q.difficulty}`}</Text>
      {/* The pane gets the rows the lines around it leave (measured, so a wrapped line below shrinks it). */}
      <Box ref={pane.ref} {...FILL}>
        <QuestionPane lines={lines} top={top} rows={paneRows} />
      </Box>
      <Notice attemptId={s.attempt?.attemptId} />
      <AnswerLine s={s} feedback={feedback} online={conn.status === 'online'} />
      <ExamBottomLine s={s} left={left} proctor={proctor} online={conn.status === 'online'} />
    </Frame>
  );
}
