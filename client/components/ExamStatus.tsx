// The two lines under the exam's question pane: what happened to the answer on screen, and then the
// leave / finish question, the finishing note or the proctor line.
import React from 'react';
import { Text } from 'ink';
import { ProctorLine } from './ProctorLine.js';
import { finishPrompt, nextAfter, progress, type ExamState } from '../state/exam-reducer.js';
import { leavePrompt } from '../state/exam-view.js';
import type { ProctorStatus } from '../hooks/use-proctor.js';
import type { Feedback } from '../../protocol/messages.js';
import { theme } from '../theme.js';

function nextHint(s: ExamState): string {
  return nextAfter(s) === undefined ? 'All answered: Enter to finish.' : 'Enter: next question.';
}

export function AnswerLine({ s, feedback, online }: { s: ExamState; feedback?: Feedback; online: boolean }) {
  const q = s.attempt?.questions[s.index];
  const answered = q ? s.answers[q.id] : undefined;
  const pending = q ? s.pending[q.id] : undefined;
  if (answered) {
    if (answered.correct === undefined) {
      return (
        <Text
          color={theme.accent}
          wrap="wrap"
        >{`• Recorded ${answered.choice}; ${feedback === 'never' ? 'this course never shows right/wrong' : 'right/wrong shows after you finish'}. ${nextHint(s)}`}</Text>
      );
    }
    if (answered.correct)
      return (
        <Text color={theme.good} bold>
          ✓ Right! {nextHint(s)}
        </Text>
      );
    return (
      <Text color={theme.bad} bold wrap="wrap">
        ✗ Wrong: you chose {answered.choice}, the correct answer is {answered.answer}. {nextHint(s)}
      </Text>
    );
  }
  if (pending)
    return (
      <Text color={theme.accent}>
        Sending {pending}…{online ? '' : ' (will be sent when the connection is back)'}
      </Text>
    );
  return <Text dimColor={theme.dim}>Press a letter, or ↑/↓ then Enter. Your first answer is final.</Text>;
}

export function ExamBottomLine({
  s,
  left,
  proctor,
  online = true,
}: {
  s: ExamState;
  left: number | undefined;
  proctor: ProctorStatus;
  online?: boolean;
}) {
  if (s.leaving)
    return (
      <Text color={theme.warn} bold wrap="truncate-end">
        {leavePrompt(s.leaving, left)}
      </Text>
    );
  if (s.confirmFinish) {
    const p = progress(s);
    return (
      <Text color={theme.warn} bold>
        {finishPrompt(p.total, p.answered)}
      </Text>
    );
  }
  if (s.finishing)
    return (
      <Text color={theme.accent} wrap="truncate-end">
        {online
          ? s.expired
            ? 'Time is up: collecting your result…'
            : 'Finishing…'
          : s.expired
            ? 'Time is up: waiting for the server to collect your result; nothing is lost.'
            : 'Finishing… waiting for the server: it finishes when it is back, nothing lost.'}
      </Text>
    );
  // At 0:00 with the server away nothing ends here (the server times the attempt and gives back
  // time it was down): say so, or a student reads 0:00 as the end and stops.
  if (left === 0 && !online)
    return (
      <Text color={theme.warn} wrap="truncate-end">
        The server, not this clock, ends the exam; time it was down is given back.
      </Text>
    );
  return <ProctorLine status={proctor} />;
}
