// After exam.finish: the server's score (PROTOCOL.md 6 exam.finish).
import React from 'react';
import { Box, Text } from 'ink';
import { Frame } from './Frame.js';
import { useApp } from '../hooks/use-app.js';
import { FILL, useRows } from '../hooks/use-rows.js';
import { useKeys } from '../hooks/use-keys.js';
import { theme } from '../theme.js';
import { useLoad } from '../hooks/use-load.js';
import { scoreRows } from '../state/reports.js';
import { cell } from './Table.js';
import type { NotCounted } from '../state/exam-view.js';
import type { FinishedExam } from '../state/app-reducer.js';

/** What counted, truthfully: every answer the server acknowledged counts; the others are named with why. */
export function countedLines(answered: number, total: number, notCounted: NotCounted[] = []): string[] {
  const of = `${answered} of ${total} question${total === 1 ? '' : 's'}`;
  if (notCounted.length === 0) {
    if (answered === 0) return [`You answered none of the ${total} question${total === 1 ? '' : 's'}.`];
    if (answered === 1) return [`You answered ${of}; the server recorded it, and it counts.`];
    return [`You answered ${of}; the server recorded all ${answered}, and they count.`];
  }
  return [
    answered === 1
      ? '1 answer counted (the server recorded it).'
      : `${answered} of your answers counted (the server recorded them).`,
    ...notCounted.map((x) => `Not counted: question ${x.n} (you chose ${x.choice}): ${x.reason}.`),
  ];
}

export function FinishSummary(props: FinishedExam) {
  const app = useApp();
  const { result } = props;
  // The per-concept breakdown of this attempt, from the server's record (scores.mine).
  const mine = useLoad(() => app.api.scoresMine(), []);
  const row = (mine.data ? scoreRows(mine.data) : []).find((r) => r.attemptId === props.attemptId);
  useKeys('summary', (action) => {
    if (action === 'select' || action === 'back')
      app.dispatch({ type: 'replace', screen: { name: 'courses', course: props.course } });
    if (action === 'dashboard') app.dispatch({ type: 'replace', screen: { name: 'dashboard' } });
    if (action === 'review' && props.attemptId)
      app.dispatch({ type: 'replace', screen: { name: 'review', attemptId: props.attemptId } });
  });
  const bar = Math.round((result.percent / 100) * 40);
  const concepts = useRows();
  const shown = Math.min(row?.concepts.length ?? 0, concepts.rows);
  return (
    <Frame title={`${props.course} exam finished`} context="summary">
      <Box flexDirection="column" marginTop={1} flexGrow={1}>
        {props.endedBy !== undefined ? (
          <Text
            color={theme.warn}
            bold
            wrap="truncate-end"
          >{`The invigilator ended your exam${props.endedBy ? `: ${props.endedBy}` : '.'}`}</Text>
        ) : null}
        {props.expired ? (
          <Text color={theme.warn}>Time ran out: the server closed the attempt at its deadline.</Text>
        ) : null}
        <Text bold>{`Score: ${result.score} / ${result.total}  (${result.percent.toFixed(1)}%)`}</Text>
        <Text
          color={result.percent >= 50 ? theme.good : theme.bad}
        >{`[${'█'.repeat(bar)}${'░'.repeat(40 - bar)}]`}</Text>
        <Text> </Text>
        {countedLines(props.answered, result.total, props.notCounted).map((l, i) => (
          <Text key={i} wrap="wrap" color={i > 0 ? theme.warn : undefined}>
            {l}
          </Text>
        ))}
        {row && row.concepts.length > 0 ? (
          <Box flexDirection="column" marginTop={1} flexGrow={1}>
            <Text bold>
              {shown < row.concepts.length
                ? `By concept (${shown} of ${row.concepts.length}; all on the dashboard)`
                : 'By concept'}
            </Text>
            <Box ref={concepts.ref} {...FILL}>
              {row.concepts.slice(0, shown).map((c) => (
                <Text
                  key={c.concept}
                  color={c.percent < 50 ? theme.bad : undefined}
                >{`${cell(c.concept, 24)} ${cell(`${c.correct}/${c.total}`, 6, 'right')} ${'█'.repeat(Math.round(c.percent / 5))}`}</Text>
              ))}
            </Box>
          </Box>
        ) : null}
        <Text> </Text>
        <Text>Enter: your courses · v: review this attempt · d: your dashboard</Text>
      </Box>
    </Frame>
  );
}
