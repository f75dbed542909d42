// After exam.finish: the server's score (PROTOCOL.md 6 exam.finish).
import React from 'react';
import { Box, Text } from 'ink';
import { Frame } from './Frame.js';
import { useApp } from '../hooks/use-app.js';
import { useKeys } from '../hooks/use-keys.js';
import type { FinishResult } from '../../protocol/messages.js';
import { theme } from '../theme.js';

export function FinishSummary(props: { course: string; result: FinishResult; answered: number; expired: boolean }) {
  const app = useApp();
  const { result } = props;
  useKeys('summary', (action) => {
    if (action === 'select' || action === 'back') app.dispatch({ type: 'replace', screen: { name: 'courses' } });
    if (action === 'dashboard') app.dispatch({ type: 'replace', screen: { name: 'dashboard' } });
  });
  const bar = Math.round((result.percent / 100) * 40);
  return (
    <Frame title={`${props.course} exam finished`} context="summary">
      <Box flexDirection="column" marginTop={1}>
        {props.expired ? <Text color={theme.warn}>Time ran out: the server closed the attempt at its deadline.</Text> : null}
        <Text bold>{`Score: ${result.score} / ${result.total}  (${result.percent.toFixed(1)}%)`}</Text>
        <Text color={result.percent >= 50 ? theme.good : theme.bad}>{`[${'█'.repeat(bar)}${'░'.repeat(40 - bar)}]`}</Text>
        <Text> </Text>
        <Text>{`You answered ${props.answered} of ${result.total} question(s); the server graded and recorded every answer.`}</Text>
        <Text> </Text>
        <Text>Enter: back to your courses · d: see your progress dashboard</Text>
      </Box>
    </Frame>
  );
}
